package summarize

import "time"

// dateMention is a date as a sentence names it: a month and day ("June
// 12", "12 June", "Jun. 12th"), a month ("in June", "June 2025"), a
// weekday ("on Tuesday"), each perhaps with a year. Zero fields and a
// weekday of -1 are not stated.
type dateMention struct {
	month, day, year int
	weekday          time.Weekday
	text             string
}

var monthNames = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// mayContext are the words before a capitalised "May" that make it the
// month rather than the verb or the name.
var mayContext = map[string]bool{
	"in": true, "on": true, "since": true, "until": true, "by": true, "from": true, "through": true,
	"early": true, "mid": true, "late": true, "last": true, "next": true, "this": true, "of": true,
	"during": true, "end": true, "before": true, "after": true,
}

// dateMentions finds the dates of toks and marks their tokens in used
// (which must be as long as toks), so that a day is not read as a count.
func dateMentions(toks []lexTok, used []bool) []dateMention {
	var out []dateMention
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tokWord && t.upper {
			if wd, ok := weekdayNames[t.low]; ok {
				out = append(out, dateMention{weekday: wd, text: t.low})
				used[i] = true
				continue
			}
		}
		if d, end, ok := readMonthFirst(toks, i); ok {
			out = append(out, d)
			markUsed(used, i, end)
			i = end - 1
			continue
		}
		if d, end, ok := readDayFirst(toks, i); ok {
			out = append(out, d)
			markUsed(used, i, end)
			i = end - 1
		}
	}
	return out
}

func markUsed(used []bool, from, to int) {
	for k := from; k < to; k++ {
		used[k] = true
	}
}

// monthAt returns the month named by toks[i], if it names one.
func monthAt(toks []lexTok, i int) (int, bool) {
	t := toks[i]
	m, ok := monthNames[t.low]
	if !ok || t.kind != tokWord || !t.upper {
		return 0, false
	}
	if t.low == "may" || t.low == "mar" {
		// "May" is also a verb and a name: only a number or a preposition
		// next to it makes it the month.
		nextNum := i+1 < len(toks) && toks[i+1].kind == tokNum
		prevCtx := i > 0 && mayContext[toks[i-1].low]
		if !nextNum && !prevCtx {
			return 0, false
		}
	}
	return m, true
}

// readMonthFirst reads "June 12", "Jun. 12th, 2025", "June 2025" or
// "June" at toks[i].
func readMonthFirst(toks []lexTok, i int) (dateMention, int, bool) {
	m, ok := monthAt(toks, i)
	if !ok {
		return dateMention{}, 0, false
	}
	d := dateMention{month: m, weekday: -1}
	j := i + 1
	if j < len(toks) && toks[j].low == "." {
		j++
	}
	if j < len(toks) && isDay(toks[j]) {
		d.day = int(toks[j].num)
		j = skipOrdinal(toks, j+1)
		if j+1 < len(toks) && toks[j].low == "," && isYear(toks[j+1]) {
			j++
		}
	}
	if j < len(toks) && isYear(toks[j]) {
		d.year = int(toks[j].num)
		j++
	}
	d.text = joinLows(toks[i:j])
	return d, j, true
}

// readDayFirst reads "12 June", "12th of June 2025" at toks[i].
func readDayFirst(toks []lexTok, i int) (dateMention, int, bool) {
	if !isDay(toks[i]) {
		return dateMention{}, 0, false
	}
	j := skipOrdinal(toks, i+1)
	if j < len(toks) && toks[j].isWord("of") {
		j++
	}
	if j >= len(toks) {
		return dateMention{}, 0, false
	}
	m, ok := monthAt(toks, j)
	if !ok {
		return dateMention{}, 0, false
	}
	d := dateMention{month: m, day: int(toks[i].num), weekday: -1}
	j++
	if j < len(toks) && toks[j].low == "." {
		j++
	}
	if j < len(toks) && isYear(toks[j]) {
		d.year = int(toks[j].num)
		j++
	}
	d.text = joinLows(toks[i:j])
	return d, j, true
}

func isDay(t lexTok) bool {
	return t.kind == tokNum && t.dec == 0 && t.num >= 1 && t.num <= 31
}

func isYear(t lexTok) bool {
	return t.kind == tokNum && t.dec == 0 && t.num >= 1000 && t.num < 3000
}

