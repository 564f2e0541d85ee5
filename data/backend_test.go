package data_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/datatest"
)

// backend opens stores of one kind for a test: SQLite files in the test's
// temporary directory, or PostgreSQL schemas made for the test and dropped
// after it.
type backend struct {
	name  string
	pgURL string // empty for SQLite
}

// eachBackend runs fn as a subtest per backend: "sqlite", and "postgres"
// (skipped with a message when NEWSBOT_TEST_DATABASE_URL is unset).
func eachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, backend{name: "sqlite"}) })
	t.Run("postgres", func(t *testing.T) { fn(t, postgresBackend(t)) })
}

// postgresBackend returns the PostgreSQL backend, or skips t.
func postgresBackend(tb testing.TB) backend {
	tb.Helper()
	u := os.Getenv(datatest.Env)
	if u == "" {
		tb.Skip(datatest.Env + " is not set; skipping the PostgreSQL variant (see .ci/postgres.sh)")
	}
	return backend{name: "postgres", pgURL: u}
}

// target returns where a fresh, empty store of the backend lives: a file
// path, or the URL of a new schema that is dropped when tb ends.
func (b backend) target(tb testing.TB) string {
	tb.Helper()
	if b.pgURL == "" {
		return filepath.Join(tb.TempDir(), "news.db")
	}
	return datatest.Schema(tb, b.pgURL)
}

// open opens a fresh store of the backend, closed when tb ends, and
// returns it with its target, which reopen opens again.
func (b backend) open(tb testing.TB) (*data.Store, string) {
	tb.Helper()
	target := b.target(tb)
	return b.reopen(tb, target), target
}

// reopen opens the store at target again, as another process would; it is
// closed when tb ends.
func (b backend) reopen(tb testing.TB, target string) *data.Store {
	tb.Helper()
	s, err := data.Open(context.Background(), target)
	if err != nil {
		tb.Fatalf("Open(%s): %v", b.name, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
