package retrieval_test

import (
	"testing"
	"time"

	"github.com/newsbot/newsbot/retrieval"
)

func TestParseTimeExpr(t *testing.T) {
	// A Thursday afternoon.
	asOf := time.Date(2022, time.June, 16, 15, 30, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	end := func(y int, m time.Month, day int) time.Time { return d(y, m, day).Add(-time.Nanosecond) }
	tests := []struct {
		q            string
		since, until time.Time
		rest         string
	}{
		{"What happened today?", d(2022, 6, 16), asOf, "What happened ?"},
		{"Who won yesterday's match", d(2022, 6, 15), end(2022, 6, 16), "Who won 's match"},
		{"Which show was green lit this week?", d(2022, 6, 9), asOf, "Which show was green lit ?"},
		{"news from the past week", d(2022, 6, 9), asOf, "news from the"},
		{"what happened last week in Congress", d(2022, 6, 6), end(2022, 6, 13), "what happened in Congress"},
		{"prices this month", d(2022, 6, 1), asOf, "prices"},
		{"prices last month", d(2022, 5, 1), end(2022, 6, 1), "prices"},
		{"storms since Monday", d(2022, 6, 13), asOf, "storms"},
		{"storms since Thursday", d(2022, 6, 16), asOf, "storms"},
		{"elections in June", d(2022, 6, 1), asOf, "elections"}, // never after asOf
		{"elections in July", d(2021, 7, 1), end(2021, 8, 1), "elections"},
		{"elections in June 2020 results", d(2020, 6, 1), end(2020, 7, 1), "elections results"},
		{"budget in 2021", d(2021, 1, 1), end(2022, 1, 1), "budget"},
		// A day names an event, reported that day and the next.
		{"what happened on June 12", d(2022, 6, 12), end(2022, 6, 14), "what happened"},
		{"the vote on June 15", d(2022, 6, 15), asOf, "the vote"}, // never after asOf
		{"the vote on May 20th", d(2022, 5, 20), end(2022, 5, 22), "the vote"},
		// A day more than a month back is recalled: what was reported
		// since counts.
		{"the vote on May 10th", d(2022, 5, 10), asOf, "the vote"},
		{"what happened on Dec 3rd", d(2021, 12, 3), asOf, "what happened"},
		{"what happened on March 3, 2020?", d(2020, 3, 3), asOf, "what happened ?"},
		{"the riot on January 6, 2021 hearings", d(2021, 1, 6), asOf, "the riot hearings"},
		{"the vote on June 20", d(2021, 6, 20), asOf, "the vote"}, // last year's
		{"the winners of last year", d(2021, 1, 1), end(2022, 1, 1), "the winners of"},
		{"fires in the past 3 days", d(2022, 6, 13), asOf, "fires"},
		{"fires over the last two weeks", d(2022, 6, 2), asOf, "fires over the"},
		{"What happened in May?", d(2022, 5, 1), end(2022, 6, 1), "What happened ?"},
		{"prices may rise", time.Time{}, time.Time{}, "prices may rise"},
		{"the lawmakers in may vote", time.Time{}, time.Time{}, "the lawmakers in may vote"},
		{"Which country won the cup?", time.Time{}, time.Time{}, "Which country won the cup?"},
		{"events in 2030", time.Time{}, time.Time{}, "events in 2030"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			since, until, rest := retrieval.ParseTimeExpr(tt.q, asOf)
			if !since.Equal(tt.since) || !until.Equal(tt.until) {
				t.Errorf("window [%v, %v], want [%v, %v]", since, until, tt.since, tt.until)
			}
			if rest != tt.rest {
				t.Errorf("rest %q, want %q", rest, tt.rest)
			}
		})
	}
}
