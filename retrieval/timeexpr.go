package retrieval

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// timeExprs are the time expressions ParseTimeExpr knows, tried in order;
// longer forms come before their prefixes ("in June 2022" before "in June").
var timeExprs = []struct {
	re     *regexp.Regexp
	window func(m []string, asOf time.Time) (since, until time.Time, ok bool)
	// event marks an expression that names the day of an event, whose
	// window eventWindow widens.
	event bool
}{
	{regexp.MustCompile(`(?i)\b(?:in|during)\s+(` + monthPattern + `)\s+(\d{4})\b`), inMonthYear, false},
	{regexp.MustCompile(`(?i)\bon\s+(` + monthPattern + `)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b`), onDay, true},
	{regexp.MustCompile(`(?i)\b(?:in|during)\s+(` + monthPattern + `)\b`), inMonth, false},
	{regexp.MustCompile(`(?i)\b(?:in|during)\s+((?:19|20)\d\d)\b`), inYear, false},
	{regexp.MustCompile(`(?i)\b(?:in\s+the\s+)?(?:past|last)\s+(\d+|two|three|four|five|six|seven|ten)\s+(day|week|month)s?\b`), pastN, false},
	{regexp.MustCompile(`(?i)\bsince\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`), sinceWeekday, false},
	{regexp.MustCompile(`(?i)\btoday\b`), today, false},
	{regexp.MustCompile(`(?i)\byesterday\b`), yesterday, false},
	{regexp.MustCompile(`(?i)\b(?:this|past)\s+week\b`), thisWeek, false},
	{regexp.MustCompile(`(?i)\blast\s+week\b`), lastWeek, false},
	{regexp.MustCompile(`(?i)\bthis\s+month\b`), thisMonth, false},
	{regexp.MustCompile(`(?i)\blast\s+month\b`), lastMonth, false},
	{regexp.MustCompile(`(?i)\blast\s+year\b`), lastYear, false},
}

const monthPattern = `january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec`

// ParseTimeExpr finds the first relative or absolute time expression in q
// ("today", "yesterday", "this week", "last week", "this month", "last
// month", "since Monday", "in June", "in June 2022", "in 2022", "on June
// 12", "last year", "past 3 days") and returns the window it names, resolved
// against asOf in asOf's location, with q minus the expression. "This week"
// and "past week" are the last seven days, as in news usage; a month or day
// without a year is the latest one not after asOf. A day names an event,
// which is reported on that day and after it: its window is that day and
// the next, or, for a day more than a month before asOf, everything from
// that day on (see eventWindow). Both times are zero when q names no time.
// until is the last instant of the window, never after asOf.
func ParseTimeExpr(q string, asOf time.Time) (since, until time.Time, rest string) {
	w, rest := parseTimeExpr(q, asOf)
	return w.since, w.until, rest
}

// timeWindow is the window a time expression names.
type timeWindow struct {
	since, until time.Time
	// dayEnd, for the day of an event, is the end of the news of that day
	// (the day and the next), which until may reach beyond; zero for other
	// expressions.
	dayEnd time.Time
}

// parseTimeExpr is ParseTimeExpr, with the news window of a named day.
func parseTimeExpr(q string, asOf time.Time) (timeWindow, string) {
	for _, e := range timeExprs {
		for _, loc := range e.re.FindAllStringSubmatchIndex(q, -1) {
			m := make([]string, len(loc)/2)
			for i := range m {
				if loc[2*i] >= 0 {
					m[i] = q[loc[2*i]:loc[2*i+1]]
				}
			}
			// "may" is a month only when written as a name: "in May".
			if len(m) > 1 && strings.EqualFold(m[1], "may") && m[1] != "May" {
				continue
			}
			s, u, ok := e.window(m, asOf)
			if !ok {
				continue
			}
			w := timeWindow{since: s, until: u}
			if e.event {
				w = eventWindow(s, asOf)
			}
			w.until = minTime(w.until, asOf)
			if !w.dayEnd.IsZero() {
				w.dayEnd = minTime(w.dayEnd, asOf)
			}
			rest := strings.Join(strings.Fields(q[:loc[0]]+" "+q[loc[1]:]), " ")
			return w, rest
		}
	}
	return timeWindow{}, q
}

// eventNewsDays and recalledAfterDays shape the window of a named day.
// News about an event is published on its day or after it, never before:
// the report of an evening event carries the next day's date (the more so
// in UTC, as the index keeps it), so the news of a day is that day and the
// next. A day well in the past is recalled to identify a story, not asked
// about for its own news: "the riot on January 6, 2021" in a question a
// year later is about what has been reported since. A month is the
// horizon: beyond it, "this month" and "last month" no longer reach, and
// the recency prior has long come down to its floor. The exact horizon
// matters little: a question about a day's news names a day of the past
// week or two, a recalled event is months or years old.
const (
	eventNewsDays     = 2
	recalledAfterDays = 30
)

