package retrieval

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/eval/synth"
)

// openTestIndex opens an empty index over a new store, as the app has
// them, closed when the test ends.
func openTestIndex(tb testing.TB) (*Index, *data.Store) {
	tb.Helper()
	ctx := context.Background()
	st, err := data.OpenStore(ctx, filepath.Join(tb.TempDir(), "news.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	ix, err := Open(ctx, tb.TempDir(), st, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix, st
}

// storeAndIndex stores arts in st and indexes them, 500 at a time.
func storeAndIndex(tb testing.TB, ix *Index, st *data.Store, arts []data.Article) {
	tb.Helper()
	ctx := context.Background()
	for i := 0; i < len(arts); i += 500 {
		batch := arts[i:min(i+500, len(arts))]
		if _, _, err := st.PutArticles(ctx, batch); err != nil {
			tb.Fatal(err)
		}
		if err := ix.Add(ctx, batch); err != nil {
			tb.Fatal(err)
		}
	}
}

// readerSnapshot returns the snapshot of a new reader of idx, and the
// function that closes the reader.
func readerSnapshot(t *testing.T, idx bleve.Index) (*scorch.IndexSnapshot, func()) {
	t.Helper()
	ai, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	return r.(*scorch.IndexSnapshot), func() { r.Close() }
}

// synthArticles returns n articles of synth's generator with seed, from
// June 2025.
func synthArticles(seed int64, n int) []data.Article {
	gen := synth.New(seed, nil, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), Sentences)
	arts := make([]data.Article, n)
	for i := range arts {
		arts[i] = gen.Article()
	}
	return arts
}
