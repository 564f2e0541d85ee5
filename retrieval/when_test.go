package retrieval_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/retrieval"
)

func TestParseSince(t *testing.T) {
	// A Wednesday noon.
	ref := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
	}{
		{"", time.Time{}},
		{"90m", ref.Add(-90 * time.Minute)},
		{"1h30m", ref.Add(-90 * time.Minute)},
		{"12h", ref.Add(-12 * time.Hour)},
		{"24H", ref.Add(-24 * time.Hour)},
		{"2d", ref.Add(-48 * time.Hour)},
		{"1w", ref.Add(-7 * 24 * time.Hour)},
		{"3 days", ref.Add(-72 * time.Hour)},
		{"2 weeks ago", ref.Add(-14 * 24 * time.Hour)},
		{"45 mins ago", ref.Add(-45 * time.Minute)},
		{" 1 hour ", ref.Add(-time.Hour)},
		{"now", ref},
		{"today", day(11, 25)},
		{"Yesterday", day(11, 24)},
		{"wednesday", day(11, 25)},
		{"monday", day(11, 23)},
		{"Thu", day(11, 19)},
		{"2026-11-24", day(11, 24)},
		{"2026/11/24", day(11, 24)},
		{"24 Nov 2026", day(11, 24)},
		{"2026-11-24 09:30", time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)},
		{"2026-11-24T09:30:00+01:00", time.Date(2026, 11, 24, 8, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := retrieval.ParseSince(tt.in, ref)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseUntil(t *testing.T) {
	ref := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	endOf := func(m time.Month, d int) time.Time {
		return time.Date(2026, m, d+1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
	}
	tests := []struct {
		in   string
		want time.Time
	}{
		{"", time.Time{}},
		{"2026-11-24", endOf(11, 24)},
		{"2026/11/24", endOf(11, 24)},
		{"24 Nov 2026", endOf(11, 24)},
		{"yesterday", endOf(11, 24)},
		{"today", endOf(11, 25)},
		{"monday", endOf(11, 23)},
		{"2026-11-24 09:30", time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)},
		{"2026-11-24T00:00:00Z", time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)},
		// Digits are a date only when they are one (never unix seconds).
		{"20261124", endOf(11, 24)},
		{"2d", ref.Add(-48 * time.Hour)},
		{"now", ref},
		// A date after ref is a fine end: the window is cut at ref later.
		{"2026-12-01", endOf(12, 1)},
	}
	for _, tt := range tests {
		got, err := retrieval.ParseUntil(tt.in, ref)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseUntil(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseSinceErrors(t *testing.T) {
	ref := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in, want string
	}{
		{"next tuesday-ish", "can't read \"next tuesday-ish\" as a time; try a duration (90m"},
		{"0h", "can't read"},
		{"-3h", "can't read"},
		{"0 days", "can't read"},
		{"3 fortnights", "can't read"},
		{"99999999999999999999d", "can't read"},
		{"9999999999999w", "can't read"},
		{"ago", "can't read"},
		{"2026-13-01", "can't read"},
		{"2026-12-01", "2026-12-01 is later than 2026-11-25 12:00 UTC"},
	}
	for _, tt := range tests {
		got, err := retrieval.ParseSince(tt.in, ref)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseSince(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.want)
		}
	}
}
