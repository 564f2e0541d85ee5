package retrieval_test

import (
	"context"
	"testing"

	"github.com/newsbot/newsbot/retrieval"
)

// mustOpen opens the index in dir and closes it when the test ends.
func mustOpen(tb testing.TB, dir string) *retrieval.Index {
	tb.Helper()
	ix, err := retrieval.Open(context.Background(), dir, retrieval.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}
