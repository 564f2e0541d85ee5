package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// defaultIndexFollow is how often a running bot checks whether the store
// has articles its index lacks when NEWSBOT_INDEX_FOLLOW is unset: written
// by another process sharing a PostgreSQL store, they become searchable
// here within about this long.
const defaultIndexFollow = 2 * time.Second

// catchUpper is the index as the follower uses it (*retrieval.Index is
// one).
type catchUpper interface {
	// CatchUp indexes the articles of src past the index's recorded
	// revision and returns how many; its errors are the index's and the
	// store's.
	CatchUp(ctx context.Context, src retrieval.ArticleSource) (int, error)
}

// indexFollower keeps a process's index up with the store, which other
// processes write too: every Every it reads the store's latest revision
// and, when it is past what the index was last caught up to, catches the
// index up. A process's own ingest indexes its articles as it stores
// them; the follower brings in everyone else's.
type indexFollower struct {
	Index catchUpper
	Store retrieval.ArticleSource
	// Every is how often the store is checked; zero means
	// defaultIndexFollow and a negative value turns following off.
	Every  time.Duration
	Logger *slog.Logger
	// caught is the store revision the index was last caught up to: every
	// article up to it is indexed.
	caught int64
}

// every is how often the store is checked; negative when off.
func (f *indexFollower) every() time.Duration {
	if f.Every == 0 {
		return defaultIndexFollow
	}
	return f.Every
}

// Run follows the store until ctx ends. With following off it returns at
// once.
func (f *indexFollower) Run(ctx context.Context) {
	every := f.every()
	if every < 0 {
		return
	}
	everyTick(ctx, every, func() {
		if _, err := f.Step(ctx); err != nil && ctx.Err() == nil {
			f.Logger.ErrorContext(ctx, "newsbot: follow the store", "err", err)
		}
	})
}

// Step catches the index up when the store is past it, and returns how
// many articles it indexed.
func (f *indexFollower) Step(ctx context.Context) (int, error) {
	top, err := f.Store.MaxRev(ctx)
	if err != nil {
		return 0, err
	}
	if top <= f.caught {
		return 0, nil
	}
	// Revisions are committed in order, so once CatchUp has read the
	// store every article up to top, read before it, is indexed.
	n, err := f.Index.CatchUp(ctx, f.Store)
	if err != nil {
		return n, err
	}
	f.caught = top
	if n > 0 {
		f.Logger.DebugContext(ctx, "newsbot: index caught up with the store", "articles", n, "rev", top)
	}
	return n, nil
}

// catchUpIndexer indexes what an ingest stored by catching the index up
// with the store rather than adding the ingest's own articles. In a store
// several processes write, an ingest's articles may come after others'
// that this index has not caught up with yet; adding them would record
// their revision as indexed and skip the others' for good.
type catchUpIndexer struct {
	index catchUpper
	store retrieval.ArticleSource
}

// Add catches the index up with the store, arts among what it indexes.
func (c catchUpIndexer) Add(ctx context.Context, arts []data.Article) error {
	if len(arts) == 0 {
		return nil
	}
	_, err := c.index.CatchUp(ctx, c.store)
	return err
}
