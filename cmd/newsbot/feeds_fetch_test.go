package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestFeedsListHidesURLCredentials imports a feed whose URL carries
// user:pw@ and a ?token= (nothing is fetched) and checks that neither
// listing shows them.
func TestFeedsListHidesURLCredentials(t *testing.T) {
	dir := t.TempDir()
	opml := filepath.Join(t.TempDir(), "subs.opml")
	body := `<opml version="2.0"><body><outline text="Private" xmlUrl="https://alice:hunter2@feeds.example/rss?token=t0k"/></body></opml>`
	if err := os.WriteFile(opml, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := runCLI(t, dir, "feeds", "import", opml); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	for _, args := range [][]string{{"feeds", "list"}, {"feeds", "list", "--json"}} {
		out, errOut, code := runCLI(t, dir, args...)
		if code != 0 || !strings.Contains(out, "feeds.example/rss?token=REDACTED") {
			t.Errorf("%v: exit %d, want the redacted URL:\n%s%s", args, code, out, errOut)
		}
		for _, secret := range []string{"alice", "hunter2", "t0k"} {
			if strings.Contains(out+errOut, secret) {
				t.Errorf("%v reveals %q:\n%s%s", args, secret, out, errOut)
			}
		}
	}
}

// TestFeedsAddSpendsTheFullTextBudget follows a loopback feed of three
// excerpt items with NEWSBOT_FULL_TEXT_BUDGET=1, so that one page is
// fetched and two items keep their excerpt, and says so.
func TestFeedsAddSpendsTheFullTextBudget(t *testing.T) {
	var pages atomic.Int32
	var base string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			w.Header().Set("Content-Type", "application/rss+xml")
			var b strings.Builder
			b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Dam Wire</title>`)
			for i := range 3 {
				fmt.Fprintf(&b, `<item><title>Dam report %d</title><link>%s/dam/%d</link><description>Short.</description></item>`, i, base, i)
			}
			b.WriteString(`</channel></rss>`)
			w.Write([]byte(b.String()))
			return
		}
		pages.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(allowTestPage))
	}))
	defer srv.Close()
	base = srv.URL
	env := map[string]string{"NEWSBOT_ALLOW_CIDRS": "127.0.0.1", "NEWSBOT_FULL_TEXT_BUDGET": "1"}
	out, errOut, code := runCLIEnv(t, dirEnv(t.TempDir(), env), "feeds", "add", srv.URL+"/feed.xml")
	if code != 0 || !strings.Contains(out, "3 articles added") || !strings.Contains(out, "2 items kept their feed excerpt") {
		t.Errorf("feeds add: exit %d\n%s%s", code, out, errOut)
	}
	if n := pages.Load(); n != 1 {
		t.Errorf("%d pages fetched, want the budget's 1", n)
	}
}
