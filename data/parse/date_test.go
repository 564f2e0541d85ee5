package parse_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data/parse"
)

func TestDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s, ns int) time.Time {
		return time.Date(y, m, d, h, min, s, ns, time.UTC)
	}
	day := utc(2022, time.June, 12, 0, 0, 0, 0)
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{in: "", want: time.Time{}},
		{in: "   ", want: time.Time{}},
		{in: "2022/06/12", want: day},
		{in: "2022-06-12", want: day},
		{in: " 2022-06-12\n", want: day},
		{in: "2022-06-12T10:20:30Z", want: utc(2022, 6, 12, 10, 20, 30, 0)},
		{in: "2022-06-12T10:20:30.250Z", want: utc(2022, 6, 12, 10, 20, 30, 250e6)},
		{in: "2022-06-12T10:20:30+02:00", want: utc(2022, 6, 12, 8, 20, 30, 0)},
		{in: "2022-06-12T10:20:30.5-05:00", want: utc(2022, 6, 12, 15, 20, 30, 500e6)},
		{in: "2022-06-12T10:20:30", want: utc(2022, 6, 12, 10, 20, 30, 0)},
		{in: "2022-06-12 10:20:30", want: utc(2022, 6, 12, 10, 20, 30, 0)},
		{in: "Sun, 12 Jun 2022 10:20:30 GMT", want: utc(2022, 6, 12, 10, 20, 30, 0)},
		{in: "Sun, 12 Jun 2022 10:20:30 +0100", want: utc(2022, 6, 12, 9, 20, 30, 0)},
		{in: "Sun, 2 Jun 2022 10:20:30 +0000", want: utc(2022, 6, 2, 10, 20, 30, 0)},
		{in: "Sun, 12 Jun 2022 10:20:30 EDT", want: utc(2022, 6, 12, 14, 20, 30, 0)},
		{in: "12 Jun 22 10:20 GMT", want: utc(2022, 6, 12, 10, 20, 0, 0)},
		{in: "12 Jun 22 10:20 -0700", want: utc(2022, 6, 12, 17, 20, 0, 0)},
		{in: "June 12, 2022", want: day},
		{in: "June 12th, 2022", want: day},
		{in: "Jun 12, 2022", want: day},
		{in: "12 June 2022", want: day},
		{in: "12 Jun 2022", want: day},
		// Digits are a date only when they spell one: never seconds since 1970.
		{in: "20191118", want: utc(2019, 11, 18, 0, 0, 0, 0)},
		{in: "201911181230", want: utc(2019, 11, 18, 12, 30, 0, 0)},
		{in: "20191118123005", want: utc(2019, 11, 18, 12, 30, 5, 0)},
		{in: "2019", wantErr: true},
		{in: "20191399", wantErr: true},
		{in: "201911182561", wantErr: true},
		{in: "1655028030", wantErr: true},
		{in: "1655028030000", wantErr: true},
		{in: "0", wantErr: true},
		// Zone abbreviations keep their real offsets.
		{in: "Mon, 18 Nov 2019 10:00:00 MET", want: utc(2019, 11, 18, 9, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 MEST", want: utc(2019, 11, 18, 8, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 CET", want: utc(2019, 11, 18, 9, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 CEST", want: utc(2019, 11, 18, 8, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 EEST", want: utc(2019, 11, 18, 7, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 WEST", want: utc(2019, 11, 18, 9, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 BST", want: utc(2019, 11, 18, 9, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 MSK", want: utc(2019, 11, 18, 7, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 IST", want: utc(2019, 11, 18, 4, 30, 0, 0)}, // India, see zoneOffsets
		{in: "Mon, 18 Nov 2019 10:00:00 PST", want: utc(2019, 11, 18, 18, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 JST", want: utc(2019, 11, 18, 1, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 ACST", want: utc(2019, 11, 18, 0, 30, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 NZDT", want: utc(2019, 11, 17, 21, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 NST", want: utc(2019, 11, 18, 13, 30, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 UT", want: utc(2019, 11, 18, 10, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 +0100 (CET)", want: utc(2019, 11, 18, 9, 0, 0, 0)},
		{in: "2019-11-18T10:00:00 CEST", want: utc(2019, 11, 18, 8, 0, 0, 0)},
		{in: "2019-11-18 10:00:00 MEST", want: utc(2019, 11, 18, 8, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 QQT", wantErr: true}, // an unknown zone is no zero offset
		// Go reads "10:00 GMT+1" as 10:00 UTC shown at +01:00.
		{in: "Mon, 18 Nov 2019 10:00:00 GMT+1", want: utc(2019, 11, 18, 9, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 UTC-05:00", want: utc(2019, 11, 18, 15, 0, 0, 0)},
		{in: "Mon, 18 Nov 2019 10:00:00 GMT+0530", want: utc(2019, 11, 18, 4, 30, 0, 0)},
		// Dotted dates are day first; slashed ones with the day first or
		// the month first cannot be told apart.
		{in: "18.11.2019", want: utc(2019, 11, 18, 0, 0, 0, 0)},
		{in: "18.11.2019 10:00", want: utc(2019, 11, 18, 10, 0, 0, 0)},
		{in: "8.1.2019", want: utc(2019, 1, 8, 0, 0, 0, 0)},
		{in: "19/11/2019", wantErr: true},
		{in: "yesterday", wantErr: true},
		{in: "2022-13-45", wantErr: true},
		{in: "June 2022 12", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parse.Date(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("Date(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("Date(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("Date(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if !got.IsZero() && got.Location() != time.UTC {
			t.Errorf("Date(%q) location = %v, want UTC", tt.in, got.Location())
		}
	}
}

func TestPlausible(t *testing.T) {
	now := time.Date(2026, time.December, 1, 18, 0, 0, 0, time.UTC)
	tests := []struct {
		t    time.Time
		want bool
	}{
		{now, true},
		{now.Add(-30 * 24 * time.Hour), true},
		{now.Add(23 * time.Hour), true}, // a zone ahead of the reader
		{now.Add(25 * time.Hour), false},
		{time.Date(1990, time.January, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(1989, time.December, 31, 23, 0, 0, 0, time.UTC), false},
		{time.Unix(20191118, 0), false}, // "20191118" read as seconds
		{time.Date(2300, time.January, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Time{}, false},
	}
	for _, tt := range tests {
		if got := parse.Plausible(tt.t, now); got != tt.want {
			t.Errorf("Plausible(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

// FuzzDate checks that Date never panics and that a date it reads is in UTC
// and, when given as digits alone, spells the date its digits say.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"20191118", "201911181230", "2019", "1655028030", "Mon, 18 Nov 2019 10:00:00 MEST",
		"2019-11-18T10:00:00 CEST", "Mon, 18 Nov 2019 10:00:00 +0100 (CET)", "June 12th, 2022", " ( )", "UT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parse.Date(s)
		if err != nil || got.IsZero() {
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("Date(%q) location = %v", s, got.Location())
		}
		if d := strings.TrimSpace(s); len(d) >= 8 && strings.Trim(d, "0123456789") == "" && got.Format("20060102") != d[:8] {
			t.Fatalf("Date(%q) = %v, not the date its digits spell", s, got)
		}
	})
}

func TestDateLongInput(t *testing.T) {
	long := "2022-06-12" + strings.Repeat(" ", 1<<20)
	if _, err := parse.Date(long); err != nil {
		t.Errorf("a date padded with white space: %v", err)
	}
	if _, err := parse.Date(strings.Repeat("June 12 ", 1<<17)); err == nil {
		t.Error("a megabyte of words read as a date")
	}
}
