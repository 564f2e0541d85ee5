package retrieval

import (
	"cmp"
	"context"
	"fmt"
	"math"
	mathbits "math/bits"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"golang.org/x/sync/errgroup"
)

// undatedDay is the day of a document without a published time.
const undatedDay = math.MaxInt32

// segInfo is what searches keep of one segment of the index: the article
// of each of its documents, by number, with its ID, published time, feed
// and outlet, and which are title documents.
// Bleve's segments never change once made, so it is read from the segment
// once and kept as long as the segment is in use; the documents a snapshot
// has deleted since are left out by the postings themselves. Checking a
// document's day in it costs a load, where reading a date filter's terms
// costs as much as the window has documents, for every search.
type segInfo struct {
	// feeds and srcs are the feeds and outlets (lower-cased, as indexed)
	// of the segment's articles, whose numbers articleTable holds.
	feeds []int64
	srcs  map[string]int32
	lead  []uint64
	// leadDays is the days of the dated title documents, in order, and
	// leadDocs their numbers in the same order; undatedLeads is the number
	// without a date. They count the articles of a window without visiting
	// them, and find the newest.
	leadDays     []int32
	leadDocs     []uint32
	undatedLeads int
	// feedLeadDays and srcLeadDays are leadDays by feed and by outlet
	// number, and feedUndated and srcUndated the undated title documents,
	// to count a scope's articles the same way.
	feedLeadDays, srcLeadDays [][]int32
	feedUndated, srcUndated   []int
	// blocks holds the first and last day of each dayBlock documents in
	// turn (undated ones left out), so that a search skips the runs of
	// documents from outside its window. Documents arrive about in order
	// of publication, and bleve numbers them in order of arrival.
	blocks []dayRange
	// impacts bounds the scores of the segment's common terms.
	impacts impacts
	// art is the number in arts of each document's article, or -1 when
	// its ID is not one docID makes, and ord its place in the article
	// (titleOrd for the title document). With them, a search reads
	// nothing of a document to tell what it is (see newMapping); and as
	// an article's documents share their day, feed and outlet, those are
	// kept once an article, at a sixth of the memory.
	art  []int32
	ord  []int8
	arts articleTable
}

// articleTable is the IDs, publication times, feeds and outlets of a
// segment's articles, in the order of their IDs.
type articleTable struct {
	ids  []byte   // the IDs one after another
	ends []uint32 // where each ends in ids
	// pub is each one's publication time in Unix seconds, or undatedPub,
	// and day its UTC day (see dayNumber), or undatedDay.
	pub []int64
	day []int32
	// feed and src are the numbers of each one's feed in segInfo.feeds
	// and of its outlet in segInfo.srcs, or -1.
	feed, src []int32
}

// undatedPub is the pub of an article without a publication time.
const undatedPub = math.MinInt64

// id is the ID of article a.
func (t *articleTable) id(a int32) string {
	var start uint32
	if a > 0 {
		start = t.ends[a-1]
	}
	return string(t.ids[start:t.ends[a]])
}

// add appends the article with ID id.
func (t *articleTable) add(id []byte) {
	t.ids = append(t.ids, id...)
	t.ends = append(t.ends, uint32(len(t.ids)))
	t.pub = append(t.pub, undatedPub)
	t.day = append(t.day, undatedDay)
	t.feed = append(t.feed, -1)
	t.src = append(t.src, -1)
}

// size is the number of documents of the segment.
func (s *segInfo) size() uint64 { return uint64(len(s.art)) }

// day is the day of document n, undatedDay when it has none (or its
// article is not known).
func (s *segInfo) day(n uint64) int32 {
	if a := s.art[n]; a >= 0 {
		return s.arts.day[a]
	}
	return undatedDay
}

// feed and src are the numbers of document n's feed and outlet, or -1.
func (s *segInfo) feed(n uint64) int32 {
	if a := s.art[n]; a >= 0 {
		return s.arts.feed[a]
	}
	return -1
}

func (s *segInfo) src(n uint64) int32 {
	if a := s.art[n]; a >= 0 {
		return s.arts.src[a]
	}
	return -1
}

// hit is the hit of document n of the segment, with the given score: its
// ID and its article's publication time. ok is false when the segment does
// not know the document's article.
func (s *segInfo) hit(n uint64, score float64) (h hit, ok bool) {
	a := s.art[n]
	if a < 0 {
		return hit{}, false
	}
	h = hit{id: docID(s.arts.id(a), int(s.ord[n])), score: score, timed: true}
	if p := s.arts.pub[a]; p != undatedPub {
		h.pub = time.Unix(p, 0).UTC()
	}
	return h, true
}

