package retrieval

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// hit is a document a search matched, with its score.
type hit struct {
	id    string
	score float64
}

// maxFilterPostings bounds the documents of filter terms that scoreTerms
// reads into a set: about 20 ms of reading, which is what bleve's
// conjunction takes to skip through such a filter (a few months of news at
// 100k articles) along the terms' postings. A wider filter is left to
// bleve.
const maxFilterPostings = 1 << 20

// termScorer scores searches term at a time (see scoreTerms).
type termScorer struct {
	// free holds score tables (see table) that no search is using, at
	// most maxFreeTables. Unlike a sync.Pool, which empties at every
	// garbage collection, it keeps them: a table of a large index is a
	// few megabytes.
	mu   sync.Mutex
	free []*table
	// filterCap is the most filter documents read into a set; 0 means
	// maxFilterPostings.
	filterCap uint64
}

// scoreTerms scores, term at a time, the passage and title documents that
// have any of terms and pass the filters, and returns the best passageHits
// of them, best first. ok is false when a filter is too wide for it (see
// maxFilterPostings), or the index is not one it can read, and the caller
// must search with bleve instead.
//
// The scores are those bleve gives the same disjunction with BM25, so that
// the ranking weights mean the same either way: for each term, its idf
// times the saturated frequency, weighted by idf over the query's norm,
// summed and scaled by the share of the terms matched. Bleve gets there
// document at a time, merging the terms' postings in a heap and collecting
// in another; adding each term's postings into a table costs about half
// as much on a large index.
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
	r, isBM25 := ir.(index.BM25Reader)
	if !isBM25 {
		return nil, false, nil
	}
	limit := ts.filterCap
	if limit == 0 {
		limit = maxFilterPostings
	}
	allowed, ok, err := filterSet(ctx, r, f, limit)
	if err != nil || !ok {
		return nil, ok, err
	}
	docs, avgLen, err := textStats(r)
	if err != nil || docs == 0 {
		return nil, err == nil, err
	}
	readers, weights, err := openTerms(ctx, r, terms, docs)
	if err != nil {
		return nil, false, err
	}
	defer func() {
		for _, tfr := range readers {
			tfr.Close()
		}
	}()
	if weights == nil {
		return nil, true, nil
	}
	t := ts.table(docs)
	defer ts.release(t)
	for i, tfr := range readers {
		if ok, err := t.addPostings(ctx, tfr, weights[i], avgLen, allowed); err != nil || !ok {
			return nil, false, err
		}
	}
	hits, err = bestHits(r, t, len(terms))
	if err != nil {
		return nil, false, err
	}
	return hits, true, nil
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

// openTerms opens a reader of the postings of each of terms in the text
// field and returns it with the term's weight in the query: its idf
// squared over the query's norm. weights is nil when no term has any
// weight (each is in every document). The caller closes the readers; on
// an error openTerms closes those it opened.
func openTerms(ctx context.Context, r index.IndexReader, terms []string, docs uint64) (readers []index.TermFieldReader, weights []float64, err error) {
	readers = make([]index.TermFieldReader, 0, len(terms))
	idfs := make([]float64, 0, len(terms))
	var sumSq float64
	for _, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t), fieldText, true, true, false)
		if err != nil {
			for _, open := range readers {
				open.Close()
			}
			return nil, nil, fmt.Errorf("retrieval: search: %w", err)
		}
		readers = append(readers, tfr)
		idf := bm25IDF(docs, tfr.Count())
		idfs = append(idfs, idf)
		sumSq += idf * idf
	}
	if sumSq == 0 {
		return readers, nil, nil
	}
	queryNorm := 1 / math.Sqrt(sumSq)
	weights = make([]float64, len(idfs))
	for i, idf := range idfs {
		weights[i] = idf * idf * queryNorm
	}
	return readers, weights, nil
}