// skipOrdinal skips an ordinal suffix glued to a day ("12th").
func skipOrdinal(toks []lexTok, j int) int {
	if j < len(toks) && toks[j].glued && toks[j].kind == tokWord {
		switch toks[j].low {
		case "st", "nd", "rd", "th":
			return j + 1
		}
	}
	return j
}

// calendar is what a source says about dates, from its text and from its
// Published date: the days (month and day), months, weekdays and years it
// names or implies.
type calendar struct {
	days     map[[2]int]bool
	months   map[int]bool
	weekdays map[time.Weekday]bool
	years    map[int]bool
}

func newCalendar() calendar {
	return calendar{days: map[[2]int]bool{}, months: map[int]bool{}, weekdays: map[time.Weekday]bool{}, years: map[int]bool{}}
}

// addDate records a full date and what follows from it.
func (c calendar) addDate(t time.Time) {
	c.days[[2]int{int(t.Month()), t.Day()}] = true
	c.months[int(t.Month())] = true
	c.weekdays[t.Weekday()] = true
	c.years[t.Year()] = true
}

// addMentions records the dates a passage names. With published set,
// weekdays and words such as "yesterday" resolve to dates: an article of
// Wednesday June 13 that says "on Tuesday" backs a claim of "June 12".
func (c calendar) addMentions(ds []dateMention, toks []lexTok, published time.Time) {
	year := 0
	if !published.IsZero() {
		year = published.Year()
	}
	for _, d := range ds {
		switch {
		case d.weekday >= 0 && d.month == 0:
			c.weekdays[d.weekday] = true
			if !published.IsZero() {
				c.addDate(lastWeekday(published, d.weekday))
				c.addDate(nextWeekday(published, d.weekday))
			}
		case d.day > 0:
			c.days[[2]int{d.month, d.day}] = true
			c.months[d.month] = true
			y := d.year
			if y == 0 {
				y = year
			}
			if y > 0 {
				c.weekdays[time.Date(y, time.Month(d.month), d.day, 12, 0, 0, 0, time.UTC).Weekday()] = true
			}
		default:
			c.months[d.month] = true
		}
		if d.year > 0 {
			c.years[d.year] = true
		}
	}
	if !published.IsZero() {
		c.addRelative(toks, published)
	}
}

// addRelative resolves "yesterday", "today", "tomorrow", "last night" and
// "last/this/next year/month" against the published date, and records the
// published date itself.
func (c calendar) addRelative(toks []lexTok, p time.Time) {
	c.addDate(p)
	for i, t := range toks {
		if t.kind != tokWord {
			continue
		}
		switch t.low {
		case "yesterday":
			c.addDate(p.AddDate(0, 0, -1))
		case "today", "tonight":
			c.addDate(p)
		case "tomorrow":
			c.addDate(p.AddDate(0, 0, 1))
		}
		if i+1 >= len(toks) {
			continue
		}
		n, ok := relativeShift[t.low]
		if !ok {
			continue
		}
		switch toks[i+1].low {
		case "night":
			if n == -1 {
				c.addDate(p.AddDate(0, 0, -1))
			}
		case "year":
			c.years[p.Year()+n] = true
		case "month":
			c.months[int(p.AddDate(0, n, 0).Month())] = true
		}
	}
}

// relativeShift is how far "last", "this" and "next" move from the
// published date.
var relativeShift = map[string]int{"last": -1, "this": 0, "next": 1}

// lastWeekday returns the latest day on or before p that is a wd.
func lastWeekday(p time.Time, wd time.Weekday) time.Time {
	return p.AddDate(0, 0, -((int(p.Weekday()) - int(wd) + 7) % 7))
}

// nextWeekday returns the earliest day on or after p that is a wd.
func nextWeekday(p time.Time, wd time.Weekday) time.Time {
	return p.AddDate(0, 0, (int(wd)-int(p.Weekday())+7)%7)
}

// has reports whether the calendar backs the date d states. A year alone
// is checked as a number elsewhere.
func (c calendar) has(d dateMention) bool {
	switch {
	case d.weekday >= 0 && d.month == 0:
		return c.weekdays[d.weekday]
	case d.day > 0:
		return c.days[[2]int{d.month, d.day}] && (d.year == 0 || c.years[d.year])
	default:
		return c.months[d.month] && (d.year == 0 || c.years[d.year])
	}
}
