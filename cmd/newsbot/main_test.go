package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs newsbot in-process with its own data directory and no
// configuration from the real environment.
func runCLI(t *testing.T, dataDir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runCLIEnv(t, map[string]string{"NEWSBOT_DATA_DIR": dataDir}, args...)
}

// runCLIEnv is runCLI with env as the whole environment.
func runCLIEnv(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	if env["NEWSBOT_LOG_LEVEL"] == "" {
		env["NEWSBOT_LOG_LEVEL"] = "error"
	}
	code = Run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return out.String(), errb.String(), code
}

func TestAskOnSampleCorpus(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, dir, "ask", "Why is the Eastgate Bridge closed?")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "seeded it with") {
		t.Errorf("first run must say the store was seeded; stderr:\n%s", errOut)
	}
	if !strings.Contains(out, "[1]") || !strings.Contains(out, "Sources:") {
		t.Errorf("answer has no citations:\n%s", out)
	}
	if !strings.Contains(strings.ToLower(out), "pier") && !strings.Contains(strings.ToLower(out), "surge") {
		t.Errorf("answer does not explain the closure:\n%s", out)
	}
	// The second run finds the store seeded and says nothing about it.
	_, errOut, code = runCLI(t, dir, "ask", "--json", "Who won the Northern Cup?")
	if code != 0 || strings.Contains(errOut, "seeded") {
		t.Fatalf("second run: exit %d, stderr %q", code, errOut)
	}
}

