package ingest_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/newsbot/newsbot/data/ingest"
)

// lockedBuffer is a log sink that the poller's workers may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestURLCredentialsAreUsedButNeverShown follows and polls a feed that
// needs basic auth, given as user:pw@ in its URL along with a ?token=, and
// checks that the stored feed keeps the credentials the poll needs while
// ingest failures, the follow error and the logs show none of them.
func TestURLCredentialsAreUsedButNeverShown(t *testing.T) {
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		if u, pw, ok := r.BasicAuth(); !ok || u != "alice" || pw != "hunter2" {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(strings.ReplaceAll(excerptFeed, "URL/missing", "URL/missing?token=pagetok")))
		case "/page":
			w.Write([]byte("<html><body><p>not a feed</p></body></html>"))
		default:
			http.NotFound(w, r)
		}
	})
	withCreds := strings.Replace(srv.URL, "http://", "http://alice:hunter2@", 1)

	in, store, _ := newIngester(t)
	logs := &lockedBuffer{}
	in.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := t.Context()
	f, rep, err := in.FollowFeed(ctx, withCreds+"/feed.xml?token=t0k")
	if err != nil || rep.Added != 2 {
		t.Fatalf("FollowFeed = %+v, %v; want 2 items added with basic auth", rep, err)
	}
	if !strings.Contains(f.URL, "alice:hunter2@") || !strings.Contains(f.URL, "token=t0k") {
		t.Errorf("stored feed URL %q dropped the credentials the poller needs", f.URL)
	}

	// The poller fetches the stored URL, so its credentials must work.
	f.NextPoll = f.CreatedAt
	if err := store.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	p := &ingest.Poller{Store: store, Fetcher: in.Fetcher, Handle: in.HandleFeed, Logger: in.Logger}
	prep, err := p.PollOnce(ctx)
	if err != nil || prep.Polled != 1 || prep.Failed != 0 {
		t.Fatalf("PollOnce = %+v, %v; want the feed polled with its credentials", prep, err)
	}

	var shown []string
	_, _, ferr := in.FollowFeed(ctx, withCreds+"/page?token=t0k")
	if ferr == nil {
		t.Fatal("following a page that is not a feed succeeded")
	}
	shown = append(shown, ferr.Error())
	irep, err := in.Ingest(ctx, []string{withCreds + "/gone?api_key=t0k", withCreds + "/page?session=t0k"})
	if err != nil {
		t.Fatal(err)
	}
	if irep.Failed != 2 {
		t.Fatalf("Ingest failures %+v, want the 404 and the page without text", irep.Failures)
	}
	for _, fl := range irep.Failures {
		shown = append(shown, fl.Item+": "+fl.Reason)
	}
	shown = append(shown, logs.String())
	for _, s := range shown {
		for _, secret := range []string{"alice", "hunter2", "t0k", "pagetok"} {
			if strings.Contains(s, secret) {
				t.Errorf("%q reveals %q", s, secret)
			}
		}
	}
	if !strings.Contains(irep.Failures[0].Item, "/gone?api_key=REDACTED") {
		t.Errorf("failure item %q, want the redacted URL", irep.Failures[0].Item)
	}
	if out := logs.String(); strings.Contains(out, " feed=") || !strings.Contains(out, "feed_id=") {
		t.Errorf("logs name a feed other than by feed_id:\n%s", out)
	}
}
