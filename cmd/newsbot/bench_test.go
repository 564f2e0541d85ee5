package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchIndexReadsItsFlags runs a tiny bench: its flags come after the
// "index" subcommand and must be read, not ignored for the 100,000-article
// default.
func TestBenchIndexReadsItsFlags(t *testing.T) {
	dir := t.TempDir()
	queries := filepath.Join(dir, "queries.jsonl")
	out, errOut, code := runCLI(t, dir, "bench", "index", "--articles", "40", "--queries", "14", "--baseline=false",
		"--write-queries", queries, "--dir", filepath.Join(dir, "bench"))
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "40 stored and indexed, 14 queries") {
		t.Errorf("the bench did not use --articles 40 and --queries 14:\n%s", out)
	}
	if strings.Contains(out, "plain bleve") {
		t.Errorf("--baseline=false still ran plain bleve:\n%s", out)
	}
	b, err := os.ReadFile(queries)
	if err != nil || strings.Count(string(b), "\n") != 14 || !strings.Contains(string(b), `"shape":"common"`) {
		t.Errorf("--write-queries wrote %q, %v", b, err)
	}
}

// TestBenchCorpusThenIndexAsIs writes a generated corpus and benches it
// as it is, with a query file, as the README's Benchmarks do.
func TestBenchCorpusThenIndexAsIs(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	out, errOut, code := runCLI(t, dir, "bench", "corpus", "--articles", "60", "--out", corpus)
	if code != 0 || !strings.Contains(out, "wrote 60 articles") {
		t.Fatalf("bench corpus: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	queries := filepath.Join(dir, "queries.jsonl")
	if err := os.WriteFile(queries, []byte(`{"q":"What happened this week?","as_of":"2025-06-01T00:00:00Z","shape":"mine"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, dir, "bench", "index", "--corpus", corpus, "--as-is", "--queries", queries, "--baseline=false", "--dir", filepath.Join(dir, "bench"))
	if code != 0 {
		t.Fatalf("bench index --as-is: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "60 stored and indexed, 1 queries") || !strings.Contains(out, "mine") {
		t.Errorf("the bench did not index the corpus file with the query file:\n%s", out)
	}
	if _, _, code := runCLI(t, dir, "bench", "index", "--as-is"); code != 2 {
		t.Errorf("--as-is without --corpus: exit %d, want 2", code)
	}
}
