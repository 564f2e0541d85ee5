package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parseClock reads "HH:MM" (24-hour; "8:05" is accepted too) and returns
// the canonical "08:05" form.
func parseClock(s string) (hh, mm int, canon string, err error) {
	s = strings.TrimSpace(s)
	h, m, ok := strings.Cut(s, ":")
	if ok {
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if err1 == nil && err2 == nil && len(m) == 2 && len(h) <= 2 && hh >= 0 && hh < 24 && mm >= 0 && mm < 60 {
			return hh, mm, fmt.Sprintf("%02d:%02d", hh, mm), nil
		}
	}
	return 0, 0, "", errors.New("bot: time must be HH:MM on a 24-hour clock, such as 08:00 or 18:30")
}

// slotOn returns the instant at which the local clock in loc reads hh:mm
// on the date y-m-d. When that local time happens twice (clocks going
// back) it is the first; when it does not happen at all (clocks going
// forward) it moves forward by the gap, so 02:30 on a spring-forward night
// becomes 03:30.
func slotOn(y int, m time.Month, d, hh, mm int, loc *time.Location) time.Time {
	// Normalise the date first: callers pass d-1 on the 1st.
	y, m, d = time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Date()
	wall := time.Date(y, m, d, hh, mm, 0, 0, time.UTC)
	// Within two days of the date there is at most one change of offset:
	// the offsets before and after it give every candidate instant.
	_, before := wall.Add(-48 * time.Hour).In(loc).Zone()
	_, after := wall.Add(48 * time.Hour).In(loc).Zone()
	var best time.Time
	for _, off := range []int{before, after} {
		t := wall.Add(-time.Duration(off) * time.Second)
		ly, lm, ld := t.In(loc).Date()
		lh, lmin, _ := t.In(loc).Clock()
		if ly == y && lm == m && ld == d && lh == hh && lmin == mm && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	if best.IsZero() {
		// The local time falls in a gap: read it with the offset in force
		// before the change, which lands just as far past the change.
		best = wall.Add(-time.Duration(before) * time.Second)
	}
	return best.UTC()
}

// lastSlot returns the latest daily slot at hh:mm in loc not after now.
func lastSlot(now time.Time, hh, mm int, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	for i := 0; i < 3; i++ {
		s := slotOn(y, m, d-i, hh, mm, loc)
		if !s.After(now) {
			return s
		}
	}
	return slotOn(y, m, d-3, hh, mm, loc)
}

// nextSlot returns the first daily slot at hh:mm in loc after now.
func nextSlot(now time.Time, hh, mm int, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	for i := 0; i < 3; i++ {
		s := slotOn(y, m, d+i, hh, mm, loc)
		if s.After(now) {
			return s
		}
	}
	return slotOn(y, m, d+3, hh, mm, loc)
}
