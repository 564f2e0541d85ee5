package retrieval_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/datatest"
	"github.com/newsbot/newsbot/retrieval"
)

// fixtureStore stores the fixture articles in a new store, which gives
// them revs 1, 2, … in file order, and returns it and them.
func fixtureStore(t *testing.T) (*data.Store, []data.Article) {
	t.Helper()
	st := newStore(t)
	return st, put(t, st, datatest.Articles(t, "testdata/news.jsonl")...)
}

func mustState(t *testing.T, ix *retrieval.Index) retrieval.State {
	t.Helper()
	st, err := ix.State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// findsStorm checks that the index answers a question from the fixture.
func findsStorm(t *testing.T, ix *retrieval.Index) {
	t.Helper()
	res, err := ix.Search(context.Background(), retrieval.Query{Text: "thunderstorm power valley", AsOf: day("2024-06-12")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Title, "Storm") {
		t.Errorf("hits %v, want the storm story", urls(res))
	}
}

func TestOpenNewThenReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src, arts := fixtureStore(t)
	ix, err := retrieval.Open(ctx, dir, src, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := mustState(t, ix)
	if !st.Rebuilt || st.Reason == "" || st.Articles != 0 {
		t.Errorf("new index state %+v, want Rebuilt with a reason and empty", st)
	}
	n, err := ix.CatchUp(ctx, src)
	if err != nil || n != len(arts) {
		t.Fatalf("CatchUp = %d, %v; want %d", n, err, len(arts))
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = mustOpen(t, dir, src)
	st = mustState(t, ix)
	if st.Rebuilt || st.Articles != len(arts) || st.IndexedRev != int64(len(arts)) || st.Passages < uint64(len(arts)) || st.SizeBytes <= 0 {
		t.Errorf("reopened state %+v", st)
	}
	if n, err := ix.CatchUp(ctx, src); err != nil || n != 0 {
		t.Errorf("CatchUp on an up-to-date index = %d, %v; want 0", n, err)
	}
	findsStorm(t, ix)
}

func TestOpenRebuildsUnusableIndex(t *testing.T) {
	damage := []struct {
		name string
		do   func(t *testing.T, path string)
	}{
		{"index deleted", func(t *testing.T, path string) {
			if err := os.RemoveAll(path); err != nil {
				t.Fatal(err)
			}
		}},
		{"files deleted", func(t *testing.T, path string) {
			files, _ := filepath.Glob(filepath.Join(path, "*", "*"))
			for _, f := range files {
				if err := os.Remove(f); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"metadata corrupt", func(t *testing.T, path string) {
			if err := os.WriteFile(filepath.Join(path, "index_meta.json"), []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"segments corrupt", func(t *testing.T, path string) {
			files, _ := filepath.Glob(filepath.Join(path, "store", "*.zap"))
			if len(files) == 0 {
				t.Fatal("no segment files")
			}
			for _, f := range files {
				if err := os.WriteFile(f, []byte("garbage"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"mapping version changed", func(t *testing.T, path string) {
			// Synchronous writes, so that the change is on disk at Close.
			idx, err := bleve.OpenUsing(path, map[string]interface{}{"unsafe_batch": false})
			if err != nil {
				t.Fatal(err)
			}
			defer idx.Close()
			if err := idx.SetInternal([]byte(retrieval.KeyVersion), []byte("0")); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			src, arts := fixtureStore(t)
			ix, err := retrieval.Open(ctx, dir, src, retrieval.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ix.CatchUp(ctx, src); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			d.do(t, filepath.Join(dir, retrieval.IndexDirName))

			ix = mustOpen(t, dir, src)
			st := mustState(t, ix)
			if !st.Rebuilt || st.Reason == "" || st.Articles != 0 || st.IndexedRev != 0 {
				t.Fatalf("state after damage %+v, want a rebuilt empty index", st)
			}
			t.Logf("reason: %s", st.Reason)
			n, err := ix.CatchUp(ctx, src)
			if err != nil || n != len(arts) {
				t.Fatalf("CatchUp = %d, %v; want %d", n, err, len(arts))
			}
			if st := mustState(t, ix); st.Articles != len(arts) {
				t.Errorf("restored index has %d articles, want %d", st.Articles, len(arts))
			}
			findsStorm(t, ix)
		})
	}
}

// TestOpenRebuildsIndexOfMappingVersion10 checks that an index built by the
// code of MappingVersion 10 (testdata/index-v10, from the first six
// articles of news.jsonl), which stored the articles' metadata in their
// title documents and had no sec field, opens as an empty index that
// CatchUp fills from the store, whose results then show the store's
// metadata.
func TestOpenRebuildsIndexOfMappingVersion10(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, retrieval.IndexDirName), os.DirFS("testdata/index-v10/passages.bleve")); err != nil {
		t.Fatal(err)
	}
	src, arts := fixtureStore(t)
	ix := mustOpen(t, dir, src)
	st := mustState(t, ix)
	if !st.Rebuilt || !strings.Contains(st.Reason, "mapping version 10") || st.Articles != 0 {
		t.Fatalf("state of the version 10 index %+v, want a rebuilt empty index", st)
	}
	if n, err := ix.CatchUp(ctx, src); err != nil || n != len(arts) {
		t.Fatalf("CatchUp = %d, %v; want %d", n, err, len(arts))
	}
	res, err := ix.Search(ctx, retrieval.Query{Text: "thunderstorm power valley", AsOf: day("2024-06-12")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hit after CatchUp")
	}
	h := res.Hits[0]
	i := slices.IndexFunc(arts, func(a data.Article) bool { return a.ID == h.ArticleID })
	if i < 0 {
		t.Fatalf("hit %s of no stored article", h.ArticleID)
	}
	a := arts[i]
	if h.Title != a.Title || h.URL != a.URL || h.Source != a.Source || h.FeedID != a.FeedID || !h.Published.Equal(a.Published.UTC().Truncate(time.Second)) {
		t.Errorf("hit %+v, want the metadata of %+v", h, a)
	}
	if !strings.Contains(h.Title, "Storm") {
		t.Errorf("hits %v, want the storm story", urls(res))
	}
}

func TestCatchUpAfterPartialIndexing(t *testing.T) {
	ctx := context.Background()
	src, arts := fixtureStore(t)
	var calls [][2]int
	ix, err := retrieval.Open(ctx, t.TempDir(), src, retrieval.Options{Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	half := len(arts) / 2
	if err := ix.Add(ctx, arts[:half]); err != nil {
		t.Fatal(err)
	}
	if st := mustState(t, ix); st.IndexedRev != int64(half) || st.Articles != half {
		t.Fatalf("after Add: %+v, want rev and articles %d", st, half)
	}
	n, err := ix.CatchUp(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(arts)-half {
		t.Errorf("CatchUp indexed %d, want %d", n, len(arts)-half)
	}
	st := mustState(t, ix)
	if st.IndexedRev != int64(len(arts)) || st.Articles != len(arts) {
		t.Errorf("after CatchUp: %+v", st)
	}
	if len(calls) < 2 || calls[len(calls)-1] != [2]int{n, n} || calls[0][0] != 0 || calls[0][1] != len(arts)-half {
		t.Errorf("progress calls %v", calls)
	}
}

func TestRebuild(t *testing.T) {
	ctx := context.Background()
	src, arts := fixtureStore(t)
	var last [2]int
	ix, err := retrieval.Open(ctx, t.TempDir(), src, retrieval.Options{Progress: func(done, total int) { last = [2]int{done, total} }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// An article the store no longer has must go.
	gone := data.Article{URL: "https://gone.example/a", Title: "Thunderstorm valley power special", Text: "Thunderstorm power valley.", Published: day("2024-06-11"), Rev: 99}
	gone.Normalize()
	if err := ix.Add(ctx, []data.Article{gone}); err != nil {
		t.Fatal(err)
	}
	n, err := ix.Rebuild(ctx, src)
	if err != nil || n != len(arts) {
		t.Fatalf("Rebuild = %d, %v; want %d", n, err, len(arts))
	}
	if last != [2]int{n, n} {
		t.Errorf("last progress %v, want %d, %d", last, n, n)
	}
	st := mustState(t, ix)
	if st.Articles != len(arts) || st.IndexedRev != int64(len(arts)) {
		t.Errorf("state %+v", st)
	}
	res, err := ix.Search(ctx, retrieval.Query{Text: "thunderstorm power valley special", AsOf: day("2024-06-12")})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ArticleID == gone.ID {
			t.Errorf("article indexed before the rebuild still found")
		}
	}
	findsStorm(t, ix)
}

// holderEnv names the index folder TestHelperHoldIndex holds.
const holderEnv = "RETRIEVAL_TEST_HOLD_INDEX"

// TestHelperHoldIndex is not a test: TestOpenLocked runs the test binary
// with it to hold an index from another process until stdin closes.
func TestHelperHoldIndex(t *testing.T) {
	dir := os.Getenv(holderEnv)
	if dir == "" {
		t.Skip("helper process only")
	}
	ix, err := retrieval.Open(context.Background(), dir, newStore(t), retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	os.Stdout.WriteString("holding\n")
	bufio.NewReader(os.Stdin).ReadString('\n')
}

func TestOpenLocked(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldIndex$")
	cmd.Env = append(os.Environ(), holderEnv+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "holding\n" {
		t.Fatalf("helper said %q, %v", line, err)
	}

	st := newStore(t)
	start := time.Now()
	ix, err := retrieval.Open(context.Background(), dir, st, retrieval.Options{})
	if err == nil {
		ix.Close()
		t.Fatal("second Open succeeded while another process holds the index")
	}
	if !errors.Is(err, retrieval.ErrLocked) {
		t.Errorf("err = %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Open took %v to fail, want it quick", d)
	}
	// The holder's index must be intact: still openable after it exits.
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	ix = mustOpen(t, dir, st)
	if st := mustState(t, ix); st.Rebuilt {
		t.Errorf("index rebuilt after contention: %+v", st)
	}
}

// TestReopenedIndexShowsArticlesMetadata checks that results from a
// reopened index, whose metadata is read from the title documents' stored
// fields rather than kept from indexing, carry each article's URL, title,
// outlet, feed and time.
func TestReopenedIndexShowsArticlesMetadata(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src, arts := fixtureStore(t)
	ix := mustOpen(t, dir, src)
	if _, err := ix.CatchUp(ctx, src); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = mustOpen(t, dir, src)
	byID := make(map[string]data.Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	seen := 0
	for _, a := range arts {
		res, err := ix.Search(ctx, retrieval.Query{Text: a.Title, AsOf: a.Published.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			want, ok := byID[h.ArticleID]
			if !ok {
				t.Fatalf("hit %s is no article of the store", h.ArticleID)
			}
			if h.URL != want.URL || h.Title != want.Title || h.Source != want.Source || h.FeedID != want.FeedID || !h.Published.Equal(want.Published) {
				t.Errorf("hit %s: %q %q %q feed %d %v; want %q %q %q feed %d %v", h.ArticleID,
					h.URL, h.Title, h.Source, h.FeedID, h.Published, want.URL, want.Title, want.Source, want.FeedID, want.Published)
			}
			seen++
		}
	}
	if seen < len(arts) {
		t.Errorf("%d hits over %d searches by title, want at least one each", seen, len(arts))
	}
}
