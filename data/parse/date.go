package parse

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dateLayouts are tried in order by Date. Layouts without a zone are
// read as UTC.
var dateLayouts = []string{
	time.RFC3339Nano, // also accepts RFC 3339 without fractional seconds
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"Mon, 2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	time.RFC822Z,
	time.RFC822,
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	"January 2, 2006 15:04",
	"January 2, 2006 3:04 PM",
	"January 2, 2006",
	"Jan 2, 2006",
	"January 2 2006",
	"2 January 2006",
	"2 Jan 2006",
	"Monday, January 2, 2006",
	"Monday, 2 January 2006",
	"Mon, 2 Jan 2006",
	"Mon, January 2, 2006",
}

// zoneOffsets gives the offsets of zone abbreviations common in feeds; Go
// reads an unknown abbreviation as a zone with offset zero.
var zoneOffsets = map[string]int{
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
	"PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
	"BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "IST": 5,
	"JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
}

// Date parses the date formats found in articles and feeds:
// "2022/06/12", "2022-06-12", RFC 3339 (with or without fractional
// seconds), RFC 1123/1123Z, RFC 822, "June 12, 2022", "12 June 2022" and
// unix seconds, among a few close variants. The result is in UTC. An empty
// string gives the zero time and a nil error.
func Date(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if allDigits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("parse: unrecognised date %q", s)
		}
		if len(s) >= 13 { // milliseconds since the epoch
			return time.UnixMilli(n).UTC(), nil
		}
		return time.Unix(n, 0).UTC(), nil
	}
	clean := dropOrdinals(strings.Join(strings.Fields(s), " "))
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, clean)
		if err != nil {
			continue
		}
		return fixZone(t).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("parse: unrecognised date %q", s)
}

// fixZone gives t the real offset of a known zone abbreviation that Go read
// with a zero offset.
func fixZone(t time.Time) time.Time {
	name, off := t.Zone()
	if off != 0 {
		return t
	}
	h, ok := zoneOffsets[name]
	if !ok {
		return t
	}
	y, mo, d := t.Date()
	return time.Date(y, mo, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(),
		time.FixedZone(name, h*3600))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// dropOrdinals turns "June 12th, 2022" into "June 12, 2022".
func dropOrdinals(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] < '0' || s[i] > '9' || i+2 >= len(s) {
			continue
		}
		suf := strings.ToLower(s[i+1 : i+3])
		ordinal := suf == "st" || suf == "nd" || suf == "rd" || suf == "th"
		if ordinal && (i+3 == len(s) || s[i+3] == ',' || s[i+3] == ' ') {
			i += 2
		}
	}
	return b.String()
}