// dayRange is the days of a block of documents, first > last when it has
// no dated document, and whether it has undated ones.
type dayRange struct {
	first, last int32
	undated     bool
}

// dayBlock is how many documents a dayRange covers: small enough to skip
// a window's edges closely, large enough that checking blocks costs
// nothing next to reading postings.
const dayBlock = 256

// dayNumber is t's UTC day, counted from 1970-01-01.
func dayNumber(t time.Time) int32 {
	return int32(utcDay(t).Sub(epoch).Hours() / 24)
}

// isLead reports whether document n of the segment is a title document.
func (s *segInfo) isLead(n uint64) bool {
	w := n / 64
	return w < uint64(len(s.lead)) && s.lead[w]&(1<<(n%64)) != 0
}

// segCache keeps the segInfo of the segments that searches met, and drops
// those of segments no longer in the index. Its methods are safe for
// concurrent use.
type segCache struct {
	mu   sync.Mutex
	segs map[segment.Segment]*segInfo
	// reading holds the read of each segment being read, which whoever
	// else needs the segment waits for instead of reading it again: the
	// warmer reads a new segment as the searches meet it, and a merged
	// segment of millions of documents takes seconds to read.
	reading map[segment.Segment]*segRead
	// readInfo reads a segment's segInfo, nil meaning readSegInfo, and
	// waiting, unless nil, is called when a caller starts waiting for
	// another's read: tests set them to see the reads.
	readInfo func(ctx context.Context, seg segment.Segment) (*segInfo, error)
	waiting  func()
}

// segRead is one read of a segment's segInfo: info and err are set when
// done is closed.
type segRead struct {
	done chan struct{}
	info *segInfo
	err  error
}

