package retrieval

import (
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// epoch is where a window open to the past starts.
var epoch = time.Date(1970, time.January, 1, 0, 0, 0, 0, time.UTC)

// utcDay is the start of t's day in UTC.
func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dayCover matches the documents published on the UTC days from first to
// last, inclusive, with whole years, whole months and single days: a few
// dozen terms at most for any window.
func dayCover(first, last time.Time) query.Query {
	d, end := utcDay(first), utcDay(last)
	var terms []query.Query
	add := func(field, value string) {
		t := bleve.NewTermQuery(value)
		t.SetField(field)
		t.SetBoost(0)
		terms = append(terms, t)
	}
	for !d.After(end) {
		switch {
		case d.YearDay() == 1 && !d.AddDate(1, 0, -1).After(end):
			add(fieldYear, d.Format(yearLayout))
			d = d.AddDate(1, 0, 0)
		case d.Day() == 1 && !d.AddDate(0, 1, -1).After(end):
			add(fieldMonth, d.Format(monthLayout))
			d = d.AddDate(0, 1, 0)
		default:
			add(fieldDay, d.Format(dayLayout))
			d = d.AddDate(0, 0, 1)
		}
	}
	if len(terms) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	return bleve.NewDisjunctionQuery(terms...)
}

// afterDay matches the documents published on a UTC day after t's.
func afterDay(t time.Time) query.Query {
	yes := true
	q := bleve.NewTermRangeInclusiveQuery(utcDay(t).AddDate(0, 0, 1).Format(dayLayout), "", &yes, nil)
	q.SetField(fieldDay)
	return q
}
