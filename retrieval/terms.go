package retrieval

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
)

// boilerplate are words of news questions that say nothing about the story
// ("Which country recently announced …, according to reports?"). The
// English analyzer already drops ordinary stop words.
var boilerplate = map[string]bool{
	"recently": true, "reportedly": true, "according": true, "reports": true,
	"report": true, "reported": true, "news": true, "latest": true,
	"week": true, "weeks": true, "weekend": true, "today": true, "yesterday": true,
	"happen": true, "happened": true, "happening": true, "headlines": true,
}

// analyzer is the English analyzer of idx's mapping: analyzerName, which
// gives the tokens of en, the analyzer of indexes built before it.
func analyzer(idx bleve.Index) analysis.Analyzer {
	return idx.Mapping().AnalyzerNamed(analyzerName)
}

// Term selection. A term found in more than maxTermShare of the documents
// says little about any of them and costs the most to search, so it is
// dropped. So are the commonest terms beyond a budget of postingsBudget
// documents to visit, which bounds the cost of a search on a large index.
// The minTerms rarest terms are kept regardless, within three times the
// budget, and the rarest always.
const (
	maxTermShare   = 0.05
	postingsBudget = 30000
	minTerms       = 4
)

// wordMarks are the marks inside a question's words: apostrophes, hyphens,
// and those that the word-boundary rules keep between letters or digits.
const wordMarks = "'’-.,:;_"

// queryTerms analyses a question into the distinct index terms to search
// for: no question boilerplate, no term absent from the index, and no very
// common term (see maxTermShare), in order of first appearance. asked is
// false when the question has no words to search for at all, as in "What
// happened yesterday?".
func queryTerms(ctx context.Context, idx bleve.Index, text string) (terms []string, stats []Term, asked bool, err error) {
	// Words keep the marks that join the analyzer's tokens ("7.0",
	// "U.S.", "1,000"): split there, "7.0-magnitude" would be searched as
	// 7 and 0, which no document holds as terms. The marks at a word's
	// ends are not its own ("week,").
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(wordMarks, r)
	})
	kept := words[:0]
	for _, w := range words {
		if !boilerplate[strings.ToLower(strings.Trim(w, wordMarks))] {
			kept = append(kept, w)
		}
	}
	a := analyzer(idx)
	if a == nil {
		return nil, nil, false, fmt.Errorf("retrieval: no %s analyzer", analyzerName)
	}
	seen := make(map[string]bool)
	joined := strings.Join(kept, " ")
	var from []string // the question's word each term came from
	for _, tok := range a.Analyze([]byte(joined)) {
		t := string(tok.Term)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		terms = append(terms, t)
		from = append(from, joined[tok.Start:tok.End])
	}
	if len(terms) == 0 {
		return nil, nil, false, nil
	}
	terms, stats, err = pruneTerms(ctx, idx, terms)
	for i := range stats {
		stats[i].Word = from[i]
	}
	return terms, stats, true, err
}

// pruneTerms drops the terms no passage or title has, and the most common
// ones (see maxTermShare). stats holds every one of terms with its IDF over
// passages and titles; a term no document has gets the IDF of one that a
// single document has.
func pruneTerms(ctx context.Context, idx bleve.Index, terms []string) (kept []string, stats []Term, err error) {
	ai, err := idx.Advanced()
	if err != nil {
		return nil, nil, fmt.Errorf("retrieval: term statistics: %w", err)
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("retrieval: term statistics: %w", err)
	}
	defer r.Close()
	docs, err := r.DocCount()
	if err != nil {
		return nil, nil, fmt.Errorf("retrieval: term statistics: %w", err)
	}
	df := make(map[string]uint64, len(terms))
	var present []string
	for _, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t), fieldText, false, false, false)
		if err != nil {
			return nil, nil, fmt.Errorf("retrieval: term statistics: %w", err)
		}
		n := tfr.Count()
		tfr.Close()
		stats = append(stats, Term{Text: t, IDF: bm25IDF(docs, max(n, 1))})
		if n > 0 {
			df[t] = n
			present = append(present, t)
		}
	}
	byDF := append([]string(nil), present...)
	sort.SliceStable(byDF, func(i, j int) bool { return df[byDF[i]] < df[byDF[j]] })
	keep := make(map[string]bool, len(byDF))
	limit := uint64(maxTermShare * float64(docs))
	var spent uint64
	for i, t := range byDF {
		over := df[t] > limit || spent+df[t] > postingsBudget
		if i > 0 && over && (i >= minTerms || spent+df[t] > 3*postingsBudget) {
			break
		}
		keep[t] = true
		spent += df[t]
	}
	out := present[:0]
	for _, t := range present {
		if keep[t] {
			out = append(out, t)
		}
	}
	return out, stats, nil
}

// mark marks the tokens of text whose term is one of terms between «»
// marks.
func mark(text string, tokens analysis.TokenStream, terms []string) string {
	if len(terms) == 0 {
		return text
	}
	want := make(map[string]bool, len(terms))
	for _, t := range terms {
		want[t] = true
	}
	var b strings.Builder
	last := 0
	for _, tok := range tokens {
		if !want[string(tok.Term)] || tok.Start < last || tok.End > len(text) {
			continue
		}
		b.WriteString(text[last:tok.Start])
		b.WriteString("«")
		b.WriteString(text[tok.Start:tok.End])
		b.WriteString("»")
		last = tok.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// analyzedSet is the set of index terms of text.
func analyzedSet(a analysis.Analyzer, text string) map[string]bool {
	return tokenSet(a.Analyze([]byte(text)))
}

// tokenSet is the set of the terms of tokens.
func tokenSet(tokens analysis.TokenStream) map[string]bool {
	has := make(map[string]bool, len(tokens))
	for _, tok := range tokens {
		has[string(tok.Term)] = true
	}
	return has
}

// holding returns the Texts of stats that has holds.
func holding(stats []Term, has map[string]bool) []string {
	var out []string
	for _, st := range stats {
		if has[st.Text] {
			out = append(out, st.Text)
		}
	}
	return out
}

// toResults turns ranked candidates into results; each passage's Matched
// holds those of stats that it or its article's title have.
func toResults(idx bleve.Index, ranked []*candidate, terms []string, stats []Term) []Result {
	out := make([]Result, 0, len(ranked))
	a := analyzer(idx)
	for _, c := range ranked {
		snippet := strings.Join(strings.Fields(c.passages[0].Text), " ")
		var snippetTokens analysis.TokenStream
		if a != nil && (len(stats) > 0 || len(terms) > 0) {
			snippetTokens = a.Analyze([]byte(snippet))
		}
		if a != nil && len(stats) > 0 {
			title := analyzedSet(a, c.meta.title)
			for i := range c.passages {
				var has map[string]bool
				if i == 0 {
					// The snippet is the first passage with its spaces
					// single: the same words.
					has = tokenSet(snippetTokens)
				} else {
					has = analyzedSet(a, c.passages[i].Text)
				}
				maps.Copy(has, title)
				c.passages[i].Matched = holding(stats, has)
			}
		}
		if a != nil {
			snippet = mark(snippet, snippetTokens, terms)
		}
		out = append(out, Result{
			ArticleID:  c.id,
			URL:        c.meta.url,
			Title:      c.meta.title,
			Source:     c.meta.source,
			FeedID:     c.meta.feed,
			Published:  c.meta.pub,
			Score:      c.score,
			Passages:   c.passages,
			Snippet:    snippet,
			Duplicates: c.dups,
		})
	}
	return out
}
