package main

import (
	"encoding/json"
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

// Issue 12: --since counts back from --as-of (or --until) in every
// command, and --until never reaches past --as-of.
func TestParseAsOfWindow(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	endOf := func(d int) time.Time { return time.Date(2026, 11, d+1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond) }
	tests := []struct {
		asOf, since, until  string
		wantA, wantS, wantU time.Time
	}{
		{"", "7d", "", time.Time{}, now.Add(-7 * 24 * time.Hour), time.Time{}},
		{"2026-11-20", "7d", "", endOf(20), endOf(20).Add(-7 * 24 * time.Hour), time.Time{}},
		{"2026-11-20", "1d", "2d", endOf(20), endOf(20).Add(-72 * time.Hour), endOf(20).Add(-48 * time.Hour)},
		{"2026-11-20", "", "2026-11-24", endOf(20), time.Time{}, endOf(20)},
		{"2026-11-20 06:00", "yesterday", "", time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC), time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC), time.Time{}},
	}
	for _, tt := range tests {
		a, s, u, err := parseAsOfWindow(tt.asOf, tt.since, tt.until, now)
		if err != nil || !a.Equal(tt.wantA) || !s.Equal(tt.wantS) || !u.Equal(tt.wantU) {
			t.Errorf("parseAsOfWindow(%q, %q, %q) = %v, %v, %v, %v; want %v, %v, %v",
				tt.asOf, tt.since, tt.until, a, s, u, err, tt.wantA, tt.wantS, tt.wantU)
		}
	}
	if _, _, _, err := parseAsOfWindow("someday", "", "", now); err == nil || !strings.Contains(err.Error(), "--as-of: can't read") {
		t.Errorf("--as-of someday: error %v; want one naming --as-of", err)
	}
}

// Issue 12: digest had no --as-of, and its --since counted back from now.
func TestDigestAsOf(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, dir, "digest", "--as-of", "2026-11-20", "--since", "3d", "--extractive", "--json")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	var d struct {
		Since, Until time.Time
		Stories      []struct{ Latest time.Time }
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("digest JSON: %v\n%s", err, out)
	}
	wantU := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
	if !d.Until.Equal(wantU) || !d.Since.Equal(wantU.Add(-72*time.Hour)) {
		t.Errorf("window %v to %v; want the 3 days up to the end of 2026-11-20", d.Since, d.Until)
	}
	if len(d.Stories) == 0 {
		t.Fatalf("no stories in the sample's 17-20 Nov:\n%s", out)
	}
	for _, s := range d.Stories {
		if s.Latest.After(wantU) {
			t.Errorf("story of %v is after --as-of", s.Latest)
		}
	}
}
