package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
)

func TestIndexFollowSetting(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want time.Duration
		err  string
	}{
		{v: "", want: 0},
		{v: "500ms", want: 500 * time.Millisecond},
		{v: "1m", want: time.Minute},
		{v: "-1", want: -1},
		{v: "0", err: "NEWSBOT_INDEX_FOLLOW: must not be 0; leave it empty for the default, or -1 not to follow the store"},
		{v: "10ms", err: "NEWSBOT_INDEX_FOLLOW: must be at least 100ms"},
		{v: "often", err: `NEWSBOT_INDEX_FOLLOW: "often" is not a duration`},
	} {
		c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_INDEX_FOLLOW": tt.v}))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err = %v, want %q", tt.v, err, tt.err)
			}
			continue
		}
		if err != nil || c.IndexFollow != tt.want {
			t.Errorf("%q: IndexFollow %v, err %v; want %v", tt.v, c.IndexFollow, err, tt.want)
		}
	}
	if got := (&indexFollower{}).every(); got != defaultIndexFollow {
		t.Errorf("unset: every %v, want %v", got, defaultIndexFollow)
	}
}

// revStore is a store whose latest revision the test sets.
type revStore struct {
	rev int64
	err error
}

func (s *revStore) MaxRev(context.Context) (int64, error) { return s.rev, s.err }
func (s *revStore) ArticlesAfter(context.Context, int64, func(data.Article) error) error {
	return nil
}

// countingIndex counts its catch-ups, each failing with err.
type countingIndex struct {
	calls int
	err   error
}

func (ix *countingIndex) CatchUp(context.Context, retrieval.ArticleSource) (int, error) {
	ix.calls++
	return 1, ix.err
}

func TestIndexFollowerCatchesUpOnlyWhenTheStoreIsAhead(t *testing.T) {
	ctx := context.Background()
	st, ix := &revStore{}, &countingIndex{}
	f := &indexFollower{Index: ix, Store: st, Logger: slog.New(slog.DiscardHandler)}
	steps := []struct {
		rev       int64
		storeErr  error
		indexErr  error
		wantCalls int
	}{
		{rev: 0, wantCalls: 0}, // empty store: nothing to do
		{rev: 3, wantCalls: 1}, // behind: catch up
		{rev: 3, wantCalls: 1}, // caught up: the store is read, the index left alone
		{rev: 5, indexErr: errors.New("disk full"), wantCalls: 2}, // a failed catch-up...
		{rev: 5, wantCalls: 3}, // ...is tried again
		{rev: 9, storeErr: errors.New("connection lost"), wantCalls: 3}, // the store unreadable: no catch-up
		{rev: 9, wantCalls: 4},
	}
	for i, s := range steps {
		st.rev, st.err, ix.err = s.rev, s.storeErr, s.indexErr
		_, err := f.Step(ctx)
		if (err != nil) != (s.storeErr != nil || s.indexErr != nil) {
			t.Errorf("step %d: err = %v", i, err)
		}
		if ix.calls != s.wantCalls {
			t.Errorf("step %d (store at %d): %d catch-ups, want %d", i, s.rev, ix.calls, s.wantCalls)
		}
	}
}

func TestIndexFollowerOffReturnsAtOnce(t *testing.T) {
	ix := &countingIndex{}
	f := &indexFollower{Index: ix, Store: &revStore{rev: 7}, Every: -1, Logger: slog.New(slog.DiscardHandler)}
	done := make(chan struct{})
	go func() { f.Run(context.Background()); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run with following off did not return")
	}
	if ix.calls != 0 {
		t.Errorf("%d catch-ups with following off", ix.calls)
	}
}

