package summarize

import "time"

// Source is one numbered piece of evidence given to an engine: a passage
// (or a few passages) of one article with the article's metadata.
type Source struct {
	// N is the source's number as shown to the model, from 1.
	N         int
	ArticleID string
	URL       string
	Title     string
	Outlet    string
	Published time.Time
	// Text is the evidence text (passages of the article, best first).
	Text string
	// Cover is the share of the question that the source's title and
	// passages hold: its terms weighted by how rare they are in the whole
	// index; CoverKnown says whether the search gave what it takes.
	Cover      float64
	CoverKnown bool
	// PassageCover is the same share for the best of its passages with
	// the title.
	PassageCover float64
}

// Claim is one sentence of an extractive answer or summary and the source
// that it was taken from.
type Claim struct {
	Sentence string
	// N is the number of the Source the sentence comes from.
	N int
}
