package retrieval

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// exhausted is the document number of a cursor past its last posting.
const exhausted = math.MaxUint64

// cursor walks the postings of one query term in one segment.
type cursor struct {
	it   segment.PostingsIterator
	term int // the term's place in the query
	doc  uint64
	freq uint64
	norm float64
	// weight is the term's weight in the query (see openTerms); ub bounds
	// the score it can add to any document, and impact, times weight, in
	// each block of documents.
	weight, ub float64
	impact     termImpact
}

func (c *cursor) set(p segment.Posting, err error) error {
	if err != nil {
		return fmt.Errorf("retrieval: search: %w", err)
	}
	if p == nil {
		c.doc = exhausted
		return nil
	}
	// The posting may be reused by the next call: copy what is needed.
	c.doc, c.freq, c.norm = p.Number(), p.Frequency(), p.Norm()
	return nil
}

func (c *cursor) next() error { return c.set(c.it.Next()) }

// advance moves to the first posting at or after doc.
func (c *cursor) advance(doc uint64) error { return c.set(c.it.Advance(doc)) }

// score is the term's BM25 score in the current document: its weight
// times factor, up to rounding.
func (c *cursor) score(avgLen float64) float64 { return bm25(c.weight, c.freq, c.norm, avgLen) }

// ranked is a scored document: its number in the index (the segment's
// offset plus its number there), by which ties go, and where it is.
type ranked struct {
	num   uint64
	seg   int
	local uint64
	score float64
}

// worse orders documents worst first: by score, then by number, later
// numbers being worse.
func worse(a, b ranked) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return a.num > b.num
}

// topK keeps the k best documents offered, in a heap whose root is the
// worst of them.
type topK struct {
	k int
	h []ranked
}

// threshold is the score a document must beat (or tie with a lower
// number) to enter: the worst kept, or -1 while fewer than k are.
func (t *topK) threshold() float64 {
	if len(t.h) < t.k {
		return -1
	}
	return t.h[0].score
}

// offer keeps r if it is among the k best so far.
func (t *topK) offer(r ranked) {
	if len(t.h) < t.k {
		t.h = append(t.h, r)
		for i := len(t.h) - 1; i > 0; {
			p := (i - 1) / 2
			if !worse(t.h[i], t.h[p]) {
				break
			}
			t.h[i], t.h[p] = t.h[p], t.h[i]
			i = p
		}
		return
	}
	if !worse(t.h[0], r) {
		return
	}
	t.h[0] = r
	for i := 0; ; {
		w := i
		if l := 2*i + 1; l < len(t.h) && worse(t.h[l], t.h[w]) {
			w = l
		}
		if r := 2*i + 2; r < len(t.h) && worse(t.h[r], t.h[w]) {
			w = r
		}
		if w == i {
			return
		}
		t.h[i], t.h[w] = t.h[w], t.h[i]
		i = w
	}
}

// sorted returns the documents kept, best first.
func (t *topK) sorted() []ranked {
	out := slices.Clone(t.h)
	slices.SortFunc(out, func(a, b ranked) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.num, b.num)
	})
	return out
}

// segSearch is the state of one search in one segment.
type segSearch struct {
	info    *segInfo
	f       *filters
	inScope func(n uint64) bool
	base    uint64
	seg     int
	avgLen  float64
	nTerms  int
	// cursors are ordered by ub, smallest first; prefix[i] is the sum of
	// the ub of cursors[:i].
	cursors []*cursor
	prefix  []float64
	// parts holds the current document's score of each query term, so
	// that it is added up in the query's order whatever the cursors'.
	parts []float64
}

// admits reports whether document d of the segment passes the filters.
func (s *segSearch) admits(d uint64) bool {
	return s.f.admitsDay(s.info.day(d)) && s.inScope(d)
}

// essential returns how many of the cursors, smallest bounds first, can
// only be looked up for documents that others found: a document that has
// only their terms cannot score above theta, even with every one of them
// at its bound and counted as matched.
func (s *segSearch) essential(theta float64) int {
	p := 0
	for p < len(s.cursors) && s.prefix[p+1]*float64(p+1)/float64(s.nTerms) < theta {
		p++
	}
	return p
}

