package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/summarize"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s not available: %v", name, err)
	}
	return loc
}

func TestSlotOnHandlesDST(t *testing.T) {
	tests := []struct {
		name   string
		tz     string
		y      int
		m      time.Month
		d      int
		hh, mm int
		want   string // UTC
	}{
		{"ordinary day", "Europe/Paris", 2026, 11, 20, 8, 0, "2026-11-20T07:00:00Z"},
		{"summer", "Europe/Paris", 2026, 7, 1, 8, 0, "2026-07-01T06:00:00Z"},
		{"spring gap moves forward (New York)", "America/New_York", 2026, 3, 8, 2, 30, "2026-03-08T07:30:00Z"}, // 03:30 EDT
		{"spring gap moves forward (Berlin)", "Europe/Berlin", 2026, 3, 29, 2, 30, "2026-03-29T01:30:00Z"},     // 03:30 CEST
		{"autumn repeat takes the first (New York)", "America/New_York", 2026, 11, 1, 1, 30, "2026-11-01T05:30:00Z"},
		{"autumn repeat takes the first (Berlin)", "Europe/Berlin", 2026, 10, 25, 2, 30, "2026-10-25T00:30:00Z"},
		{"day 0 normalises to the month before", "UTC", 2026, 12, 0, 9, 0, "2026-11-30T09:00:00Z"},
		{"half-hour zone", "Asia/Kolkata", 2026, 11, 20, 9, 0, "2026-11-20T03:30:00Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := bot.SlotOn(tc.y, tc.m, tc.d, tc.hh, tc.mm, mustLoc(t, tc.tz))
			if got.Format(time.RFC3339) != tc.want {
				t.Errorf("SlotOn = %s, want %s", got.Format(time.RFC3339), tc.want)
			}
		})
	}
}

