package main

import (
	"os"
	"path/filepath"
	"strings"
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
