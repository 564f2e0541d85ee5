package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// Where in its folder the bench keeps the store and newsbot's index, as
// the app keeps them in its data directory.
const (
	storeFile = "newsbot.db"
	indexDir  = "index"
)

// benchDir returns the folder Index builds in: dir, which must not hold a
// store or an index yet, or when dir is empty a new temporary folder,
// which remove deletes.
func benchDir(dir string) (_ string, remove func(), _ error) {
	if dir != "" {
		for _, name := range []string{storeFile, indexDir} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return "", nil, fmt.Errorf("bench: %s already holds a bench's %s", dir, name)
			}
		}
		return dir, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "newsbot-bench-")
	if err != nil {
		return "", nil, fmt.Errorf("bench: %w", err)
	}
	return tmp, func() { os.RemoveAll(tmp) }, nil
}

// build stores and indexes c in dir, as a process that then exits: it
// closes the store and the index after.
func build(ctx context.Context, dir string, c corpus, compactEvery int, probeEvery time.Duration, sample *reservoir, rep *Report, progress io.Writer) (err error) {
	st, err := data.OpenStore(ctx, filepath.Join(dir, storeFile))
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	ix, err := retrieval.Open(ctx, filepath.Join(dir, indexDir), st, retrieval.Options{})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, ix.Close()) }()
	fmt.Fprintf(progress, "bench: storing and indexing %s\n", c.about)
	rep.Ingest, rep.Articles, err = ingest(ctx, st, ix, c, compactEvery, probeEvery, sample, progress)
	return err
}

// serve opens the store and the index again, timing the restart, and
// times the queries of rep against them with the peak resident set
// measured from after the restart.
func serve(ctx context.Context, dir string, rep *Report, progress io.Writer) (err error) {
	settle()
	start := time.Now()
	st, err := data.OpenStore(ctx, filepath.Join(dir, storeFile))
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	rep.Restart.OpenStore = time.Since(start)
	start = time.Now()
	ix, err := retrieval.Open(ctx, filepath.Join(dir, indexDir), st, retrieval.Options{})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, ix.Close()) }()
	rep.Restart.OpenIndex = time.Since(start)
	run := func(q Query) ([]string, error) { return newsbotSearch(ctx, ix, q) }
	start = time.Now()
	if _, err := run(rep.Queries[0]); err != nil {
		return err
	}
	rep.Restart.FirstSearch = time.Since(start)
	resetPeakRSS()
	fmt.Fprintf(progress, "bench: timing %d queries, after one pass to warm up\n", len(rep.Queries))
	ts, err := timeQueries(rep.Queries, run)
	if err != nil {
		return err
	}
	rep.Latency = latencies(rep.Queries, ts)
	rep.PeakRSSBytes, rep.RSSBytes, rep.RSSFileBytes = procStatus("VmHWM"), procStatus("VmRSS"), procStatus("RssFile")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rep.HeapBytes = int64(ms.HeapInuse)
	state, err := ix.State(ctx)
	if err != nil {
		return err
	}
	if state.Rebuilt {
		return fmt.Errorf("bench: the index opened again was rebuilt: %s", state.Reason)
	}
	rep.IndexBytes = state.SizeBytes
	rep.StoreBytes = dirSize(filepath.Join(dir, storeFile))
	return nil
}

// newsbotSearch asks q of newsbot's index and returns the IDs of the
// articles found, best first.
func newsbotSearch(ctx context.Context, ix *retrieval.Index, q Query) ([]string, error) {
	res, err := ix.Search(ctx, retrieval.Query{Text: q.Q, AsOf: q.AsOf, Sources: q.Sources, FeedIDs: q.FeedIDs, K: 10})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ArticleID
	}
	return ids, nil
}
