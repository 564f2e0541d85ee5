// Package bench measures how fast newsbot stores and indexes a corpus,
// how long it stalls writers and readers while doing so, how soon it
// serves after a restart, how fast it answers each shape of question and
// from how much memory, next to plain bleve on the same corpus and
// queries. The serving path does not import it; the CLI's bench command
// does.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/newsbot/newsbot/data"
)

// Options configures Index.
type Options struct {
	// Articles is how many articles to generate (default 10,000); with
	// AsIs, how many of the file's to read at most (0: all).
	Articles int
	// Source is the corpus whose sentences the generated articles
	// recombine; without it they are made of Zipf-distributed words.
	Source []data.Article
	// AsIs, when set, is a corpus file (see synth.ReadArticles) whose
	// articles are indexed as they are, instead of generated ones.
	AsIs string
	// Queries are the queries to time; when nil, NumQueries of them
	// (default 500) are made by Mix from a sample of the corpus.
	Queries    []Query
	NumQueries int
	// Dir is where the store and the indexes are built; a temporary
	// folder, removed after, when empty.
	Dir  string
	Seed int64
	// Baseline runs the queries through plain bleve too.
	Baseline bool
	// CompactEvery is how many articles are indexed between two
	// compactions during ingest (default 100,000).
	CompactEvery int
	// ProbeEvery is the pause between two of the searches run during
	// ingest (default DefaultProbeEvery).
	ProbeEvery time.Duration
	// Progress, when set, receives progress lines.
	Progress io.Writer
}

// Report is what Index measured.
type Report struct {
	// Corpus says what was indexed; Articles is how many articles the
	// store took and the index holds.
	Corpus   string
	Articles int
	Ingest   Ingest
	Restart  Restart
	// PeakRSSBytes is the peak resident set while serving the queries
	// (Linux), after the restart; RSSBytes the resident set after them,
	// of which RSSFileBytes are pages of mapped files (the index's
	// segments, which the kernel can drop and read again, and the
	// program's own) and HeapBytes the Go heap in use.
	PeakRSSBytes, RSSBytes, RSSFileBytes, HeapBytes int64
	// IndexBytes is the size of the index, StoreBytes of the store.
	IndexBytes, StoreBytes int64
	// Queries is the timed queries; Latency their latency by shape, with
	// "all" last.
	Queries []Query
	Latency []Latency
	// Baseline is plain bleve's figures, nil unless Options.Baseline.
	Baseline *Baseline
	// LoadAverage is the system's load averages when the bench ended, as
	// /proc/loadavg gives them ("" elsewhere).
	LoadAverage string
}

// Restart is the time from opening the store and the index that a closed
// process left to the first search answered.
type Restart struct {
	OpenStore, OpenIndex, FirstSearch time.Duration
}

// Total is the time from nothing open to the first search answered.
func (r Restart) Total() time.Duration { return r.OpenStore + r.OpenIndex + r.FirstSearch }

// Index stores and indexes a corpus, measuring ingest, then closes both,
// opens them again and times queries against them; see Report.
func Index(ctx context.Context, o Options) (Report, error) {
	o = o.withDefaults()
	dir, remove, err := benchDir(o.Dir)
	if err != nil {
		return Report{}, err
	}
	defer remove()
	c := generated(o.Articles, o.Source, o.Seed)
	if o.AsIs != "" {
		c = asIs(o.AsIs, o.Articles)
	}
	rep := Report{Corpus: c.about}
	sample := newReservoir(max(2000, 4*o.NumQueries), o.Seed)
	if err := build(ctx, dir, c, o.CompactEvery, o.ProbeEvery, sample, &rep, o.Progress); err != nil {
		return Report{}, err
	}
	if rep.Queries = o.Queries; rep.Queries == nil {
		rep.Queries = Mix(sample.arts, o.NumQueries, o.Seed)
	}
	if len(rep.Queries) == 0 {
		return Report{}, errors.New("bench: no query to time: the corpus holds no dated article with a title and a text")
	}
	sample = nil
	if err := serve(ctx, dir, &rep, o.Progress); err != nil {
		return Report{}, err
	}
	if o.Baseline {
		fmt.Fprintln(o.Progress, "bench: building the plain bleve index")
		if rep.Baseline, err = baseline(ctx, dir, c, rep.Queries, o.Progress); err != nil {
			return Report{}, err
		}
	}
	rep.LoadAverage = loadAverage()
	return rep, nil
}

func (o Options) withDefaults() Options {
	if o.Articles <= 0 && o.AsIs == "" {
		o.Articles = 10000
	}
	if o.NumQueries <= 0 {
		o.NumQueries = 500
	}
	if o.ProbeEvery <= 0 {
		o.ProbeEvery = DefaultProbeEvery
	}
	if o.CompactEvery <= 0 {
		o.CompactEvery = 100_000
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	return o
}