// run scores the documents of the segment that have any of the terms and
// pass the filters, offering each to top. It is MaxScore evaluation
// (Turtle and Flood): documents are enumerated from the postings of the
// essential terms only, and the others, the common ones, are looked up by
// skipping to those documents, and not even that once the document cannot
// reach the k-th score. The ranking is the same as scoring every
// document's terms.
func (s *segSearch) run(ctx context.Context, top *topK) error {
	p := s.essential(top.threshold())
	for seen := 0; ; seen++ {
		if seen%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d := uint64(exhausted)
		for _, c := range s.cursors[p:] {
			d = min(d, c.doc)
		}
		if d == exhausted {
			return nil
		}
		if next := s.info.nextInWindow(d, s.f); next != d {
			// d's block is all from outside the window: skip to the
			// next that is not.
			if err := s.skipTo(next, p); err != nil {
				return err
			}
			continue
		}
		if s.blockBound(d) < top.threshold() {
			// No document of d's block can reach the k best.
			if err := s.skipTo((d/impactBlock+1)*impactBlock, p); err != nil {
				return err
			}
			continue
		}
		ok := s.admits(d)
		score, matched := 0.0, 0
		for _, c := range s.cursors[p:] {
			if c.doc != d {
				continue
			}
			if ok {
				v := c.score(s.avgLen)
				s.parts[c.term] = v
				score += v
				matched++
			}
			if err := c.next(); err != nil {
				return err
			}
		}
		if !ok {
			continue
		}
		if err := s.lookUp(d, p, score, matched, top.threshold()); err != nil {
			return err
		}
		top.offer(ranked{num: s.base + d, seg: s.seg, local: d, score: s.total()})
		p = max(p, s.essential(top.threshold()))
	}
}

// blockBound bounds the score of the documents of document d's block
// (see impactBlock): every term at its bound in the block, and counted as
// matched unless it has no posting there.
func (s *segSearch) blockBound(d uint64) float64 {
	sum, n := 0.0, 0
	for _, c := range s.cursors {
		if b := c.impact.blockBound(d); b > 0 {
			sum += c.weight * b
			n++
		}
	}
	return sum * float64(n) / float64(s.nTerms)
}

// skipTo moves the essential cursors (cursors[p:]) to their first
// documents at or after n.
func (s *segSearch) skipTo(n uint64, p int) error {
	for _, c := range s.cursors[p:] {
		if c.doc < n {
			if n >= s.info.size() {
				c.doc = exhausted
				continue
			}
			if err := c.advance(n); err != nil {
				return err
			}
		}
	}
	return nil
}

// lookUp adds to parts the scores in document d of the non-essential terms
// (cursors[:p]), largest bound first, until the rest cannot lift the
// document above theta.
func (s *segSearch) lookUp(d uint64, p int, score float64, matched int, theta float64) error {
	for j := p - 1; j >= 0; j-- {
		if (score+s.prefix[j+1])*float64(matched+j+1)/float64(s.nTerms) < theta {
			return nil
		}
		c := s.cursors[j]
		if c.doc < d {
			if err := c.advance(d); err != nil {
				return err
			}
		}
		if c.doc == d {
			v := c.score(s.avgLen)
			s.parts[c.term] = v
			score += v
			matched++
		}
	}
	return nil
}

// total is the document's score from parts, which it clears: the terms'
// scores summed in the query's order, scaled by the share of the terms it
// has, as bleve's disjunction does.
func (s *segSearch) total() float64 {
	sum, matched := 0.0, 0
	for i, v := range s.parts {
		if v != 0 {
			sum += v
			matched++
			s.parts[i] = 0
		}
	}
	return sum * float64(matched) / float64(s.nTerms)
}

// openCursors opens a cursor on each term of the segment that has
// postings, ordered by bound, with the bounds of those with minImpact
// postings or more read (see impacts).
func openCursors(ss *scorch.SegmentSnapshot, info *segInfo, terms []string, weights []float64, avgLen float64, minImpact int) ([]*cursor, error) {
	dict, err := ss.Segment().Dictionary(fieldText)
	if err != nil {
		return nil, fmt.Errorf("retrieval: search: %w", err)
	}
	var out []*cursor
	for i, t := range terms {
		if weights[i] == 0 {
			continue
		}
		pl, err := dict.PostingsList([]byte(t), ss.Deleted(), nil)
		if err != nil {
			return nil, fmt.Errorf("retrieval: search: %w", err)
		}
		if pl.Count() == 0 {
			continue
		}
		impact, err := info.impacts.bound(t, pl, avgLen, ss.Count(), minImpact)
		if err != nil {
			return nil, err
		}
		c := &cursor{it: pl.Iterator(true, true, false, nil), term: i, weight: weights[i], ub: weights[i] * impact.top, impact: impact}
		if err := c.next(); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b *cursor) int { return cmp.Compare(a.ub, b.ub) })
	return out, nil
}

// prefixSums returns the running sums of the cursors' bounds.
func prefixSums(cs []*cursor) []float64 {
	out := make([]float64, len(cs)+1)
	for i, c := range cs {
		out[i+1] = out[i] + c.ub
	}
	return out
}
