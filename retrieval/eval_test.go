package retrieval_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// rtqaDir is the development set of the retrieval evaluation, outside the
// repository; tests that need it skip when it is absent.
const rtqaDir = "../../shared/eval/rtqa-dev"

// loadJSONLArticles reads a corpus in the canonical JSONL shape
// {url, title, text, published: "YYYY-MM-DD" or "", source, authors}.
func loadJSONLArticles(tb testing.TB, path string) []data.Article {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []data.Article
	for sc.Scan() {
		var raw struct {
			URL, Title, Text, Published, Source string
			Authors                             []string
			FeedID                              int64 `json:"feed_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		a := data.Article{URL: raw.URL, Title: raw.Title, Text: raw.Text, Source: raw.Source, Authors: raw.Authors, FeedID: raw.FeedID}
		if raw.Published != "" {
			t, err := time.Parse(time.DateOnly, raw.Published)
			if err != nil {
				tb.Fatalf("%s: %v", path, err)
			}
			a.Published = t
		}
		a.Normalize()
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestEvalRTQA(t *testing.T) {
	corpus := filepath.Join(rtqaDir, "corpus.jsonl")
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("evaluation data absent:", err)
	}
	if testing.Short() {
		t.Skip("slow: builds an index of 2,213 articles")
	}
	ctx := context.Background()
	arts := loadJSONLArticles(t, corpus)
	f, err := os.Open(filepath.Join(rtqaDir, "queries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := retrieval.LoadEvalQueries(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) == 0 {
		t.Fatal("no queries")
	}
	ix := newStack(t)
	start := time.Now()
	ix.add(t, arts...)
	// One segment, as the eval command has it, for the same figures.
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("indexed %d articles in %v", len(arts), time.Since(start))
	start = time.Now()
	m, err := retrieval.Evaluate(ctx, ix.Index, qs)
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
		debugMisses(t, ix.Index, qs)
	}
}

// debugMisses logs the questions whose gold article is not first.
func debugMisses(t *testing.T, ix *retrieval.Index, qs []retrieval.EvalQuery) {
	for _, q := range qs {
		res, err := ix.Search(context.Background(), retrieval.Query{Text: q.Query, AsOf: q.AsOf.Add(24*time.Hour - 1), K: 10})
		if err != nil {
			t.Fatal(err)
		}
		gold := map[string]bool{}
		for _, g := range q.GoldURLs {
			gold[retrieval.EvalURLKey(g)] = true
		}
		rank := 0
		for i, h := range res.Hits {
			if gold[retrieval.EvalURLKey(h.URL)] {
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