// openSharedApp opens an app of its own data directory on the PostgreSQL
// store at url, as one process of several.
func openSharedApp(t *testing.T, url string, follow time.Duration) *app {
	t.Helper()
	e := &env{stderr: io.Discard, cfg: Config{DataDir: t.TempDir(), DatabaseURL: url, IndexFollow: follow, LogLevel: "error", LogFormat: "text"}}
	a, err := openApp(context.Background(), e, openOptions{quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// storyArticle is an article about word, published an hour ago.
func storyArticle(word string) data.Article {
	return data.Article{
		URL:       "https://wire.example/" + word,
		Title:     "The " + word + " report",
		Text:      fmt.Sprintf("The %s report was published today. Officials said the %s figures were final.", word, word),
		Source:    "Wire",
		Published: time.Now().Add(-time.Hour).UTC(),
	}
}

// found reports whether a search of a's index for word finds its article.
func found(t *testing.T, a *app, word string) bool {
	t.Helper()
	res, err := a.index.Search(context.Background(), retrieval.Query{Text: word + " report"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.URL == "https://wire.example/"+word {
			return true
		}
	}
	return false
}

// followLag is how soon an article stored by one process must be
// searchable in another that follows the store at the default pace.
const followLag = 5 * time.Second

func TestIndexFollowsWhatAnotherProcessStores(t *testing.T) {
	url := emptyPostgres(t)
	a := openSharedApp(t, url, 0)
	b := openSharedApp(t, url, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &indexFollower{Index: b.index, Store: b.store, Every: b.cfg.IndexFollow, Logger: b.log}
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	if _, err := a.ingest.StoreArticles(ctx, []data.Article{storyArticle("harbour")}); err != nil {
		t.Fatal(err)
	}
	if !found(t, a, "harbour") {
		t.Fatal("the process that stored the article cannot find it")
	}
	deadline := time.Now().Add(followLag)
	for !found(t, b, "harbour") {
		if time.Now().After(deadline) {
			t.Fatalf("the other process cannot find the article %v after it was stored", followLag)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestOwnIngestKeepsOthersArticles: a process that stores articles after
// another process's, before following the store again, must index both:
// recording its own articles' revision alone would skip the others' for
// good.
func TestOwnIngestKeepsOthersArticles(t *testing.T) {
	url := emptyPostgres(t)
	a := openSharedApp(t, url, -1)
	b := openSharedApp(t, url, -1)
	ctx := context.Background()
	if _, err := a.ingest.StoreArticles(ctx, []data.Article{storyArticle("harbour")}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ingest.StoreArticles(ctx, []data.Article{storyArticle("orchard")}); err != nil {
		t.Fatal(err)
	}
	if !found(t, b, "orchard") || !found(t, b, "harbour") {
		t.Fatalf("b finds its own article %v and a's %v; want both", found(t, b, "orchard"), found(t, b, "harbour"))
	}
	// And nothing is skipped after: a catches up with b's article.
	if _, err := (&indexFollower{Index: a.index, Store: a.store, Logger: a.log}).Step(ctx); err != nil {
		t.Fatal(err)
	}
	if !found(t, a, "orchard") {
		t.Error("a does not find b's article after following the store")
	}
}

// TestArticleDeletedElsewhereNeverShows: retention in one process deletes
// an article from the store and its own index; another process's index
// still has it, but its searches read the text from the store and leave
// out what the store no longer has.
func TestArticleDeletedElsewhereNeverShows(t *testing.T) {
	url := emptyPostgres(t)
	a := openSharedApp(t, url, -1)
	b := openSharedApp(t, url, -1)
	ctx := context.Background()
	old := storyArticle("harbour")
	old.Published = time.Now().Add(-60 * 24 * time.Hour).UTC()
	if _, err := a.ingest.StoreArticles(ctx, []data.Article{old, storyArticle("orchard")}); err != nil {
		t.Fatal(err)
	}
	if _, err := (&indexFollower{Index: b.index, Store: b.store, Logger: b.log}).Step(ctx); err != nil {
		t.Fatal(err)
	}
	// The date is in the query's words only; a search over all time.
	if !found(t, b, "harbour") {
		t.Fatal("b does not find the old article before retention")
	}
	r := &ingest.Retainer{Store: a.store, Index: a.index, Keep: 30 * 24 * time.Hour}
	if n, err := r.Prune(ctx); err != nil || n != 1 {
		t.Fatalf("prune: %d deleted, %v; want 1", n, err)
	}
	if found(t, a, "harbour") || found(t, b, "harbour") {
		t.Errorf("the deleted article shows: in a %v, in b %v", found(t, a, "harbour"), found(t, b, "harbour"))
	}
	// Following the store again does not bring it back.
	if _, err := (&indexFollower{Index: b.index, Store: b.store, Logger: b.log}).Step(ctx); err != nil {
		t.Fatal(err)
	}
	if found(t, b, "harbour") || !found(t, b, "orchard") {
		t.Errorf("after following: deleted article found %v, kept article found %v", found(t, b, "harbour"), found(t, b, "orchard"))
	}
}
