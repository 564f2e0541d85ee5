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
}{
	{regexp.MustCompile(`(?i)\b(?:in|during)\s+(` + monthPattern + `)\s+(\d{4})\b`), inMonthYear},
	{regexp.MustCompile(`(?i)\bon\s+(` + monthPattern + `)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b`), onDay},
	{regexp.MustCompile(`(?i)\b(?:in|during)\s+(` + monthPattern + `)\b`), inMonth},
	{regexp.MustCompile(`(?i)\b(?:in|during)\s+((?:19|20)\d\d)\b`), inYear},
	{regexp.MustCompile(`(?i)\b(?:in\s+the\s+)?(?:past|last)\s+(\d+|two|three|four|five|six|seven|ten)\s+(day|week|month)s?\b`), pastN},
	{regexp.MustCompile(`(?i)\bsince\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`), sinceWeekday},
	{regexp.MustCompile(`(?i)\btoday\b`), today},
	{regexp.MustCompile(`(?i)\byesterday\b`), yesterday},
	{regexp.MustCompile(`(?i)\b(?:this|past)\s+week\b`), thisWeek},
	{regexp.MustCompile(`(?i)\blast\s+week\b`), lastWeek},
	{regexp.MustCompile(`(?i)\bthis\s+month\b`), thisMonth},
	{regexp.MustCompile(`(?i)\blast\s+month\b`), lastMonth},
	{regexp.MustCompile(`(?i)\blast\s+year\b`), lastYear},
}

const monthPattern = `january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec`

// ParseTimeExpr finds the first relative or absolute time expression in q
// ("today", "yesterday", "this week", "last week", "this month", "last
// month", "since Monday", "in June", "in June 2022", "in 2022", "on June
// 12", "last year", "past 3 days") and returns the window it names, resolved
// against asOf in asOf's location, with q minus the expression. "This week"
// and "past week" are the last seven days, as in news usage; a month or day
// without a year is the latest one not after asOf. Both times are zero when
// q names no time. until is the last instant of the window, never after
// asOf.
func ParseTimeExpr(q string, asOf time.Time) (since, until time.Time, rest string) {
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
			if u.After(asOf) {
				u = asOf
			}
			rest = strings.Join(strings.Fields(q[:loc[0]]+" "+q[loc[1]:]), " ")
			return s, u, rest
		}
	}
	return time.Time{}, time.Time{}, q
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
	today := day(asOf)
	for i := 0; i < 7; i++ {
		d := today.AddDate(0, 0, -i)
		if strings.EqualFold(d.Weekday().String(), m[1]) {
			return d, asOf, true
		}
	}
	return time.Time{}, time.Time{}, false
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
