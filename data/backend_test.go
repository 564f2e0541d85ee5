package data_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/newsbot/newsbot/data"
)

// testDatabaseEnv names the PostgreSQL server the store's tests also run
// against: a URL whose user may create schemas, such as
// postgres://postgres@127.0.0.1:5432/postgres. When it is unset the
// PostgreSQL variants skip.
const testDatabaseEnv = "NEWSBOT_TEST_DATABASE_URL"

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
	u := os.Getenv(testDatabaseEnv)
	if u == "" {
		tb.Skip(testDatabaseEnv + " is not set; skipping the PostgreSQL variant (see .ci/postgres.sh)")
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
	admin, err := sql.Open("pgx", b.pgURL)
	if err != nil {
		tb.Fatalf("open %s: %v", testDatabaseEnv, err)
	}
	tb.Cleanup(func() { admin.Close() })
	schema := "newsbot_test_" + strings.ToLower(rand.Text())
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(b.pgURL)
	if err != nil {
		tb.Fatalf("parse %s: %v", testDatabaseEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
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