// infos returns the segInfo of each of snap's segments, in order, reading
// those it does not have yet.
func (c *segCache) infos(ctx context.Context, snap *scorch.IndexSnapshot) ([]*segInfo, error) {
	segs := snap.Segments()
	out := make([]*segInfo, len(segs))
	c.mu.Lock()
	if c.segs == nil {
		c.segs = make(map[segment.Segment]*segInfo)
	}
	for i, s := range segs {
		out[i] = c.segs[s.Segment()]
	}
	c.mu.Unlock()
	for i, s := range segs {
		if out[i] != nil {
			continue
		}
		// Read without the lock: a new segment of a large index takes
		// from milliseconds to seconds, and another search may need
		// others.
		info, err := c.read(ctx, s.Segment())
		if err != nil {
			return nil, err
		}
		out[i] = info
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, s := range segs {
		c.segs[s.Segment()] = out[i]
	}
	if len(c.segs) > len(segs) {
		live := make(map[segment.Segment]bool, len(segs))
		for _, s := range segs {
			live[s.Segment()] = true
		}
		for s := range c.segs {
			if !live[s] {
				delete(c.segs, s)
			}
		}
	}
	return out, nil
}

// read reads the segInfo of seg, or waits for the read of it already
// under way.
func (c *segCache) read(ctx context.Context, seg segment.Segment) (*segInfo, error) {
	for {
		c.mu.Lock()
		if info := c.segs[seg]; info != nil {
			c.mu.Unlock()
			return info, nil
		}
		if c.segs == nil {
			c.segs = make(map[segment.Segment]*segInfo)
		}
		if c.reading == nil {
			c.reading = make(map[segment.Segment]*segRead)
		}
		r, busy := c.reading[seg]
		if !busy {
			r = &segRead{done: make(chan struct{})}
			c.reading[seg] = r
		}
		c.mu.Unlock()
		if !busy {
			readInfo := c.readInfo
			if readInfo == nil {
				readInfo = readSegInfo
			}
			r.info, r.err = readInfo(ctx, seg)
			c.mu.Lock()
			delete(c.reading, seg)
			if r.err == nil {
				c.segs[seg] = r.info
			}
			c.mu.Unlock()
			close(r.done)
			return r.info, r.err
		}
		if c.waiting != nil {
			c.waiting()
		}
		select {
		case <-r.done:
			if r.err == nil {
				return r.info, nil
			}
			// The read may have failed because its caller's context
			// ended: unless this one's has too, read again.
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// readSegInfo reads the days, feeds, outlets and title documents of seg
// from its postings.
func readSegInfo(ctx context.Context, seg segment.Segment) (*segInfo, error) {
	adviseRandom(seg)
	n := seg.Count()
	info := &segInfo{srcs: make(map[string]int32), lead: make([]uint64, (n+63)/64), art: make([]int32, n), ord: make([]int8, n)}
	for i := range n {
		info.art[i] = -1
	}
	if err := readDocIDs(ctx, seg, info); err != nil {
		return nil, err
	}
	info.numberInDocOrder()
	// The days and times, the feeds and the outlets fill arrays of their
	// own: they are read at once.
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		err := eachSegTerm(gctx, seg, fieldDay, func(term string) func(uint64) {
			t, err := time.Parse(dayLayout, term)
			if err != nil {
				return nil
			}
			d := dayNumber(t)
			return func(num uint64) {
				if a := info.art[num]; a >= 0 {
					info.arts.day[a] = d
				}
			}
		})
		if err != nil {
			return err
		}
		return eachSegTerm(gctx, seg, fieldSec, func(term string) func(uint64) {
			sec, err := strconv.ParseInt(term, 10, 64)
			if err != nil {
				return nil
			}
			return func(num uint64) {
				if a := info.art[num]; a >= 0 && info.arts.day[a] != undatedDay {
					d := info.arts.day[a]
					info.arts.pub[a] = int64(d)*secondsPerDay + epoch.Unix() + sec
				}
			}
		})
	})
	g.Go(func() error {
		return eachSegTerm(gctx, seg, fieldFeed, func(term string) func(uint64) {
			id, err := strconv.ParseInt(term, 10, 64)
			if err != nil {
				return nil
			}
			ord := int32(len(info.feeds))
			info.feeds = append(info.feeds, id)
			return func(num uint64) {
				if a := info.art[num]; a >= 0 {
					info.arts.feed[a] = ord
				}
			}
		})
	})
	g.Go(func() error {
		return eachSegTerm(gctx, seg, fieldSrcKey, func(term string) func(uint64) {
			ord := int32(len(info.srcs))
			info.srcs[term] = ord
			return func(num uint64) {
				if a := info.art[num]; a >= 0 {
					info.arts.src[a] = ord
				}
			}
		})
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	info.feedUndated, info.srcUndated = make([]int, len(info.feeds)), make([]int, len(info.srcs))
	err := eachSegTerm(ctx, seg, fieldLead, func(term string) func(uint64) {
		if term != flagYes {
			return nil
		}
		return func(num uint64) {
			info.lead[num/64] |= 1 << (num % 64)
			if info.day(num) == undatedDay {
				info.undatedLeads++
				if f := info.feed(num); f >= 0 {
					info.feedUndated[f]++
				}
				if src := info.src(num); src >= 0 {
					info.srcUndated[src]++
				}
			} else {
				info.leadDocs = append(info.leadDocs, uint32(num))
			}
		}
	})
	slices.SortStableFunc(info.leadDocs, func(a, b uint32) int { return cmp.Compare(info.day(uint64(a)), info.day(uint64(b))) })
	info.blocks = dayBlocks(info)
	info.leadDays = make([]int32, len(info.leadDocs))
	info.feedLeadDays = make([][]int32, len(info.feeds))
	info.srcLeadDays = make([][]int32, len(info.srcs))
	for i, n := range info.leadDocs {
		d := info.day(uint64(n))
		info.leadDays[i] = d
		if f := info.feed(uint64(n)); f >= 0 {
			info.feedLeadDays[f] = append(info.feedLeadDays[f], d)
		}
		if src := info.src(uint64(n)); src >= 0 {
			info.srcLeadDays[src] = append(info.srcLeadDays[src], d)
		}
	}
	return info, err
}

// secondsPerDay is the length of a UTC day.
const secondsPerDay = 24 * 60 * 60

// readDocIDs sets the art, ord and arts of info from the IDs of seg's
// documents. Its dictionary of IDs lists them in order, and an article's
// are next to one another, as no ID holds the '#' that ends the article's
// part of them. The dictionary is read in idParts, at once on all cores:
// at a million articles it has millions of IDs, a few seconds' reading
// that a restarted index's first search waits for.
func readDocIDs(ctx context.Context, seg segment.Segment, info *segInfo) error {
	parts := idParts()
	tables := make([]articleTable, len(parts))
	part := make([]uint8, len(info.art))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, r := range parts {
		g.Go(func() error {
			var err error
			tables[i], err = readDocIDRange(gctx, seg, r[0], r[1], info, part, uint8(i))
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// The parts' articles, in the order of their IDs, one part after
	// another.
	offset := make([]int32, len(parts))
	for i, t := range tables {
		offset[i] = int32(len(info.arts.ends))
		base := uint32(len(info.arts.ids))
		info.arts.ids = append(info.arts.ids, t.ids...)
		for _, e := range t.ends {
			info.arts.ends = append(info.arts.ends, base+e)
		}
		info.arts.pub = append(info.arts.pub, t.pub...)
		info.arts.day = append(info.arts.day, t.day...)
		info.arts.feed = append(info.arts.feed, t.feed...)
		info.arts.src = append(info.arts.src, t.src...)
	}
	for n, a := range info.art {
		if a >= 0 {
			info.art[n] = a + offset[part[n]]
		}
	}
	return nil
}

// idParts are the ranges of document IDs that readDocIDs reads at once:
// article IDs are "u" or "c" and hex digits (see data.URLID and
// data.ContentID), most of them "u". An ID of another form falls in one
// of them too.
func idParts() [][2][]byte {
	bounds := []string{"c8", "u", "u4", "u8", "uc"}
	out := make([][2][]byte, 0, len(bounds)+1)
	var start []byte
	for _, b := range bounds {
		out = append(out, [2][]byte{start, []byte(b)})
		start = []byte(b)
	}
	return append(out, [2][]byte{start, nil})
}

// readDocIDRange reads the IDs of seg's documents from start (inclusive)
// to end (exclusive; nil for no bound) into info.art and info.ord, with
// the numbers of their articles in the table it returns, and marks the
// documents it read in part with p.
func readDocIDRange(ctx context.Context, seg segment.Segment, start, end []byte, info *segInfo, part []uint8, p uint8) (articleTable, error) {
	var t articleTable
	dict, err := seg.Dictionary(idField)
	if err != nil {
		return t, fmt.Errorf("retrieval: read segment: %w", err)
	}
	it := dict.AutomatonIterator(nil, start, end)
	// The postings list, its iterator and the term's bytes are reused: a
	// segment can have millions of documents.
	var (
		pl   segment.PostingsList
		pit  segment.PostingsIterator
		term []byte
		last string
	)
	for seen := 0; ; seen++ {
		if seen%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return t, err
			}
		}
		e, err := it.Next()
		if err != nil {
			return t, fmt.Errorf("retrieval: read segment: %w", err)
		}
		if e == nil {
			return t, nil
		}
		aid, ord, ok := parseDocID(e.Term)
		if !ok || ord < math.MinInt8 || ord > math.MaxInt8 {
			continue
		}
		if len(t.ends) == 0 || aid != last {
			t.add([]byte(aid))
			last = aid
		}
		a := int32(len(t.ends) - 1)
		term = append(term[:0], e.Term...)
		if pl, err = dict.PostingsList(term, nil, pl); err != nil {
			return t, fmt.Errorf("retrieval: read segment: %w", err)
		}
		pit = pl.Iterator(false, false, false, pit)
		for {
			posting, err := pit.Next()
			if err != nil {
				return t, fmt.Errorf("retrieval: read segment: %w", err)
			}
			if posting == nil {
				break
			}
			n := posting.Number()
			info.art[n], info.ord[n], part[n] = a, int8(ord), p
		}
	}
}

// numberInDocOrder renumbers the articles of s, numbered in the order of
// their IDs, in the order of their first documents. A search visits
// documents in order and looks up each one's article: numbered as the IDs
// sort, which is at random, that look-up missed the processor's caches
// for every document, which doubled the time of searches at a million
// articles.
func (s *segInfo) numberInDocOrder() {
	old := s.arts
	renum := make([]int32, len(old.ends))
	for i := range renum {
		renum[i] = -1
	}
	byNew := make([]int32, 0, len(old.ends))
	for n, a := range s.art {
		if a < 0 {
			continue
		}
		if renum[a] < 0 {
			renum[a] = int32(len(byNew))
			byNew = append(byNew, a)
		}
		s.art[n] = renum[a]
	}
	s.arts = articleTable{ids: make([]byte, 0, len(old.ids))}
	for _, a := range byNew {
		var start uint32
		if a > 0 {
			start = old.ends[a-1]
		}
		s.arts.add(old.ids[start:old.ends[a]])
	}
}

// eachSegTerm calls visit with each term of field in seg, and the function
// it returns, unless nil, with the number of each document that has the
// term, deleted ones among them.
func eachSegTerm(ctx context.Context, seg segment.Segment, field string, visit func(term string) func(uint64)) error {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return fmt.Errorf("retrieval: read segment: %w", err)
	}
	it := dict.AutomatonIterator(nil, nil, nil)
	for {
		e, err := it.Next()
		if err != nil {
			return fmt.Errorf("retrieval: read segment: %w", err)
		}
		if e == nil {
			return nil
		}
		if fn := visit(e.Term); fn != nil {
			if err := eachSegPosting(dict, e.Term, fn); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// eachSegPosting calls fn with the number of each document of the
// segment's dictionary that has term, deleted ones among them.
func eachSegPosting(dict segment.TermDictionary, term string, fn func(uint64)) error {
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return fmt.Errorf("retrieval: read segment: %w", err)
	}
	it := pl.Iterator(false, false, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return fmt.Errorf("retrieval: read segment: %w", err)
		}
		if p == nil {
			return nil
		}
		fn(p.Number())
	}
}

// leadCounts counts the title documents of the index (one per article)
// that the day window of f admits, and the dated ones after its last day,
// from the segments' days. ok is false when the index is not one it can
// read.
func (c *segCache) leadCounts(ctx context.Context, idx bleve.Index, f *filters) (in, later int, ok bool, err error) {
	ai, err := idx.Advanced()
	if err != nil {
		return 0, 0, false, fmt.Errorf("retrieval: count articles: %w", err)
	}
	ir, err := ai.Reader()
	if err != nil {
		return 0, 0, false, fmt.Errorf("retrieval: count articles: %w", err)
	}
	defer ir.Close()
	snap, isSnap := ir.(*scorch.IndexSnapshot)
	if !isSnap {
		return 0, 0, false, nil
	}
	infos, err := c.infos(ctx, snap)
	if err != nil {
		return 0, 0, false, err
	}
	for i, ss := range snap.Segments() {
		segIn, segLater := infos[i].leadCounts(f, ss.Deleted())
		in, later = in+segIn, later+segLater
	}
	return in, later, true, nil
}

// leadCounts counts the live title documents of the segment (deleted are
// the deleted ones) that f admits, and the dated ones after its window's
// last day that its scope admits.
func (s *segInfo) leadCounts(f *filters, deleted *roaring.Bitmap) (in, later int) {
	inScope := f.inScope(s)
	if f.feedScoped && len(f.sources) > 0 {
		return s.visitLeadCounts(f, inScope, deleted)
	}
	days, undated := [][]int32{s.leadDays}, []int{s.undatedLeads}
	switch {
	case f.feedScoped:
		days, undated = nil, nil
		for ord, id := range s.feeds {
			if f.feeds[id] {
				days, undated = append(days, s.feedLeadDays[ord]), append(undated, s.feedUndated[ord])
			}
		}
	case len(f.sources) > 0:
		days, undated = nil, nil
		for _, key := range f.sources {
			if ord, ok := s.srcs[key]; ok {
				days, undated = append(days, s.srcLeadDays[ord]), append(undated, s.srcUndated[ord])
			}
		}
	}
	for i := range days {
		dayIn, dayLater := countDays(days[i], f)
		in, later = in+dayIn, later+dayLater
		if !f.window {
			in += undated[i]
		}
	}
	// The documents deleted since the segment was made are few next to it
	// (merging drops them): take those that were counted back.
	if deleted == nil {
		return in, later
	}
	for it := deleted.Iterator(); it.HasNext(); {
		n := uint64(it.Next())
		if !s.isLead(n) || !inScope(n) {
			continue
		}
		switch d := s.day(n); {
		case f.admitsDay(d):
			in--
		case d != undatedDay && d > f.lastDay:
			later--
		}
	}
	return in, later
}

// countDays counts the days of sorted days that f's window admits and
// those after it.
func countDays(days []int32, f *filters) (in, later int) {
	from, _ := slices.BinarySearch(days, f.firstDay)
	to, _ := slices.BinarySearch(days, f.lastDay+1)
	return to - from, len(days) - to
}

// visitLeadCounts is leadCounts by visiting every title document, for a
// scope of both feeds and outlets.
func (s *segInfo) visitLeadCounts(f *filters, inScope func(uint64) bool, deleted *roaring.Bitmap) (in, later int) {
	for w, bits := range s.lead {
		for bits != 0 {
			n := uint64(w*64 + mathbits.TrailingZeros64(bits))
			bits &= bits - 1
			if !inScope(n) || deleted != nil && deleted.Contains(uint32(n)) {
				continue
			}
			switch d := s.day(n); {
			case f.admitsDay(d):
				in++
			case d != undatedDay && d > f.lastDay:
				later++
			}
		}
	}
	return in, later
}

// dayBlocks returns the days of each dayBlock documents of s.
func dayBlocks(s *segInfo) []dayRange {
	docs := s.size()
	out := make([]dayRange, (docs+dayBlock-1)/dayBlock)
	for i := range out {
		r := dayRange{first: math.MaxInt32, last: math.MinInt32}
		for n := uint64(i) * dayBlock; n < min(docs, uint64(i+1)*dayBlock); n++ {
			if d := s.day(n); d == undatedDay {
				r.undated = true
			} else {
				r.first, r.last = min(r.first, d), max(r.last, d)
			}
		}
		out[i] = r
	}
	return out
}

// nextInWindow returns the first document at or after n of a block that
// may hold documents f admits, or the segment's size when none does.
func (s *segInfo) nextInWindow(n uint64, f *filters) uint64 {
	for b := n / dayBlock; b < uint64(len(s.blocks)); b++ {
		if r := s.blocks[b]; r.undated && !f.window || r.first <= f.lastDay && r.last >= f.firstDay {
			return max(n, b*dayBlock)
		}
	}
	return s.size()
}

// newestLeads returns the hits, each with a score of 1, of the title
// documents of the newest days that f admits: at least n when there are,
// all of the last day taken (the caller orders them by time), and the
// undated ones after the dated ones. ok is false when the index is not
// one it can read.
func (c *segCache) newestLeads(ctx context.Context, idx bleve.Index, f *filters, n int) (hits []hit, ok bool, err error) {
	ai, err := idx.Advanced()
	if err != nil {
		return nil, false, fmt.Errorf("retrieval: search latest: %w", err)
	}
	ir, err := ai.Reader()
	if err != nil {
		return nil, false, fmt.Errorf("retrieval: search latest: %w", err)
	}
	defer ir.Close()
	snap, isSnap := ir.(*scorch.IndexSnapshot)
	if !isSnap {
		return nil, false, nil
	}
	infos, err := c.infos(ctx, snap)
	if err != nil {
		return nil, false, err
	}
	type lead struct {
		day   int32
		seg   int
		local uint64
	}
	var found []lead
	for i, ss := range snap.Segments() {
		info, deleted, inScope := infos[i], ss.Deleted(), f.inScope(infos[i])
		live := func(num uint64) bool {
			return inScope(num) && (deleted == nil || !deleted.Contains(uint32(num)))
		}
		// Each segment's newest n, and any more of the last of their days:
		// the newest n of the index are among them.
		end, _ := slices.BinarySearch(info.leadDays, f.lastDay+1)
		taken := 0
		for j := end - 1; j >= 0 && f.admitsDay(info.leadDays[j]); j-- {
			if taken >= n && info.leadDays[j] != info.leadDays[j+1] {
				break
			}
			if num := uint64(info.leadDocs[j]); live(num) {
				found = append(found, lead{info.leadDays[j], i, num})
				taken++
			}
		}
		if f.window || taken >= n {
			continue
		}
		for w, bits := range info.lead {
			for ; bits != 0 && taken < n; bits &= bits - 1 {
				num := uint64(w*64 + mathbits.TrailingZeros64(bits))
				if info.day(num) == undatedDay && live(num) {
					found = append(found, lead{undatedDay, i, num})
					taken++
				}
			}
		}
	}
	slices.SortStableFunc(found, func(a, b lead) int {
		// Undated last, then the newest days first.
		return cmp.Compare(dayRank(b.day), dayRank(a.day))
	})
	if len(found) > n {
		last := found[n-1].day
		cut := n
		for cut < len(found) && found[cut].day == last && last != undatedDay {
			cut++
		}
		found = found[:cut]
	}
	segs := snap.Segments()
	for _, l := range found {
		h, err := segHit(segs[l.seg], infos[l.seg], l.local, 1)
		if err != nil {
			return nil, false, err
		}
		hits = append(hits, h)
	}
	return hits, true, nil
}

// dayRank orders days with the undated before every dated day.
func dayRank(d int32) int64 {
	if d == undatedDay {
		return math.MinInt64
	}
	return int64(d)
}
