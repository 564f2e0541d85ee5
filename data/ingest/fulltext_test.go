package ingest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
)

// excerptFeedServer serves /feed.xml, an RSS feed of n items that carry
// only a summary, each linking to its page /page/<gen>-<i>. Pages are
// served whole, or stall until the test ends when stall is set. It returns
// the feed's URL, the count of page requests and a func that makes the
// feed list a new generation of items.
func excerptFeedServer(t *testing.T, n int, stall bool) (feedURL string, pageHits *atomic.Int32, nextGen func()) {
	t.Helper()
	var hits, gen atomic.Int32
	release := make(chan struct{})
	var base string
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			var b strings.Builder
			b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`)
			for i := range n {
				fmt.Fprintf(&b, `<item><title>Item %d-%d</title><link>%s/page/%d-%d</link>`+
					`<pubDate>Mon, 23 Nov 2026 09:00:00 +0000</pubDate><description>Short excerpt %d.</description></item>`,
					gen.Load(), i, base, gen.Load(), i, i)
			}
			b.WriteString(`</channel></rss>`)
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(b.String()))
			return
		}
		hits.Add(1)
		if stall {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(fullPage))
	})
	t.Cleanup(func() { close(release) }) // runs before srv.Close
	base = srv.URL
	return srv.URL + "/feed.xml", &hits, func() { gen.Add(1) }
}

// excerptCounts returns how many of the store's articles are excerpt-only
// and how many there are in all.
func excerptCounts(t *testing.T, st *data.Store) (excerpts, all int) {
	t.Helper()
	c, err := st.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return c.ExcerptOnly, c.Articles
}

func TestFullTextBudget(t *testing.T) {
	tests := []struct {
		name         string
		budget, n    int
		wantFetched  int
		wantExcerpts int
	}{
		{"budget spent", 4, 12, 4, 8},
		{"default budget", 0, ingest.DefaultFullTextBudget + 5, ingest.DefaultFullTextBudget, 5},
		{"no limit", -1, ingest.DefaultFullTextBudget + 5, ingest.DefaultFullTextBudget + 5, 0},
		{"budget not reached", 20, 6, 6, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed, hits, _ := excerptFeedServer(t, tt.n, false)
			in, st, _ := newIngester(t)
			in.FullTextBudget = tt.budget
			_, rep, err := in.FollowFeed(t.Context(), feed)
			if err != nil {
				t.Fatal(err)
			}
			if got := int(hits.Load()); got != tt.wantFetched {
				t.Errorf("%d pages fetched, want %d", got, tt.wantFetched)
			}
			if rep.Added != tt.n || rep.Unfetched != tt.wantExcerpts {
				t.Errorf("report %+v, want %d added and %d unfetched", rep, tt.n, tt.wantExcerpts)
			}
			if ex, all := excerptCounts(t, st); all != tt.n || ex != tt.wantExcerpts {
				t.Errorf("store holds %d articles, %d excerpt-only; want %d and %d", all, ex, tt.n, tt.wantExcerpts)
			}
		})
	}
}

// TestFullTextDeadlineEndsAStalledPoll serves a feed of many excerpt items
// whose pages never answer, and checks that following it and polling it
// end once the short full-text deadline passes, with every item stored
// with its excerpt and counted as unfetched.
func TestFullTextDeadlineEndsAStalledPoll(t *testing.T) {
	const n = 40
	feed, hits, nextGen := excerptFeedServer(t, n, true)
	in, st, _ := newIngester(t)
	in.FullTextBudget = -1
	in.FullTextDeadline = 50 * time.Millisecond
	ctx := t.Context()

	// Only a hang guard: the deadline is what ends the poll.
	within := func(what string, fn func()) {
		t.Helper()
		done := make(chan struct{})
		go func() { defer close(done); fn() }()
		select {
		case <-done:
		case <-time.After(time.Minute):
			t.Fatalf("%s still running after a minute; the full-text deadline did not end it", what)
		}
	}
	var rep ingest.Report
	var err error
	within("FollowFeed", func() { _, rep, err = in.FollowFeed(ctx, feed) })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != n || rep.Unfetched != n {
		t.Errorf("report %+v, want %d added and all %d unfetched", rep, n, n)
	}
	if got := hits.Load(); got > 4 {
		t.Errorf("%d pages requested, want at most the 4 fetched at once before the deadline", got)
	}

	nextGen()
	f, err := st.FeedByURL(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	f.NextPoll = f.CreatedAt
	if err := st.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	p := &ingest.Poller{Store: st, Fetcher: in.Fetcher, Handle: in.HandleFeed}
	var prep ingest.PollReport
	within("PollOnce", func() { prep, err = p.PollOnce(context.Background()) })
	if err != nil || prep.Polled != 1 || prep.Failed != 0 {
		t.Fatalf("PollOnce = %+v, %v; want one successful poll", prep, err)
	}
	if ex, all := excerptCounts(t, st); all != 2*n || ex != 2*n {
		t.Errorf("store holds %d articles, %d excerpt-only; want all %d stored with their excerpt", all, ex, 2*n)
	}
}
