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

// dayAfter is the day term of the UTC day after t's.
func dayAfter(t time.Time) string {
	return utcDay(t).AddDate(0, 0, 1).Format(dayLayout)
}
