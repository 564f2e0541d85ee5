package retrieval_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// wordArticles returns n articles, each about its own made-up word
// (word0, word1, …), so that a search tells which ones an index holds.
func wordArticles(word string, n int) []data.Article {
	arts := make([]data.Article, n)
	for i := range arts {
		w := fmt.Sprintf("%s%d", word, i)
		arts[i] = data.Article{
			URL:       fmt.Sprintf("https://%s.example/%s", word, w),
			Title:     "Council hears report on " + w,
			Text:      "The council heard a report on " + w + " on Tuesday. Members asked for a second report on " + w + " next month.",
			Published: day("2024-06-11"),
		}
	}
	return arts
}

// finds reports whether a search for word returns the article about it.
func finds(t *testing.T, ix *retrieval.Index, word string) bool {
	t.Helper()
	res, err := ix.Search(context.Background(), retrieval.Query{Text: word, AsOf: day("2024-06-12")})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if strings.HasSuffix(h.URL, "/"+word) {
			return true
		}
	}
	return false
}

// dataDir is a store file and an index folder, opened and closed as the
// app does, so that a test can damage the store between runs.
type dataDir struct {
	db, index string
}

func newDataDir(t *testing.T) dataDir {
	d := t.TempDir()
	return dataDir{db: filepath.Join(d, "newsbot.db"), index: filepath.Join(d, "index")}
}

// session opens the store and the index, brings the index up to date as
// openApp does, runs fn, and closes both. It returns the index's state
// right after Open.
func (d dataDir) session(t *testing.T, fn func(st *data.Store, ix *retrieval.Index)) retrieval.State {
	t.Helper()
	ctx := context.Background()
	st, err := data.OpenStore(ctx, d.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := retrieval.Open(ctx, d.index, st, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	opened := mustState(t, ix)
	if _, err := ix.CatchUp(ctx, st); err != nil {
		t.Fatal(err)
	}
	if fn != nil {
		fn(st, ix)
	}
	return opened
}

// storeOnly opens the store alone and runs fn: what a crash between the
// store's commit and the index's leaves behind.
func (d dataDir) storeOnly(t *testing.T, fn func(st *data.Store)) {
	t.Helper()
	st, err := data.OpenStore(context.Background(), d.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fn(st)
}

// ingest stores arts and indexes them as the ingester does.
func ingest(t *testing.T, st *data.Store, ix *retrieval.Index, arts []data.Article) {
	t.Helper()
	put(t, st, arts...)
	if err := ix.Add(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// removeDB deletes the store's file and its write-ahead log.
func removeDB(t *testing.T, path string) {
	t.Helper()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
}

// TestIndexFollowsTheStoreItBelongsTo damages the store between runs, as a
// user deleting, truncating or restoring newsbot.db would, and checks that
// the next run's index holds exactly what the store holds: rebuilt when
// the store was replaced or set back, caught up when it is only ahead.
func TestIndexFollowsTheStoreItBelongsTo(t *testing.T) {
	old := wordArticles("oldzorb", 30)
	newer := wordArticles("newquix", 20)
	later := wordArticles("laterblip", 40)
	tests := []struct {
		name string
		// damage runs between a session that indexed old (backed up
		// first) and newer, and the session that is checked.
		damage      func(t *testing.T, d dataDir, backup string)
		wantRebuilt string // a word of the reason; "" means kept
		// want and gone are words the checked index must and must not
		// find.
		want, gone []string
	}{
		{
			name:   "nothing happened",
			damage: func(*testing.T, dataDir, string) {},
			want:   []string{"oldzorb0", "newquix19"},
		},
		{
			name: "database deleted",
			damage: func(t *testing.T, d dataDir, _ string) {
				removeDB(t, d.db)
				d.storeOnly(t, func(st *data.Store) { put(t, st, later[:2]...) })
			},
			wantRebuilt: "another store",
			want:        []string{"laterblip0", "laterblip1"},
			gone:        []string{"oldzorb0", "newquix0"},
		},
		{
			name: "database truncated to nothing",
			damage: func(t *testing.T, d dataDir, _ string) {
				if err := os.Truncate(d.db, 0); err != nil {
					t.Fatal(err)
				}
				for _, p := range []string{d.db + "-wal", d.db + "-shm"} {
					os.Remove(p)
				}
			},
			wantRebuilt: "another store",
			gone:        []string{"oldzorb0", "newquix0"},
		},
		{
			name: "older copy restored",
			damage: func(t *testing.T, d dataDir, backup string) {
				removeDB(t, d.db)
				copyFile(t, backup, d.db)
			},
			wantRebuilt: "behind",
			want:        []string{"oldzorb0", "oldzorb29"},
			gone:        []string{"newquix0", "newquix19"},
		},
		{
			name: "older copy restored, then grown past the index",
			damage: func(t *testing.T, d dataDir, backup string) {
				removeDB(t, d.db)
				copyFile(t, backup, d.db)
				d.storeOnly(t, func(st *data.Store) { put(t, st, later...) })
			},
			wantRebuilt: "history differs",
			want:        []string{"oldzorb0", "laterblip0", "laterblip39"},
			gone:        []string{"newquix0", "newquix19"},
		},
		{
			name: "crash between the store's commit and the index's",
			damage: func(t *testing.T, d dataDir, _ string) {
				d.storeOnly(t, func(st *data.Store) { put(t, st, later[:5]...) })
			},
			want: []string{"oldzorb0", "newquix19", "laterblip0", "laterblip4"},
		},
		{
			name: "older copy restored, then a crash after a commit",
			damage: func(t *testing.T, d dataDir, backup string) {
				removeDB(t, d.db)
				copyFile(t, backup, d.db)
				d.session(t, nil) // rebuilds from the copy
				d.storeOnly(t, func(st *data.Store) { put(t, st, later[:5]...) })
			},
			want: []string{"oldzorb0", "laterblip0", "laterblip4"},
			gone: []string{"newquix0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDataDir(t)
			backup := filepath.Join(t.TempDir(), "backup.db")
			d.session(t, func(st *data.Store, ix *retrieval.Index) { ingest(t, st, ix, old) })
			copyFile(t, d.db, backup) // closed, so the file holds every commit
			d.session(t, func(st *data.Store, ix *retrieval.Index) { ingest(t, st, ix, newer) })
			tt.damage(t, d, backup)

			opened := d.session(t, func(st *data.Store, ix *retrieval.Index) {
				for _, w := range tt.want {
					if !finds(t, ix, w) {
						t.Errorf("index does not find %s, which the store holds", w)
					}
				}
				for _, w := range tt.gone {
					if finds(t, ix, w) {
						t.Errorf("index finds %s, which the store no longer holds", w)
					}
				}
				// What stats compares to say "up to date".
				c, err := st.Counts(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if s := mustState(t, ix); s.IndexedRev != c.MaxRev || s.Articles != c.Articles {
					t.Errorf("index at rev %d with %d articles, store at rev %d with %d", s.IndexedRev, s.Articles, c.MaxRev, c.Articles)
				}
			})
			switch {
			case tt.wantRebuilt == "" && opened.Rebuilt:
				t.Errorf("index rebuilt (%s), want it kept and caught up", opened.Reason)
			case tt.wantRebuilt != "" && (!opened.Rebuilt || !strings.Contains(opened.Reason, tt.wantRebuilt)):
				t.Errorf("index Rebuilt %v (%q), want rebuilt because of %q", opened.Rebuilt, opened.Reason, tt.wantRebuilt)
			}
		})
	}
}
