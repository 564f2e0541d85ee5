package eval_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/datatest"
	"github.com/newsbot/newsbot/eval"
	"github.com/newsbot/newsbot/retrieval"
)

// rtqaDir is the development set of the retrieval evaluation, outside the
// repository; tests that need it skip when it is absent.
const rtqaDir = "../../shared/eval/rtqa-dev"

func TestLoadRetrievalQueries(t *testing.T) {
	f, err := os.Open("testdata/queries.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := eval.LoadRetrievalQueries(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 3 {
		t.Fatalf("%d queries, want 3 (blank lines skipped)", len(qs))
	}
	q := qs[2]
	if q.ID != "q3" || q.Query != "council bike lanes Main Street vote" || !q.AsOf.Equal(time.Date(2024, 6, 11, 0, 0, 0, 0, time.UTC)) || len(q.GoldURLs) != 2 {
		t.Errorf("query %+v", q)
	}
	if _, err := eval.LoadRetrievalQueries(strings.NewReader(`{"id": "x", "as_of": "June 1"}`)); err == nil {
		t.Error("bad as_of accepted")
	}
	if _, err := eval.LoadRetrievalQueries(strings.NewReader(`{"id": `)); err == nil {
		t.Error("bad JSON accepted")
	}
}

func TestURLKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"https://www.cnn.com/2022/06/12/x/index.html", "https://edition.cnn.com/2022/06/12/x/index.html#:~:text=a"},
		{"https://WWW.Example.com/a/", "http://example.com/a"},
		{"https://example.com/a?utm_source=x&b=2&a=1", "https://example.com/a?a=1&b=2"},
	}
	for _, tt := range tests {
		if ka, kb := eval.URLKey(tt.a), eval.URLKey(tt.b); ka != kb {
			t.Errorf("keys differ: %q (%s) and %q (%s)", ka, tt.a, kb, tt.b)
		}
	}
	if eval.URLKey("https://example.com/a") == eval.URLKey("https://example.com/b") {
		t.Error("different pages share a key")
	}
}

func TestEvaluateRetrieval(t *testing.T) {
	ix := newIndex(t, datatest.Articles(t, "testdata/news.jsonl"))
	f, err := os.Open("testdata/queries.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := eval.LoadRetrievalQueries(f)
	if err != nil {
		t.Fatal(err)
	}
	m, err := eval.EvaluateRetrieval(context.Background(), ix, qs)
	if err != nil {
		t.Fatal(err)
	}
	// q1's gold is first; q2's is published after its day; q3's is second.
	want := eval.RetrievalMetrics{N: 3, Hits1: 1.0 / 3, Hits3: 2.0 / 3, Hits10: 2.0 / 3, MRR10: 0.5}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if m.N != want.N || !near(m.Hits1, want.Hits1) || !near(m.Hits3, want.Hits3) || !near(m.Hits10, want.Hits10) || !near(m.MRR10, want.MRR10) {
		t.Errorf("metrics %+v, want %+v", m, want)
	}
}

func TestEvaluateRetrievalRTQA(t *testing.T) {
	corpus := filepath.Join(rtqaDir, "corpus.jsonl")
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("evaluation data absent:", err)
	}
	if testing.Short() {
		t.Skip("slow: builds an index of 2,213 articles")
	}
	ctx := context.Background()
	arts := datatest.Articles(t, corpus)
	f, err := os.Open(filepath.Join(rtqaDir, "queries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := eval.LoadRetrievalQueries(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) == 0 {
		t.Fatal("no queries")
	}
	start := time.Now()
	ix := newIndex(t, arts)
	// One segment, as the eval command has it, for the same figures.
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("indexed %d articles in %v", len(arts), time.Since(start))
	start = time.Now()
	m, err := eval.EvaluateRetrieval(ctx, ix, qs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("rtqa-dev: N=%d Hits@1=%.3f Hits@3=%.3f Hits@10=%.3f MRR@10=%.3f (%v)",
		m.N, m.Hits1, m.Hits3, m.Hits10, m.MRR10, time.Since(start))
	if m.N != len(qs) {
		t.Errorf("N = %d, want %d", m.N, len(qs))
	}
	// The Lucene BM25 baseline (k1=1.2, b=0.75) of the set's README: the
	// method must never fall below it.
	if m.MRR10 < 0.578 || m.Hits1 < 0.473 || m.Hits10 < 0.839 {
		t.Errorf("below the BM25 baseline (MRR@10 0.578, Hits@1 0.473, Hits@10 0.839)")
	}
	if os.Getenv("RTQA_DEBUG") != "" {
		debugMisses(t, ix, qs)
	}
}

// debugMisses logs the questions whose gold article is not first.
func debugMisses(t *testing.T, ix *retrieval.Index, qs []eval.RetrievalQuery) {
	for _, q := range qs {
		res, err := ix.Search(context.Background(), retrieval.Query{Text: q.Query, AsOf: q.AsOf.Add(24*time.Hour - 1), K: 10})
		if err != nil {
			t.Fatal(err)
		}
		gold := map[string]bool{}
		for _, g := range q.GoldURLs {
			gold[eval.URLKey(g)] = true
		}
		rank := 0
		for i, h := range res.Hits {
			if gold[eval.URLKey(h.URL)] {
				rank = i + 1
				break
			}
		}
		if rank == 1 {
			continue
		}
		t.Logf("MISS rank=%d %s as_of=%s %q since=%s", rank, q.ID, q.AsOf.Format(time.DateOnly), q.Query, res.Since.Format(time.DateOnly))
		for i, h := range res.Hits[:min(3, len(res.Hits))] {
			t.Logf("   %d %.3f %s %s %q", i+1, h.Score, h.Published.Format(time.DateOnly), h.URL, h.Title)
		}
	}
}

// newIndex stores arts in a new store and indexes them, 500 at a time, as
// the app has them; both close when the test ends.
func newIndex(tb testing.TB, arts []data.Article) *retrieval.Index {
	tb.Helper()
	ctx := context.Background()
	st, err := data.OpenStore(ctx, filepath.Join(tb.TempDir(), "news.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	ix, err := retrieval.Open(ctx, tb.TempDir(), st, retrieval.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	for i := 0; i < len(arts); i += 500 {
		batch := arts[i:min(i+500, len(arts))]
		_, errs, err := st.PutArticles(ctx, batch)
		if err != nil {
			tb.Fatal(err)
		}
		for _, err := range errs {
			if err != nil {
				tb.Fatal(err)
			}
		}
		if err := ix.Add(ctx, batch); err != nil {
			tb.Fatal(err)
		}
	}
	return ix
}
