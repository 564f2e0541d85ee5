package data_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/data"
)

// The copy itself, every table and what it keeps, is tested end to end by
// cmd/newsbot's TestMigrateStoreCopiesEveryTable; these are its refusals.

func TestCopyStoreRefusesATargetThatHoldsAnything(t *testing.T) {
	pg := postgresBackend(t)
	from, _ := backend{name: "sqlite"}.open(t)
	storePutAll(t, from, storeArticle(1))
	to, _ := pg.open(t)
	if _, err := to.AddFeed(t.Context(), data.Feed{URL: "https://held.example/rss"}); err != nil {
		t.Fatal(err)
	}
	_, err := data.CopyStore(t.Context(), from, to)
	if !errors.Is(err, data.ErrNotEmpty) || !strings.Contains(err.Error(), "feeds (1 rows)") {
		t.Fatalf("CopyStore into a store with a feed: %v; want ErrNotEmpty naming feeds", err)
	}
	if c, err := to.Counts(t.Context()); err != nil || c.Articles != 0 || c.Feeds != 1 {
		t.Errorf("the refused target changed: %+v, %v", c, err)
	}
}

func TestCopyStoreRefusesAnUnknownTable(t *testing.T) {
	pg := postgresBackend(t)
	from, _ := backend{name: "sqlite"}.open(t)
	if _, err := from.DB().Exec(`CREATE TABLE later_feature (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	to, _ := pg.open(t)
	if _, err := data.CopyStore(t.Context(), from, to); err == nil || !strings.Contains(err.Error(), "later_feature") {
		t.Fatalf("CopyStore of a store with a table it does not know: %v; want it named", err)
	}
}

func TestCopyStoreGoesFromSQLiteToPostgres(t *testing.T) {
	a, _ := backend{name: "sqlite"}.open(t)
	b, _ := backend{name: "sqlite"}.open(t)
	if _, err := data.CopyStore(t.Context(), a, b); err == nil {
		t.Error("CopyStore between two SQLite stores succeeded")
	}
}

func TestOpenPostgresErrorsHideThePassword(t *testing.T) {
	// Port 1 of loopback refuses at once.
	_, err := data.Open(t.Context(), "postgres://newsbot:s3cret@127.0.0.1:1/newsbot?connect_timeout=2")
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error quotes the password: %v", err)
	}
}

func TestOpenPostgresRefusesNewerSchema(t *testing.T) {
	pg := postgresBackend(t)
	s, target := pg.open(t)
	if _, err := s.DB().Exec(`UPDATE schema_version SET version = 999`); err != nil {
		t.Fatal(err)
	}
	if _, err := data.Open(t.Context(), target); !errors.Is(err, data.ErrSchemaTooNew) {
		t.Fatalf("Open of a version-999 database: %v; want ErrSchemaTooNew", err)
	}
}

func TestBackupOfPostgresNamesPgDump(t *testing.T) {
	s, _ := postgresBackend(t).open(t)
	if err := s.Backup(t.Context(), t.TempDir()+"/b.db"); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("Backup of a PostgreSQL store: %v; want pg_dump named", err)
	}
}
