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
	// maxImpactTerms bounds the terms a segment keeps bounds of: at most
	// 8 MB for a segment of two million documents.
	maxImpactTerms = 4096
	// impactBlock is how many documents, by number, a block bound
	// covers: with a byte a block, a term costs a byte for every 1,024
	// documents of the segment.
	impactBlock = 1024
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
	m  map[impactKey]termImpact
}

// termImpact is the highest factor of a term's postings in a segment, and
// in each impactBlock of its documents, rounded up to 1/255 of the
// formula's limit (see blockBound).
type termImpact struct {
	top    float64
	blocks []uint8
}

// blockBound is the bound of the term's factor in document n's block.
func (t termImpact) blockBound(n uint64) float64 {
	if t.blocks == nil {
		return t.top
	}
	// A step of the byte is 1/255 of the limit; the margin is for
	// rounding.
	return float64(t.blocks[n/impactBlock]) * search.BM25_k1 / 255 * (1 + 1e-9)
}

type impactKey struct {
	term   string
	avgLen float64
}

// factor is the BM25 score of a term in a document, over the term's
// weight: its saturated frequency, normalised by the document's length.
func factor(freq uint64, norm, avgLen float64) float64 { return bm25(1, freq, norm, avgLen) }

// bm25 is the BM25 score of a term of the given weight in a document where
// it occurs freq times and whose length norm is norm, in the order of
// operations bleve's has, so that the scores are the same.
func bm25(weight float64, freq uint64, norm, avgLen float64) float64 {
	tf := math.Sqrt(float64(freq))
	fieldLen := 1 / (norm * norm)
	return weight * tf * search.BM25_k1 /
		(tf + search.BM25_k1*(1-search.BM25_b+search.BM25_b*fieldLen/avgLen))
}

// bound returns bounds of the factor of term's postings pl in the segment
// of size docs: the highest one, and the highest of each block, read once,
// for a term with minPostings or more, and the limit of the formula for
// the others.
func (im *impacts) bound(term string, pl segment.PostingsList, avgLen float64, docs uint64, minPostings int) (termImpact, error) {
	if pl.Count() < uint64(minPostings) {
		return termImpact{top: search.BM25_k1}, nil
	}
	key := impactKey{term, avgLen}
	im.mu.Lock()
	v, ok := im.m[key]
	im.mu.Unlock()
	if ok {
		return v, nil
	}
	it := pl.Iterator(true, true, false, nil)
	t := termImpact{blocks: make([]uint8, (docs+impactBlock-1)/impactBlock)}
	for {
		p, err := it.Next()
		if err != nil {
			return termImpact{}, fmt.Errorf("retrieval: search: %w", err)
		}
		if p == nil {
			break
		}
		f := factor(p.Frequency(), p.Norm(), avgLen)
		t.top = max(t.top, f)
		b := &t.blocks[p.Number()/impactBlock]
		*b = max(*b, uint8(min(255, math.Ceil(f/search.BM25_k1*255))))
	}
	// A margin for the rounding of the score's other order of operations.
	t.top *= 1 + 1e-9
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.m == nil {
		im.m = make(map[impactKey]termImpact)
	}
	if len(im.m) >= maxImpactTerms {
		// An arbitrary one makes room: the terms questions use change.
		for old := range im.m {
			delete(im.m, old)
			break
		}
	}
	im.m[key] = t
	return t, nil
}
