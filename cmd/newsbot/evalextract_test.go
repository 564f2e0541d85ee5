package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalExtract(t *testing.T) {
	dir := filepath.Join("..", "..", "eval", "testdata", "extract-unseen")
	out, errOut, code := runCLI(t, t.TempDir(), "eval", "extract", "--dir", dir, "--pages")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows := map[string][]string{}
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			rows[f[0]] = f
		}
	}
	// "newsbot 12 0 P R F1", first, and a row for each page.
	if r := rows["newsbot"]; len(r) != 6 || r[1] != "12" || r[2] != "0" {
		t.Errorf("newsbot row %q\n%s", r, out)
	}
	for _, name := range []string{"readability", "u01-magazine-lighthouse-keeper"} {
		if rows[name] == nil {
			t.Errorf("no row %q\n%s", name, out)
		}
	}
}

func TestEvalExtractMissingDir(t *testing.T) {
	_, errOut, code := runCLI(t, t.TempDir(), "eval", "extract", "--dir", filepath.Join(t.TempDir(), "none"))
	if code != 1 || !strings.Contains(errOut, "manifest.jsonl") {
		t.Errorf("exit %d, stderr %q; want 1 naming manifest.jsonl", code, errOut)
	}
}
