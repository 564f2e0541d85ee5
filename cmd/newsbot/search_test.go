package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 12: --source CNN searched 0 articles because the outlet is
// cnn.com, and nothing hinted at that.
func TestSourceMatchesOutletNamesAndDomains(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "outlets.jsonl")
	lines := `{"url": "https://www.cnn.com/2022/07/13/business/harbor-ferry-fares/index.html", "title": "Harbor ferry fares rise", "published": "2022-07-13T12:00:00Z", "text": "Fares on the harbor ferry will rise by ten percent in August, the operator said on Wednesday."}
{"url": "https://www.usatoday.com/story/news/2022/07/13/harbor-ferry-strike/", "title": "Harbor ferry crews plan strike", "published": "2022-07-13T13:00:00Z", "text": "Harbor ferry crews will strike next week over pay, their union said on Wednesday."}
`
	if err := os.WriteFile(file, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := runCLI(t, dir, "ingest", file); code != 0 {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errOut)
	}
	tests := []struct {
		args     []string
		want     string
		wantNot  string
		wantCode int
	}{
		{[]string{"search", "--source", "CNN", "harbor ferry"}, "Harbor ferry fares rise", "crews plan strike", 0},
		{[]string{"search", "--source", "www.cnn.com", "harbor ferry"}, "Harbor ferry fares rise", "crews plan strike", 0},
		{[]string{"search", "--source", "USA Today", "harbor ferry"}, "crews plan strike", "fares rise", 0},
		{[]string{"search", "--source", "cnn,usatoday.com", "harbor ferry"}, "fares rise", "No articles", 0},
		{[]string{"ask", "--source", "usa today", "--extractive", "Why will harbor ferry crews strike?"}, "1 article searched", "", 0},
		{[]string{"search", "--source", "CNNN", "harbor ferry"}, `--source: no outlet matches "CNNN"; did you mean cnn.com?`, "", 2},
		{[]string{"ask", "--source", "Fox News", "Why will harbor ferry crews strike?"}, `no outlet matches "Fox News"; outlets with the most articles: cnn.com, usatoday.com`, "", 2},
	}
	for _, tt := range tests {
		out, errOut, code := runCLI(t, dir, tt.args...)
		all := out + errOut
		if code != tt.wantCode || !strings.Contains(all, tt.want) || (tt.wantNot != "" && strings.Contains(all, tt.wantNot)) {
			t.Errorf("%q: exit %d, want %d with %q and without %q:\n%s", tt.args, code, tt.wantCode, tt.want, tt.wantNot, all)
		}
	}
}
