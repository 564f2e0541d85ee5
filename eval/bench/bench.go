// Package bench measures how fast newsbot's index takes in articles and
// answers searches, how large it grows and how much memory it serves from,
// on a synthetic corpus. The serving path does not import it; the CLI's
// bench command does.
package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/eval/synth"
	"github.com/newsbot/newsbot/retrieval"
)

// Options configures Index.
type Options struct {
	// Articles is how many synthetic articles to index (default 10,000).
	Articles int
	// Queries is how many timed searches to run (default 200).
	Queries int
	// Dir is where the index is built; a temporary folder, removed after,
	// when empty.
	Dir  string
	Seed int64
	// Corpus, when set, is the source of the synthetic articles'
	// sentences; otherwise they are made of Zipf-distributed words.
	Corpus []data.Article
	// Out, when set, receives progress lines.
	Out io.Writer
}

// Report is what Index measured.
type Report struct {
	Articles     int
	IngestPerSec float64
	IndexBytes   int64
	// P50 and P99 are warm search latencies.
	P50, P99 time.Duration
	// PeakRSSBytes is the peak resident set while serving the searches
	// from a freshly opened index (on Linux; the process's lifetime peak
	// elsewhere).
	PeakRSSBytes int64
}

// batch is how many articles Index adds at a time, as CatchUp does.
const batch = 1000

// indexDirName is the folder in which retrieval.Open keeps the index
// inside its directory (State.Path); a test checks that they agree.
const indexDirName = "passages.bleve"

// Index builds an index of synthetic articles and measures ingest speed,
// index size, warm search latency and peak memory.
func Index(ctx context.Context, o Options) (Report, error) {
	if o.Articles <= 0 {
		o.Articles = 10000
	}
	if o.Queries <= 0 {
		o.Queries = 200
	}
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	dir, remove, err := benchDir(o.Dir)
	if err != nil {
		return Report{}, err
	}
	defer remove()
	// The articles are stored as the app stores them: search reads the
	// text of passages from the store.
	st, err := data.OpenStore(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		return Report{}, fmt.Errorf("bench: %w", err)
	}
	defer st.Close()
	ix, err := retrieval.Open(ctx, dir, st, retrieval.Options{})
	if err != nil {
		return Report{}, err
	}
	defer func() { ix.Close() }()

	now := time.Now()
	gen := synth.New(o.Seed, o.Corpus, now, retrieval.Sentences)
	sample, spent, err := ingest(ctx, st, ix, gen, o.Articles, o.Queries, out)
	if err != nil {
		return Report{}, err
	}
	// A bulk load ends compacted, as the CLI's ingest does; the time it
	// takes counts as ingest.
	start := time.Now()
	if err := ix.Tidy(ctx); err != nil {
		return Report{}, err
	}
	settled := time.Since(start)
	spent += settled
	fmt.Fprintf(out, "compacted in %v\n", settled.Round(time.Millisecond))
	rep := Report{Articles: o.Articles, IngestPerSec: float64(o.Articles) / spent.Seconds()}
	ingestPeak := procStatus("VmHWM")

	// Serve from a fresh open, as the bot does after a restart, with the
	// peak resident set reset (Linux) so that it measures serving alone.
	if err := ix.Close(); err != nil {
		return Report{}, err
	}
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	if ix, err = retrieval.Open(ctx, dir, st, retrieval.Options{}); err != nil {
		return Report{}, err
	}

	questions := make([]string, len(sample))
	for i, a := range sample {
		questions[i] = gen.Question(a)
	}
	lat, err := timeSearches(ctx, ix, questions, now)
	if err != nil {
		return Report{}, err
	}
	rep.P50 = lat[len(lat)/2]
	rep.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
	rep.PeakRSSBytes = procStatus("VmHWM")
	// Measured last: bleve deletes the files a compaction replaced once
	// the index is open again.
	state, err := ix.State(ctx)
	if err != nil {
		return Report{}, err
	}
	rep.IndexBytes = state.SizeBytes
	printSummary(out, rep, ingestPeak)
	return rep, nil
}

