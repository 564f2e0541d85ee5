package bench_test

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/newsbot/newsbot/eval/bench"
	"github.com/newsbot/newsbot/eval/synth"
	"github.com/newsbot/newsbot/retrieval"
)

// TestIndex runs the bench on 2,000 generated articles, with plain bleve
// beside, and checks that every figure of its report is filled in and
// consistent with the others (timings themselves are not asserted).
func TestIndex(t *testing.T) {
	dir := t.TempDir()
	rep, err := bench.Index(context.Background(), bench.Options{
		Articles: 2000, NumQueries: 70, Dir: dir, Seed: 7, Baseline: true, Progress: testWriter{t}, CompactEvery: 500,
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 2000 || len(rep.Queries) != 70 {
		t.Errorf("Articles = %d, Queries = %d; want 2000 and 70", rep.Articles, len(rep.Queries))
	}
	checkIngest(t, rep)
	checkLatency(t, "newsbot", rep.Latency, 70)
	if r := rep.Restart; r.OpenStore <= 0 || r.OpenIndex <= 0 || r.FirstSearch <= 0 || r.Total() < r.FirstSearch {
		t.Errorf("implausible restart %+v", r)
	}
	if rep.IndexBytes <= 0 || rep.StoreBytes <= 0 {
		t.Errorf("IndexBytes = %d, StoreBytes = %d; want sizes", rep.IndexBytes, rep.StoreBytes)
	}
	if _, err := os.Stat("/proc/self/status"); err == nil && (rep.PeakRSSBytes <= 0 || rep.RSSBytes <= 0) {
		t.Errorf("PeakRSSBytes = %d, RSSBytes = %d; want the process's", rep.PeakRSSBytes, rep.RSSBytes)
	}
	b := rep.Baseline
	if b == nil {
		t.Fatal("no baseline figures")
	}
	if b.Articles != 2000 || b.Build <= 0 || b.PerSec <= 0 || b.IndexBytes <= 0 {
		t.Errorf("implausible baseline %+v", *b)
	}
	checkLatency(t, "plain bleve", b.Latency, 70)
	// The bench refuses a folder that already holds a bench's store and
	// index rather than measuring on top of them.
	if _, err := bench.Index(context.Background(), bench.Options{Articles: 10, Dir: dir}); err == nil {
		t.Error("a second Index in the same folder: want an error")
	}
}

// checkIngest checks the ingest figures of rep against each other.
func checkIngest(t *testing.T, rep bench.Report) {
	t.Helper()
	in := rep.Ingest
	if in.Wall <= 0 || in.Store <= 0 || in.Index <= 0 || in.Generate <= 0 {
		t.Errorf("missing ingest times %+v", in)
	}
	// Storing and indexing overlap, but neither outlasts the whole.
	if in.Store > in.Wall || in.Index+in.Tidy > in.Wall {
		t.Errorf("store %v or index %v + tidy %v longer than the wall time %v", in.Store, in.Index, in.Tidy, in.Wall)
	}
	if got := float64(rep.Articles) / in.Wall.Seconds(); in.PerSec < got*0.999 || in.PerSec > got*1.001 {
		t.Errorf("PerSec = %.1f, want articles over wall time, %.1f", in.PerSec, got)
	}
	if in.LongestWrite <= 0 || in.LongestWrite > in.Index {
		t.Errorf("longest write %v of %v spent in Add", in.LongestWrite, in.Index)
	}
	// One compaction at the end, and during ingest one every CompactEvery
	// articles unless the previous one is still running.
	if in.Compactions < 2 || in.Compactions > rep.Articles/in.CompactEvery+1 || in.LongestCompaction < in.Tidy || in.LongestCompaction > in.Wall {
		t.Errorf("%d compactions, the longest %v, the last %v, in %v", in.Compactions, in.LongestCompaction, in.Tidy, in.Wall)
	}
	if in.Probes > 0 && (in.LongestProbe <= 0 || in.ProbeBusy < in.LongestProbe || in.ProbeBusy > in.Wall) {
		t.Errorf("%d probes, longest %v, busy %v in %v", in.Probes, in.LongestProbe, in.ProbeBusy, in.Wall)
	}
}

// checkLatency checks one engine's latency table: one row per shape of
// the mix and one for all, ordered quantiles, and queries that find the
// article they were made from.
func checkLatency(t *testing.T, engine string, ls []bench.Latency, n int) {
	t.Helper()
	want := append(bench.Shapes(), "all")
	if len(ls) != len(want) {
		t.Fatalf("%s: %d latency rows, want %d", engine, len(ls), len(want))
	}
	count, found := 0, 0
	for i, l := range ls {
		if l.Shape != want[i] {
			t.Errorf("%s: row %d is %q, want %q", engine, i, l.Shape, want[i])
		}
		if l.Count == 0 || l.Mean <= 0 || l.P50 > l.P99 || l.P99 > l.Max || l.Mean > l.Max || l.Found > l.Targeted {
			t.Errorf("%s: implausible row %+v", engine, l)
		}
		if l.Shape == "all" {
			if l.Count != count || l.Count != n || l.Found != found {
				t.Errorf("%s: all = %+v, want %d queries, %d found", engine, l, count, found)
			}
			continue
		}
		count, found = count+l.Count, found+l.Found
	}
	// A headline's first words find their article: the queries are about
	// the corpus indexed, and the date filters keep it.
	if h := ls[0]; h.Found == 0 {
		t.Errorf("%s: no headline query found its article: %+v", engine, h)
	}
}

// TestIndexAsIs indexes a corpus file as it is, wholly and in part, with
// queries given rather than made.
func TestIndexAsIs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	gen := synth.NewNews(synth.NewsOptions{Seed: 3, Split: retrieval.Sentences})
	var sample []bench.Query
	for i := range 300 {
		a := gen.Article()
		if err := synth.WriteArticle(f, a); err != nil {
			t.Fatal(err)
		}
		if i%50 == 0 && !a.Published.IsZero() {
			sample = append(sample, bench.Query{Q: a.Title, AsOf: a.Published.AddDate(0, 0, 1), Shape: "title", Want: a.ID})
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{0, 120} {
		rep, err := bench.Index(context.Background(), bench.Options{Articles: limit, AsIs: path, Queries: sample, Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if want := cmp.Or(limit, 300); rep.Articles != want {
			t.Errorf("limit %d: indexed %d articles, want %d", limit, rep.Articles, want)
		}
		if !reflect.DeepEqual(rep.Queries, sample) || len(rep.Latency) != 2 || rep.Latency[0].Shape != "title" {
			t.Errorf("limit %d: the queries given were not the ones timed: %+v", limit, rep.Latency)
		}
		if limit == 0 && rep.Latency[0].Found != len(sample) {
			t.Errorf("titles found their article %d times of %d", rep.Latency[0].Found, len(sample))
		}
		if rep.Baseline != nil {
			t.Error("baseline figures without Baseline")
		}
	}
}

// testWriter logs each write through t.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
