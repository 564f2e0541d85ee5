// Package retrieval is the bleve index of article passages (a rebuildable
// cache of the store) and search over it.
package retrieval

import "time"

// Query is one search. The zero value of every filter means "no filter".
type Query struct {
	// Text is the user's question or keywords. Relative time expressions in
	// it ("yesterday", "in June", "since Monday") become date filters,
	// resolved against AsOf.
	Text string
	// K is how many articles to return (default 10).
	K int
	// AsOf is the moment the search runs at (default: now). Articles
	// published after it are never returned.
	AsOf time.Time
	// Since and Until bound the published time explicitly.
	Since, Until time.Time
	// Sources keeps only these outlets (article Source, compared
	// case-insensitively).
	Sources []string
	// FeedIDs keeps only articles from these feeds (a server's scope).
	// Feed ID 0 stands for articles that came from no feed (files, pages,
	// the sample corpus).
	FeedIDs []int64
	// Scoped is true when FeedIDs applies even if it is empty (an empty
	// scope then finds nothing).
	Scoped bool
}

// Passage is a piece of an article's text, a few sentences long.
type Passage struct {
	ArticleID string
	// Ord is the passage's position in its article, from 0.
	Ord   int
	Text  string
	Score float64
	// Matched are the Texts of Results.Terms that the passage or its
	// article's title have.
	Matched []string
}

// Result is one article found by a search, with its best passages as
// evidence.
type Result struct {
	ArticleID string
	URL       string
	Title     string
	Source    string
	FeedID    int64
	Published time.Time
	Score     float64
	// Passages are the article's best matching passages, best first.
	Passages []Passage
	// Snippet is the best passage on one line, with matched terms
	// highlighted between «» marks for terminals; renderers may restyle
	// them.
	Snippet string
	// Duplicates are IDs of near-duplicate articles folded into this one
	// (the same story at other URLs).
	Duplicates []string
}

// Term is one index term of a question and how rare it is: its IDF over
// every passage and title in the index, whatever the filters.
type Term struct {
	// Text is the analysed term, Word the question's word it came from.
	Text, Word string
	IDF        float64
}

// Results is a search's answer.
type Results struct {
	Hits []Result
	// Since and Until are the date filter actually applied (explicit or
	// read from the question); zero when none.
	Since, Until time.Time
	// Searched is how many articles were in scope.
	Searched int
	// Terms are the question's index terms, question words left out, in
	// order; with them and each passage's Matched a caller can tell how
	// much of the question a hit covers.
	Terms []Term
}
