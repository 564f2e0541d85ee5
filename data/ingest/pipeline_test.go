package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
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

// ctxIndex is an Indexer that keeps the contexts it was called with.
type ctxIndex struct {
	mu   sync.Mutex
	ctxs []context.Context
}

var _ ingest.Indexer = (*ctxIndex)(nil)

func (c *ctxIndex) Add(ctx context.Context, _ []data.Article) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ctxs = append(c.ctxs, ctx)
	return nil
}

// TestIngestIndexesUnderTheCallersContext checks that the batches read from
// files are indexed under the ingest's own context, not the file readers',
// which ends when they are done while the last batch may still be
// indexing.
func TestIngestIndexesUnderTheCallersContext(t *testing.T) {
	ctx := context.Background()
	st, err := data.OpenStore(ctx, filepath.Join(t.TempDir(), "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	dir := t.TempDir()
	for i := range 30 {
		text := fmt.Sprintf("Title: Report %d\nDate: 2026-11-02\n\nReport number %d was filed today by the council.\n", i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%02d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix := &ctxIndex{}
	in := &ingest.Ingester{Store: st, Index: ix, BatchSize: 10}
	rep, err := in.Ingest(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 30 || len(ix.ctxs) != 3 {
		t.Fatalf("added %d in %d index calls, want 30 in 3", rep.Added, len(ix.ctxs))
	}
	for i, c := range ix.ctxs {
		if c.Err() != nil {
			t.Errorf("batch %d was indexed under a context that has ended: %v", i, c.Err())
		}
	}
}
