package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

const evalUsage = `eval retrieval --corpus FILE --queries FILE [--keep DIR]
       newsbot eval summaries [--sentences N] FILE.jsonl...

  retrieval   ingest a JSONL corpus into a temporary data directory, run every
              query as of its as_of date, print Hits@1/3/10 and MRR@10
  summaries   summarize JSONL {"id","text","reference"} articles with the
              offline engine and print ROUGE-1/2/L F1 (x100), with LEAD-3 beside`

func cmdEval(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "retrieval" && args[0] != "summaries") {
		fs := newFlags(e, "eval", evalUsage)
		if err := fs.Parse(args); err != nil {
			return err
		}
		return usageErr("give what to evaluate: retrieval or summaries")
	}
	if args[0] == "retrieval" {
		return evalRetrieval(ctx, e, args[1:])
	}
	return evalSummaries(ctx, e, args[1:])
}

func evalRetrieval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval retrieval", evalUsage)
	corpus := fs.String("corpus", "", "JSONL corpus of articles")
	queries := fs.String("queries", "", "JSONL queries {id, query, as_of, gold_urls}")
	keep := fs.String("keep", "", "build the index in DIR and keep it (default: a temporary directory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *corpus == "" || *queries == "" {
		return usageErr("--corpus and --queries are required")
	}
	qf, err := os.Open(*queries)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	qs, err := retrieval.LoadEvalQueries(qf)
	qf.Close()
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	dir := *keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "newsbot-eval-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	e.cfg.DataDir = dir
	a, err := openApp(ctx, e, openOptions{quiet: true})
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	rep, err := a.ingest.Ingest(ctx, []string{*corpus})
	if err != nil {
		return err
	}
	// Scores depend a little on how bleve's background merging has left
	// the segments (its average field length counts each segment's
	// terms); one segment makes every run give the same figures.
	if err := a.index.Compact(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Ingested %s: %d articles (%d failed) in %s\n", filepath.Base(*corpus),
		rep.Added+rep.Updated+rep.Unchanged, rep.Failed, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	m, err := retrieval.Evaluate(ctx, a.index, qs)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Queries: %d (%s)\nHits@1  %.3f\nHits@3  %.3f\nHits@10 %.3f\nMRR@10  %.3f\n",
		m.N, time.Since(start).Round(time.Millisecond), m.Hits1, m.Hits3, m.Hits10, m.MRR10)
	return nil
}

func evalSummaries(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval summaries", evalUsage)
	n := fs.Int("sentences", 3, "summary length in sentences")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("give at least one JSONL file of {id, text, reference}")
	}
	split, err := summarize.NewSplitter()
	if err != nil {
		return err
	}
	engine := &summarize.Extractive{Splitter: split}
	fmt.Fprintf(e.stdout, "%-14s %-10s %5s %6s %6s %6s %6s\n", "file", "system", "n", "R1", "R2", "RL", "RLsum")
	for _, path := range fs.Args() {
		for _, sys := range []struct {
			name string
			fn   func(string) []string
		}{
			{"lead-3", summarize.Lead3},
			{"extractive", func(text string) []string { return engine.Summarize("", text, *n) }},
		} {
			if err := ctx.Err(); err != nil {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return &exitError{code: 1, msg: err.Error()}
			}
			res, err := summarize.EvalSummaries(f, sys.fn)
			f.Close()
			if err != nil {
				return &exitError{code: 1, msg: fmt.Sprintf("%s: %v", path, err)}
			}
			fmt.Fprintf(e.stdout, "%-14s %-10s %5d %6.2f %6.2f %6.2f %6.2f\n", filepath.Base(path), sys.name, res.N, res.R1, res.R2, res.RL, res.RLsum)
		}
	}
	return nil
}
