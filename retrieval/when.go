package retrieval

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data/parse"
)

// timeForms lists the forms of the since/until grammar for error messages.
const timeForms = "try a duration (90m, 12h, 2d, 1w, 3 days ago), today, yesterday, a weekday (monday), or a date (2026-11-24, 2026-11-24 09:30)"

// ParseSince reads the start of a window in the since/until grammar that
// the CLI's --since, --until and --as-of, the console and Discord's since
// option share:
//
//   - a duration back from ref: "90m", "1h30m", "12h", "2d", "1w",
//     "3 days", "2 weeks ago";
//   - "now", "today", "yesterday", or a weekday ("monday", "mon"): the
//     latest such UTC day not after ref;
//   - a date, or a date and time, in a form parse.Date accepts:
//     "2026-11-24", "2026/11/24", "24 Nov 2026", "2026-11-24 09:30",
//     "2026-11-24T09:30:00Z".
//
// A day (a date without a time, "today", "yesterday", a weekday) starts at
// its midnight. A start after ref is an error. An empty s gives the zero
// time and a nil error. Errors are meant for the user who wrote s: they
// carry no package prefix and name the forms that work.
func ParseSince(s string, ref time.Time) (time.Time, error) {
	t, _, err := parseWhen(s, ref)
	if err != nil {
		return time.Time{}, err
	}
	if t.After(ref) {
		return time.Time{}, fmt.Errorf("%s is later than %s", strings.TrimSpace(s), ref.UTC().Format("2006-01-02 15:04 MST"))
	}
	return t, nil
}

// ParseUntil reads the end of a window, or an as-of time, in the grammar
// of ParseSince, counting durations back from ref. A day ends at its last
// instant, so that "until 2026-11-24" includes that day's news. An empty s
// gives the zero time and a nil error.
func ParseUntil(s string, ref time.Time) (time.Time, error) {
	t, wholeDay, err := parseWhen(s, ref)
	if wholeDay {
		t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	return t, err
}

// parseWhen reads s in the since/until grammar; wholeDay reports that s
// names a day, which t is the midnight of.
func parseWhen(s string, ref time.Time) (t time.Time, wholeDay bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, nil
	}
	lower := strings.ToLower(s)
	today := utcDay(ref)
	switch lower {
	case "now":
		return ref, false, nil
	case "today":
		return today, true, nil
	case "yesterday":
		return today.AddDate(0, 0, -1), true, nil
	}
	if wd, ok := parseWeekday(lower); ok {
		return lastWeekday(today, wd), true, nil
	}
	if d, ok := parseAgo(lower); ok {
		return ref.Add(-d), false, nil
	}
	t, err = parse.Date(s)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("can't read %q as a time; %s", s, timeForms)
	}
	// A date without a clock names its day, in digits alone (20261124)
	// too; digits with a clock (202611240930) name an instant.
	wholeDay = !strings.Contains(s, ":") && (!isDigits(s) || len(s) == 8) && t.Equal(utcDay(t))
	return t, wholeDay, nil
}

// agoUnits are the units of a duration written as a number and a word.
var agoUnits = map[string]time.Duration{
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	"w": 7 * 24 * time.Hour, "wk": 7 * 24 * time.Hour, "wks": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
}

// parseAgo reads a positive duration, lower case, with an optional "ago":
// Go's ("90m", "1h30m") or a whole number and a unit ("2d", "3 days").
func parseAgo(s string) (time.Duration, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(s, "ago"))
	if d, err := time.ParseDuration(s); err == nil {
		return d, d > 0
	}
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i <= 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	unit, ok := agoUnits[strings.TrimSpace(s[i:])]
	// The bound keeps the product from overflowing.
	if err != nil || !ok || n <= 0 || n > math.MaxInt64/int64(unit) {
		return 0, false
	}
	return time.Duration(n) * unit, true
}

// parseWeekday reads a weekday's name, lower case, in full or in three
// letters.
func parseWeekday(s string) (time.Weekday, bool) {
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		name := strings.ToLower(wd.String())
		if s == name || s == name[:3] {
			return wd, true
		}
	}
	return 0, false
}

// lastWeekday is the latest day with weekday wd not after the day that
// starts at today.
func lastWeekday(today time.Time, wd time.Weekday) time.Time {
	return today.AddDate(0, 0, -((int(today.Weekday()) - int(wd) + 7) % 7))
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