// eventWindow is the window of the news about an event on the day that
// starts at start, as of asOf.
func eventWindow(start, asOf time.Time) timeWindow {
	w := timeWindow{since: start, dayEnd: endOf(start.AddDate(0, 0, eventNewsDays))}
	w.until = w.dayEnd
	if start.AddDate(0, 0, recalledAfterDays).Before(asOf) {
		w.until = asOf
	}
	return w
}

// minTime is the earlier of a and b.
func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// endOf is the last instant before start.
func endOf(start time.Time) time.Time { return start.Add(-time.Nanosecond) }

func parseMonth(s string) (time.Month, bool) {
	s = strings.ToLower(s)
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if s == name || (len(s) >= 3 && strings.HasPrefix(name, s)) {
			return m, true
		}
	}
	return 0, false
}

func monthWindow(y int, m time.Month, loc *time.Location) (time.Time, time.Time) {
	start := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	return start, endOf(start.AddDate(0, 1, 0))
}

func inMonthYear(m []string, asOf time.Time) (time.Time, time.Time, bool) {
	mon, ok := parseMonth(m[1])
	y, err := strconv.Atoi(m[2])
	if !ok || err != nil {
		return time.Time{}, time.Time{}, false
	}
	s, u := monthWindow(y, mon, asOf.Location())
	return s, u, !s.After(asOf)
}

func inMonth(m []string, asOf time.Time) (time.Time, time.Time, bool) {
	mon, ok := parseMonth(m[1])
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	y := asOf.Year()
	if mon > asOf.Month() {
		y--
	}
	s, u := monthWindow(y, mon, asOf.Location())
	return s, u, true
}

func onDay(m []string, asOf time.Time) (time.Time, time.Time, bool) {
	mon, ok := parseMonth(m[1])
	d, err := strconv.Atoi(m[2])
	if !ok || err != nil || d < 1 || d > 31 {
		return time.Time{}, time.Time{}, false
	}
	y := asOf.Year()
	if m[3] != "" {
		y, _ = strconv.Atoi(m[3])
	}
	start := time.Date(y, mon, d, 0, 0, 0, 0, asOf.Location())
	if start.Month() != mon {
		return time.Time{}, time.Time{}, false
	}
	if m[3] == "" && start.After(asOf) {
		start = start.AddDate(-1, 0, 0)
	}
	return start, endOf(start.AddDate(0, 0, 1)), !start.After(asOf)
}

func inYear(m []string, asOf time.Time) (time.Time, time.Time, bool) {
	y, _ := strconv.Atoi(m[1])
	start := time.Date(y, time.January, 1, 0, 0, 0, 0, asOf.Location())
	return start, endOf(start.AddDate(1, 0, 0)), !start.After(asOf)
}

var numberWords = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}

func pastN(m []string, asOf time.Time) (time.Time, time.Time, bool) {
	n, err := strconv.Atoi(m[1])
	if err != nil {
		n = numberWords[strings.ToLower(m[1])]
	}
	if n <= 0 || n > 3660 {
		return time.Time{}, time.Time{}, false
	}
	today := day(asOf)
	switch strings.ToLower(m[2]) {
	case "week":
		n *= 7
	case "month":
		return today.AddDate(0, -n, 0), asOf, true
	}
	return today.AddDate(0, 0, -n), asOf, true
}

func sinceWeekday(m []string, asOf time.Time) (time.Time, time.Time, bool) {
	wd, ok := parseWeekday(strings.ToLower(m[1]))
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	return lastWeekday(day(asOf), wd), asOf, true
}

func today(_ []string, asOf time.Time) (time.Time, time.Time, bool) {
	return day(asOf), asOf, true
}

func yesterday(_ []string, asOf time.Time) (time.Time, time.Time, bool) {
	t := day(asOf)
	return t.AddDate(0, 0, -1), endOf(t), true
}

func thisWeek(_ []string, asOf time.Time) (time.Time, time.Time, bool) {
	return day(asOf).AddDate(0, 0, -7), asOf, true
}

// lastWeek is the calendar week (Monday to Sunday) before asOf's.
func lastWeek(_ []string, asOf time.Time) (time.Time, time.Time, bool) {
	t := day(asOf)
	monday := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, -7), endOf(monday), true
}

func thisMonth(_ []string, asOf time.Time) (time.Time, time.Time, bool) {
	s, _ := monthWindow(asOf.Year(), asOf.Month(), asOf.Location())
	return s, asOf, true
}

func lastMonth(_ []string, asOf time.Time) (time.Time, time.Time, bool) {
	first := time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, asOf.Location())
	s, u := monthWindow(first.AddDate(0, -1, 0).Year(), first.AddDate(0, -1, 0).Month(), asOf.Location())
	return s, u, true
}

func lastYear(_ []string, asOf time.Time) (time.Time, time.Time, bool) {
	start := time.Date(asOf.Year()-1, time.January, 1, 0, 0, 0, 0, asOf.Location())
	return start, endOf(start.AddDate(1, 0, 0)), true
}
