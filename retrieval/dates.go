package retrieval

import (
	"time"
)

// epoch is where a window open to the past starts.
var epoch = time.Date(1970, time.January, 1, 0, 0, 0, 0, time.UTC)

// utcDay is the start of t's day in UTC.
func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// fieldTerm is a term of a field.
type fieldTerm struct{ field, term string }

// dayCover is the terms of the documents published on the UTC days from
// first to last, inclusive: whole years, whole months and single days, a
// few dozen terms at most for any window.
func dayCover(first, last time.Time) []fieldTerm {
	d, end := utcDay(first), utcDay(last)
	var terms []fieldTerm
	add := func(field, value string) {
		terms = append(terms, fieldTerm{field, value})
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
	return terms
}

// dayAfter is the day term of the UTC day after t's.
func dayAfter(t time.Time) string {
	return utcDay(t).AddDate(0, 0, 1).Format(dayLayout)
}
