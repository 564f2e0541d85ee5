package ingest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// site serves a small news site on loopback: pages at the paths of pages,
// feeds at the paths of feeds (excerptFeed with the server's URL), 404
// elsewhere, and counts the requests.
func site(t *testing.T, pages map[string]string, feeds ...string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		for _, p := range feeds {
			if r.URL.Path == p {
				w.Header().Set("Content-Type", "application/rss+xml")
				w.Write([]byte(strings.ReplaceAll(excerptFeed, "URL", srv.URL)))
				return
			}
		}
		if page, ok := pages[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(page))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

const linkedHome = `<!DOCTYPE html><html><head><title>Test Wire</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/json+oembed" href="/oembed">
<link rel="alternate" type="application/atom+xml; charset=utf-8" href="/news/atom">
</head><body><p>Welcome.</p></body></html>`

const plainHome = `<!DOCTYPE html><html><head><title>Test Wire</title></head><body><p>Welcome.</p></body></html>`

// Issue 12: feeds add with a site's home page failed with "XML syntax
// error" instead of finding its feed.
func TestFollowFeedDiscovers(t *testing.T) {
	tests := []struct {
		name     string
		pages    map[string]string
		feeds    []string
		give     string
		wantPath string
	}{
		{"home page with a link tag", map[string]string{"/": linkedHome}, []string{"/news/atom", "/feed"}, "/", "/news/atom"},
		{"article page with a link tag", map[string]string{"/2026/11/23/dam-inspection.html": linkedHome}, []string{"/news/atom"}, "/2026/11/23/dam-inspection.html", "/news/atom"},
		{"only a common path", map[string]string{"/": plainHome}, []string{"/feed.xml"}, "/", "/feed.xml"},
		{"a link tag that is broken, then a common path", map[string]string{"/": linkedHome}, []string{"/rss"}, "/", "/rss"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, store, _ := newIngester(t)
			srv, _ := site(t, tt.pages, tt.feeds...)
			f, rep, err := in.FollowFeed(context.Background(), srv.URL+tt.give)
			if err != nil {
				t.Fatal(err)
			}
			if f.URL != srv.URL+tt.wantPath || f.Title != "Test Wire" || rep.Added != 2 {
				t.Errorf("followed %q (%q), report %+v; want %s", f.URL, f.Title, rep, srv.URL+tt.wantPath)
			}
			// The page again, or the feed itself, is the same feed.
			for _, u := range []string{srv.URL + tt.give, srv.URL + tt.wantPath} {
				again, _, err := in.FollowFeed(context.Background(), u)
				if err != nil || again.ID != f.ID {
					t.Errorf("FollowFeed(%s) = feed %d, %v; want feed %d", u, again.ID, err, f.ID)
				}
			}
			if feeds, _ := store.Feeds(context.Background()); len(feeds) != 1 {
				t.Errorf("%d feeds stored; want 1", len(feeds))
			}
		})
	}
}

func TestFollowFeedNoFeedFound(t *testing.T) {
	in, store, _ := newIngester(t)
	srv, hits := site(t, map[string]string{"/": plainHome})
	_, _, err := in.FollowFeed(context.Background(), srv.URL+"/")
	want := "no feed found at " + srv.URL + "/; try the feed's own URL"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v; want %q", err, want)
	}
	if n := hits.Load(); n != 7 {
		t.Errorf("%d requests; want the page and 6 common paths", n)
	}
	if feeds, _ := store.Feeds(context.Background()); len(feeds) != 0 {
		t.Errorf("%d feeds stored; want none", len(feeds))
	}
}

// DiscoverAttempts caps the candidates fetched.
func TestFollowFeedDiscoverAttempts(t *testing.T) {
	in, _, _ := newIngester(t)
	in.DiscoverAttempts = 2
	// /feed.xml is the fifth common path: past the cap.
	srv, hits := site(t, map[string]string{"/": plainHome}, "/feed.xml")
	if _, _, err := in.FollowFeed(context.Background(), srv.URL+"/"); err == nil || !strings.Contains(err.Error(), "no feed found") {
		t.Errorf("error %v; want no feed found", err)
	}
	if n := hits.Load(); n != 3 {
		t.Errorf("%d requests; want the page and 2 candidates", n)
	}
}

// A broken feed is reported as one, not searched for a feed it links to.
func TestFollowFeedBrokenFeedIsNotAPage(t *testing.T) {
	in, _, _ := newIngester(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss><channel><title>Broken</title><item>`))
	}))
	defer srv.Close()
	_, _, err := in.FollowFeed(context.Background(), srv.URL+"/feed.xml")
	if err == nil || !strings.Contains(err.Error(), "not an RSS, Atom or JSON feed") {
		t.Errorf("error %v; want the feed's own error", err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("%d requests; want 1", n)
	}
}
