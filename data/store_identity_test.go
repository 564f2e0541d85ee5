package data_test

import (
	"testing"

	"github.com/newsbot/newsbot/data"
)

func TestStoreIDLastsAsLongAsTheFile(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		ctx := t.Context()
		s, path := be.open(t)
		id, err := s.StoreID(ctx)
		if err != nil || len(id) < 16 {
			t.Fatalf("StoreID = %q, %v; want a random ID", id, err)
		}
		s.Close()
		if again, err := be.reopen(t, path).StoreID(ctx); err != nil || again != id {
			t.Errorf("StoreID after reopen = %q, %v; want %q", again, err, id)
		}
		other, _ := be.open(t)
		if oid, err := other.StoreID(ctx); err != nil || oid == id {
			t.Errorf("another store's ID = %q, %v; want one of its own", oid, err)
		}
	})
}

// tokens returns s's RevToken for revs 1..n.
func tokens(t *testing.T, s *data.Store, n int64) []string {
	t.Helper()
	out := make([]string, n+1)
	for rev := int64(1); rev <= n; rev++ {
		tok, err := s.RevToken(t.Context(), rev)
		if err != nil {
			t.Fatal(err)
		}
		out[rev] = tok
	}
	return out
}

func TestRevTokenNamesTheCommit(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		if tok, err := s.RevToken(t.Context(), 1); err != nil || tok != "" {
			t.Errorf("RevToken(1) of an empty store = %q, %v; want \"\"", tok, err)
		}
		storePutAll(t, s, storeArticle(1), storeArticle(2), storeArticle(3)) // revs 1-3
		storePutAll(t, s, storeArticle(1))                                   // unchanged: no commit
		storePutAll(t, s, storeArticle(4), storeArticle(5))                  // revs 4-5
		tok := tokens(t, s, 6)
		if tok[1] == "" || tok[1] != tok[2] || tok[2] != tok[3] {
			t.Errorf("revs 1-3 of one commit have tokens %q", tok[1:4])
		}
		if tok[4] == "" || tok[4] == tok[3] || tok[4] != tok[5] {
			t.Errorf("revs 4-5 of the next commit have tokens %q, after %q", tok[4:6], tok[3])
		}
		if tok[6] != "" {
			t.Errorf("RevToken(6) beyond the store = %q, want \"\"", tok[6])
		}
	})
}

// TestUpgradeGivesOldRevisionsAToken checks that a database from before
// store identities gets one, and that the revisions it already holds get a
// token, so that an index built from them can be checked on the next run.
func TestUpgradeGivesOldRevisionsAToken(t *testing.T) {
	s, path := openTestStore(t)
	storePutAll(t, s, storeArticle(1), storeArticle(2))
	v := storeSchemaVersion(t, s)
	s = downgradeAndReopen(t, s, path, v, "DROP TABLE store_meta", "DROP TABLE commits", "PRAGMA user_version = 4")
	if id, err := s.StoreID(t.Context()); err != nil || id == "" {
		t.Errorf("StoreID after upgrade = %q, %v", id, err)
	}
	if tok := tokens(t, s, 2); tok[1] == "" || tok[1] != tok[2] {
		t.Errorf("old revisions' tokens %q, want one token for both", tok[1:])
	}
}
