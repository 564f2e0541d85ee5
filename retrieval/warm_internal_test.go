package retrieval

import (
	"context"
	"sync"
	"testing"
	"time"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// TestWarmerReadsNewSegments checks that the segments of indexed articles
// get their segInfo without any search asking for it, and that Close stops
// the warmer.
func TestWarmerReadsNewSegments(t *testing.T) {
	ix, st := openTestIndex(t)
	arts := synthArticles(2, 300)
	storeAndIndex(t, ix, st, arts)
	deadline := time.Now().Add(10 * time.Second)
	for !allWarm(t, ix) {
		if time.Now().After(deadline) {
			t.Fatal("the new segments have no segInfo after 10 s")
		}
		time.Sleep(warmEvery / 5)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ix.warm.done:
	default:
		t.Fatal("the warmer still runs after Close")
	}
}

// allWarm reports whether every segment of ix has its segInfo.
func allWarm(t *testing.T, ix *Index) bool {
	t.Helper()
	idx, err := ix.current()
	if err != nil {
		t.Fatal(err)
	}
	snap, done := readerSnapshot(t, idx)
	defer done()
	ix.scorer.segs.mu.Lock()
	defer ix.scorer.segs.mu.Unlock()
	for _, s := range snap.Segments() {
		if ix.scorer.segs.segs[s.Segment()] == nil {
			return false
		}
	}
	return len(snap.Segments()) > 0
}

// TestSegmentIsReadOnce checks that a search that needs a segment which
// another is reading waits for that read, and gets its segInfo, instead
// of reading the segment again.
func TestSegmentIsReadOnce(t *testing.T) {
	ctx := context.Background()
	ix, st := openTestIndex(t)
	arts := synthArticles(3, 100)
	storeAndIndex(t, ix, st, arts)
	idx, err := ix.current()
	if err != nil {
		t.Fatal(err)
	}
	snap, done := readerSnapshot(t, idx)
	defer done()
	var (
		c                 segCache
		mu                sync.Mutex
		reads             int
		blocked, released = make(chan struct{}), make(chan struct{})
		waiting           = make(chan struct{})
	)
	c.readInfo = func(ctx context.Context, seg segment.Segment) (*segInfo, error) {
		mu.Lock()
		reads++
		first := reads == 1
		mu.Unlock()
		if first {
			close(blocked)
			<-released
		}
		return readSegInfo(ctx, seg)
	}
	var once sync.Once
	c.waiting = func() { once.Do(func() { close(waiting) }) }
	type result struct {
		infos []*segInfo
		err   error
	}
	results := make(chan result, 2)
	search := func() {
		infos, err := c.infos(ctx, snap)
		results <- result{infos, err}
	}
	go search()
	<-blocked
	go search()
	<-waiting
	close(released)
	a, b := <-results, <-results
	if a.err != nil || b.err != nil {
		t.Fatal(a.err, b.err)
	}
	if want := len(snap.Segments()); reads != want {
		t.Errorf("%d reads of %d segments", reads, want)
	}
	for i := range a.infos {
		if a.infos[i] != b.infos[i] {
			t.Errorf("segment %d: two segInfos", i)
		}
	}
}
