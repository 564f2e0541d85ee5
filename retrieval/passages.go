package retrieval

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsbot/newsbot/data"
)

// Passage sizes in words. A passage takes whole sentences until it has at
// least passageMinWords, and stops before it would pass passageMaxWords.
const (
	passageMinWords = 80
	passageMaxWords = 150
)

// maxPassages bounds the passages indexed per article: about the first
// 3,000 to 4,500 words. A news story states its facts well before that;
// what long scraped pages have beyond it is mostly comments, related links
// and other boilerplate, which costs index time and space and adds noise.
const maxPassages = 30

// Passages splits an article's text into consecutive passages of whole
// sentences (about 80 to 150 words each), at most maxPassages of them. An
// article without text has one empty passage, so that its title is still
// indexed. This is the splitting the index uses.
//
// Passages do not overlap: a sentence repeated in the next passage would
// make a third of the indexed text redundant, and BM25 would count its
// terms twice.
func Passages(a data.Article) []Passage {
	return firstPassages(a.ID, a.Text, maxPassages)
}

// firstPassages is the first n passages (at most) of Passages for an
// article with the given ID and text, which it splits only as far as they
// need.
func firstPassages(id, text string, n int) []Passage {
	// The first n passages cannot need more than this many words.
	sents := sentences(text, n*passageMaxWords)
	if len(sents) == 0 {
		return []Passage{{ArticleID: id, Ord: 0, Text: ""}}
	}
	var out []Passage
	start := 0
	for start < len(sents) && len(out) < n {
		end, words := start, 0
		for end < len(sents) {
			w := sents[end].words
			if words > 0 && words+w > passageMaxWords {
				break
			}
			words += w
			end++
			if words >= passageMinWords {
				break
			}
		}
		var b strings.Builder
		for i, s := range sents[start:end] {
			if i > 0 {
				b.WriteString(s.sep)
			}
			b.WriteString(s.text)
		}
		out = append(out, Passage{ArticleID: id, Ord: len(out), Text: b.String()})
		start = end
	}
	return out
}

// Sentences splits text into the sentences that Passages groups into
// passages.
func Sentences(text string) []string {
	ss := sentences(text, math.MaxInt)
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.text
	}
	return out
}

// sentence is one sentence of an article's text. sep is what separated it
// from the sentence before it in the text: "\n\n" after a paragraph break
// (one or more blank lines), "\n" after a line break, " " otherwise.
type sentence struct {
	text  string
	words int
	sep   string
}

// sentences splits text into sentences: at line breaks, and after '.', '!'
// or '?' (and any closing quotes or brackets) followed by space and an
// upper-case letter, a digit or an opening quote. Sentences longer than
// passageMaxWords are cut into pieces of that many words. It stops once it
// has at least limit words.
func sentences(text string, limit int) []sentence {
	var out []sentence
	words := 0
	// sep is the separator of the next sentence: the break that the text
	// has before it, so that passages keep the paragraphs that a sentence
	// splitter downstream must not join across.
	sep := ""
	add := func(s string) {
		// Most sentences are already single-spaced: they are kept as
		// they are, without splitting them into words and joining them.
		if n, ok := singleSpaced(s); ok && n <= passageMaxWords {
			if n > 0 {
				out = append(out, sentence{s, n, sep})
				words += n
				sep = " "
			}
			return
		}
		fields := strings.Fields(s)
		for len(fields) > passageMaxWords {
			out = append(out, sentence{strings.Join(fields[:passageMaxWords], " "), passageMaxWords, sep})
			fields = fields[passageMaxWords:]
			words += passageMaxWords
			sep = " "
		}
		if len(fields) > 0 {
			out = append(out, sentence{strings.Join(fields, " "), len(fields), sep})
			words += len(fields)
			sep = " "
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		if words >= limit {
			break
		}
		line = strings.TrimSpace(line)
		switch {
		case len(out) == 0:
		case line == "":
			sep = "\n\n"
		case sep != "\n\n":
			sep = "\n"
		}
		begin := 0
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c != '.' && c != '!' && c != '?' {
				continue
			}
			j := i + 1
			for j < len(line) {
				r, n := utf8.DecodeRuneInString(line[j:])
				if !isCloser(r) {
					break
				}
				j += n
			}
			if j >= len(line) || line[j] != ' ' {
				continue
			}
			k := j
			for k < len(line) && line[k] == ' ' {
				k++
			}
			if k >= len(line) {
				continue
			}
			r, _ := utf8.DecodeRuneInString(line[k:])
			if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !isOpener(r) {
				continue
			}
			if c == '.' && isAbbreviation(line[begin:i]) {
				continue
			}
			add(line[begin:j])
			begin = k
			i = k - 1
			if words >= limit {
				break
			}
		}
		if words < limit {
			add(line[begin:])
		}
	}
	return out
}

// singleSpaced counts the words of s, and reports whether they are
// separated by single spaces with no space around them, as
// strings.Join(strings.Fields(s), " ") would leave them.
func singleSpaced(s string) (words int, ok bool) {
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if !inWord {
				return 0, false
			}
			inWord = false
		case c < utf8.RuneSelf && unicode.IsSpace(rune(c)):
			return 0, false
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return 0, false
			}
			if !inWord {
				words++
				inWord = true
			}
			i += n - 1
		default:
			if !inWord {
				words++
				inWord = true
			}
		}
	}
	if len(s) > 0 && !inWord {
		return 0, false
	}
	return words, true
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '”', '’', '»':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '(', '[', '“', '‘', '«':
		return true
	}
	return false
}

// isAbbreviation reports whether s (the text before a period) ends with a
// title or initial that does not end a sentence, such as "Mr" or "J".
func isAbbreviation(s string) bool {
	i := strings.LastIndexAny(s, " (\"“")
	w := s[i+1:]
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	switch w {
	case "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Sgt",
		"St", "Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "No", "vs", "U.S", "U.K", "U.N", "Jan",
		"Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Rev", "Pres":
		return true
	}
	return false
}
