package bot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// protectedRE matches what a split must never cut through: markdown links
// (with or without angle brackets), bare and bracketed URLs, citation
// markers such as [3] or [1, 2], and Discord mentions or timestamps.
var protectedRE = regexp.MustCompile(`\[[^\]\n]*\]\(<?[^)\s]*>?\)|<https?://[^>\s]*>|https?://[^\s<>)\]]+|\[\d+(?:\s*,\s*\d+)*\]|<[@#:t][^>\s]*>`)

// runeLen is the length Discord counts: characters, not bytes.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// truncate cuts s to at most max characters, ending with an ellipsis when
// it had to cut.
func truncate(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if runeLen(s) <= max {
		return s
	}
	r := []rune(s)
	if max == 1 {
		return "…"
	}
	return strings.TrimRight(string(r[:max-1]), " \n") + "…"
}

// splitText cuts s into pieces of at most max characters. It prefers to cut
// between paragraphs, then lines, then sentences, then words, and never
// inside a link, a URL or a [n] marker unless one alone is longer than max.
// Whitespace at the cuts is dropped; pieces are never empty.
func splitText(s string, max int) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if max <= 0 || runeLen(s) <= max {
		return []string{s}
	}
	r := []rune(s)
	// inside[i] is true when a cut before r[i] would break a protected span.
	inside := make([]bool, len(r)+1)
	byteToRune := make(map[int]int, len(r)+1)
	{
		ri := 0
		for bi := range s {
			byteToRune[bi] = ri
			ri++
		}
		byteToRune[len(s)] = len(r)
	}
	for _, m := range protectedRE.FindAllStringIndex(s, -1) {
		a, b := byteToRune[m[0]], byteToRune[m[1]]
		for i := a + 1; i < b; i++ {
			inside[i] = true
		}
	}
	var out []string
	start := 0
	for start < len(r) {
		// Skip whitespace left over from the previous cut.
		for start < len(r) && isSpace(r[start]) {
			start++
		}
		if start >= len(r) {
			break
		}
		if len(r)-start <= max {
			out = append(out, strings.TrimSpace(string(r[start:])))
			break
		}
		cut := bestCut(r, inside, start, start+max)
		piece := strings.TrimSpace(string(r[start:cut]))
		if piece != "" {
			out = append(out, piece)
		}
		start = cut
	}
	return out
}

// bestCut returns where to end a piece that starts at start and may reach
// end (exclusive): the last paragraph break, else line break, else sentence
// end, else space, that is not inside a protected span and keeps the piece
// at least a third full; failing all that, end moved back before any span
// it falls in.
func bestCut(r []rune, inside []bool, start, end int) int {
	min := start + (end-start)/3
	ok := func(i int) bool { return i > start && !inside[i] }
	// Paragraph break: cut before "\n\n".
	for i := end; i > min; i-- {
		if ok(i) && r[i] == '\n' && r[i-1] == '\n' {
			return i - 1
		}
	}
	for i := end; i > min; i-- {
		if ok(i) && r[i] == '\n' {
			return i
		}
	}
	// Sentence end: a space after . ! ? (optionally after a marker or a
	// closing quote), cut at the space.
	for i := end; i > min; i-- {
		if ok(i) && isSpace(r[i]) && endsSentence(r[start:i]) {
			return i
		}
	}
	for i := end; i > min; i-- {
		if ok(i) && isSpace(r[i]) {
			return i
		}
	}
	for i := end; i > start; i-- {
		if ok(i) {
			return i
		}
	}
	return end
}

// endsSentence reports whether r ends a sentence: with . ! or ?, possibly
// followed by closing quotes, brackets or a [n] marker.
func endsSentence(r []rune) bool {
	i := len(r) - 1
	for i >= 0 {
		switch {
		case r[i] == ']':
			// Skip a trailing citation marker such as [2].
			j := i - 1
			for j >= 0 && r[j] != '[' {
				j--
			}
			if j < 0 {
				return false
			}
			i = j - 1
			for i >= 0 && r[i] == ' ' {
				i--
			}
		case strings.ContainsRune(`"')”’»`, r[i]):
			i--
		default:
			return r[i] == '.' || r[i] == '!' || r[i] == '?' || r[i] == '…'
		}
	}
	return false
}

func isSpace(c rune) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
