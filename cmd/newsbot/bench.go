package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/data/parse"
	"github.com/newsbot/newsbot/eval/bench"
	"github.com/newsbot/newsbot/eval/synth"
	"github.com/newsbot/newsbot/retrieval"
)

const benchUsage = `bench index [--articles N] [--corpus FILE.jsonl [--as-is]] [--queries N|FILE.jsonl]
             [--write-queries FILE] [--dir DIR] [--baseline=true|false] [--seed N] [--cpuprofile FILE] [--probe-every D]
       bench corpus --articles N [--corpus FILE.jsonl] [--seed N] --out FILE.jsonl

bench index stores and indexes a corpus: N articles whose sentences are those
of the sample corpus, or of --corpus, recombined (eight outlets over a year),
or with --as-is the articles of a --corpus file as they are (such as one that
bench corpus wrote, to reuse a corpus across runs). It then closes and opens
the store and the index again and times queries: a file of JSONL lines
{"q","as_of","shape","sources"?,"feed_ids"?,"want"?}, or a mix of N (500) made
from the corpus, of the shapes headline, sentence, thisweek, twoword, common,
date and scope. It prints ingest articles/s (store and index, and each alone),
the longest index call and the slowest search run during ingest, the restart
time, peak memory while serving, and mean, p50, p99 and max latency per shape,
beside the same queries through plain bleve (BM25, whole articles). It takes
minutes at 100,000 articles; see the README's Benchmarks.

bench corpus writes the N generated articles to a JSONL file instead.

The bot under load is measured by a Go benchmark:
go test ./bot -run '^$' -bench Ask200 -benchtime 1x`

func cmdBench(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "index":
			return cmdBenchIndex(ctx, e, args[1:])
		case "corpus":
			return cmdBenchCorpus(ctx, e, args[1:])
		}
	}
	fs := newFlags(e, "bench", benchUsage)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return usageErr("give what to measure: index, or corpus to write a generated corpus")
}

func cmdBenchIndex(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench index", benchUsage)
	n := fs.Int("articles", 100000, "articles to generate; with --as-is, at most this many of the file's (default all)")
	corpus := fs.String("corpus", "", "JSONL corpus whose sentences are recombined (default: the sample corpus), or with --as-is the corpus itself")
	verbatim := fs.Bool("as-is", false, "index the articles of --corpus as they are")
	queries := fs.String("queries", "500", "how many queries to make, or a JSONL file of queries")
	writeQueries := fs.String("write-queries", "", "write the queries timed to this JSONL file")
	dir := fs.String("dir", "", "where to build the store and the indexes (default: a temporary directory, removed after)")
	base := fs.Bool("baseline", true, "time the same queries through plain bleve")
	seed := fs.Int64("seed", 1, "seed of the generated corpus and queries")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	probe := fs.Duration("probe-every", bench.DefaultProbeEvery, "pause between two of the searches run during ingest")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	o := bench.Options{Articles: *n, Dir: *dir, Seed: *seed, Baseline: *base, ProbeEvery: *probe, Progress: e.stderr}
	if *verbatim {
		if *corpus == "" {
			return usageErr("--as-is needs --corpus FILE")
		}
		o.AsIs = *corpus
		if !flagSet(fs, "articles") {
			o.Articles = 0
		}
	} else {
		src, err := benchSource(*corpus)
		if err != nil {
			return err
		}
		o.Source = src
	}
	if k, err := strconv.Atoi(*queries); err == nil {
		o.NumQueries = k
	} else if o.Queries, err = readQueryFile(*queries); err != nil {
		return err
	}
	rep, err := bench.Index(ctx, o)
	if err != nil {
		return err
	}
	if *writeQueries != "" {
		if err := writeQueryFile(*writeQueries, rep.Queries); err != nil {
			return err
		}
	}
	return rep.Print(e.stdout)
}

func cmdBenchCorpus(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench corpus", benchUsage)
	n := fs.Int("articles", 0, "articles to generate")
	corpus := fs.String("corpus", "", "JSONL corpus whose sentences are recombined (default: the sample corpus)")
	out := fs.String("out", "", "the JSONL file to write")
	seed := fs.Int64("seed", 1, "seed of the generated corpus")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n <= 0 || *out == "" {
		return usageErr("usage: newsbot bench corpus --articles N [--corpus FILE] --out FILE.jsonl")
	}
	src, err := benchSource(*corpus)
	if err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	gen := synth.NewNews(synth.NewsOptions{Seed: *seed, Source: src, Split: retrieval.Sentences, Articles: *n})
	for i := range *n {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := synth.WriteArticle(w, gen.Article()); err != nil {
			return err
		}
		if (i+1)%100000 == 0 {
			fmt.Fprintf(e.stderr, "bench: wrote %d articles\n", i+1)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d articles to %s\n", *n, *out)
	return nil
}

// benchSource reads the corpus whose sentences a bench recombines: path,
// or the sample corpus when path is "".
func benchSource(path string) ([]data.Article, error) {
	if path == "" {
		return ingest.SampleArticles()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &exitError{code: 1, msg: err.Error()}
	}
	defer f.Close()
	arts, _, err := parse.JSON(f)
	if err != nil {
		return nil, &exitError{code: 1, msg: err.Error()}
	}
	return arts, nil
}

func readQueryFile(path string) ([]bench.Query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &exitError{code: 1, msg: err.Error()}
	}
	defer f.Close()
	return bench.ReadQueries(f)
}

func writeQueryFile(path string, qs []bench.Query) error {
	f, err := os.Create(path)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	if err := bench.WriteQueries(f, qs); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// startCPUProfile profiles the CPU into the file at path until the
// returned stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
