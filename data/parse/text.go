package parse

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	utf16 "golang.org/x/text/encoding/unicode"

	"github.com/newsbot/newsbot/data"
)

// Text parses the plain-text article format. The title is the first
// paragraph, possibly wrapped over several lines, which are joined with
// spaces. After a blank line comes the body, whose paragraphs are separated
// by one or more blank lines. The first body paragraph may open with a
// dateline such as "WASHINGTON - " or "LONDON, June 3 (Reuters) -" (see
// DatelineEnd), which is kept in the text. When a dateline line follows the
// title with no blank line between them, the dateline starts the body, not
// the title; a first paragraph that cannot be a headline (too long, or with
// a sentence ending inside) gives its first line as the title and the rest
// to the body. The text is returned as paragraphs joined by "\n\n" with
// trailing spaces trimmed; CRLF line ends and a UTF-8 BOM are handled, and
// bytes that are not UTF-8 are read as Windows-1252; UTF-16 is read when it
// opens with a byte order mark. Bytes that are not
// text (see NotText) give an error wrapping ErrNotText; an article without a
// body or a title gives one wrapping ErrEmpty. name is used in errors only.
func Text(name string, b []byte) (data.Article, error) {
	b = fromUTF16(b)
	if err := NotText(string(b)); err != nil {
		return data.Article{}, fmt.Errorf("parse: %s: %w", name, err)
	}
	paras := textParagraphs(toUTF8(b))
	if len(paras) == 0 {
		return data.Article{}, fmt.Errorf("parse: %s: %w", name, ErrEmpty)
	}
	var title string
	var body [][]string
	switch first := paras[0]; {
	case startsWithDateline(first[0]) && looksLikeProse(strings.Join(first, " ")):
		// No headline: the article opens with its dateline. The title is the
		// first sentence after the place name.
		title = firstSentence(stripDateline(strings.Join(first, " ")))
		body = paras
	default:
		cut := len(first)
		for i := 1; i < len(first); i++ {
			if startsWithDateline(first[i]) {
				cut = i
				break
			}
		}
		if cut > 1 && !isHeadline(first[:cut]) {
			// The body follows the title line without a blank line.
			cut = 1
		}
		title = strings.Join(first[:cut], " ")
		if cut < len(first) {
			body = append(body, first[cut:])
		}
		body = append(body, paras[1:]...)
	}
	title = strings.Join(strings.Fields(title), " ")
	text := joinParagraphs(body)
	if title == "" || text == "" {
		return data.Article{}, fmt.Errorf("parse: %s: no body after the title: %w", name, ErrEmpty)
	}
	return data.Article{Title: title, Text: text}, nil
}

// maxWrappedTitle is the longest title, in bytes, that Text reads
// over several lines.
const maxWrappedTitle = 250

// isHeadline reports whether lines can be one wrapped headline: short, and
// with no sentence ending before the last line.
func isHeadline(lines []string) bool {
	if len(strings.Join(lines, " ")) > maxWrappedTitle {
		return false
	}
	for _, l := range lines[:len(lines)-1] {
		l = strings.TrimRight(l, " \"'”’)")
		if l != "" && strings.ContainsAny(l[len(l)-1:], ".!?") {
			return false
		}
	}
	return true
}

// looksLikeProse tells a body paragraph from a headline: it is long and
// ends a sentence.
func looksLikeProse(s string) bool {
	s = strings.TrimRight(s, " \"'”’)")
	return len(s) >= 100 && strings.ContainsAny(s[len(s)-1:], ".!?")
}

// textParagraphs splits s into paragraphs of lines, with blank lines (only
// white space) as separators and trailing spaces trimmed.
func textParagraphs(s string) [][]string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var paras [][]string
	var cur []string
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		paras = append(paras, cur)
	}
	return paras
}

