package bench

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// Ingest is what the bench measured while it stored and indexed the corpus.
type Ingest struct {
	// Wall is the time from the first generated article to the last one
	// searchable, the final Tidy (compaction) included; PerSec is the
	// articles stored and indexed per second of it.
	Wall   time.Duration
	PerSec float64
	// Store, Index and Tidy are the time spent in PutArticles, in Add and
	// in the final Tidy, and Generate the time spent making or reading the
	// articles. Store and Index run at the same time, on consecutive
	// batches, so that they add up to more than Wall.
	Store, Index, Tidy, Generate time.Duration
	// LongestWrite is the longest single Add: the longest a writer waited
	// for the index, compactions running meanwhile included.
	LongestWrite time.Duration
	// Compactions is how many times the index was compacted during
	// ingest (one every Options.CompactEvery articles, as a running bot
	// does now and then, beside the writes) and after it, and
	// LongestCompaction the longest of them.
	Compactions       int
	CompactEvery      int
	LongestCompaction time.Duration
	// Probes searches ran during ingest, one every ProbeEvery after the
	// previous one ended; LongestProbe is the slowest, the longest a
	// reader waited. ProbeBusy is their total time.
	Probes       int
	ProbeEvery   time.Duration
	LongestProbe time.Duration
	ProbeBusy    time.Duration
	// PeakRSSBytes is the process's peak resident set at the end of ingest.
	PeakRSSBytes int64
}

// DefaultProbeEvery is the default pause between two probe searches
// during ingest.
const DefaultProbeEvery = 50 * time.Millisecond

// ingest stores and indexes c, showing each stored batch to sample, and
// reports the time it took and how many articles were stored.
func ingest(ctx context.Context, st *data.Store, ix *retrieval.Index, c corpus, compactEvery int, probeEvery time.Duration, sample *reservoir, progress io.Writer) (Ingest, int, error) {
	rep := Ingest{CompactEvery: compactEvery}
	g, gctx := errgroup.WithContext(ctx)
	made := make(chan []data.Article, 1)
	stored := make(chan []data.Article, 1)
	start := time.Now()
	g.Go(func() error {
		defer close(made)
		t := time.Now()
		return c.walk(gctx, func(b []data.Article) error {
			rep.Generate += time.Since(t)
			defer func() { t = time.Now() }()
			return send(gctx, made, b)
		})
	})
	g.Go(func() error {
		defer close(stored)
		for b := range made {
			t := time.Now()
			_, errs, err := st.PutArticles(gctx, b)
			rep.Store += time.Since(t)
			if err != nil {
				return fmt.Errorf("bench: %w", err)
			}
			if err := send(gctx, stored, storedOnly(b, errs)); err != nil {
				return err
			}
		}
		return nil
	})
	var p *prober
	n := 0
	compact := make(chan struct{}, 1)
	g.Go(func() error { return rep.compactions(gctx, ix, compact) })
	g.Go(func() error {
		defer close(compact)
		for b := range stored {
			t := time.Now()
			if err := ix.Add(gctx, b); err != nil {
				return err
			}
			rep.LongestWrite = max(rep.LongestWrite, time.Since(t))
			rep.Index += time.Since(t)
			if n/compactEvery != (n+len(b))/compactEvery {
				select {
				case compact <- struct{}{}:
				default: // one is running
				}
			}
			sample.add(b)
			if p == nil {
				p = startProbe(ctx, ix, b, probeEvery)
			}
			if n += len(b); n%(20*batchSize) < len(b) {
				fmt.Fprintf(progress, "bench: stored and indexed %d articles, %.0f/s\n", n, float64(n)/time.Since(start).Seconds())
			}
		}
		return nil
	})
	err := g.Wait()
	if err == nil {
		t := time.Now()
		err = ix.Tidy(ctx)
		rep.Tidy = time.Since(t)
		rep.Compactions++
		rep.LongestCompaction = max(rep.LongestCompaction, rep.Tidy)
	}
	rep.Wall = time.Since(start)
	rep.PerSec = float64(n) / rep.Wall.Seconds()
	if p != nil {
		p.stop(&rep)
	}
	rep.PeakRSSBytes = procStatus("VmHWM")
	return rep, n, err
}

// compactions compacts ix each time compact receives, while the writes
// go on, until compact is closed.
func (rep *Ingest) compactions(ctx context.Context, ix *retrieval.Index, compact <-chan struct{}) error {
	for range compact {
		t := time.Now()
		if err := ix.Compact(ctx); err != nil {
			return err
		}
		rep.Compactions++
		rep.LongestCompaction = max(rep.LongestCompaction, time.Since(t))
	}
	return nil
}

// send sends b on ch unless ctx ends first.
func send(ctx context.Context, ch chan<- []data.Article, b []data.Article) error {
	select {
	case ch <- b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// storedOnly returns the articles of b that the store took (errs[i] nil),
// with the revision it gave them, in b's array.
func storedOnly(b []data.Article, errs []error) []data.Article {
	out := b[:0]
	for i := range b {
		if errs[i] == nil {
			out = append(out, b[i])
		}
	}
	return out
}

// prober searches the index every pause while it is written to.
type prober struct {
	pause   time.Duration
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	n       int
	longest time.Duration
	busy    time.Duration
}

// startProbe starts searching ix for the headlines of arts in turn, one
// search pause after the one before ended.
func startProbe(ctx context.Context, ix *retrieval.Index, arts []data.Article, pause time.Duration) *prober {
	qs := Mix(arts, 64, 1)
	var probe []Query
	for _, q := range qs {
		if q.Shape == ShapeHeadline {
			probe = append(probe, q)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	p := &prober{pause: pause, cancel: cancel}
	if len(probe) == 0 {
		return p
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			case <-time.After(pause):
			}
			q := probe[i%len(probe)]
			t := time.Now()
			if _, err := ix.Search(ctx, retrieval.Query{Text: q.Q, AsOf: q.AsOf}); err != nil {
				return
			}
			d := time.Since(t)
			p.n++
			p.busy += d
			p.longest = max(p.longest, d)
		}
	}()
	return p
}

// stop ends the probe and records its figures in rep.
func (p *prober) stop(rep *Ingest) {
	p.cancel()
	p.wg.Wait()
	rep.Probes, rep.ProbeEvery, rep.LongestProbe, rep.ProbeBusy = p.n, p.pause, p.longest, p.busy
}
