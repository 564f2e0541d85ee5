package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes body to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// quizCorpus is three invented articles: a cup final, a recall, and an
// older story on the same cup.
const quizCorpus = `{"url":"https://news.test/2026/05/10/cup-final","title":"Harlow Rovers win the Tessaly Cup","text":"Harlow Rovers won the Tessaly Cup final on Saturday, beating Denmoor City 3-1 in front of 40,000 fans at Gale Park.\n\nStriker Ana Ruiz scored twice for Rovers.","published":"2026-05-10","source":"news.test"}
{"url":"https://news.test/2026/05/09/kettle-recall","title":"Brightline recalls 48,000 kettles","text":"Brightline recalled 48,000 electric kettles on Friday after reports that their bases overheat.\n\nOwners can return them for a refund.","published":"2026-05-09","source":"news.test"}
{"url":"https://news.test/2026/01/05/cup-draw","title":"Tessaly Cup draw made","text":"The draw for the Tessaly Cup was made on Monday in Gale Park, with sixteen clubs in the first round.","published":"2026-01-05","source":"news.test"}
`

const quizQuestions = `{"id":"q1","query":"Which club won the Tessaly Cup final this week?","as_of":"2026-05-11","gold_urls":["https://news.test/2026/05/10/cup-final"],"choices":["Denmoor City","Harlow Rovers"],"answer":["1"]}
{"id":"q2","query":"How many electric kettles did Brightline recall?","as_of":"2026-05-11","gold_urls":["https://news.test/2026/05/09/kettle-recall"],"choices":["4,800","48,000"],"answer":["1"]}
`

func TestAskBatch(t *testing.T) {
	dir := t.TempDir()
	corpus := writeFile(t, t.TempDir(), "corpus.jsonl", quizCorpus)
	if _, errOut, code := runCLI(t, dir, "ingest", corpus); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	in := writeFile(t, t.TempDir(), "q.jsonl", `{"id":"a","question":"How many electric kettles did Brightline recall?","as_of":"2026-05-11"}
{"id":7,"question":"Which club won the Tessaly Cup final?","as_of":"2026-05-11"}
{"id":"early","question":"Which club won the Tessaly Cup final?","as_of":"2026-02-01"}
{"question":""}
`)
	out, errOut, code := runCLI(t, dir, "ask", "--batch", in)
	if code != 1 || !strings.Contains(errOut, "line 4") {
		t.Fatalf("exit %d (want 1 for the blank question), stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d output lines, want 3:\n%s", len(lines), out)
	}
	type line struct {
		ID        any    `json:"id"`
		Answer    string `json:"answer"`
		Citations []struct {
			URL string `json:"url"`
		} `json:"citations"`
	}
	var got []line
	for _, l := range lines {
		var g line
		if err := json.Unmarshal([]byte(l), &g); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		got = append(got, g)
	}
	if got[0].ID != "a" || !strings.Contains(got[0].Answer, "48,000") || len(got[0].Citations) == 0 {
		t.Errorf("kettles: %+v", got[0])
	}
	if got[1].ID != float64(7) || !strings.Contains(got[1].Answer, "Harlow Rovers") {
		t.Errorf("cup: %+v", got[1])
	}
	// Asked before the final, the question is not answered with it.
	if strings.Contains(got[2].Answer, "Harlow Rovers won") {
		t.Errorf("asked before the final, got %+v", got[2])
	}
}

func TestEvalAnswers(t *testing.T) {
	tmp := t.TempDir()
	corpus := writeFile(t, tmp, "corpus.jsonl", quizCorpus)
	queries := writeFile(t, tmp, "queries.jsonl", quizQuestions)
	outFile := filepath.Join(tmp, "out.jsonl")
	out, errOut, code := runCLI(t, t.TempDir(), "eval", "answers", "--corpus", corpus, "--queries", queries,
		"--before-from", "2026-05-01", "--before", "35", "--out", outFile)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var asked, before []string
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) > 3 && f[0] == "asked":
			asked = f
		case len(f) > 3 && f[0] == "before":
			before = f
		}
	}
	// "asked 2 right wrong uncovered …": both answered right, citing gold.
	if len(asked) < 7 || asked[1] != "2" || asked[2] != "1.000" || asked[4] != "0.000" || asked[5] != "1.000" {
		t.Errorf("asked row %q\n%s", asked, out)
	}
	// "before (-35d) 2 …": nothing to answer from, so both not covered.
	if len(before) < 8 || before[2] != "2" || before[5] != "1.000" {
		t.Errorf("before row %q\n%s", before, out)
	}
	b, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.TrimSpace(string(b)), "\n") + 1; n != 4 {
		t.Errorf("%d result lines, want 4", n)
	}
}

// TestEvalAnswersDev guards the answer figures on the development set,
// outside the repository: it skips when the set is absent. The floors sit
// a little under the figures measured when they were set (asked: right
// 0.634; asked before the news: not covered 0.846), so that a change that
// loses answers or honesty fails here first.
func TestEvalAnswersDev(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "eval", "rtqa-dev")
	if _, err := os.Stat(filepath.Join(dir, "queries.jsonl")); err != nil {
		t.Skip("evaluation data absent:", err)
	}
	if testing.Short() {
		t.Skip("slow: ingests 2,213 articles")
	}
	out, errOut, code := runCLI(t, t.TempDir(), "eval", "answers",
		"--corpus", filepath.Join(dir, "corpus.jsonl"), "--queries", filepath.Join(dir, "queries.jsonl"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	t.Log("\n" + out)
	var asked, before []string
	for _, l := range strings.Split(out, "\n") {
		switch f := strings.Fields(l); {
		case len(f) > 8 && f[0] == "asked":
			asked = f
		case len(f) > 9 && f[0] == "before":
			before = f
		}
	}
	if asked == nil || before == nil {
		t.Fatalf("no figures in:\n%s", out)
	}
	num := func(s string) float64 {
		var v float64
		if _, err := fmt.Sscanf(s, "%f", &v); err != nil {
			t.Fatalf("figure %q: %v", s, err)
		}
		return v
	}
	if right, wrong := num(asked[2]), num(asked[3]); right < 0.6 || wrong >= 0.1 {
		t.Errorf("asked: right %.3f (floor 0.6), wrong %.3f (must stay under 0.1)", right, wrong)
	}
	if nc := num(before[5]); nc < 0.8 {
		t.Errorf("asked before the news: not covered %.3f (floor 0.8)", nc)
	}
	if furniture := num(asked[8]); furniture != 0 {
		t.Errorf("asked: %v replies start with furniture", furniture)
	}
}