// joinParagraphs joins paragraphs with "\n\n" and their lines with "\n".
func joinParagraphs(paras [][]string) string {
	var b strings.Builder
	for _, p := range paras {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		for i, line := range p {
			// A paragraph's lines are one flow of text wrapped for
			// reading; only list items keep their own lines.
			if i > 0 {
				if isListItem(line) {
					b.WriteByte('\n')
				} else {
					b.WriteByte(' ')
				}
			}
			b.WriteString(strings.TrimSpace(line))
		}
	}
	return strings.TrimSpace(b.String())
}

// isListItem reports whether line starts a bulleted or numbered list item.
func isListItem(line string) bool {
	t := strings.TrimLeft(line, " \t")
	for _, bullet := range []string{"- ", "* ", "+ ", "• ", "– ", "— "} {
		if strings.HasPrefix(t, bullet) {
			return true
		}
	}
	i := 0
	for i < len(t) && i < 3 && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' '
}

// startsWithDateline reports whether line, after any leading blanks, opens
// with a dateline (see DatelineEnd).
func startsWithDateline(line string) bool {
	return DatelineEnd(strings.TrimLeft(line, " \t")) > 0
}

// stripDateline removes the dateline that opens s, if any.
func stripDateline(s string) string {
	s = strings.TrimLeft(s, " \t")
	if i := DatelineEnd(s); i > 0 {
		return strings.TrimSpace(s[i:])
	}
	return s
}

// firstSentence returns the first sentence of s, cut at a word boundary to
// at most about 120 characters.
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for i := 0; i < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && (i+1 == len(s) || s[i+1] == ' ') && i > 20 {
			s = s[:i+1]
			break
		}
	}
	const max = 120
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndexByte(s[:max], ' ')
	if cut <= 0 {
		cut = max
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

// toUTF8 returns b as a string without a UTF-8 BOM, reading any byte that
// is not part of valid UTF-8 as Windows-1252.
func toUTF8(b []byte) string {
	b = trimBOM(b)
	if utf8.Valid(b) {
		return string(b)
	}
	dec := charmap.Windows1252
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			r = dec.DecodeByte(b[0])
			n = 1
		}
		sb.WriteRune(r)
		b = b[n:]
	}
	return sb.String()
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// ErrNotText is wrapped by the error for input that is binary or garbage
// rather than text.
var ErrNotText = errors.New("parse: not text")

// notTextError says why input is not text; it matches ErrNotText.
type notTextError struct{ reason string }

func (e notTextError) Error() string        { return "not text: " + e.reason }
func (e notTextError) Is(target error) bool { return target == ErrNotText }

// NotText returns an error wrapping ErrNotText when s, read as UTF-8 with
// stray bytes standing for Windows-1252 characters, is not text: when it
// holds a NUL (binary files and UTF-16 do), when more than a quarter of its
// bytes are not UTF-8 (random bytes, compressed data: Windows-1252 prose
// has far fewer), or when more than 2% of its characters are control
// characters other than white space. It returns nil for text.
func NotText(s string) error {
	s = strings.TrimPrefix(s, "\ufeff")
	var n, invalid, control int
	for i, r := range s {
		n++
		switch {
		case r == 0:
			return notTextError{"it holds NUL bytes, as binary files and UTF-16 text do"}
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\ufffd"):
			invalid++
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v',
			r >= 0x7f && r < 0xa0:
			control++
		}
	}
	switch {
	case invalid*4 > n:
		return notTextError{fmt.Sprintf("%d%% of its bytes are not UTF-8", invalid*100/n)}
	case control*50 > n:
		return notTextError{fmt.Sprintf("%d%% of its characters are control characters", control*100/n)}
	}
	return nil
}

// fromUTF16 returns b in UTF-8 when it is UTF-16 with a byte order mark,
// and b unchanged otherwise.
func fromUTF16(b []byte) []byte {
	if len(b) < 2 || !(b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		return b
	}
	out, err := utf16.UTF16(utf16.BigEndian, utf16.ExpectBOM).NewDecoder().Bytes(b)
	if err != nil {
		return b
	}
	return out
}
