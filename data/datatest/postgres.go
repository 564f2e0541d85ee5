// Package datatest helps tests of the store and of what reads it: each
// test on PostgreSQL gets a schema of its own on the server named by Env,
// dropped when it ends, and test corpora are read by Articles.
package datatest

import (
	"crypto/rand"
	"database/sql"
	"net/url"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Env names the PostgreSQL server the tests also run against: a URL whose
// user may create schemas, such as
// postgres://postgres@127.0.0.1:5432/postgres. Tests that need it skip
// when it is unset.
const Env = "NEWSBOT_TEST_DATABASE_URL"

// Schema makes a new, empty schema on the server at serverURL and returns
// the URL of a store in it; the schema is dropped when tb ends.
func Schema(tb testing.TB, serverURL string) string {
	tb.Helper()
	admin, err := sql.Open("pgx", serverURL)
	if err != nil {
		tb.Fatalf("open %s: %v", Env, err)
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
	u, err := url.Parse(serverURL)
	if err != nil {
		tb.Fatalf("parse %s: %v", Env, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
