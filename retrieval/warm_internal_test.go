package retrieval

import (
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/eval/synth"
)

// TestWarmerReadsNewSegments checks that the segments of indexed articles
// get their segInfo without any search asking for it, and that Close stops
// the warmer.
func TestWarmerReadsNewSegments(t *testing.T) {
	ix, st := openTestIndex(t)
	gen := synth.New(2, nil, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), Sentences)
	var arts []data.Article
	for range 300 {
		arts = append(arts, gen.Article())
	}
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
	ai, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	snap := r.(*scorch.IndexSnapshot)
	ix.scorer.segs.mu.Lock()
	defer ix.scorer.segs.mu.Unlock()
	for _, s := range snap.Segments() {
		if ix.scorer.segs.segs[s.Segment()] == nil {
			return false
		}
	}
	return len(snap.Segments()) > 0
}