// addPostings adds to t the BM25 score, times weight, of each document of
// tfr's term that allowed has (every one when allowed is nil). ok is false
// when a document number is not one it can read.
func (t *table) addPostings(ctx context.Context, tfr index.TermFieldReader, weight, avgLen float64, allowed *docSet) (ok bool, err error) {
	var d index.TermFieldDoc
	for {
		next, err := tfr.Next(&d)
		if err != nil {
			return false, fmt.Errorf("retrieval: search: %w", err)
		}
		if next == nil {
			break
		}
		if len(next.ID) != 8 {
			return false, nil
		}
		num := binary.BigEndian.Uint64(next.ID)
		if allowed != nil && !allowed.has(num) {
			continue
		}
		tf := math.Sqrt(float64(next.Freq))
		fieldLen := 1 / (next.Norm * next.Norm)
		s := weight * tf * search.BM25_k1 /
			(tf + search.BM25_k1*(1-search.BM25_b+search.BM25_b*fieldLen/avgLen))
		t.add(num, s)
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	return true, nil
}

// bestHits scales the scores in t by the share of the n terms each
// document matched and returns the best passageHits, best first, by ID.
func bestHits(r index.IndexReader, t *table, n int) ([]hit, error) {
	for i := range t.met {
		t.met[i].score *= float64(t.met[i].matched) / float64(n)
	}
	all := best(t.met, passageHits)
	hits := make([]hit, 0, len(all))
	var buf [8]byte
	for _, s := range all {
		binary.BigEndian.PutUint64(buf[:], s.num)
		id, err := r.ExternalID(buf[:])
		if err != nil {
			return nil, fmt.Errorf("retrieval: search: %w", err)
		}
		hits = append(hits, hit{id, s.score})
	}
	return hits, nil
}

// scored is a document's number and score, and how many of a search's
// terms it has.
type scored struct {
	num     uint64
	score   float64
	matched int
}

// table adds up the scores of the documents a search meets. Document
// numbers are dense, from 0 to about the number of documents, so a slice
// indexed by them finds a document's entry several times faster than a
// map. Searches reuse tables (see termScorer.table), and each clears only
// what it set.
type table struct {
	// met is the documents met, in the order met; slot[n]-1 is where
	// document n is in met, and 0 when it is not.
	met  []scored
	slot []int32
}

// maxFreeTables is how many unused score tables a termScorer keeps.
const maxFreeTables = 8

// table returns a free score table, or a new one, sized for an index of
// about docs documents (document numbers also count deleted documents not
// yet merged away).
func (ts *termScorer) table(docs uint64) *table {
	ts.mu.Lock()
	var t *table
	if n := len(ts.free); n > 0 {
		t, ts.free = ts.free[n-1], ts.free[:n-1]
	}
	ts.mu.Unlock()
	if t == nil {
		t = new(table)
	}
	if want := docs + docs/8 + 64; uint64(len(t.slot)) < want {
		t.slot = make([]int32, want)
	}
	return t
}

// release empties t and keeps it for another search.
func (ts *termScorer) release(t *table) {
	t.reset()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.free) < maxFreeTables {
		ts.free = append(ts.free, t)
	}
}

// add adds s to the score of document num.
func (t *table) add(num uint64, s float64) {
	if num >= uint64(len(t.slot)) {
		grown := make([]int32, max(num+1, uint64(2*len(t.slot))))
		copy(grown, t.slot)
		t.slot = grown
	}
	if i := t.slot[num]; i > 0 {
		t.met[i-1].score += s
		t.met[i-1].matched++
		return
	}
	t.met = append(t.met, scored{num: num, score: s, matched: 1})
	t.slot[num] = int32(len(t.met))
}

// reset empties t for the next search.
func (t *table) reset() {
	for _, m := range t.met {
		t.slot[m.num] = 0
	}
	t.met = t.met[:0]
}

// better orders documents by score, best first, then by number.
func better(a, b scored) int {
	if c := cmp.Compare(b.score, a.score); c != 0 {
		return c
	}
	return cmp.Compare(a.num, b.num)
}

