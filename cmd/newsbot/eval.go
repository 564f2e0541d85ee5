package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/newsbot/newsbot/eval"
	"github.com/newsbot/newsbot/summarize"
)

const evalUsage = `eval retrieval --corpus FILE --queries FILE [--keep DIR]
       newsbot eval answers --corpus FILE --queries FILE [--keep DIR] [--out FILE] [--before-from DATE] [--before DAYS]
       newsbot eval summaries [--sentences N] FILE.jsonl...
       newsbot eval extract [--dir DIR] [--pages]

  retrieval   ingest a JSONL corpus into a temporary data directory, run every
              query as of its as_of date, print Hits@1/3/10 and MRR@10
  answers     ingest the corpus, ask every question as of its as_of date, and
              again as of --before days before it (questions from
              --before-from on, whose news did not exist yet); print the share
              of replies holding the right choice, a wrong one, "not covered",
              a cited evidence article, and the median words and time
  summaries   summarize JSONL {"id","text","reference"} articles with the
              offline engine and print ROUGE-1/2/L F1 (x100), with LEAD-3 beside
  extract     reduce every page of DIR (manifest.jsonl, ID.html, ID.txt) to its
              body with each candidate extractor, newsbot's own first, and
              print token precision, recall and F1 against the expected body`

func cmdEval(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "retrieval":
			return evalRetrieval(ctx, e, args[1:])
		case "answers":
			return evalAnswers(ctx, e, args[1:])
		case "summaries":
			return evalSummaries(ctx, e, args[1:])
		case "extract":
			return evalExtract(ctx, e, args[1:])
		}
	}
	fs := newFlags(e, "eval", evalUsage)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return usageErr("give what to evaluate: retrieval, answers, summaries or extract")
}

// evalStack ingests corpus into dir (a temporary directory when dir is
// empty, removed by the returned cleanup) and compacts the index: scores
// depend a little on how bleve's background merging has left the
// segments (its average field length counts each segment's terms), and
// one segment makes every run give the same figures.
func evalStack(ctx context.Context, e *env, corpus, dir string) (*app, func(), error) {
	cleanup := func() {}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "newsbot-eval-")
		if err != nil {
			return nil, nil, err
		}
		dir, cleanup = tmp, func() { os.RemoveAll(tmp) }
	}
	e.cfg.DataDir = dir
	a, err := openApp(ctx, e, openOptions{quiet: true})
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	done := func() { a.Close(); cleanup() }
	start := time.Now()
	rep, err := a.ingest.Ingest(ctx, []string{corpus})
	if err == nil {
		err = a.index.Compact(ctx)
	}
	if err != nil {
		done()
		return nil, nil, err
	}
	fmt.Fprintf(e.stdout, "Ingested %s: %d articles (%d failed) in %s\n", filepath.Base(corpus),
		rep.Added+rep.Updated+rep.Unchanged, rep.Failed, time.Since(start).Round(time.Millisecond))
	return a, done, nil
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
	qs, err := eval.LoadRetrievalQueries(qf)
	qf.Close()
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	a, done, err := evalStack(ctx, e, *corpus, *keep)
	if err != nil {
		return err
	}
	defer done()
	start := time.Now()
	m, err := eval.EvaluateRetrieval(ctx, a.index, qs)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Queries: %d (%s)\nHits@1  %.3f\nHits@3  %.3f\nHits@10 %.3f\nMRR@10  %.3f\n",
		m.N, time.Since(start).Round(time.Millisecond), m.Hits1, m.Hits3, m.Hits10, m.MRR10)
	return nil
}

