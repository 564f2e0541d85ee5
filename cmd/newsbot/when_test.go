package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseWindow(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	endOf := func(d int) time.Time { return day(d + 1).Add(-time.Nanosecond) }
	tests := []struct {
		since, until string
		wantS, wantU time.Time
	}{
		{"24h", "", now.Add(-24 * time.Hour), time.Time{}},
		{"3d", "", now.Add(-72 * time.Hour), time.Time{}},
		{"2w", "", now.Add(-14 * 24 * time.Hour), time.Time{}},
		{"2026-11-20", "", day(20), time.Time{}},
		{"", "", time.Time{}, time.Time{}},
		// Issue 10: --since yesterday was refused.
		{"yesterday", "", day(24), time.Time{}},
		{"today", "today", day(25), endOf(25)},
		{"2026/11/20", "2026/11/24", day(20), endOf(24)},
		// --since counts back from --until, not from now.
		{"2d", "2026-11-20", endOf(20).Add(-48 * time.Hour), endOf(20)},
		{"1d", "2d", now.Add(-72 * time.Hour), now.Add(-48 * time.Hour)},
		{"3 days ago", "2026-11-24 18:00", time.Date(2026, 11, 21, 18, 0, 0, 0, time.UTC), time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		s, u, err := parseWindow(tt.since, tt.until, now)
		if err != nil || !s.Equal(tt.wantS) || !u.Equal(tt.wantU) {
			t.Errorf("parseWindow(%q, %q) = %v, %v, %v; want %v, %v", tt.since, tt.until, s, u, err, tt.wantS, tt.wantU)
		}
	}
}

func TestParseWindowErrors(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		since, until, want string
	}{
		{"next tuesday-ish", "", `--since: can't read "next tuesday-ish" as a time; try a duration`},
		{"", "soon", `--until: can't read "soon" as a time`},
		{"2026-11-22", "2026-11-20", "--since: 2026-11-22 is later than 2026-11-20 23:59 UTC"},
	}
	for _, tt := range tests {
		_, _, err := parseWindow(tt.since, tt.until, now)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseWindow(%q, %q): error %v; want %q", tt.since, tt.until, err, tt.want)
		}
	}
}

// Issue 10: the CLI refused --since yesterday, which Discord took.
func TestDigestSinceYesterday(t *testing.T) {
	out, errOut, code := runCLI(t, t.TempDir(), "digest", "--since", "yesterday", "--extractive", "--json")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, `"since"`) && !strings.Contains(out, `"Since"`) {
		t.Errorf("not a digest:\n%s", out)
	}
	_, errOut, code = runCLI(t, t.TempDir(), "digest", "--since", "someday")
	if code != 2 || !strings.Contains(errOut, "try a duration (90m, 12h, 2d, 1w, 3 days ago), today, yesterday") {
		t.Errorf("--since someday: exit %d, stderr %q; want 2 and the forms that work", code, errOut)
	}
}
