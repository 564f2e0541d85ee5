package bot

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// errSince explains the accepted forms of a since option.
//
//lint:ignore ST1005 the text is the reply the user sees
var errSince = errors.New("I didn't understand that time. Try `12h`, `2d`, `1w`, `yesterday` or a date such as `2026-11-20`.")

// parseSince reads a since option: a duration back from now ("90m", "12h",
// "2d", "1w", "3 days"), "today", "yesterday", or a date (YYYY-MM-DD, UTC
// midnight).
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "":
		return time.Time{}, nil
	case "today":
		y, m, d := now.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	case "yesterday":
		y, m, d := now.UTC().Date()
		return time.Date(y, m, d-1, 0, 0, 0, 0, time.UTC), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if t.After(now) {
			//lint:ignore ST1005 the text is the reply the user sees
			return time.Time{}, errors.New("That date is in the future.")
		}
		return t, nil
	}
	s = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "ago")), " ")
	num, unit := s, ""
	for i, r := range s {
		if r < '0' || r > '9' {
			num, unit = s[:i], strings.TrimSpace(s[i:])
			break
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 || n > 3650 {
		return time.Time{}, errSince
	}
	var d time.Duration
	switch strings.TrimSuffix(unit, "s") {
	case "m", "min", "minute":
		d = time.Minute
	case "h", "hr", "hour":
		d = time.Hour
	case "d", "day":
		d = 24 * time.Hour
	case "w", "wk", "week":
		d = 7 * 24 * time.Hour
	default:
		return time.Time{}, errSince
	}
	return now.Add(-time.Duration(n) * d), nil
}
