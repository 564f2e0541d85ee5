package retrieval_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	_ "modernc.org/sqlite" // the driver behind data.Store, for the raw rows below

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// v3Article is a row as a version-3 store held it, under the ID of its
// clean URL (which was all that version canonicalised).
type v3Article struct {
	url, title, text string
	rev              int64
}

func (a v3Article) id() string { return data.URLID(data.CleanURL(a.url)) }

// v3StoreWithDuplicate writes, at path, a version-3 store that holds one
// story twice and another once, indexes it in dir as that version's
// newsbot did, and returns the rows.
func v3StoreWithDuplicate(t *testing.T, path, dir string, stampIndex int) []v3Article {
	t.Helper()
	ctx := context.Background()
	rows := []v3Article{
		{"https://www.wire.example/2024/06/11/quokka/index.html", "Quokka census counts record numbers",
			"A quokka census on the island counted record numbers of the marsupials this spring, rangers said.", 1},
		{"https://www.wire.example/2024/06/11/quokka/", "Quokka census counts record numbers",
			"A quokka census counted record numbers.", 2},
		{"https://ledger.example/ferry", "Harbor ferry fares rise",
			"Ferry fares across the harbor rise next month.", 3},
	}
	st, err := data.OpenStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// The store offers no way to write an old version's rows, so they go in
	// through a second connection to its file.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, r := range rows {
		_, err := db.Exec(`INSERT INTO articles (id, url, title, title_lower, text, published, sort_at, rev)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.id(), data.CleanURL(r.url), r.title, strings.ToLower(r.title), r.text,
			day("2024-06-11").UnixNano(), day("2024-06-11").UnixNano(), r.rev)
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{`UPDATE counters SET value = 3 WHERE name = 'rev'`,
		"DROP TABLE article_aliases", "PRAGMA user_version = 3"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.Open(ctx, dir, st, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := ix.CatchUp(ctx, st); err != nil || n != len(rows) {
		t.Fatalf("CatchUp of the version-3 store = %d, %v; want %d", n, err, len(rows))
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if stampIndex != 0 {
		idx, err := bleve.OpenUsing(filepath.Join(dir, retrieval.IndexDirName), map[string]interface{}{"unsafe_batch": false})
		if err != nil {
			t.Fatal(err)
		}
		if err := idx.SetInternal([]byte(retrieval.KeyVersion), []byte(strconv.Itoa(stampIndex))); err != nil {
			t.Fatal(err)
		}
		idx.Close()
	}
	return rows
}

// newStoreAt opens the store at path, applying its migrations, and closes
// it when the test ends.
func newStoreAt(tb testing.TB, path string) *data.Store {
	tb.Helper()
	st, err := data.OpenStore(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// searchIDs returns the IDs of the hits for text, and of the duplicates
// folded into them.
func searchIDs(t *testing.T, ix *retrieval.Index, text string) (hits, dups []string) {
	t.Helper()
	res, err := ix.Search(context.Background(), retrieval.Query{Text: text, AsOf: day("2024-06-14")})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		hits = append(hits, h.ArticleID)
		dups = append(dups, h.Duplicates...)
	}
	return hits, dups
}

func TestIndexFollowsTheStoresURLFold(t *testing.T) {
	tests := []struct {
		name string
		// stamp is the mapping version the old index is stamped with, 0
		// for this build's.
		stamp       int
		wantRebuilt bool
	}{
		// What an upgrade does: the old newsbot's index is rebuilt, so it
		// holds the store's articles and no others.
		{"index of the newsbot before the fold is rebuilt", retrieval.MappingVersion - 1, true},
		// Without a rebuild the index keeps the folded articles' documents,
		// yet search shows none of them. (It may not show the kept article
		// either: one of those documents, ranked first, can fold it in as
		// its near duplicate before being left out; hence the rebuild.)
		{"index of this newsbot catches up", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path, dir := filepath.Join(t.TempDir(), "news.db"), t.TempDir()
			rows := v3StoreWithDuplicate(t, path, dir, tt.stamp)

			st := newStoreAt(t, path) // folds the duplicate
			kept, err := st.ArticleByURL(ctx, rows[1].url)
			if err != nil {
				t.Fatal(err)
			}
			if kept.ID == rows[0].id() || kept.ID == rows[1].id() || kept.Text != rows[0].text {
				t.Fatalf("store kept %s with %q, want a new ID with the longer text", kept.ID, kept.Text)
			}
			ix := mustOpen(t, dir, st)
			if got := mustState(t, ix).Rebuilt; got != tt.wantRebuilt {
				t.Errorf("Rebuilt = %v, want %v", got, tt.wantRebuilt)
			}
			hits, dups := searchIDs(t, ix, "quokka census")
			for _, old := range []string{rows[0].id(), rows[1].id()} {
				if slices.Contains(hits, old) || slices.Contains(dups, old) {
					t.Errorf("before catching up, hits %v (duplicates %v) name %s, which the store no longer has", hits, dups, old)
				}
			}

			// The kept article has a new revision, so CatchUp indexes it
			// under its new ID either way.
			wantIndexed := 1
			if tt.wantRebuilt {
				wantIndexed = 2
			}
			if n, err := ix.CatchUp(ctx, st); err != nil || n != wantIndexed {
				t.Fatalf("CatchUp = %d, %v; want %d", n, err, wantIndexed)
			}
			hits, dups = searchIDs(t, ix, "quokka census")
			for _, old := range []string{rows[0].id(), rows[1].id()} {
				if slices.Contains(hits, old) || slices.Contains(dups, old) {
					t.Errorf("hits %v (duplicates %v) name %s, which the store no longer has", hits, dups, old)
				}
			}
			if !tt.wantRebuilt {
				return
			}
			if len(hits) != 1 || hits[0] != kept.ID {
				t.Errorf("hits %v, want the kept article %s alone", hits, kept.ID)
			}
			if got := mustState(t, ix).Articles; got != 2 {
				t.Errorf("rebuilt index holds %d articles, want the store's 2", got)
			}
		})
	}
}
