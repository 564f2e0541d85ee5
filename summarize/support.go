package summarize

import (
	"regexp"
	"strings"
	"unicode"
)

// term is one content word of a text with what kind of word it is.
type wordTerm struct {
	// Word is lower-cased and lightly stemmed.
	Word string
	// Num is true for numbers (digits, possibly with a decimal point).
	Num bool
	// Proper is true for capitalised words that do not start the sentence
	// and for acronyms: probably names.
	Proper bool
}

// ContentWords returns the lower-cased content words of s (stop words and
// punctuation removed, light stemming: plural/-ing/-ed suffixes), for overlap
// measures.
func ContentWords(s string) []string {
	ts := terms(s)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Word
	}
	return out
}

// citeMarker matches citation markers such as [3] or [1, 2].
var citeMarker = regexp.MustCompile(`\[\d+(?:\s*[,;]\s*\d+)*\]`)

// Support returns how well passage supports sentence, in [0,1]: the share of
// the sentence's content words (numbers and proper names count double) found
// in the passage. Citation markers like [3] in the sentence are ignored. A
// sentence without content words has support 0.
func Support(sentence, passage string) float64 {
	sentence = citeMarker.ReplaceAllString(sentence, " ")
	seen := map[string]bool{}
	var ts []wordTerm
	for _, t := range terms(sentence) {
		if !seen[t.Word] {
			seen[t.Word] = true
			ts = append(ts, t)
		}
	}
	have := make(map[string]bool)
	for _, t := range terms(passage) {
		have[t.Word] = true
	}
	return shareIn(ts, func(w string) bool { return have[w] })
}

// shareIn returns the weighted share of ts that has reports present:
// numbers and names count double. No terms share 0.
func shareIn(ts []wordTerm, has func(string) bool) float64 {
	var total, found float64
	for _, t := range ts {
		w := 1.0
		if t.Num || t.Proper {
			w = 2
		}
		total += w
		if has(t.Word) {
			found += w
		}
	}
	if total == 0 {
		return 0
	}
	return found / total
}

// terms tokenizes s into content words. Words are runs of letters and
// digits; an apostrophe or a period between letters or digits stays inside
// the word (don't, 3.5, U.S.), a comma inside a number is dropped (1,000) and
// a possessive 's is removed.
func terms(s string) []wordTerm {
	var out []wordTerm
	rs := []rune(s)
	sentStart := true
	for i := 0; i < len(rs); {
		r := rs[i]
		if !isWordRune(r) {
			if r == '.' || r == '!' || r == '?' || r == ':' || r == '\n' {
				sentStart = true
			}
			i++
			continue
		}
		word, end, dotted := scanWord(rs, i)
		start := sentStart
		sentStart = false
		if t, ok := newWordTerm(word, rs[i], start, dotted); ok {
			out = append(out, t)
		}
		i = end
	}
	return out
}

// scanWord reads the word that begins at rs[i] and returns it with the
// index after it. A word is letters and digits, with an apostrophe between
// letters ("don't"), a decimal point between digits ("3.5"), a thousands
// comma between digits (dropped: "12,000" is "12000") and the periods of
// an acronym of single capitals (dropped, with the one after it: "U.S."
// is "US"), for which dotted is set.
func scanWord(rs []rune, i int) (word string, end int, dotted bool) {
	j := i
	var b strings.Builder
	for j < len(rs) {
		c := rs[j]
		if isWordRune(c) {
			b.WriteRune(c)
			j++
			continue
		}
		if j+1 < len(rs) && isWordRune(rs[j+1]) && j > i {
			prev := rs[j-1]
			next := rs[j+1]
			switch {
			case c == '\'' || c == '’':
				if unicode.IsLetter(prev) && unicode.IsLetter(next) {
					b.WriteRune('\'')
					j++
					continue
				}
			case c == '.':
				if unicode.IsDigit(prev) && unicode.IsDigit(next) {
					b.WriteRune('.')
					j++
					continue
				}
				// Acronyms such as U.S. or U.N.: single letters
				// separated by periods.
				if unicode.IsUpper(prev) && unicode.IsUpper(next) && (j-1 == i || rs[j-2] == '.') {
					dotted = true
					j++
					continue
				}
			case c == ',':
				if unicode.IsDigit(prev) && unicode.IsDigit(next) && j+3 < len(rs) && unicode.IsDigit(rs[j+2]) && unicode.IsDigit(rs[j+3]) {
					j++
					continue
				}
			}
		}
		break
	}
	// A period after a dotted acronym belongs to the acronym.
	if dotted && j < len(rs) && rs[j] == '.' {
		j++
	}
	return b.String(), j, dotted
}

// newWordTerm returns the term of word, whose first rune is first, and
// false for a stop word or a word of one letter. start says that the word
// begins a sentence, where a capital does not make it a name.
func newWordTerm(word string, first rune, start, dotted bool) (wordTerm, bool) {
	lw := strings.ToLower(word)
	lw = strings.TrimSuffix(lw, "'s")
	lw = strings.TrimSuffix(lw, "'")
	if !dotted && stopWords[lw] {
		return wordTerm{}, false
	}
	num := unicode.IsDigit(first)
	if !num && len([]rune(lw)) < 2 {
		return wordTerm{}, false
	}
	upper := unicode.IsUpper(first)
	acronym := dotted || (len(word) >= 2 && strings.ToUpper(word) == word && !num)
	t := wordTerm{Num: num, Proper: acronym || (upper && !start)}
	if num {
		t.Word = lw
	} else {
		t.Word = stemWord(lw)
	}
	return t, true
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// stem removes common inflections so that "rates", "rated" and "rating" all
// become "rat". It is deliberately crude: both sides of a comparison are
// stemmed the same way, so consistency matters more than linguistics.
func stemWord(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		w = w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "ied"):
		w = w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "sses"):
		w = w[:n-2]
	case n > 5 && strings.HasSuffix(w, "ing"):
		w = undouble(w[:n-3])
	case n > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
		w = undouble(w[:n-2])
	case n > 3 && strings.HasSuffix(w, "es") && (strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes")):
		w = w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// undouble turns "stopp" into "stop" after a suffix was removed.
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouslz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

// stopWords are function words and news filler that say nothing about a
// sentence's content. Read-only.
var stopWords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(`
a about above after again against all almost along already also although am among an and
another any anyone anything are aren't around as at be became because become been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't
doing don't done down during each either else even ever every few for from further get gets
got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself
just least less let's like made make many may me might more most much must mustn't my myself
neither no nor not now of off often on once one only or other others ought our ours ourselves
out over own per perhaps put rather really said same say says saying see seen shall shan't she
she'd she'll she's should shouldn't since so some something still such than that that's the
their theirs them themselves then there there's these they they'd they'll they're they've this
those though through thus to told too toward towards under until up upon us very via was
wasn't we we'd we'll we're we've well were weren't what what's whatever when when's where
where's whether which while who who's whom whose why why's will with within without won't
would wouldn't yet you you'd you'll you're you've your yours yourself yourselves mr mrs ms
`) {
		m[w] = true
	}
	return m
}()
