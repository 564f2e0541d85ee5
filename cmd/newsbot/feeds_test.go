package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// feedServer serves a one-item RSS feed at every path, on loopback.
func feedServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %[1]s</title>
<item><title>Story from %[1]s</title><link>http://%[2]s%[1]s/story</link>
<description>The harbour on %[1]s reopened on Monday after three weeks of repairs to the sea wall.</description>
<pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate></item></channel></rss>`, r.URL.Path, r.Host)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestPollIntervalReachesEveryNewFeed follows a feed in each of the four
// ways newsbot has (NEWSBOT_FEEDS, feeds add, /feeds add in the console
// and an OPML import): NEWSBOT_POLL_INTERVAL must reach all of them.
func TestPollIntervalReachesEveryNewFeed(t *testing.T) {
	srv := feedServer(t)
	dir := t.TempDir()
	opml := filepath.Join(t.TempDir(), "subs.opml")
	if err := os.WriteFile(opml, []byte(`<?xml version="1.0"?><opml version="2.0"><body>
<outline text="Imported" xmlUrl="`+srv.URL+`/imported.xml"/></body></opml>`), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"NEWSBOT_DATA_DIR":      dir,
		"NEWSBOT_LOG_LEVEL":     "error",
		"NEWSBOT_ALLOW_PRIVATE": "true",
		"NEWSBOT_POLL_INTERVAL": "2h",
		"NEWSBOT_FEEDS":         srv.URL + "/configured.xml",
	}
	run := func(stdin string, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] }); code != 0 {
			t.Fatalf("newsbot %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out.String(), errb.String())
		}
		return out.String()
	}
	run("", "feeds", "import", opml)
	run("", "feeds", "add", srv.URL+"/added.xml")
	run("/feeds add "+srv.URL+"/console.xml\n", "chat")

	var feeds []struct {
		URL      string        `json:"url"`
		Interval time.Duration `json:"interval"`
	}
	out := run("", "feeds", "list", "--json")
	if err := json.Unmarshal([]byte(out), &feeds); err != nil {
		t.Fatalf("feeds list --json: %v\n%s", err, out)
	}
	want := map[string]bool{"/configured.xml": true, "/imported.xml": true, "/added.xml": true, "/console.xml": true}
	for _, f := range feeds {
		path := strings.TrimPrefix(f.URL, srv.URL)
		if !want[path] {
			t.Errorf("unexpected feed %s", f.URL)
			continue
		}
		delete(want, path)
		if f.Interval != 2*time.Hour {
			t.Errorf("feed %s polls every %v, want the 2h of NEWSBOT_POLL_INTERVAL", path, f.Interval)
		}
	}
	for path := range want {
		t.Errorf("feed %s was not followed", path)
	}
}
