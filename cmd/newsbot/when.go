package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data/parse"
)

// parseWhen reads a moment given on the command line: a date or time that
// parse.Date accepts, or a duration back from now such as 24h, 3d or 2w.
func parseWhen(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if d, ok := parseAgo(s); ok {
		return now.Add(-d), nil
	}
	t, err := parse.Date(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a date (2026-11-24) nor a duration (24h, 3d, 2w)", s)
	}
	return t, nil
}

// parseAgo reads durations with day and week units as well as Go's.
func parseAgo(s string) (time.Duration, bool) {
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, true
	}
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, err := strconv.Atoi(strings.TrimSuffix(s, suffix)); err == nil && strings.HasSuffix(s, suffix) && n > 0 {
			return time.Duration(n) * unit, true
		}
	}
	return 0, false
}

// endOfDay turns a bare date given as --as-of or --until into the end of
// that day, so that "as of 2026-11-24" includes that day's news.
func endOfDay(s string, t time.Time) time.Time {
	if len(strings.TrimSpace(s)) == 10 && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Add(24*time.Hour - time.Nanosecond)
	}
	return t
}