func evalAnswers(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval answers", evalUsage)
	corpus := fs.String("corpus", "", "JSONL corpus of articles")
	queries := fs.String("queries", "", "JSONL questions {id, query, as_of, gold_urls, choices, answer}")
	keep := fs.String("keep", "", "build the index in DIR and keep it (default: a temporary directory)")
	out := fs.String("out", "", "write every reply and how it scored to FILE as JSONL")
	beforeFrom := fs.String("before-from", "2022-07-21", "ask the questions dated from this day on again, before their news (empty: skip)")
	beforeDays := fs.Int("before", 35, "how many days before its date a question is asked again")
	extractive := fs.Bool("extractive", false, "use the offline extractive engine even when an LLM is configured")
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
	qs, err := eval.LoadQuestions(qf)
	qf.Close()
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	type evalSet struct {
		name string
		qs   []eval.Question
	}
	sets := []evalSet{{"asked", qs}}
	if *beforeFrom != "" {
		from, err := time.Parse(time.DateOnly, *beforeFrom)
		if err != nil {
			return usageErr("--before-from: %v", err)
		}
		before := eval.BeforeTheNews(qs, from, time.Duration(*beforeDays)*24*time.Hour)
		sets = append(sets, evalSet{fmt.Sprintf("before (-%dd)", *beforeDays), before})
	}
	a, done, err := evalStack(ctx, e, *corpus, *keep)
	if err != nil {
		return err
	}
	defer done()
	var enc *json.Encoder
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		defer f.Close()
		enc = json.NewEncoder(f)
		enc.SetEscapeHTML(false)
	}
	fmt.Fprintf(e.stdout, "%-14s %4s %6s %6s %8s %6s %6s %5s %9s %6s %6s\n", "set", "n", "right", "wrong", "uncovered", "gold", "stale", "words", "furniture", "p50", "p90")
	for _, set := range sets {
		m, rs, err := eval.Evaluate(ctx, a.svc, set.qs, *extractive)
		if err != nil {
			return err
		}
		if enc != nil {
			for _, r := range rs {
				if err := enc.Encode(struct {
					Set string `json:"set"`
					eval.Result
				}{set.name, r}); err != nil {
					return err
				}
			}
		}
		fmt.Fprintf(e.stdout, "%-14s %4d %6.3f %6.3f %9.3f %6.3f %6.3f %5d %9d %6s %6s\n", set.name, m.N, m.Right, m.Wrong,
			m.NotCovered, m.CitesGold, m.Stale, m.MedianWords, m.Furniture, m.MedianTook.Round(time.Millisecond), m.P90Took.Round(time.Millisecond))
	}
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
			{"lead-3", eval.Lead3},
			{"extractive", func(text string) []string { return engine.Summarize("", text, *n) }},
		} {
			if err := ctx.Err(); err != nil {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return &exitError{code: 1, msg: err.Error()}
			}
			res, err := eval.Summaries(f, sys.fn)
			f.Close()
			if err != nil {
				return &exitError{code: 1, msg: fmt.Sprintf("%s: %v", path, err)}
			}
			fmt.Fprintf(e.stdout, "%-14s %-10s %5d %6.2f %6.2f %6.2f %6.2f\n", filepath.Base(path), sys.name, res.N, res.R1, res.R2, res.RL, res.RLsum)
		}
	}
	return nil
}

func evalExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval extract", evalUsage)
	dir := fs.String("dir", filepath.Join("eval", "testdata", "extract"), "directory of pages with manifest.jsonl")
	pages := fs.Bool("pages", false, "also print every page's F1 for each extractor")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cases, err := eval.LoadExtractCases(*dir)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	exs := eval.Extractors()
	var all []eval.ExtractScores
	fmt.Fprintf(e.stdout, "%-22s %4s %6s %9s %6s %6s\n", "extractor", "n", "failed", "precision", "recall", "F1")
	for _, ex := range exs {
		if err := ctx.Err(); err != nil {
			return err
		}
		s := eval.EvaluateExtraction(cases, ex)
		all = append(all, s)
		fmt.Fprintf(e.stdout, "%-22s %4d %6d %9.3f %6.3f %6.3f\n", s.Name, s.N, s.Failed, s.Precision, s.Recall, s.F1)
	}
	if *pages {
		fmt.Fprintf(e.stdout, "\n%-36s", "page (F1)")
		for _, s := range all {
			fmt.Fprintf(e.stdout, " %7.7s", s.Name)
		}
		fmt.Fprintln(e.stdout)
		for i, c := range cases {
			fmt.Fprintf(e.stdout, "%-36.36s", c.ID)
			for _, s := range all {
				fmt.Fprintf(e.stdout, " %7.3f", s.Pages[i].F1)
			}
			fmt.Fprintln(e.stdout)
		}
	}
	return nil
}
