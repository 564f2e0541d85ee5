package main

import (
	"context"
	"fmt"
	"os"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/data/parse"
	"github.com/newsbot/newsbot/eval/bench"
)

const benchUsage = `bench index [--articles N] [--queries N] [--corpus FILE.jsonl] [--dir DIR]

Builds a deterministic corpus of N realistic articles (sentences of the sample
corpus, or of --corpus, recombined), then reports ingest articles/s, index
size, query latency p50/p99 (warm, mixed query shapes with date filters) and
peak memory. The bot under load is measured by a Go benchmark:
go test ./bot -run '^$' -bench Ask200 -benchtime 1x`

func cmdBench(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "index" {
		fs := newFlags(e, "bench", benchUsage)
		if err := fs.Parse(args); err != nil {
			return err
		}
		return usageErr("give what to measure: index")
	}
	fs := newFlags(e, "bench index", benchUsage)
	n := fs.Int("articles", 100000, "articles in the generated corpus")
	nq := fs.Int("queries", 2000, "queries to time")
	corpus := fs.String("corpus", "", "JSONL corpus whose sentences are recombined (default: the sample corpus)")
	dir := fs.String("dir", "", "where to build the index (default: a temporary directory, removed after)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	var src []data.Article
	if *corpus != "" {
		f, err := os.Open(*corpus)
		if err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		arts, _, err := parse.JSON(f)
		f.Close()
		if err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		src = arts
	} else {
		arts, err := ingest.SampleArticles()
		if err != nil {
			return err
		}
		src = arts
	}
	d := *dir
	if d == "" {
		var err error
		if d, err = os.MkdirTemp("", "newsbot-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(d)
	}
	rep, err := bench.Index(ctx, bench.Options{Articles: *n, Queries: *nq, Dir: d, Seed: 1, Corpus: src, Out: e.stderr})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "articles      %d\ningest        %.0f articles/s\nindex size    %s\nquery p50     %s\nquery p99     %s\npeak RSS      %s\n",
		rep.Articles, rep.IngestPerSec, humanBytes(rep.IndexBytes), rep.P50, rep.P99, humanBytes(rep.PeakRSSBytes))
	return nil
}
