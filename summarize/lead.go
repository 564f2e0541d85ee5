package summarize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lead returns the first max sentences of text (all of them when max < 0),
// split the simple way of the LEAD-3 baseline, which is also how the zero
// Extractive splits a paragraph: after '.', '!' or '?' (and any closing
// quotes or brackets) followed by white space and an upper-case letter, a
// digit or an opening quote.
func Lead(text string, max int) []string {
	var out []string
	start := 0
	for i := 0; i < len(text) && (max < 0 || len(out) < max); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		end := i
		for end < len(text) {
			c, sz := utf8.DecodeRuneInString(text[end:])
			if !isClosingMark(c) {
				break
			}
			end += sz
		}
		next := end
		for next < len(text) {
			c, sz := utf8.DecodeRuneInString(text[next:])
			if !unicode.IsSpace(c) {
				break
			}
			next += sz
		}
		if next == end || next == len(text) {
			continue
		}
		c, _ := utf8.DecodeRuneInString(text[next:])
		if !unicode.IsUpper(c) && !unicode.IsDigit(c) && !isOpeningQuote(c) {
			continue
		}
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start = next
		i = next
	}
	if max < 0 || len(out) < max {
		if s := strings.TrimSpace(text[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func isClosingMark(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»':
		return true
	}
	return false
}

func isOpeningQuote(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«':
		return true
	}
	return false
}
