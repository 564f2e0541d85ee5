package summarize

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind says what a token is.
type tokKind uint8

const (
	tokWord tokKind = iota
	tokNum
	tokPunct
)

// lexTok is one token of a text as the claim checks read it: a word, a
// number or a punctuation mark, with what its spelling tells.
type lexTok struct {
	// low is the lower-cased word without a possessive and without the
	// periods of an acronym ("U.S." is "us"), the digits of a number
	// without commas, or the punctuation mark.
	low  string
	kind tokKind
	// num is the value of a number and dec the digits written after its
	// decimal point.
	num float64
	dec int
	// upper is set for a word that starts with a capital letter, acronym
	// for one in capitals only ("NTSB", "U.S."), dotted for one written
	// with periods.
	upper, acronym, dotted bool
	// start is set for the first word of a sentence, a quotation or a
	// label: its capital says nothing about it being a name.
	start bool
	// glued is set when no space comes before the token ("m" in "12.6m",
	// "%" in "5%").
	glued bool
	// poss is set for a word that had a possessive ("Biden's").
	poss bool
	// off and end are the token's byte offsets in the text, sent the
	// index of its sentence.
	off, end, sent int
}

// isWord reports whether t is a word spelled w.
func (t lexTok) isWord(w string) bool { return t.kind == tokWord && t.low == w }

// isName reports whether t is a capitalised word that is not so only for
// standing first.
func (t lexTok) isName() bool { return t.kind == tokWord && (t.acronym || (t.upper && !t.start)) }

// lexSentence is one sentence of a passage, found by lex.
type lexSentence struct {
	text string
	toks []lexTok
}

// lex tokenizes s and cuts it into sentences: after ".", "!" or "?"
// followed by a space and a capital, digit or quote, unless the period
// ends a known abbreviation or an initial; and at every blank line. It is
// much cheaper than the Punkt splitter and is good enough to line a claim
// up with the passage sentences that may support it. The sentences' tokens
// are parts of all.
func lex(s string) (sents []lexSentence, all []lexTok) {
	// One backing array for all sentences: tokens are many and small.
	all = make([]lexTok, 0, len(s)/5+8)
	from := 0
	flush := func(end int) {
		if len(all) > from {
			text := oneSpace(s[all[from].off:end])
			sents = append(sents, lexSentence{text: text, toks: all[from:len(all):len(all)]})
		}
		from = len(all)
	}
	start, space := true, true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			if r == '\n' && len(all) > from && blankLineAt(s, i) {
				flush(i)
				start = true
			}
			space = true
			i += size
			continue
		case unicode.IsDigit(r):
			t, j := lexNumber(s, i)
			t.glued, t.sent = !space, len(sents)
			all = append(all, t)
			start, i = false, j
		case unicode.IsLetter(r):
			t, j := lexWord(s, i)
			t.glued, t.start, t.sent = !space, start, len(sents)
			all = append(all, t)
			start, i = false, j
		default:
			all = append(all, lexTok{low: s[i : i+size], kind: tokPunct, glued: !space, off: i, end: i + size, sent: len(sents)})
			i += size
			switch {
			case isSentenceEnd(s, i, r, all[from:]):
				// Closing quotes and brackets stay with the sentence.
				for i < len(s) && (strings.ContainsRune(closers, rune(s[i])) || strings.HasPrefix(s[i:], "”") || strings.HasPrefix(s[i:], "’")) {
					_, size := utf8.DecodeRuneInString(s[i:])
					all = append(all, lexTok{low: s[i : i+size], kind: tokPunct, glued: true, off: i, end: i + size, sent: len(sents)})
					i += size
				}
				flush(i)
				start = true
			case r == ':' || r == '“' || r == '‘' || (r == '"' && space):
				start = true
			}
		}
		space = false
	}
	flush(len(s))
	return sents, all
}

// lexSentencesOf cuts tokens that lex read back into its sentences.
func lexSentencesOf(toks []lexTok) [][]lexTok {
	var out [][]lexTok
	from := 0
	for i := 1; i < len(toks); i++ {
		if toks[i].sent != toks[i-1].sent {
			out = append(out, toks[from:i])
			from = i
		}
	}
	if from < len(toks) {
		out = append(out, toks[from:])
	}
	return out
}

// lexTokens returns the tokens of s, all sentences together.
func lexTokens(s string) []lexTok {
	_, all := lex(s)
	return all
}

// blankLineAt reports whether the newline at s[i] is followed by another
// newline with only spaces between.
func blankLineAt(s string, i int) bool {
	rest := strings.TrimLeft(s[i+1:], " \t\r")
	return strings.HasPrefix(rest, "\n")
}

