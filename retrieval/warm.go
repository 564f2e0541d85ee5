package retrieval

import (
	"context"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// warmEvery is how often the index reads what searches keep of the
// segments bleve has made since (see segInfo).
const warmEvery = 250 * time.Millisecond

// warmer reads the segInfo of new segments in the background, so that the
// first search after a merge does not: a merged segment of millions of
// documents takes a second to read, which that search would wait for.
type warmer struct {
	stop func()
	done chan struct{}
	once sync.Once
}

// startWarmer starts ix's warmer.
func (ix *Index) startWarmer() {
	ctx, cancel := context.WithCancel(context.Background())
	ix.warm = &warmer{stop: cancel, done: make(chan struct{})}
	go func() {
		defer close(ix.warm.done)
		t := time.NewTicker(warmEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				ix.warmSegments(ctx)
			}
		}
	}()
}

// stopWarmer stops ix's warmer and waits for it; it is safe to call more
// than once.
func (ix *Index) stopWarmer() {
	if ix.warm == nil {
		return
	}
	ix.warm.once.Do(func() {
		ix.warm.stop()
		<-ix.warm.done
	})
}

// warmSegments reads the segInfo of the index's segments that lack it.
// Errors are left for the searches, which meet them again.
func (ix *Index) warmSegments(ctx context.Context) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return
	}
	ai, err := ix.idx.Advanced()
	if err != nil {
		return
	}
	r, err := ai.Reader()
	if err != nil {
		return
	}
	defer r.Close()
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		_, _ = ix.scorer.segs.infos(ctx, snap)
	}
}
