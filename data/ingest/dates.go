package ingest

import (
	"context"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/parse"
)

// settleDates gives each article whose publication date cannot be right
// (see parse.Plausible: before 1990, or more than a day after it was
// fetched) a date it can have, sets its DateFallback and returns how many
// it changed. The date is the one the store already holds for the article,
// when that one is plausible, so that polling a feed with a broken date
// again and again does not re-date its items at every fetch; otherwise it
// is the fetch time. Articles must have their FetchedAt set.
func (in *Ingester) settleDates(ctx context.Context, arts []data.Article) int {
	n := 0
	for i := range arts {
		a := &arts[i]
		if a.Published.IsZero() || parse.Plausible(a.Published, a.FetchedAt) {
			continue
		}
		a.Published, a.DateFallback = a.FetchedAt, true
		n++
		probe := *a
		probe.Authors = append([]string(nil), a.Authors...) // Normalize reuses the slice
		probe.Normalize()
		if old, err := in.Store.Article(ctx, probe.ID); err == nil && !old.Published.IsZero() && parse.Plausible(old.Published, a.FetchedAt) {
			a.Published = old.Published
		}
	}
	return n
}
