package retrieval_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// TestBench runs Bench on a small synthetic corpus and checks its report.
// NEWSBOT_BENCH_ARTICLES=100000 runs it at scale instead, with sentences
// from the rtqa-dev corpus when that is present.
func TestBench(t *testing.T) {
	n, queries := 300, 40
	var corpus []data.Article
	if s := os.Getenv("NEWSBOT_BENCH_ARTICLES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
		queries = 500
		if p := filepath.Join(rtqaDir, "corpus.jsonl"); fileExists(p) {
			corpus = loadJSONLArticles(t, p)
		}
	}
	rep, err := retrieval.Bench(context.Background(), retrieval.BenchOptions{
		Articles: n, Queries: queries, Dir: t.TempDir(), Seed: 7, Corpus: corpus, Out: testWriter{t},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles != n {
		t.Errorf("Articles = %d, want %d", rep.Articles, n)
	}
	if rep.IngestPerSec <= 0 || rep.IndexBytes <= 0 || rep.P50 <= 0 || rep.P99 < rep.P50 {
		t.Errorf("implausible report %+v", rep)
	}
	if _, err := os.Stat("/proc/self/status"); err == nil && rep.PeakRSSBytes <= 0 {
		t.Errorf("PeakRSSBytes = %d, want the process's peak", rep.PeakRSSBytes)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// testWriter logs each write through t.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