func TestAskJSONShape(t *testing.T) {
	out, errOut, code := runCLI(t, t.TempDir(), "ask", "--json", "How many batteries did Kestrel recall?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Answer    string `json:"answer"`
		Engine    string `json:"engine"`
		Citations []struct {
			N         int    `json:"n"`
			ArticleID string `json:"article_id"`
			URL       string `json:"url"`
			Quote     string `json:"quote"`
		} `json:"citations"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Engine != "extractive" {
		t.Errorf("engine = %q, want extractive with no LLM configured", got.Engine)
	}
	if !strings.Contains(got.Answer, "48,000") {
		t.Errorf("answer misses the figure: %q", got.Answer)
	}
	if len(got.Citations) == 0 || got.Citations[0].N != 1 || got.Citations[0].ArticleID == "" || got.Citations[0].Quote == "" {
		t.Errorf("citations incomplete: %+v", got.Citations)
	}
}

func TestIngestReportsFailuresAndKeepsTheRest(t *testing.T) {
	src := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.txt", "Harbour reopens after repairs\n\nPORT ALDER - The harbour reopened on Monday after three weeks of repairs to the sea wall, the port authority said.\n")
	write("broken.json", `{"title": "x", "text": `)
	write("empty.md", "")
	dir := t.TempDir()
	out, _, code := runCLI(t, dir, "ingest", src)
	if code != 1 {
		t.Errorf("exit %d, want 1 when some items failed\n%s", code, out)
	}
	if !strings.Contains(out, "1 added") || !strings.Contains(out, "2 failed") {
		t.Errorf("counts wrong:\n%s", out)
	}
	if !strings.Contains(out, "broken.json") || !strings.Contains(out, "empty.md") {
		t.Errorf("each failure must be named:\n%s", out)
	}
	// The same ingest again changes nothing.
	out, _, _ = runCLI(t, dir, "ingest", "--json", filepath.Join(src, "good.txt"))
	var rep struct{ Added, Unchanged int }
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Added != 0 || rep.Unchanged != 1 {
		t.Errorf("second ingest: %+v (%v)\n%s", rep, err, out)
	}
	out, _, code = runCLI(t, dir, "search", "--json", "sea wall repairs")
	if code != 0 || !strings.Contains(out, "Harbour reopens after repairs") {
		t.Errorf("ingested article not searchable (exit %d):\n%s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"ask"}, "give a question"},
		{[]string{"search", "-k", "0", "x"}, "-k must be"},
		{[]string{"feeds", "launch"}, "unknown feeds subcommand"},
		{[]string{"ask", strings.Repeat("why ", 200)}, "limited to 500 characters"},
	}
	for _, tt := range tests {
		_, errOut, code := runCLI(t, t.TempDir(), tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args[0], code, errOut, tt.want)
		}
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, c := range commands() {
		out, errOut, code := runCLI(t, t.TempDir(), c.name, "--help")
		if code != 0 || !strings.Contains(out, "Usage: newsbot "+c.name) {
			t.Errorf("%s --help: exit %d, stdout %q, stderr %q", c.name, code, out, errOut)
		}
	}
}

func TestBatchSearchAndSummarize(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "q.jsonl")
	queries := `{"id": "a", "query": "Kestrel battery recall", "as_of": "2026-11-18"}
not json
{"id": 7, "query": "Meridian launch", "as_of": "2026-11-20"}
`
	if err := os.WriteFile(in, []byte(queries), 0o644); err != nil {
		t.Fatal(err)
	}
	runCLI(t, dir, "stats") // creates the data directory; batch search does not seed
	if _, _, code := runCLI(t, dir, "ask", "seed please"); code != 0 {
		t.Fatal("seeding failed")
	}
	out, errOut, code := runCLI(t, dir, "search", "--batch", in, "-k", "3")
	if code != 1 || !strings.Contains(errOut, "line 2") {
		t.Errorf("a bad line must be reported and make the exit code 1: exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 output lines, got %d:\n%s", len(lines), out)
	}
	var first struct {
		ID   string `json:"id"`
		Hits []struct {
			Rank      int    `json:"rank"`
			ArticleID string `json:"article_id"`
			Published string `json:"published"`
			Title     string `json:"title"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.ID != "a" || len(first.Hits) == 0 || len(first.Hits) > 3 || first.Hits[0].Rank != 1 {
		t.Fatalf("bad first line: %+v", first)
	}
	if !strings.Contains(first.Hits[0].Title, "Kestrel") {
		t.Errorf("top hit %q is not about Kestrel", first.Hits[0].Title)
	}
	for _, h := range first.Hits {
		if h.Published > "2026-11-18" {
			t.Errorf("hit %q published %s, after as_of 2026-11-18", h.Title, h.Published)
		}
	}

	docs := filepath.Join(t.TempDir(), "docs.jsonl")
	body := `{"id": "x1", "title": "Dock strike ends", "text": "Dock workers in Port Alder ended a five-day strike on Friday after accepting a 6 percent pay rise. Ships that had waited at anchor began unloading within hours. The union said members voted 812 to 140 in favour. Port managers said the backlog would take a week to clear."}` + "\n"
	if err := os.WriteFile(docs, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, dir, "summarize", "--batch", docs, "--sentences", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var sum struct{ ID, Summary string }
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.ID != "x1" || !strings.Contains(sum.Summary, "strike") {
		t.Errorf("summary line %q (%v)", out, err)
	}
}

// TestIngestCutsLongArticlesToTheSetting ingests an article longer than
// NEWSBOT_MAX_ARTICLE_BYTES: it is stored, cut, and reported as truncated.
func TestIngestCutsLongArticlesToTheSetting(t *testing.T) {
	src := t.TempDir()
	para := strings.Repeat("The sea wall was repaired stone by stone over three weeks. ", 8)
	body := "Harbour reopens after repairs\n\n" + strings.Repeat(para+"\n\n", 20)
	if err := os.WriteFile(filepath.Join(src, "long.txt"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"NEWSBOT_DATA_DIR": t.TempDir(), "NEWSBOT_MAX_ARTICLE_BYTES": "2000"}
	out, errOut, code := runCLIEnv(t, env, "ingest", "--json", src)
	var rep struct {
		Added, Truncated int
		Truncations      []struct{ Item, Reason string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 {
		t.Fatalf("exit %d, %v\n%s%s", code, err, out, errOut)
	}
	if rep.Added != 1 || rep.Truncated != 1 || len(rep.Truncations) != 1 || !strings.Contains(rep.Truncations[0].Reason, "text cut") {
		t.Errorf("want one article added and reported cut: %+v", rep)
	}
}
