package ingest

import (
	"context"
	"sync"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/parse"
)

// completeExcerpts fetches the linked page of feed items that carry only a
// summary, when FullText is on. An item whose page cannot be fetched or
// read is kept as excerpt-only. Items already stored with full text reuse
// the stored text, so re-polling a feed does not refetch its pages.
func (in *Ingester) completeExcerpts(ctx context.Context, arts []data.Article) []data.Article {
	if !in.FullText || in.Fetcher == nil {
		return arts
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range arts {
		a := &arts[i]
		if !a.ExcerptOnly || a.URL == "" {
			continue
		}
		if old, err := in.Store.ArticleByURL(ctx, a.URL); err == nil && !old.ExcerptOnly {
			a.Text, a.ExcerptOnly = old.Text, false
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			res, err := in.Fetcher.Fetch(ctx, fetch.Request{URL: a.URL})
			if err != nil {
				in.logger().Info("full text unavailable; keeping the feed excerpt", "feed_id", a.FeedID, "url", fetch.RedactURL(a.URL), "reason", reason(err))
				return
			}
			page, err := parse.HTML(res.Body, res.ContentType, res.URL)
			if err != nil || len(page.Text) <= len(a.Text) {
				in.logger().Info("full text unavailable; keeping the feed excerpt", "feed_id", a.FeedID, "url", fetch.RedactURL(a.URL), "reason", "no article text on the page")
				return
			}
			a.Text, a.ExcerptOnly = page.Text, false
			if len(a.Authors) == 0 {
				a.Authors = page.Authors
			}
			if a.Published.IsZero() {
				a.Published = page.Published
			}
		}()
	}
	wg.Wait()
	return arts
}
