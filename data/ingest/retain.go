package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/newsbot/newsbot/data"
)

// DefaultRetention is how long articles are kept when Retainer.Keep is
// zero: forever (negative). Deleting an operator's articles is never done
// unless they asked for it.
const DefaultRetention time.Duration = -1

// pruneBatch is how many articles one Prune step deletes in one store
// transaction and one index batch.
const pruneBatch = 1000

// Retainer deletes articles older than Keep from the store and then from
// the index.
type Retainer struct {
	Store *data.Store
	Index Remover
	// Keep is how long an article is kept, counted from its published time
	// (its fetch time when it has none); zero means DefaultRetention and a
	// negative value keeps articles forever.
	Keep time.Duration
	// Now is the clock, default time.Now.
	Now func() time.Time
	// Logger defaults to discarding.
	Logger *slog.Logger
}

func (r *Retainer) keep() time.Duration {
	if r.Keep == 0 {
		return DefaultRetention
	}
	return r.Keep
}

// Prune deletes every article dated before now minus Keep, a batch at a
// time, and returns how many it deleted. With a negative Keep it deletes
// nothing. An error from the index after the store's deletion says to
// rebuild the index.
func (r *Retainer) Prune(ctx context.Context) (int, error) {
	keep := r.keep()
	if keep < 0 {
		return 0, nil
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	cutoff := now().Add(-keep)
	total := 0
	for {
		ids, err := r.Store.ArticleIDsBefore(ctx, cutoff, pruneBatch)
		if err != nil {
			return total, fmt.Errorf("ingest: prune: %w", err)
		}
		if len(ids) == 0 {
			return total, nil
		}
		n, err := r.Store.DeleteArticles(ctx, ids)
		if err != nil {
			return total, fmt.Errorf("ingest: prune: %w", err)
		}
		total += n
		if err := r.Index.Remove(ctx, ids); err != nil {
			return total, fmt.Errorf("ingest: prune the index (run newsbot reindex): %w", err)
		}
		if len(ids) < pruneBatch {
			return total, nil
		}
	}
}

// Run prunes at once and then every every until ctx ends, logging what it
// deleted and its failures. With a negative Keep it returns at once.
func (r *Retainer) Run(ctx context.Context, every time.Duration) {
	if r.keep() < 0 {
		return
	}
	log := r.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	prune := func() {
		n, err := r.Prune(ctx)
		if n > 0 {
			log.InfoContext(ctx, "ingest: deleted articles past retention", "count", n, "retention", r.keep().String())
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			log.ErrorContext(ctx, "ingest: prune old articles", "err", err)
		}
	}
	prune()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			prune()
		}
	}
}
