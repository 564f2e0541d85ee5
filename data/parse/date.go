package parse

import (
	"errors"
	"fmt"
	"regexp"
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
	"2006-01-02T15:04:05 MST",
	"2006-01-02 15:04 MST",
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
	// Dotted dates are day first wherever they are written.
	"2.1.2006",
	"2.1.2006 15:04",
	"2.1.2006 15:04:05",
}

// zoneOffsets gives the offsets, in seconds east of UTC, of the zone
// abbreviations found in feeds and pages; Go reads an abbreviation it does
// not know as a zone with offset zero. Abbreviations that name more than one
// zone take the one English-language news means most often: IST is India
// (not Ireland or Israel), CST is US Central (not China), BST is British
// Summer Time (not Bangladesh), AST is Atlantic (not Arabia) and EST is US
// Eastern (not eastern Australia, which writes AEST).
var zoneOffsets = map[string]int{
	"UTC": 0, "GMT": 0, "WET": 0, "WEST": 1 * 3600, "BST": 1 * 3600,
	"CET": 1 * 3600, "CEST": 2 * 3600, "MET": 1 * 3600, "MEST": 2 * 3600, "MEZ": 1 * 3600,
	"EET": 2 * 3600, "EEST": 3 * 3600, "MSK": 3 * 3600, "IST": 5*3600 + 1800,
	"PKT": 5 * 3600, "ICT": 7 * 3600, "WIB": 7 * 3600, "HKT": 8 * 3600, "SGT": 8 * 3600,
	"PHT": 8 * 3600, "AWST": 8 * 3600, "JST": 9 * 3600, "KST": 9 * 3600,
	"ACST": 9*3600 + 1800, "ACDT": 10*3600 + 1800, "AEST": 10 * 3600, "AEDT": 11 * 3600,
	"NZST": 12 * 3600, "NZDT": 13 * 3600,
	"NST": -(3*3600 + 1800), "NDT": -(2*3600 + 1800), "AST": -4 * 3600, "ADT": -3 * 3600,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
}

// zoneAliases spell, the way Go can read them, the abbreviations it cannot:
// Go reads three to five capitals, the last of four or five being T.
var zoneAliases = map[string]string{"UT": "UTC", "Z": "UTC", "MESZ": "CEST"}

// maxDateLen bounds the length of a date, so that a field holding a whole
// article costs one comparison and not a pass of every layout.
const maxDateLen = 100

// digitLayouts read dates written as digits alone, by their length.
var digitLayouts = map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}

// Date parses the date formats found in articles and feeds: "2022/06/12",
// "2022-06-12", "20220612" (and "202206121030", with the time), RFC 3339
// (with or without fractional seconds), RFC 1123/1123Z, RFC 822, "June 12,
// 2022", "12 June 2022", "12.06.2022", among a few close variants;
// "12/06/2022" is not read, for its day and month cannot be told apart.
// Zone abbreviations are read with their real offsets (see zoneOffsets),
// as are offsets such as "GMT+1"; an unknown abbreviation is an error
// rather than a guess of UTC. Other strings of digits, such as "2019" or
// "1655028030", are errors: a year alone is no date, and a count of
// seconds since 1970 cannot be told from a mistake. The result is in UTC.
// An empty string gives the zero time and a nil error. Date only reads the
// text; whether the date is plausible is for Plausible to say.
func Date(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) > maxDateLen {
		return time.Time{}, fmt.Errorf("parse: unrecognised date %.40q…: longer than any date", s)
	}
	if allDigits(s) {
		layout, ok := digitLayouts[len(s)]
		if !ok {
			return time.Time{}, fmt.Errorf("parse: unrecognised date %q: digits alone are a date only as YYYYMMDD", s)
		}
		t, err := time.Parse(layout, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("parse: unrecognised date %q", s)
		}
		return t, nil
	}
	clean := cleanZone(dropOrdinals(strings.Join(strings.Fields(s), " ")))
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, clean)
		if err != nil {
			continue
		}
		t, ok := fixZone(t)
		if !ok {
			name, _ := t.Zone()
			return time.Time{}, fmt.Errorf("parse: date %q: %w %q", s, errUnknownZone, name)
		}
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("parse: unrecognised date %q", s)
}

// errUnknownZone is wrapped by Date's errors for zone abbreviations it does
// not know.
var errUnknownZone = errors.New("unknown time zone")

// cleanZone drops a zone comment such as the " (CET)" of
// "+0100 (CET)", and respells a final zone that Go cannot read (see
// zoneAliases).
func cleanZone(s string) string {
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, " ("); i > 0 {
			s = s[:i]
		}
	}
	i := strings.LastIndexByte(s, ' ')
	if i <= 0 {
		return s
	}
	zone := s[i+1:]
	if alias, ok := zoneAliases[zone]; ok {
		return s[:i+1] + alias
	}
	if m := gmtOffset.FindStringSubmatch(zone); m != nil {
		h, mm := m[2], m[3]
		if len(h) == 1 {
			h = "0" + h
		}
		if mm == "" {
			mm = "00"
		}
		return s[:i+1] + m[1] + h + mm
	}
	return s
}

// gmtOffset matches a zone written as an offset from GMT or UTC, such as
// "GMT+1" or "UTC-05:00". Go reads "10:00 GMT+1" as 10:00 UTC, not 09:00.
var gmtOffset = regexp.MustCompile(`^(?:GMT|UTC|UT)([+-])(\d{1,2})(?::?(\d{2}))?$`)

// fixZone gives t the real offset of a zone abbreviation that Go read with
// a zero offset. ok is false when the abbreviation is unknown.
func fixZone(t time.Time) (time.Time, bool) {
	name, off := t.Zone()
	if off != 0 || t.Location() == time.UTC {
		return t, true
	}
	sec, ok := zoneOffsets[name]
	if !ok {
		return t, false
	}
	y, mo, d := t.Date()
	return time.Date(y, mo, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(),
		time.FixedZone(name, sec)), true
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

// earliestDate is the earliest publication date taken as real: older dates
// in feeds and pages are almost always a misread value (a Unix time of 0,
// a year alone), and news archives online rarely reach further back.
var earliestDate = time.Date(1990, time.January, 1, 0, 0, 0, 0, time.UTC)

// maxAhead is how far past the time it is read a publication date may lie:
// time zones and clocks that run fast, but no further.
const maxAhead = 24 * time.Hour

// Plausible reports whether t can be the publication time of an article
// read (fetched or ingested) at now: not before 1990 and not more than a day
// after now. The zero time is not plausible.
func Plausible(t, now time.Time) bool {
	return !t.Before(earliestDate) && !t.After(now.Add(maxAhead))
}
