package retrieval

import (
	"context"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/eval/synth"
)

// TestTidyCompactsAfterBulkArticles checks that Tidy leaves the index
// alone until bulkArticles have been indexed since the last compaction,
// then merges it into one segment.
func TestTidyCompactsAfterBulkArticles(t *testing.T) {
	ctx := context.Background()
	ix, st := openTestIndex(t)
	gen := synth.New(9, nil, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), Sentences)
	batch := func(n int) []data.Article {
		arts := make([]data.Article, n)
		for i := range arts {
			arts[i] = gen.Article()
		}
		return arts
	}
	storeAndIndex(t, ix, st, batch(bulkArticles-1))
	before := fileSegments(t, ix)
	if err := ix.Tidy(ctx); err != nil {
		t.Fatal(err)
	}
	if ix.sinceCompact != bulkArticles-1 {
		t.Errorf("after Tidy below the threshold, %d articles since compaction, want %d", ix.sinceCompact, bulkArticles-1)
	}
	storeAndIndex(t, ix, st, batch(1))
	// Compaction merges the segments on disk: wait for the last batch to
	// get there.
	if err := waitPersisted(ix.persisted); err != nil {
		t.Fatal(err)
	}
	ix.persisted = nil
	if err := ix.Tidy(ctx); err != nil {
		t.Fatal(err)
	}
	if ix.sinceCompact != 0 {
		t.Errorf("after Tidy at the threshold, %d articles since compaction, want 0", ix.sinceCompact)
	}
	if n := fileSegments(t, ix); n != 1 || before < 2 {
		t.Errorf("segments: %d before, %d after Tidy; want several, then 1", before, n)
	}
}

// fileSegments is how many segments the index has on disk.
func fileSegments(t *testing.T, ix *Index) int {
	t.Helper()
	idx, err := ix.current()
	if err != nil {
		t.Fatal(err)
	}
	ai, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := ai.(*scorch.Scorch).StatsMap()["num_root_filesegments"].(uint64)
	return int(n)
}
