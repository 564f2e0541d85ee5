package bench_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/parse"
	"github.com/newsbot/newsbot/eval/bench"
)

// rtqaCorpus is the development corpus of the retrieval evaluation,
// outside the repository; the test at scale uses it when it is present.
const rtqaCorpus = "../../../shared/eval/rtqa-dev/corpus.jsonl"

// TestIndex runs Index on a small synthetic corpus and checks its report.
// NEWSBOT_BENCH_ARTICLES=100000 runs it at scale instead, with sentences
// from the rtqa-dev corpus when that is present.
func TestIndex(t *testing.T) {
	n, queries := 300, 40
	var corpus []data.Article
	if s := os.Getenv("NEWSBOT_BENCH_ARTICLES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
		queries = 500
		if f, err := os.Open(rtqaCorpus); err == nil {
			corpus, _, err = parse.JSON(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := t.TempDir()
	rep, err := bench.Index(context.Background(), bench.Options{
		Articles: n, Queries: queries, Dir: dir, Seed: 7, Corpus: corpus, Out: testWriter{t},
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
	// Index refuses a folder that already holds an index: it must know
	// where retrieval keeps one.
	if _, err := os.Stat(filepath.Join(dir, "passages.bleve")); err != nil {
		t.Errorf("no index where Index looks for one: %v", err)
	}
	if _, err := bench.Index(context.Background(), bench.Options{Articles: 10, Queries: 2, Dir: dir}); err == nil {
		t.Error("a second Index in the same folder: want an error")
	}
}

// testWriter logs each write through t.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
