package retrieval

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// hit is a document a search matched, with its score, and when timed is
// true, its article's publication time (zero when it has none) as the
// index knows it.
type hit struct {
	id    string
	score float64
	pub   time.Time
	timed bool
}

// termScorer scores searches segment by segment (see scoreTerms).
type termScorer struct {
	segs segCache
	// hits is how many documents a search keeps, 0 meaning passageHits,
	// and minImpact the postings from which a term's bounds are read, 0
	// meaning minImpactPostings. Tests set fewer of both, to make small
	// indexes skip blocks of documents as a large one does.
	hits, minImpact int
}

// scoreTerms scores the passage and title documents that have any of
// terms and pass the filters, and returns the best passageHits of them,
// best first. ok is false when the index is not one it can read, and the
// caller must search with bleve instead.
//
// The scores are those bleve gives the same disjunction with BM25, so that
// the ranking weights mean the same either way: for each term, its idf
// times the saturated frequency, weighted by idf over the query's norm,
// summed and scaled by the share of the terms matched. Bleve gets there by
// merging every posting of every term; scoreTerms goes segment by segment
// and skips what cannot reach the best passageHits (see segSearch.run),
// with the date window checked against each segment's days (see segInfo)
// instead of read from the day terms' postings.
func (ts *termScorer) scoreTerms(ctx context.Context, idx bleve.Index, terms []string, f filters) (hits []hit, ok bool, err error) {
	ai, err := idx.Advanced()
	if err != nil {
		return nil, false, fmt.Errorf("retrieval: search: %w", err)
	}
	ir, err := ai.Reader()
	if err != nil {
		return nil, false, fmt.Errorf("retrieval: search: %w", err)
	}
	defer ir.Close()
	snap, isSnap := ir.(*scorch.IndexSnapshot)
	if !isSnap {
		return nil, false, nil
	}
	docs, avgLen, err := textStats(snap)
	if err != nil || docs == 0 {
		return nil, err == nil, err
	}
	weights, err := termWeights(ctx, snap, terms, docs)
	if err != nil || weights == nil {
		return nil, err == nil, err
	}
	infos, err := ts.segs.infos(ctx, snap)
	if err != nil {
		return nil, false, err
	}
	top := &topK{k: passageHits}
	if ts.hits > 0 {
		top.k = ts.hits
	}
	var base uint64
	for i, ss := range snap.Segments() {
		cursors, err := openCursors(ss, infos[i], terms, weights, avgLen, cmp.Or(ts.minImpact, minImpactPostings))
		if err != nil {
			return nil, false, err
		}
		s := &segSearch{info: infos[i], f: &f, inScope: f.inScope(infos[i]), base: base, seg: i, avgLen: avgLen,
			nTerms: len(terms), cursors: cursors, prefix: prefixSums(cursors), parts: make([]float64, len(terms))}
		if err := s.run(ctx, top); err != nil {
			return nil, false, err
		}
		base += ss.Count()
	}
	return topHits(snap, infos, top)
}

// topHits is the hits of the documents top kept, best first, from what
// the segments' infos know of them.
func topHits(snap *scorch.IndexSnapshot, infos []*segInfo, top *topK) ([]hit, bool, error) {
	segs := snap.Segments()
	best := top.sorted()
	hits := make([]hit, 0, len(best))
	for _, r := range best {
		h, err := segHit(segs[r.seg], infos[r.seg], r.local, r.score)
		if err != nil {
			return nil, false, err
		}
		hits = append(hits, h)
	}
	return hits, true, nil
}

// segHit is the hit of document n of the segment ss, which info
// describes: from info, or from the ID bleve stores for a document whose
// ID is not one docID makes.
func segHit(ss *scorch.SegmentSnapshot, info *segInfo, n uint64, score float64) (hit, error) {
	if h, ok := info.hit(n, score); ok {
		return h, nil
	}
	id, err := ss.DocID(n)
	if err != nil {
		return hit{}, fmt.Errorf("retrieval: search: %w", err)
	}
	return hit{id: string(id), score: score}, nil
}

// textStats returns the number of documents and bleve's average length of
// their text field: the terms of the field's dictionary over the
// documents. docs is 0 when there is nothing to score.
func textStats(r index.BM25Reader) (docs uint64, avgLen float64, err error) {
	docs, err = r.DocCount()
	if err != nil {
		return 0, 0, fmt.Errorf("retrieval: search: %w", err)
	}
	card, err := r.FieldCardinality(fieldText)
	if err != nil {
		return 0, 0, fmt.Errorf("retrieval: search: %w", err)
	}
	if docs == 0 || card == 0 {
		return 0, 0, nil
	}
	return docs, math.Ceil(float64(card) / float64(docs)), nil
}

// termWeights returns the weight of each of terms in the query: its idf,
// from the documents of the whole index that have it, squared over the
// query's norm. It is nil when no term has any weight (each is in every
// document).
func termWeights(ctx context.Context, r index.IndexReader, terms []string, docs uint64) ([]float64, error) {
	idfs := make([]float64, len(terms))
	var sumSq float64
	for i, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t), fieldText, false, false, false)
		if err != nil {
			return nil, fmt.Errorf("retrieval: search: %w", err)
		}
		df := tfr.Count()
		tfr.Close()
		idfs[i] = bm25IDF(docs, df)
		sumSq += idfs[i] * idfs[i]
	}
	if sumSq == 0 {
		return nil, nil
	}
	queryNorm := 1 / math.Sqrt(sumSq)
	weights := make([]float64, len(idfs))
	for i, idf := range idfs {
		weights[i] = idf * idf * queryNorm
	}
	return weights, nil
}

// bm25IDF is the BM25 inverse document frequency of a term that df of docs
// documents hold, as bleve computes it.
func bm25IDF(docs, df uint64) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}