// isSentenceEnd reports whether the mark r that ends at s[i] ends a
// sentence: it is ".", "!", "?" or "…" followed by white space and a
// capital, a digit or a quote (or the end of the text), and a period does
// not end an abbreviation or an initial.
func isSentenceEnd(s string, i int, r rune, cur []lexTok) bool {
	if r != '.' && r != '!' && r != '?' && r != '…' {
		return false
	}
	// Closing quotes and brackets stay with the sentence.
	rest := strings.TrimLeft(s[i:], closers+"”’")
	if rest == "" {
		return true
	}
	next, size := utf8.DecodeRuneInString(rest)
	if !unicode.IsSpace(next) {
		return false
	}
	after, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest[size:], " \t\r\n"))
	if !unicode.IsUpper(after) && !unicode.IsDigit(after) && !strings.ContainsRune(`"“‘'`, after) {
		return false
	}
	if r == '.' && len(cur) >= 2 {
		prev := cur[len(cur)-2]
		if prev.kind == tokWord && (abbreviations[prev.low] || (len(prev.low) == 1 && prev.upper)) {
			return false
		}
	}
	return true
}

// closers are the ASCII marks that close a quotation or a bracket.
const closers = `"')]`

// abbreviations end with a period that does not end the sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "col": true, "lt": true, "capt": true, "sgt": true, "st": true, "jr": true, "sr": true,
	"inc": true, "corp": true, "co": true, "ltd": true, "no": true, "vs": true, "jan": true, "feb": true,
	"mar": true, "apr": true, "aug": true, "sept": true, "sep": true, "oct": true, "nov": true, "dec": true,
}

// lexNumber reads the number at s[i]: digits, with commas between groups
// of three ("12,600,000") and a decimal point ("12.6").
func lexNumber(s string, i int) (lexTok, int) {
	var b strings.Builder
	j, dec, point := i, 0, false
	for j < len(s) {
		c := s[j]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
			if point {
				dec++
			}
			j++
			continue
		case c == ',' && !point && isDigits(s, j+1, 3) && !isDigits(s, j+4, 1):
			j++
			continue
		case c == '.' && !point && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9':
			b.WriteByte('.')
			point = true
			j++
			continue
		}
		break
	}
	low := b.String()
	v, _ := strconv.ParseFloat(low, 64)
	return lexTok{low: low, kind: tokNum, num: v, dec: dec, off: i, end: j}, j
}

// isDigits reports whether s[i:i+n] are n ASCII digits.
func isDigits(s string, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	for k := i; k < i+n; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return true
}

// lexWord reads the word at s[i]: letters and digits, an apostrophe
// between letters (don't, O'Brien), and the periods of an acronym (U.S.).
// A possessive ('s, or ' after a plural) is dropped and noted.
func lexWord(s string, i int) (lexTok, int) {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += size
	}
	if j == len(s) || (s[j] != '\'' && s[j] != '.' && !strings.HasPrefix(s[j:], "’")) {
		// The common case: nothing but letters and digits.
		t := wordTok(s[i:j], i, j, false, s)
		return t, t.end
	}
	var b strings.Builder
	j = i
	dotted := false
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			j += size
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[j+size:])
		if (r == '\'' || r == '’') && unicode.IsLetter(next) && j > i {
			b.WriteRune('\'')
			j += size
			continue
		}
		// U.S., U.N.: single capitals separated by periods.
		if r == '.' && unicode.IsUpper(next) && b.Len() > 0 && singleCapital(s[i:j]) {
			dotted = true
			j += size
			continue
		}
		if r == '.' && dotted {
			j += size
		}
		break
	}
	t := wordTok(b.String(), i, j, dotted, s)
	return t, t.end
}

// wordTok makes the token of word, which spans s[i:j] (or a little more,
// with the apostrophe of a plural possessive); dotted is set for an
// acronym written with periods.
func wordTok(word string, i, j int, dotted bool, s string) lexTok {
	first, _ := utf8.DecodeRuneInString(word)
	t := lexTok{kind: tokWord, upper: unicode.IsUpper(first), dotted: dotted, off: i, end: j}
	t.acronym = dotted || (t.upper && utf8.RuneCountInString(word) >= 2 && strings.ToUpper(word) == word)
	low := strings.ToLower(word)
	switch {
	case strings.HasSuffix(low, "'s"):
		low, t.poss = low[:len(low)-2], true
	case j < len(s) && (s[j] == '\'' || strings.HasPrefix(s[j:], "’")) && strings.HasSuffix(low, "s"):
		// A plural possessive: "the companies' shares".
		t.poss = true
		if s[j] == '\'' {
			j++
		} else {
			j += len("’")
		}
	}
	t.low, t.end = low, j
	return t
}

// singleCapital reports whether the part of an acronym read so far is
// single capitals separated by periods ("U", "U.S").
func singleCapital(s string) bool {
	for k, r := range s {
		if k%2 == 0 && !unicode.IsUpper(r) || k%2 == 1 && r != '.' {
			return false
		}
	}
	return true
}

// oneSpace collapses white space to single spaces and trims.
func oneSpace(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") && !strings.ContainsAny(s, "\n\t\r") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// term returns t as a content word the way terms reads one (stop words,
// one-letter words and punctuation are none), so that the claim checks
// need not tokenize every passage twice.
func (t lexTok) term() (wordTerm, bool) {
	switch {
	case t.kind == tokNum:
		return wordTerm{Word: t.low, Num: true}, true
	case t.kind != tokWord, stopWords[t.low] && !t.dotted, utf8.RuneCountInString(t.low) < 2:
		return wordTerm{}, false
	}
	return wordTerm{Word: stemWord(t.low), Proper: t.isName()}, true
}