// best returns the k best of docs, best first, in a new slice. It keeps
// the k best met so far in a heap whose root is the worst of them, which
// costs far less than sorting the tens of thousands of documents a search
// meets.
func best(docs []scored, k int) []scored {
	if len(docs) <= k {
		out := slices.Clone(docs)
		slices.SortFunc(out, better)
		return out
	}
	h := slices.Clone(docs[:k])
	// worse reports whether h[i] ranks after h[j].
	worse := func(i, j int) bool { return better(h[i], h[j]) > 0 }
	down := func(i int) {
		for {
			w := i
			if l := 2*i + 1; l < len(h) && worse(l, w) {
				w = l
			}
			if r := 2*i + 2; r < len(h) && worse(r, w) {
				w = r
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, d := range docs[k:] {
		if better(d, h[0]) < 0 {
			h[0] = d
			down(0)
		}
	}
	slices.SortFunc(h, better)
	return h
}

// docSet is a set of document numbers, or, when not is true, all
// documents but those.
type docSet struct {
	bits []uint64
	not  bool
}

func (s *docSet) add(n uint64) {
	w := n / 64
	if w >= uint64(len(s.bits)) {
		s.bits = append(s.bits, make([]uint64, w+1-uint64(len(s.bits)))...)
	}
	s.bits[w] |= 1 << (n % 64)
}

func (s *docSet) has(n uint64) bool {
	w := n / 64
	in := w < uint64(len(s.bits)) && s.bits[w]&(1<<(n%64)) != 0
	return in != s.not
}

// filterSet returns the documents that pass the filters, nil when all do.
// ok is false when a filter has more than limit documents.
func filterSet(ctx context.Context, r index.IndexReader, f filters, limit uint64) (set *docSet, ok bool, err error) {
	for _, group := range f.must {
		next := &docSet{}
		var total uint64
		err := eachPosting(ctx, r, group, func(n uint64) bool {
			total++
			if set == nil || set.has(n) {
				next.add(n)
			}
			return total <= limit
		})
		if err != nil {
			return nil, false, err
		}
		if total > limit {
			return nil, false, nil
		}
		set = next
	}
	if f.futureFrom == "" {
		return set, true, nil
	}
	// The days after the search's, which are only there when the search
	// is as of a past moment: the documents to leave out.
	dict, err := r.FieldDictRange(fieldDay, []byte(f.futureFrom), nil)
	if err != nil {
		return nil, false, fmt.Errorf("retrieval: search: %w", err)
	}
	var later []fieldTerm
	for {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return nil, false, fmt.Errorf("retrieval: search: %w", err)
		}
		if e == nil {
			break
		}
		later = append(later, fieldTerm{fieldDay, e.Term})
	}
	dict.Close()
	excluded := &docSet{}
	var total uint64
	err = eachPosting(ctx, r, later, func(n uint64) bool {
		total++
		excluded.add(n)
		return total <= limit
	})
	if err != nil || total > limit {
		return nil, false, err
	}
	if set == nil {
		excluded.not = true
		return excluded, true, nil
	}
	for w := range min(len(set.bits), len(excluded.bits)) {
		set.bits[w] &^= excluded.bits[w]
	}
	return set, true, nil
}

// eachPosting calls fn with the number of each document that has any of
// terms, until fn returns false.
func eachPosting(ctx context.Context, r index.IndexReader, terms []fieldTerm, fn func(uint64) bool) error {
	var d index.TermFieldDoc
	for _, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t.term), t.field, false, false, false)
		if err != nil {
			return fmt.Errorf("retrieval: search: %w", err)
		}
		for {
			next, err := tfr.Next(&d)
			if err != nil {
				tfr.Close()
				return fmt.Errorf("retrieval: search: %w", err)
			}
			if next == nil {
				break
			}
			if len(next.ID) != 8 {
				tfr.Close()
				return fmt.Errorf("retrieval: search: unexpected document number of %d bytes", len(next.ID))
			}
			if !fn(binary.BigEndian.Uint64(next.ID)) {
				tfr.Close()
				return nil
			}
		}
		tfr.Close()
	}
	return nil
}

// bm25IDF is the BM25 inverse document frequency of a term that df of docs
// documents hold, as bleve computes it.
func bm25IDF(docs, df uint64) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}
