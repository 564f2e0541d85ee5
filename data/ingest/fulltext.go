package ingest

import (
	"context"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/parse"
)

const (
	// DefaultFullTextBudget is how many linked pages one feed fetch may
	// fetch when Ingester.FullTextBudget is zero.
	DefaultFullTextBudget = 30
	// DefaultFullTextDeadline bounds those fetches together when
	// Ingester.FullTextDeadline is zero.
	DefaultFullTextDeadline = 2 * time.Minute
	// fullTextWorkers is how many pages are fetched at once.
	fullTextWorkers = 4
)

// completeExcerpts fetches the linked page of feed items that carry only a
// summary, when FullText is on, and returns how many such items it left
// unfetched because the feed's full-text budget or deadline ran out. An
// item whose page is not fetched, or cannot be read, is kept as
// excerpt-only. Items already stored with full text reuse the stored text,
// so re-polling a feed does not refetch its pages, and cost no budget.
func (in *Ingester) completeExcerpts(ctx context.Context, arts []data.Article) ([]data.Article, int) {
	if !in.FullText || in.Fetcher == nil {
		return arts, 0
	}
	budget := in.FullTextBudget
	if budget == 0 {
		budget = DefaultFullTextBudget
	}
	// The deadline is the pages' alone: the items are stored after it
	// whatever it cut short, with the caller's ctx.
	pctx, cancel := ctx, context.CancelFunc(func() {})
	switch d := in.FullTextDeadline; {
	case d == 0:
		pctx, cancel = context.WithTimeout(ctx, DefaultFullTextDeadline)
	case d > 0:
		pctx, cancel = context.WithTimeout(ctx, d)
	}
	defer cancel()

	// fullTextWorkers pages at a time; a failed page is logged and kept as
	// an excerpt, so no goroutine returns an error. Go waits for a free
	// worker, which the deadline frees at the latest.
	var (
		g errgroup.Group
		// unfetched counts the items passed over here, cut those whose
		// fetch the deadline cut short.
		unfetched, started int
		cut                atomic.Int32
	)
	g.SetLimit(fullTextWorkers)
	for i := range arts {
		a := &arts[i]
		if !a.ExcerptOnly || a.URL == "" {
			continue
		}
		if old, err := in.Store.ArticleByURL(ctx, a.URL); err == nil && !old.ExcerptOnly {
			a.Text, a.ExcerptOnly = old.Text, false
			continue
		}
		if budget >= 0 && started >= budget || pctx.Err() != nil {
			unfetched++
			continue
		}
		started++
		g.Go(func() error {
			if !in.fetchFullText(pctx, a) && pctx.Err() != nil && ctx.Err() == nil {
				cut.Add(1)
			}
			return nil
		})
	}
	_ = g.Wait() // every goroutine returns nil
	unfetched += int(cut.Load())
	if unfetched > 0 {
		in.logger().Info("ingest: full-text budget or deadline spent; keeping the feed excerpts", "feed_id", arts[0].FeedID, "unfetched", unfetched)
	}
	return arts, unfetched
}

// fetchFullText replaces a's excerpt with the text of its linked page and
// reports whether it did.
func (in *Ingester) fetchFullText(ctx context.Context, a *data.Article) bool {
	res, err := in.Fetcher.Fetch(ctx, fetch.Request{URL: a.URL})
	if err != nil {
		in.logger().Info("ingest: full text unavailable; keeping the feed excerpt", "feed_id", a.FeedID, "url", fetch.RedactURL(a.URL), "reason", reason(err))
		return false
	}
	page, err := parse.HTML(res.Body, res.ContentType, res.URL)
	if err != nil || len(page.Text) <= len(a.Text) {
		in.logger().Info("ingest: full text unavailable; keeping the feed excerpt", "feed_id", a.FeedID, "url", fetch.RedactURL(a.URL), "reason", "no article text on the page")
		return false
	}
	a.Text, a.ExcerptOnly = page.Text, false
	if len(a.Authors) == 0 {
		a.Authors = page.Authors
	}
	if a.Published.IsZero() {
		a.Published = page.Published
	}
	return true
}
