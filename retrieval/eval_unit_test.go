package retrieval_test

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/retrieval"
)

func TestLoadEvalQueries(t *testing.T) {
	f, err := os.Open("testdata/queries.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := retrieval.LoadEvalQueries(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 3 {
		t.Fatalf("%d queries, want 3 (blank lines skipped)", len(qs))
	}
	q := qs[2]
	if q.ID != "q3" || q.Query != "council bike lanes Main Street vote" || !q.AsOf.Equal(day("2024-06-11")) || len(q.GoldURLs) != 2 {
		t.Errorf("query %+v", q)
	}
	if _, err := retrieval.LoadEvalQueries(strings.NewReader(`{"id": "x", "as_of": "June 1"}`)); err == nil {
		t.Error("bad as_of accepted")
	}
	if _, err := retrieval.LoadEvalQueries(strings.NewReader(`{"id": `)); err == nil {
		t.Error("bad JSON accepted")
	}
}

func TestEvalURLKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"https://www.cnn.com/2022/06/12/x/index.html", "https://edition.cnn.com/2022/06/12/x/index.html#:~:text=a"},
		{"https://WWW.Example.com/a/", "http://example.com/a"},
		{"https://example.com/a?utm_source=x&b=2&a=1", "https://example.com/a?a=1&b=2"},
	}
	for _, tt := range tests {
		if ka, kb := retrieval.EvalURLKey(tt.a), retrieval.EvalURLKey(tt.b); ka != kb {
			t.Errorf("keys differ: %q (%s) and %q (%s)", ka, tt.a, kb, tt.b)
		}
	}
	if retrieval.EvalURLKey("https://example.com/a") == retrieval.EvalURLKey("https://example.com/b") {
		t.Error("different pages share a key")
	}
}

func TestEvaluate(t *testing.T) {
	ix, _ := fixtureIndex(t)
	f, err := os.Open("testdata/queries.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := retrieval.LoadEvalQueries(f)
	if err != nil {
		t.Fatal(err)
	}
	m, err := retrieval.Evaluate(context.Background(), ix.Index, qs)
	if err != nil {
		t.Fatal(err)
	}
	// q1's gold is first; q2's is published after its day; q3's is second.
	want := retrieval.Metrics{N: 3, Hits1: 1.0 / 3, Hits3: 2.0 / 3, Hits10: 2.0 / 3, MRR10: 0.5}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if m.N != want.N || !near(m.Hits1, want.Hits1) || !near(m.Hits3, want.Hits3) || !near(m.Hits10, want.Hits10) || !near(m.MRR10, want.MRR10) {
		t.Errorf("metrics %+v, want %+v", m, want)
	}
}
