package retrieval

import (
	"fmt"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Bounds of the impact cache (see impacts).
const (
	// minImpactPostings is the fewest postings a term must have in a
	// segment for its bound to be worth reading: a rarer term is
	// enumerated whole anyway.
	minImpactPostings = 2048
	// maxImpactTerms bounds the terms a segment keeps bounds of.
	maxImpactTerms = 4096
)

// impacts keeps the highest BM25 factor (see factor) among the postings of
// a segment's common terms, for the average length the index had when it
// was read. With it, a common term's bound is what its postings reach and
// not the limit of the formula, about twice as high, so that MaxScore
// (see segSearch.run) sets it aside sooner. It is read the first time a
// search meets the term; the common words of questions recur. Documents
// deleted since only lower what the bound covers.
type impacts struct {
	mu sync.Mutex
	m  map[impactKey]float64
}

type impactKey struct {
	term   string
	avgLen float64
}

// factor is the BM25 score of a term in a document, over the term's
// weight: its saturated frequency, normalised by the document's length.
func factor(freq uint64, norm, avgLen float64) float64 {
	tf := math.Sqrt(float64(freq))
	fieldLen := 1 / (norm * norm)
	return tf * search.BM25_k1 / (tf + search.BM25_k1*(1-search.BM25_b+search.BM25_b*fieldLen/avgLen))
}

// bound returns a bound of the factor of term's postings pl in the
// segment: the highest one, read once, for a common term, and the limit of
// the formula for the others.
func (im *impacts) bound(term string, pl segment.PostingsList, avgLen float64) (float64, error) {
	if pl.Count() < minImpactPostings {
		return search.BM25_k1, nil
	}
	key := impactKey{term, avgLen}
	im.mu.Lock()
	v, ok := im.m[key]
	im.mu.Unlock()
	if ok {
		return v, nil
	}
	it := pl.Iterator(true, true, false, nil)
	top := 0.0
	for {
		p, err := it.Next()
		if err != nil {
			return 0, fmt.Errorf("retrieval: search: %w", err)
		}
		if p == nil {
			break
		}
		top = max(top, factor(p.Frequency(), p.Norm(), avgLen))
	}
	// A margin for the rounding of the score's other order of operations.
	top *= 1 + 1e-9
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.m == nil {
		im.m = make(map[impactKey]float64)
	}
	if len(im.m) < maxImpactTerms {
		im.m[key] = top
	}
	return top, nil
}
