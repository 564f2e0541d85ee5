package retrieval_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// newStore opens a store in a new temporary folder and closes it when the
// test ends. Searches read the text of passages from it, as in the app.
func newStore(tb testing.TB) *data.Store {
	tb.Helper()
	st, err := data.OpenStore(context.Background(), filepath.Join(tb.TempDir(), "news.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// put stores arts in st, which gives them their Rev, and returns them.
func put(tb testing.TB, st *data.Store, arts ...data.Article) []data.Article {
	tb.Helper()
	for i := 0; i < len(arts); i += 500 {
		_, errs, err := st.PutArticles(context.Background(), arts[i:min(i+500, len(arts))])
		if err != nil {
			tb.Fatal(err)
		}
		for _, err := range errs {
			if err != nil {
				tb.Fatal(err)
			}
		}
	}
	return arts
}

// mustOpen opens the index in dir over the store st and closes it when the
// test ends.
func mustOpen(tb testing.TB, dir string, st *data.Store) *retrieval.Index {
	tb.Helper()
	ix, err := retrieval.Open(context.Background(), dir, st, retrieval.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// stack is an index over a real store, as the app has them.
type stack struct {
	*retrieval.Index
	st *data.Store
}

// newStack opens an empty store and index.
func newStack(tb testing.TB) stack {
	tb.Helper()
	st := newStore(tb)
	return stack{mustOpen(tb, tb.TempDir(), st), st}
}

// add stores arts and indexes them as stored, in batches.
func (s stack) add(tb testing.TB, arts ...data.Article) {
	tb.Helper()
	put(tb, s.st, arts...)
	for i := 0; i < len(arts); i += 500 {
		if err := s.Add(context.Background(), arts[i:min(i+500, len(arts))]); err != nil {
			tb.Fatal(err)
		}
	}
}

// rtqaDir is the development set of the retrieval evaluation, outside the
// repository; tests that need it skip when it is absent.
const rtqaDir = "../../shared/eval/rtqa-dev"
