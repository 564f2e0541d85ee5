package ingest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/ingest"
)

// recordingIndex is a hand-written Indexer that remembers what it was given.
type recordingIndex struct {
	mu    sync.Mutex
	added []data.Article
}

var _ ingest.Indexer = (*recordingIndex)(nil)

func (r *recordingIndex) Add(_ context.Context, arts []data.Article) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.added = append(r.added, arts...)
	return nil
}

func newIngester(t *testing.T) (*ingest.Ingester, *data.Store, *recordingIndex) {
	t.Helper()
	store, err := data.OpenStore(context.Background(), filepath.Join(t.TempDir(), "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ix := &recordingIndex{}
	in := &ingest.Ingester{
		Store: store, Index: ix, FullText: true,
		Fetcher: fetch.New(fetch.Options{AllowPrivate: true}),
	}
	return in, store, ix
}

const excerptFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>URL/</link>
<item><title>Dam inspection finds no damage</title><link>URL/full</link>
<pubDate>Mon, 23 Nov 2026 09:00:00 +0000</pubDate>
<description>Inspectors found no damage.</description></item>
<item><title>Ferry timetable changes</title><link>URL/missing</link>
<pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate>
<description>The ferry will run every half hour.</description></item>
</channel></rss>`

const fullPage = `<html><head><title>Dam inspection finds no damage</title></head><body><article>
<h1>Dam inspection finds no damage</h1>
<p>Inspectors who examined the Greywater dam after last week's storm found no structural damage, the water authority said on Monday, and the reservoir will be refilled from Wednesday.</p>
<p>The inspection took four days and included divers checking the spillway. Engineers had feared that debris carried by the flood might have cracked the concrete apron below the gates.</p>
<p>The authority said it would publish the full inspection report next month and thanked residents for their patience during the works.</p>
</article></body></html>`

func TestIngestFeedFetchesFullTextAndKeepsExcerptsOnFailure(t *testing.T) {
	in, store, ix := newIngester(t)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(strings.ReplaceAll(excerptFeed, "URL", srv.URL)))
		case "/full":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(fullPage))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	rep, err := in.Ingest(context.Background(), []string{srv.URL + "/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 2 || rep.Failed != 0 {
		t.Fatalf("report %+v, want 2 added", rep)
	}
	full, err := store.ArticleByURL(context.Background(), srv.URL+"/full")
	if err != nil {
		t.Fatal(err)
	}
	if full.ExcerptOnly || !strings.Contains(full.Text, "concrete apron") {
		t.Errorf("full text not fetched: excerpt=%v text=%q", full.ExcerptOnly, full.Text)
	}
	missing, err := store.ArticleByURL(context.Background(), srv.URL+"/missing")
	if err != nil {
		t.Fatal(err)
	}
	if !missing.ExcerptOnly || !strings.Contains(missing.Text, "half hour") {
		t.Errorf("a 404 page must leave the excerpt stored and marked: %+v", missing)
	}
	if len(ix.added) != 2 {
		t.Errorf("indexed %d articles, want 2", len(ix.added))
	}

	// Ingesting again changes nothing and indexes nothing new.
	rep, err = in.Ingest(context.Background(), []string{srv.URL + "/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 2 || rep.Added+rep.Updated != 0 || len(ix.added) != 2 {
		t.Errorf("second ingest: %+v, indexed %d", rep, len(ix.added))
	}
}

func TestIngestPathsReportsEachFailure(t *testing.T) {
	in, store, _ := newIngester(t)
	dir := t.TempDir()
	files := map[string]string{
		"a.txt":         "Council opens new library\n\nHALDEN - The council opened a new library on Saturday with 40,000 books and a children's reading room.\n",
		"nested/b.md":   "---\ntitle: Tram line extended\ndate: 2026-11-20\n---\nThe tram line now reaches the university campus, cutting travel times by ten minutes.\n",
		"broken.json":   `[{"title": "Half`,
		"c.jsonl":       "{\"title\": \"Bakery wins award\", \"text\": \"A family bakery won the national bread prize.\", \"published\": \"2026/11/21\"}\nnot json\n",
		".hidden/x.txt": "Hidden\n\nshould not be read\n",
		"notes.bin":     "binary",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := in.Ingest(context.Background(), []string{dir, filepath.Join(dir, "does-not-exist.txt")})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 3 {
		t.Errorf("added %d, want 3 (a.txt, b.md, one JSONL line): %+v", rep.Added, rep)
	}
	if rep.Failed != 3 {
		t.Errorf("failed %d, want 3 (broken.json, a bad JSONL line, a missing file): %+v", rep.Failed, rep.Failures)
	}
	var names []string
	for _, f := range rep.Failures {
		names = append(names, f.Item)
		if f.Reason == "" {
			t.Errorf("failure %q has no reason", f.Item)
		}
	}
	joined := strings.Join(names, "\n")
	for _, want := range []string{"broken.json", "c.jsonl", "does-not-exist.txt"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no failure names %s: %q", want, joined)
		}
	}
	c, err := store.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != 3 {
		t.Errorf("store holds %d articles, want 3", c.Articles)
	}
}

func TestIngestRefusesBlockedURLsByDefault(t *testing.T) {
	in, _, _ := newIngester(t)
	in.Fetcher = fetch.New(fetch.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("a loopback server was reached with the SSRF guard on")
	}))
	defer srv.Close()
	rep, err := in.Ingest(context.Background(), []string{srv.URL + "/page"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 1 || !strings.Contains(rep.Failures[0].Reason, "loopback") {
		t.Errorf("want one failure naming the loopback address: %+v", rep.Failures)
	}
}

func TestSeedSampleOnlyWhenEmpty(t *testing.T) {
	in, store, ix := newIngester(t)
	ctx := context.Background()
	n, err := in.SeedSample(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 || n > 40 {
		t.Errorf("seeded %d articles, want 20-40", n)
	}
	if len(ix.added) != n {
		t.Errorf("indexed %d of %d seeded articles", len(ix.added), n)
	}
	arts, err := ingest.SampleArticles()
	if err != nil {
		t.Fatal(err)
	}
	outlets := map[string]bool{}
	for _, a := range arts {
		if a.Title == "" || len(a.Text) < 200 || a.Published.IsZero() {
			t.Errorf("sample article incomplete: %q (%d chars, published %v)", a.Title, len(a.Text), a.Published)
		}
		outlets[a.Source] = true
	}
	if len(outlets) < 4 {
		t.Errorf("sample corpus has %d outlets, want several", len(outlets))
	}
	if n, err = in.SeedSample(ctx); err != nil || n != 0 {
		t.Errorf("second seed added %d (%v), want 0", n, err)
	}
	c, _ := store.Counts(ctx)
	if c.Articles != len(arts) {
		t.Errorf("store holds %d, want %d", c.Articles, len(arts))
	}
}

func TestFollowFeedAndImportOPML(t *testing.T) {
	in, store, _ := newIngester(t)
	ctx := context.Background()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(strings.ReplaceAll(excerptFeed, "URL", srv.URL)))
		case "/page.html":
			w.Write([]byte(fullPage))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	f, rep, err := in.FollowFeed(ctx, srv.URL+"/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == 0 || f.Title != "Test Wire" || rep.Added != 2 {
		t.Errorf("feed %+v, report %+v", f, rep)
	}
	again, _, err := in.FollowFeed(ctx, srv.URL+"/feed.xml")
	if err != nil || again.ID != f.ID {
		t.Errorf("following twice must return the same feed: %+v %v", again, err)
	}
	if _, _, err := in.FollowFeed(ctx, srv.URL+"/page.html"); err == nil || !strings.Contains(err.Error(), "not an RSS, Atom or JSON feed") {
		t.Errorf("a web page accepted as a feed: %v", err)
	}

	opml := `<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
<outline text="News"><outline text="Wire" xmlUrl="https://wire.example/rss"/>
<outline text="Again" xmlUrl="` + srv.URL + `/feed.xml"/></outline>
<outline text="Bad" xmlUrl="ftp://old.example/feed"/></body></opml>`
	added, failed, err := in.ImportOPML(ctx, strings.NewReader(opml))
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 1 || added[0].URL != "https://wire.example/rss" || added[0].Title != "Wire" {
		t.Errorf("added %+v", added)
	}
	if len(failed) != 2 {
		t.Errorf("want the duplicate and the ftp URL reported: %+v", failed)
	}
	feeds, _ := store.Feeds(ctx)
	if len(feeds) != 2 {
		t.Errorf("store has %d feeds, want 2", len(feeds))
	}
	if _, _, err := in.ImportOPML(ctx, strings.NewReader("<opml><body>")); err == nil {
		t.Error("a broken OPML file was accepted")
	}
}

func TestIngestURLVariantUpdatesTheArticle(t *testing.T) {
	in, store, ix := newIngester(t)
	dir := t.TempDir()
	ingestFile := func(name, body string) ingest.Report {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := in.Ingest(t.Context(), []string{p})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := ingestFile("first.jsonl",
		`{"url": "https://www.cnn.com/2022/06/12/x/index.html", "title": "Bridge reopens", "text": "The bridge reopened on Sunday."}`+"\n")
	if rep.Added != 1 {
		t.Fatalf("first ingest %+v, want 1 added", rep)
	}
	rep = ingestFile("second.json",
		`[{"url": "https://cnn.com/2022/06/12/x/?utm_source=rss", "title": "Bridge reopens", "text": "The bridge reopened on Sunday after six weeks."},
		  {"url": "https://m.cnn.com/2022/06/12/x/amp", "title": "Bridge reopens", "text": "The bridge reopened on Sunday after six weeks."}]`)
	if rep.Added != 0 || rep.Updated != 1 || rep.Unchanged != 1 {
		t.Errorf("second ingest %+v, want 1 updated then 1 unchanged, none added", rep)
	}
	c, err := store.Counts(t.Context())
	if err != nil || c.Articles != 1 {
		t.Fatalf("Counts = %+v, %v; want 1 article", c, err)
	}
	a, err := store.ArticleByURL(t.Context(), "https://www.cnn.com/2022/06/12/x/")
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != "The bridge reopened on Sunday after six weeks." || a.URL != "https://www.cnn.com/2022/06/12/x/index.html" {
		t.Errorf("stored %q at %q, want the new text at the first URL", a.Text, a.URL)
	}
	// The index was given the update as stored: same ID, same URL.
	last := ix.added[len(ix.added)-1]
	if len(ix.added) != 2 || last.ID != a.ID || last.URL != a.URL {
		t.Errorf("indexed %d articles, the last %s at %q; want 2, the last %s at %q", len(ix.added), last.ID, last.URL, a.ID, a.URL)
	}
}

// TestFollowedFeedsGetTheIngestersInterval follows a feed and imports one
// from OPML: both are stored with the Ingester's FeedInterval, or with
// DefaultFeedInterval when it has none.
func TestFollowedFeedsGetTheIngestersInterval(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(strings.ReplaceAll(excerptFeed, "URL", srv.URL)))
	}))
	defer srv.Close()
	tests := []struct {
		name     string
		interval time.Duration
		want     time.Duration
	}{
		{"set", 2 * time.Hour, 2 * time.Hour},
		{"zero", 0, data.DefaultFeedInterval},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, store, _ := newIngester(t)
			in.FullText = false
			in.FeedInterval = tt.interval
			ctx := context.Background()
			if _, _, err := in.FollowFeed(ctx, srv.URL+"/followed.xml"); err != nil {
				t.Fatal(err)
			}
			opml := `<opml version="2.0"><body><outline text="Wire" xmlUrl="` + srv.URL + `/imported.xml"/></body></opml>`
			if _, failed, err := in.ImportOPML(ctx, strings.NewReader(opml)); err != nil || len(failed) > 0 {
				t.Fatalf("import: %v %+v", err, failed)
			}
			feeds, err := store.Feeds(ctx)
			if err != nil || len(feeds) != 2 {
				t.Fatalf("feeds %+v, %v; want 2", feeds, err)
			}
			for _, f := range feeds {
				if f.Interval != tt.want {
					t.Errorf("%s: Interval = %v, want %v", f.URL, f.Interval, tt.want)
				}
			}
		})
	}
}
