package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
)

// failingIndex is an Indexer whose Add fails from its failFrom-th call on.
type failingIndex struct {
	mu       sync.Mutex
	calls    int
	failFrom int
	added    []data.Article
}

var _ ingest.Indexer = (*failingIndex)(nil)

var errIndexBroken = errors.New("index broken")

func (f *failingIndex) Add(_ context.Context, arts []data.Article) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.calls >= f.failFrom {
		return errIndexBroken
	}
	f.added = append(f.added, arts...)
	return nil
}

// TestStoreArticlesReportsIndexFailure checks that indexing, which runs
// while the next batch is stored, still reports its failure, and that what
// was stored stays stored (the index catches up from the store later).
func TestStoreArticlesReportsIndexFailure(t *testing.T) {
	ctx := context.Background()
	st, err := data.OpenStore(ctx, filepath.Join(t.TempDir(), "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix := &failingIndex{failFrom: 2}
	in := &ingest.Ingester{Store: st, Index: ix, BatchSize: 100}
	day := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var arts []data.Article
	for i := range 350 {
		arts = append(arts, data.Article{
			URL: fmt.Sprintf("https://news.example/%d", i), Title: fmt.Sprintf("Story %d", i),
			Text: fmt.Sprintf("Story number %d happened.", i), Published: day,
		})
	}
	rep, err := in.StoreArticles(ctx, arts)
	if !errors.Is(err, errIndexBroken) {
		t.Fatalf("StoreArticles = %v, want the index's error", err)
	}
	if len(ix.added) != 100 {
		t.Errorf("the index took %d articles before failing, want the first batch of 100", len(ix.added))
	}
	c, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != rep.Added || rep.Added < 200 {
		t.Errorf("store holds %d articles, report says %d added; want the same, at least the two batches before the error showed", c.Articles, rep.Added)
	}

	// A later ingest of the same articles, with the index working, stores
	// nothing new and indexes nothing: unchanged articles cost no index work.
	ok := &failingIndex{failFrom: 1 << 30}
	in.Index = ok
	stored := rep.Added
	rep, err = in.StoreArticles(ctx, arts[:stored])
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != stored || rep.Added != 0 || rep.Updated != 0 || len(ok.added) != 0 {
		t.Errorf("re-ingest: %+v, %d indexed; want all unchanged and nothing indexed", rep, len(ok.added))
	}
}
