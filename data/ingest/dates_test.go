package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// implausibleFeed dates its items at the Unix epoch, past 2262, rightly and
// not at all.
const implausibleFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Clockwork Gazette</title><link>https://clockwork.example/</link>
<item><title>Epoch</title><link>https://clockwork.example/epoch</link>
<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate><description>Dated at zero.</description></item>
<item><title>Far future</title><link>https://clockwork.example/future</link>
<pubDate>Fri, 01 Jan 2300 00:00:00 GMT</pubDate><description>Dated past 2262.</description></item>
<item><title>Tomorrow and a bit</title><link>https://clockwork.example/tomorrow</link>
<pubDate>Wed, 25 Nov 2026 18:00:00 GMT</pubDate><description>Dated 30 hours ahead.</description></item>
<item><title>Right</title><link>https://clockwork.example/right</link>
<pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate><description>Dated right.</description></item>
<item><title>Undated</title><link>https://clockwork.example/undated</link>
<description>No date at all.</description></item>
</channel></rss>`

func TestIngestReplacesImplausibleDatesWithTheFetchTime(t *testing.T) {
	in, store, ix := newIngester(t)
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	in.Now = func() time.Time { return now }
	dir := t.TempDir()
	files := map[string]string{
		"clock.rss": implausibleFeed,
		// A JSON number that is not a date's digits is read as seconds:
		// 86400 is 1970-01-02.
		"numbers.jsonl": `{"url":"https://clockwork.example/number","title":"Number","text":"Dated by a number.","date":86400}` + "\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := in.Ingest(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 6 || rep.DateFallbacks != 4 {
		t.Errorf("added %d with %d dates replaced, want 6 with 4: %+v", rep.Added, rep.DateFallbacks, rep)
	}
	wants := map[string]time.Time{
		"https://clockwork.example/epoch":    now,
		"https://clockwork.example/future":   now,
		"https://clockwork.example/tomorrow": now,
		"https://clockwork.example/number":   now,
		"https://clockwork.example/right":    time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC),
		"https://clockwork.example/undated":  {},
	}
	flagged := map[string]bool{}
	for _, a := range ix.added {
		flagged[a.URL] = a.DateFallback
	}
	for u, want := range wants {
		a, err := store.ArticleByURL(context.Background(), u)
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		if !a.Published.Equal(want) {
			t.Errorf("%s: published %v, want %v", u, a.Published, want)
		}
		if wantFlag := want.Equal(now); flagged[u] != wantFlag {
			t.Errorf("%s: DateFallback %v, want %v", u, flagged[u], wantFlag)
		}
	}

	// Read again an hour later, the replaced dates stay as first stored:
	// the articles are unchanged, not updated on every poll.
	now = now.Add(time.Hour)
	rep, err = in.Ingest(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 6 || rep.DateFallbacks != 4 {
		t.Errorf("second ingest: %+v, want 6 unchanged with 4 dates replaced", rep)
	}
	a, err := store.ArticleByURL(context.Background(), "https://clockwork.example/epoch")
	if err != nil {
		t.Fatal(err)
	}
	if want := now.Add(-time.Hour); !a.Published.Equal(want) {
		t.Errorf("epoch article re-dated %v, want %v", a.Published, want)
	}
}
