package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchIndexReadsItsFlags runs a tiny bench: its flags come after the
// "index" subcommand and must be read, not ignored for the 100,000-article
// default.
func TestBenchIndexReadsItsFlags(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, dir, "bench", "index", "--articles", "40", "--queries", "5", "--dir", filepath.Join(dir, "bench"))
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "articles      40\n") {
		t.Errorf("the bench did not use --articles 40:\n%s", out)
	}
}