func TestLastAndNextSlot(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	now := time.Date(2026, 11, 20, 6, 59, 0, 0, time.UTC) // 07:59 in Paris
	if got := bot.LastSlot(now, 8, 0, paris); !got.Equal(time.Date(2026, 11, 19, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("LastSlot before today's slot = %v, want yesterday's", got)
	}
	if got := bot.NextSlot(now, 8, 0, paris); !got.Equal(time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("NextSlot = %v, want today's", got)
	}
	at := time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC)
	if got := bot.LastSlot(at, 8, 0, paris); !got.Equal(at) {
		t.Errorf("LastSlot exactly at the slot = %v", got)
	}
	if got := bot.NextSlot(at, 8, 0, paris); !got.Equal(at.Add(24 * time.Hour)) {
		t.Errorf("NextSlot exactly at the slot = %v", got)
	}
	// Across the autumn change the next 08:00 is 25 hours later.
	before := time.Date(2026, 10, 24, 6, 0, 0, 0, time.UTC) // 08:00 CEST on Oct 24
	if got := bot.NextSlot(before, 8, 0, paris); got.Sub(before) != 25*time.Hour {
		t.Errorf("NextSlot across DST = %v after, want 25h", got.Sub(before))
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]string{"08:00": "08:00", "8:05": "08:05", "23:59": "23:59", " 00:00 ": "00:00"} {
		if _, _, got, err := bot.ParseClock(in); err != nil || got != want {
			t.Errorf("ParseClock(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"24:00", "8", "08:60", "8:5", "noon", "-1:00", "08:00:00"} {
		if _, _, _, err := bot.ParseClock(bad); err == nil {
			t.Errorf("ParseClock(%q) accepted", bad)
		}
	}
}

// schedFixture is a scheduler over a real store with one schedule at
// 08:00 Paris time.
type schedFixture struct {
	store   *data.Store
	poster  *fakePoster
	sched   *bot.Scheduler
	calls   int
	mu      sync.Mutex
	service *fakeService
}

func newSchedFixture(t *testing.T, st *data.Store) *schedFixture {
	t.Helper()
	f := &schedFixture{store: st, poster: &fakePoster{}}
	f.service = &fakeService{DigestFn: oneStoryDigest(&f.calls, &f.mu)}
	h := bot.NewHandlers(f.service, st, nil, bot.HandlerConfig{})
	f.sched = bot.NewScheduler(h, st, f.poster, bot.SchedulerConfig{Window: 6 * time.Hour})
	return f
}

func schedule(t *testing.T, st *data.Store) {
	t.Helper()
	err := st.SetDigestSchedule(context.Background(), data.DigestSchedule{
		GuildID: "g1", ChannelID: "c1", Clock: "08:00", TimeZone: "Europe/Paris", CreatedBy: "admin1",
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSchedulerPostsEachSlotOnce(t *testing.T) {
	mustLoc(t, "Europe/Paris")
	ctx := context.Background()
	st := openStore(t)
	schedule(t, st)
	f := newSchedFixture(t, st)
	slot := time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC) // 08:00 Paris

	if n := f.sched.Tick(ctx, slot.Add(-time.Minute)); n != 0 {
		t.Fatalf("posted %d before the slot (yesterday's slot is over 6h old)", n)
	}
	if n := f.sched.Tick(ctx, slot); n != 1 {
		t.Fatalf("posted %d at the slot, want 1", n)
	}
	if n := f.sched.Tick(ctx, slot.Add(30*time.Second)); n != 0 {
		t.Fatalf("posted %d again in the same slot", n)
	}
	// A restart is a new scheduler on the same store.
	f2 := newSchedFixture(t, st)
	if n := f2.sched.Tick(ctx, slot.Add(time.Minute)); n != 0 {
		t.Fatalf("posted %d after a restart", n)
	}
	posts, _ := f.poster.counts()
	if posts != 1 || f.poster.posts[0].to != "c1" || !strings.Contains(f.poster.posts[0].reply.Sections[0].Title, "Rail bill") {
		t.Fatalf("posts = %+v", f.poster.posts)
	}
	// The next day's slot is posted too.
	if n := f2.sched.Tick(ctx, slot.Add(24*time.Hour)); n != 1 {
		t.Fatalf("posted %d at the next day's slot", n)
	}
	// Each slot's post has a key of its own, so that Discord posts it
	// once and the next day's anew.
	if k1, k2 := f.poster.posts[0].key, f2.poster.posts[0].key; k1 == "" || k1 == k2 {
		t.Errorf("keys of two slots' posts = %q, %q; want two different ones", k1, k2)
	}
}

func TestSchedulerMissedSlots(t *testing.T) {
	mustLoc(t, "Europe/Paris")
	ctx := context.Background()
	slot := time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		now   time.Time
		posts int
	}{
		{"late within the window is posted once", slot.Add(5 * time.Hour), 1},
		{"older than the window is skipped", slot.Add(7 * time.Hour), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			schedule(t, st)
			f := newSchedFixture(t, st)
			f.sched.Tick(ctx, tc.now)
			f.sched.Tick(ctx, tc.now.Add(time.Minute))
			if posts, _ := f.poster.counts(); posts != tc.posts {
				t.Errorf("posted %d, want %d", posts, tc.posts)
			}
		})
	}
}

func TestSchedulerEmptyDigestClaimsSlotWithoutPosting(t *testing.T) {
	mustLoc(t, "Europe/Paris")
	ctx := context.Background()
	st := openStore(t)
	schedule(t, st)
	poster := &fakePoster{}
	calls := 0
	svc := &fakeService{DigestFn: func(_ context.Context, r summarize.DigestRequest) (summarize.Digest, error) {
		calls++
		return summarize.Digest{Since: r.Since, Until: r.Until}, nil
	}}
	s := bot.NewScheduler(bot.NewHandlers(svc, st, nil, bot.HandlerConfig{}), st, poster, bot.SchedulerConfig{})
	slot := time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC)
	s.Tick(ctx, slot)
	s.Tick(ctx, slot.Add(time.Minute))
	if posts, _ := poster.counts(); posts != 0 {
		t.Errorf("posted %d empty digests", posts)
	}
	if calls != 1 {
		t.Errorf("digest built %d times, want 1 (slot claimed)", calls)
	}
	last, err := st.LastDigestSlot(ctx, "g1")
	if err != nil || !last.Equal(slot) {
		t.Errorf("last slot = %v, %v; want %v", last, err, slot)
	}
}

func TestSchedulerTellsAdminWhenForbidden(t *testing.T) {
	mustLoc(t, "Europe/Paris")
	ctx := context.Background()
	st := openStore(t)
	schedule(t, st)
	f := newSchedFixture(t, st)
	f.poster.PostErr = fmt.Errorf("discord said no: %w", bot.ErrForbidden)
	f.sched.Tick(ctx, time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC))
	_, dms := f.poster.counts()
	if dms != 1 {
		t.Fatalf("sent %d DMs, want 1", dms)
	}
	dm := f.poster.dms[0]
	want := "I can't post the daily digest in <#c1>: Missing Access. Give me Send Messages and Embed Links there, or pick another channel with /newsbot-admin digest schedule."
	if dm.to != "admin1" || dm.text != want {
		t.Errorf("DM to %s: %q", dm.to, dm.text)
	}
}

// TestSchedulerGivesEachDigestADeadline builds a digest whose service
// waits for its context: the scheduler's deadline ends it, so a model that
// hangs cannot hold the scheduler, and the slot is still claimed.
func TestSchedulerGivesEachDigestADeadline(t *testing.T) {
	mustLoc(t, "Europe/Paris")
	ctx := context.Background()
	st := openStore(t)
	schedule(t, st)
	var deadline time.Time
	svc := &fakeService{DigestFn: func(ctx context.Context, r summarize.DigestRequest) (summarize.Digest, error) {
		dl, ok := ctx.Deadline()
		if !ok {
			return summarize.Digest{}, fmt.Errorf("no deadline")
		}
		deadline = dl
		<-ctx.Done()
		return summarize.Digest{}, ctx.Err()
	}}
	s := bot.NewScheduler(bot.NewHandlers(svc, st, nil, bot.HandlerConfig{}), st, &fakePoster{}, bot.SchedulerConfig{Timeout: 50 * time.Millisecond})
	start := time.Now()
	s.Tick(ctx, time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC))
	if deadline.IsZero() || deadline.Sub(start) > time.Second {
		t.Fatalf("digest built with deadline %v after its start, want the 50ms Timeout", deadline.Sub(start))
	}
}
