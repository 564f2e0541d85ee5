package summarize

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"
)

// Splitter splits text into sentences with the Punkt tokenizer of
// github.com/neurosnap/sentences trained on English. It knows common
// abbreviations (Mr., U.S., Jan.), keeps closing quotes with their sentence
// and never joins text across a blank line. A Splitter is safe for
// concurrent use: the tokenizer's model is only read after construction.
type Splitter struct {
	tok *sentences.DefaultSentenceTokenizer
}

// NewSplitter builds the English tokenizer. Build one and reuse it: loading
// the training data takes milliseconds.
func NewSplitter() (*Splitter, error) {
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil, fmt.Errorf("summarize: load sentence model: %w", err)
	}
	// Abbreviations common in news that the training data lacks or that
	// Punkt would otherwise take for sentence ends before a capital.
	for _, a := range []string{
		"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt",
		"capt", "sgt", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs",
		"jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
		"u.s", "u.k", "u.n", "e.u", "d.c", "a.m", "p.m", "e.g", "i.e", "rev", "ft", "mt",
	} {
		tok.AbbrevTypes.Add(a)
	}
	return &Splitter{tok: tok}, nil
}

// Punkt's orthographic flags (github.com/neurosnap/sentences ortho.go):
// where and in which case its training text had a word.
const (
	orthoMidUpper = 1 << 2
	orthoUnkUpper = 1 << 3
	orthoLower    = 1<<4 | 1<<5 | 1<<6
)

// onlyAsName reports whether the English model saw the lower-cased word w
// capitalised inside sentences and never in lower case: "yale", "smith",
// but not "officials" or "additionally". It tells a name that opens a
// sentence from a common word.
func (s *Splitter) onlyAsName(w string) bool {
	f := s.tok.OrthoContext[w]
	return f&(orthoMidUpper|orthoUnkUpper) != 0 && f&orthoLower == 0
}

// unknownWord reports whether the English model never saw the
// lower-cased word w: neither a common word nor a known name.
func (s *Splitter) unknownWord(w string) bool { return s.tok.OrthoContext[w] == 0 }

// paraBreak matches a blank line: a paragraph boundary.
var paraBreak = regexp.MustCompile(`\n[ \t\p{Zs}]*\n`)

// Split returns the sentences of text, trimmed, with white space inside a
// sentence collapsed to single spaces. A line that starts with a bullet
// marker starts a new sentence.
func (s *Splitter) Split(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []string
	for _, para := range paraBreak.Split(text, -1) {
		for _, block := range splitBullets(para) {
			block = strings.Join(strings.Fields(block), " ")
			if block == "" {
				continue
			}
			out = s.appendSentences(out, block)
		}
	}
	return out
}

// appendSentences tokenizes one paragraph and appends its sentences to out,
// gluing fragments without letters or digits (a stray closing quote or
// bracket) to the sentence before them.
func (s *Splitter) appendSentences(out []string, para string) []string {
	first := len(out)
	for _, candSent := range s.tok.Tokenize(para) {
		t := strings.TrimSpace(candSent.Text)
		if t == "" {
			continue
		}
		if len(out) > first && !hasAlnum(t) {
			out[len(out)-1] += t
			continue
		}
		out = append(out, splitAfterNumbers(t)...)
	}
	return out
}

// splitAfterNumbers cuts s after a number that ends a sentence ("died in
// 2016. Police said"): Punkt takes a number followed by a period for an
// ordinal and does not split there. A cut is made only when the next word
// starts with a capital or an opening quote and both sides have at least
// two words.
func splitAfterNumbers(s string) []string {
	var out []string
	start := 0
	for i := 1; i+2 < len(s); i++ {
		if s[i] != '.' || s[i-1] < '0' || s[i-1] > '9' || s[i+1] != ' ' {
			continue
		}
		// Not a decimal or a dotted date: the number is a word of its own.
		j := i - 1
		for j > start && s[j-1] >= '0' && s[j-1] <= '9' {
			j--
		}
		if j > start && s[j-1] != ' ' && s[j-1] != ',' && s[j-1] != '$' && s[j-1] != '£' {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i+2:])
		if !unicode.IsUpper(r) && r != '"' && r != '“' {
			continue
		}
		head, tail := s[start:i+1], s[i+2:]
		if len(strings.Fields(head)) < 2 || len(strings.Fields(tail)) < 2 {
			continue
		}
		out = append(out, head)
		start = i + 2
	}
	return append(out, s[start:])
}

// splitBullets cuts a paragraph before every line that starts with a bullet
// marker, so that list items are not run together.
func splitBullets(para string) []string {
	if !strings.Contains(para, "\n") {
		return []string{para}
	}
	var blocks []string
	var cur strings.Builder
	for _, line := range strings.Split(para, "\n") {
		if isBulletLine(line) && cur.Len() > 0 {
			blocks = append(blocks, cur.String())
			cur.Reset()
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	return append(blocks, cur.String())
}

func isBulletLine(line string) bool {
	line = strings.TrimLeft(line, " \t")
	r, size := utf8.DecodeRuneInString(line)
	switch r {
	case '•', '*', '-', '–', '—', '·', '▪', '►':
		rest := line[size:]
		return rest == "" || rest[0] == ' ' || rest[0] == '\t'
	}
	return false
}

func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// sentQuality is 0 for sentences that should not be picked (too short,
// boilerplate, questions, quotes without a speaker) and otherwise a factor
// in (0,1] that prefers sentences of typical summary length.
func sentQuality(s string, contentWords int) float64 {
	words := len(strings.Fields(s))
	if words < 5 || contentWords < 3 {
		return 0
	}
	if isBoilerplate(s) {
		return 0
	}
	t := strings.TrimRight(s, `"'”’) `)
	if strings.HasSuffix(t, "?") {
		return 0
	}
	if isQuoteOnly(s) {
		return 0.5
	}
	switch {
	case words < 10:
		return 0.7
	case words > 55:
		return 0.6
	case words > 40:
		return 0.85
	}
	return 1
}

// answerable reports whether s may answer a question: not boilerplate,
// not itself a question or the colon-ended lead-in to one, and at least
// three words.
func answerable(s string) bool {
	if len(strings.Fields(s)) < 3 || isBoilerplate(s) {
		return false
	}
	// A question asks rather than tells; a sentence ending in a colon
	// introduces a list or a quote that is not part of it.
	end := strings.TrimRight(s, `"'”’) `)
	return !strings.HasSuffix(end, "?") && !strings.HasSuffix(end, ":")
}

// isQuoteOnly reports whether s is a quotation without attribution: it
// starts with a quote mark and has no closing quote before its end.
func isQuoteOnly(s string) bool {
	if s == "" {
		return false
	}
	r := []rune(s)
	if r[0] != '"' && r[0] != '“' && r[0] != '\'' && r[0] != '‘' {
		return false
	}
	inner := strings.TrimRight(string(r[1:]), " ")
	last := strings.IndexAny(inner, `"”`)
	return last < 0 || last >= len(inner)-2
}