// printSummary writes rep as one line, with the process's memory now and
// at the peak of ingest.
func printSummary(out io.Writer, rep Report, ingestPeak int64) {
	fmt.Fprintf(out, "articles=%d ingest=%.0f/s index=%.1f MB p50=%v p99=%v serving_peak_rss=%.0f MB (ingest peak %.0f MB) rss_now=%.0f MB (anon %.0f MB, file-mapped %.0f MB) (GOMAXPROCS=%d)\n",
		rep.Articles, rep.IngestPerSec, float64(rep.IndexBytes)/1e6, rep.P50, rep.P99,
		float64(rep.PeakRSSBytes)/1e6, float64(ingestPeak)/1e6, float64(procStatus("VmRSS"))/1e6,
		float64(procStatus("RssAnon"))/1e6, float64(procStatus("RssFile"))/1e6, runtime.GOMAXPROCS(0))
}

// benchDir returns the folder Index builds in: dir, which must not hold an
// index yet, or when dir is empty a new temporary folder, which remove
// deletes.
func benchDir(dir string) (_ string, remove func(), _ error) {
	if dir != "" {
		if _, err := os.Stat(filepath.Join(dir, indexDirName)); err == nil {
			return "", nil, fmt.Errorf("bench: %s already holds an index", dir)
		}
		return dir, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "newsbot-bench-")
	if err != nil {
		return "", nil, fmt.Errorf("bench: %w", err)
	}
	return tmp, func() { os.RemoveAll(tmp) }, nil
}

// ingest stores and indexes n articles from gen in batches, as CatchUp
// does, and returns up to queries of them, spread evenly, to ask about,
// with the time spent indexing (storing them is not counted).
func ingest(ctx context.Context, st *data.Store, ix *retrieval.Index, gen *synth.Generator, n, queries int, out io.Writer) ([]data.Article, time.Duration, error) {
	sample := make([]data.Article, 0, queries)
	every := max(n/queries, 1)
	var spent time.Duration
	for done := 0; done < n; {
		arts := make([]data.Article, min(batch, n-done))
		for i := range arts {
			arts[i] = gen.Article()
			if (done+i)%every == 0 && len(sample) < queries {
				sample = append(sample, arts[i])
			}
		}
		if _, _, err := st.PutArticles(ctx, arts); err != nil {
			return nil, 0, fmt.Errorf("bench: %w", err)
		}
		start := time.Now()
		if err := ix.Add(ctx, arts); err != nil {
			return nil, 0, err
		}
		spent += time.Since(start)
		done += len(arts)
		if done%(10*batch) == 0 || done == n {
			fmt.Fprintf(out, "indexed %d/%d articles, %.0f/s\n", done, n, float64(done)/spent.Seconds())
		}
	}
	return sample, spent, nil
}

// timeSearches asks every question once, after a warm-up, and returns how
// long each search took, shortest first.
func timeSearches(ctx context.Context, ix *retrieval.Index, questions []string, asOf time.Time) ([]time.Duration, error) {
	// Warm up: the first searches fault the index's files into memory.
	for _, q := range questions[:min(len(questions), 50)] {
		if _, err := ix.Search(ctx, retrieval.Query{Text: q, AsOf: asOf}); err != nil {
			return nil, err
		}
	}
	lat := make([]time.Duration, 0, len(questions))
	for _, q := range questions {
		start := time.Now()
		if _, err := ix.Search(ctx, retrieval.Query{Text: q, AsOf: asOf}); err != nil {
			return nil, err
		}
		lat = append(lat, time.Since(start))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat, nil
}

// resetPeakRSS makes the kernel restart the process's peak resident set
// (VmHWM) from its current size. It does nothing where /proc is absent.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// procStatus reads a memory figure, such as "VmHWM" (peak resident set),
// from /proc/self/status in bytes; 0 where that file does not exist.
func procStatus(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, key+":") {
			continue
		}
		fields := strings.Fields(line[len(key)+1:])
		if len(fields) == 0 {
			return 0
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0
		}
		return kb * 1024
	}
	return 0
}
