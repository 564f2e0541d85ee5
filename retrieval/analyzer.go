package retrieval

import (
	"bytes"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
	"github.com/blevesearch/segment"
)

// analyzerName is the analyzer of the text field: bleve's English analyzer
// (Unicode word segmentation, possessives, lower case, English stop
// words, Porter stemming), made cheaper to run. It gives exactly the
// tokens en gives, so an index built with either is searched with either,
// but an ingest spent a fifth of its time there: segmenting words with
// the full Unicode rules, where news text is mostly ASCII, and stemming
// the same few thousand words again and again, two allocations a word.
const analyzerName = "newsbot_en"

// maxStems bounds the words whose stems an analyzer keeps; past it, it
// starts over. News reuses a small vocabulary: tens of thousands of
// words make most of any text.
const maxStems = 65536

func init() {
	// Bleve finds analyzers by name in its registry, which is how an
	// index mapping names them; there is no other way to give it one.
	if err := registry.RegisterAnalyzer(analyzerName, newNewsAnalyzer); err != nil {
		panic(err)
	}
}

// newsAnalyzer is the analyzer named analyzerName.
type newsAnalyzer struct {
	filters []analysis.TokenFilter // en's, up to its stemmer
	stems   stemCache
}

func newNewsAnalyzer(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
	a := &newsAnalyzer{}
	for _, name := range []string{en.PossessiveName, lowercase.Name, en.StopName} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		a.filters = append(a.filters, f)
	}
	return a, nil
}

// Analyze is en's Analyze.
func (a *newsAnalyzer) Analyze(input []byte) analysis.TokenStream {
	ts := tokenize(input)
	for _, f := range a.filters {
		ts = f.Filter(ts)
	}
	for _, t := range ts {
		if !t.KeyWord {
			t.Term = a.stems.stem(t.Term)
		}
	}
	return ts
}

// stemCache keeps the Porter stems of the words an analyzer has stemmed.
// Its stems are shared by the tokens that carry them, which no one
// changes after the stemmer, the last of the filters.
type stemCache struct {
	mu    sync.RWMutex
	stems map[string][]byte
}

// stem is word's Porter stem, as bleve's porter filter makes it.
func (c *stemCache) stem(word []byte) []byte {
	c.mu.RLock()
	s, ok := c.stems[string(word)]
	c.mu.RUnlock()
	if ok {
		return s
	}
	s = []byte(string(porterstemmer.StemWithoutLowerCasing(bytes.Runes(word))))
	c.mu.Lock()
	if c.stems == nil || len(c.stems) >= maxStems {
		c.stems = make(map[string][]byte, 1024)
	}
	c.stems[string(word)] = s
	c.mu.Unlock()
	return s
}

// tokenize is bleve's unicode tokenizer: the words of input by the Unicode
// word-boundary rules (UAX #29), numbered from 1. Runs of ASCII between
// white space are segmented here by those rules as they apply to ASCII;
// a run with other characters goes to the segment package, which bleve's
// tokenizer uses. No rule joins across white space, so the two agree.
func tokenize(input []byte) analysis.TokenStream {
	ts := make(analysis.TokenStream, 0, len(input)/6+1)
	slab := make([]analysis.Token, 0, cap(ts))
	add := func(start, end int, typ analysis.TokenType) {
		if len(slab) == cap(slab) {
			slab = make([]analysis.Token, 0, 64)
		}
		slab = append(slab, analysis.Token{Term: input[start:end:end], Start: start, End: end, Position: len(ts) + 1, Type: typ})
		ts = append(ts, &slab[len(slab)-1])
	}
	for i := 0; i < len(input); {
		if isSpace(input[i]) {
			i++
			continue
		}
		j, ascii := i, true
		for j < len(input) && !isSpace(input[j]) {
			ascii = ascii && input[j] < 0x80
			j++
		}
		if ascii {
			asciiWords(input, i, j, add)
		} else {
			unicodeWords(input, i, j, add)
		}
		i = j
	}
	return ts
}

// isSpace reports whether b is ASCII white space, which the word rules
// always break around.
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\v' || b == '\f'
}

// unicodeWords adds the words of input[from:to] as the segment package
// finds them.
func unicodeWords(input []byte, from, to int, add func(start, end int, typ analysis.TokenType)) {
	seg := segment.NewWordSegmenterDirect(input[from:to])
	start := from
	for seg.Segment() {
		end := start + len(seg.Bytes())
		switch seg.Type() {
		case segment.None:
		case segment.Ideo, segment.Kana:
			add(start, end, analysis.Ideographic)
		case segment.Number:
			add(start, end, analysis.Numeric)
		default:
			add(start, end, analysis.AlphaNumeric)
		}
		start = end
	}
}

// Word-break classes of ASCII characters (UAX #29).
const (
	wbOther     = iota
	wbLetter    // ALetter
	wbDigit     // Numeric
	wbUnder     // ExtendNumLet: '_'
	wbMidLetter // MidLetter: ':'
	wbMidNum    // MidNum: ',' ';'
	wbMidBoth   // MidNumLet and Single_Quote: period, apostrophe
)

// wbClass is c's word-break class; c is ASCII.
func wbClass(c byte) int {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		return wbLetter
	case '0' <= c && c <= '9':
		return wbDigit
	}
	switch c {
	case '_':
		return wbUnder
	case ':':
		return wbMidLetter
	case ',', ';':
		return wbMidNum
	case '.', '\'':
		return wbMidBoth
	}
	return wbOther
}

// asciiWords adds the words of input[from:to], ASCII without white space.
// A word is a run of letters, digits and underscores, joined across one
// colon, period or apostrophe between two letters (rules WB6 and WB7)
// and one comma, semicolon, period or apostrophe between two digits (WB11
// and WB12). It is a number when
// it has digits and no letters.
func asciiWords(input []byte, from, to int, add func(start, end int, typ analysis.TokenType)) {
	class := func(k int) int {
		if k < from || k >= to {
			return wbOther
		}
		return wbClass(input[k])
	}
	word := func(c int) bool { return c == wbLetter || c == wbDigit || c == wbUnder }
	for i := from; i < to; {
		if !word(class(i)) {
			i++
			continue
		}
		start, letters, digits := i, false, false
		for i < to {
			c := class(i)
			switch {
			case word(c):
				letters, digits = letters || c == wbLetter, digits || c == wbDigit
				i++
				continue
			case class(i-1) == wbLetter && class(i+1) == wbLetter && (c == wbMidLetter || c == wbMidBoth):
				i += 2
				letters = true
				continue
			case class(i-1) == wbDigit && class(i+1) == wbDigit && (c == wbMidNum || c == wbMidBoth):
				i += 2
				digits = true
				continue
			}
			break
		}
		typ := analysis.AlphaNumeric
		if digits && !letters {
			typ = analysis.Numeric
		}
		add(start, i, typ)
	}
}
