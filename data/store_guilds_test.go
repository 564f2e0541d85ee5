package data_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

func TestDigestSchedules(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, path := be.open(t)
		ctx := t.Context()
		if _, err := s.DigestSchedule(ctx, "g1"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("DigestSchedule before set: %v, want ErrNotFound", err)
		}
		at := time.Date(2026, 11, 20, 8, 0, 0, 1, time.UTC)
		d1 := data.DigestSchedule{GuildID: "g1", ChannelID: "c1", Clock: "07:30", TimeZone: "Europe/Oslo",
			Topic: "rail", CreatedBy: "u1", UpdatedAt: at}
		d2 := data.DigestSchedule{GuildID: "g0", ChannelID: "c9", Clock: "23:59", TimeZone: "UTC", UpdatedAt: at}
		for _, d := range []data.DigestSchedule{d1, d2} {
			if err := s.SetDigestSchedule(ctx, d); err != nil {
				t.Fatalf("SetDigestSchedule(%s): %v", d.GuildID, err)
			}
		}
		// Upsert: one schedule per guild, the latest wins.
		d1.ChannelID, d1.Clock, d1.Topic, d1.UpdatedAt = "c2", "18:05", "", at.Add(time.Hour)
		if err := s.SetDigestSchedule(ctx, d1); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s = be.reopen(t, path)
		got, err := s.DigestSchedule(ctx, "g1")
		if err != nil || !reflect.DeepEqual(got, d1) {
			t.Errorf("DigestSchedule(g1) = %+v, %v; want %+v", got, err, d1)
		}
		all, err := s.DigestSchedules(ctx)
		if err != nil || !reflect.DeepEqual(all, []data.DigestSchedule{d2, d1}) {
			t.Errorf("DigestSchedules = %+v, %v; want g0 then g1", all, err)
		}
		if err := s.DeleteDigestSchedule(ctx, "g1"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDigestSchedule(ctx, "g1"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
		if all, _ := s.DigestSchedules(ctx); len(all) != 1 || all[0].GuildID != "g0" {
			t.Errorf("after delete DigestSchedules = %+v, want only g0", all)
		}
	})
}

func TestSetDigestScheduleValidates(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		tests := []struct {
			name string
			d    data.DigestSchedule
			ok   bool
		}{
			{"valid", data.DigestSchedule{GuildID: "g", ChannelID: "c", Clock: "00:00"}, true},
			{"no guild", data.DigestSchedule{ChannelID: "c", Clock: "09:00"}, false},
			{"no channel", data.DigestSchedule{GuildID: "g", Clock: "09:00"}, false},
			{"hour 24", data.DigestSchedule{GuildID: "g", ChannelID: "c", Clock: "24:00"}, false},
			{"one digit hour", data.DigestSchedule{GuildID: "g", ChannelID: "c", Clock: "9:00"}, false},
			{"12h clock", data.DigestSchedule{GuildID: "g", ChannelID: "c", Clock: "9pm"}, false},
		}
		for _, tt := range tests {
			err := s.SetDigestSchedule(t.Context(), tt.d)
			if (err == nil) != tt.ok {
				t.Errorf("%s: err %v, want ok=%v", tt.name, err, tt.ok)
			}
		}
		got, err := s.DigestSchedule(t.Context(), "g")
		if err != nil || got.Clock != "00:00" || got.UpdatedAt.IsZero() {
			t.Errorf("stored schedule %+v, %v; want the valid one with an UpdatedAt", got, err)
		}
	})
}

func TestClaimDigestSlot(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, path := be.open(t)
		ctx := t.Context()
		slot := time.Date(2026, 11, 20, 7, 30, 0, 0, time.UTC)
		if last, err := s.LastDigestSlot(ctx, "g1"); err != nil || !last.IsZero() {
			t.Errorf("LastDigestSlot before any claim = %v, %v; want zero", last, err)
		}
		steps := []struct {
			guild string
			slot  time.Time
			want  bool
		}{
			{"g1", slot, true},
			{"g1", slot, false},
			{"g1", slot.In(time.FixedZone("CET", 3600)), false}, // the same instant
			{"g2", slot, true},
			{"g1", slot.Add(24 * time.Hour), true},
			{"g1", slot.Add(-24 * time.Hour), false}, // older than the last claim
			{"g2", slot.Add(-time.Nanosecond), false},
		}
		for i, st := range steps {
			got, err := s.ClaimDigestSlot(ctx, st.guild, st.slot)
			if err != nil || got != st.want {
				t.Errorf("step %d: ClaimDigestSlot(%s, %v) = %v, %v; want %v", i, st.guild, st.slot, got, err, st.want)
			}
		}
		s.Close()
		s = be.reopen(t, path)
		if got, err := s.ClaimDigestSlot(ctx, "g1", slot); err != nil || got {
			t.Errorf("claim after restart = %v, %v; want false", got, err)
		}
		last, err := s.LastDigestSlot(ctx, "g1")
		if want := slot.Add(24 * time.Hour); err != nil || !reflect.DeepEqual(last, want) {
			t.Errorf("LastDigestSlot(g1) = %v, %v; want %v", last, err, want)
		}
		if _, err := s.ClaimDigestSlot(ctx, "g1", time.Time{}); err == nil {
			t.Error("claiming the zero slot succeeded")
		}
	})
}

func TestGuildFeeds(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		f1, err := s.AddFeed(ctx, data.Feed{URL: "https://one.example/rss"})
		if err != nil {
			t.Fatal(err)
		}
		f2, err := s.AddFeed(ctx, data.Feed{URL: "https://two.example/rss"})
		if err != nil {
			t.Fatal(err)
		}
		for _, sub := range []struct {
			guild string
			feed  int64
		}{{"g1", f2.ID}, {"g1", f1.ID}, {"g2", f1.ID}} {
			if err := s.AddGuildFeed(ctx, sub.guild, sub.feed); err != nil {
				t.Fatalf("AddGuildFeed(%s, %d): %v", sub.guild, sub.feed, err)
			}
		}
		if err := s.AddGuildFeed(ctx, "g1", f1.ID); !errors.Is(err, data.ErrExists) {
			t.Errorf("duplicate AddGuildFeed: %v, want ErrExists", err)
		}
		if err := s.AddGuildFeed(ctx, "g1", 999); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("AddGuildFeed of a missing feed: %v, want ErrNotFound", err)
		}
		ids := func(guild string) []int64 {
			t.Helper()
			feeds, err := s.GuildFeeds(ctx, guild)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, f := range feeds {
				out = append(out, f.ID)
			}
			return out
		}
		if got, want := ids("g1"), []int64{f1.ID, f2.ID}; !reflect.DeepEqual(got, want) {
			t.Errorf("GuildFeeds(g1) = %v, want %v", got, want)
		}
		if got := ids("g3"); got != nil {
			t.Errorf("GuildFeeds(g3) = %v, want none", got)
		}
		if err := s.RemoveGuildFeed(ctx, "g1", f2.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveGuildFeed(ctx, "g1", f2.ID); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("second RemoveGuildFeed: %v, want ErrNotFound", err)
		}
		if _, err := s.Feed(ctx, f2.ID); err != nil {
			t.Errorf("RemoveGuildFeed removed the feed itself: %v", err)
		}
		// Removing a feed removes every server's subscription to it.
		if err := s.RemoveFeed(ctx, f1.ID); err != nil {
			t.Fatal(err)
		}
		if got1, got2 := ids("g1"), ids("g2"); got1 != nil || got2 != nil {
			t.Errorf("after RemoveFeed GuildFeeds = %v, %v; want none", got1, got2)
		}
		var n int
		if err := s.DB().QueryRow("SELECT COUNT(*) FROM guild_feeds").Scan(&n); err != nil || n != 0 {
			t.Errorf("guild_feeds rows after RemoveFeed = %d, %v; want 0", n, err)
		}
	})
}

func TestTokenUsage(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		steps := []struct {
			guild, day string
			add, want  int
		}{
			{"g1", "2026-11-20", 100, 100},
			{"g1", "2026-11-20", 50, 150},
			{"g1", "2026-11-21", 7, 7},
			{"g2", "2026-11-20", 1, 1},
			{"g1", "2026-11-20", 0, 150},
		}
		for _, st := range steps {
			got, err := s.AddTokenUsage(ctx, st.guild, st.day, st.add)
			if err != nil || got != st.want {
				t.Errorf("AddTokenUsage(%s, %s, %d) = %d, %v; want %d", st.guild, st.day, st.add, got, err, st.want)
			}
		}
		reads := map[[2]string]int{
			{"g1", "2026-11-20"}: 150, {"g1", "2026-11-21"}: 7, {"g2", "2026-11-20"}: 1, {"g3", "2026-11-20"}: 0,
		}
		for k, want := range reads {
			if got, err := s.TokenUsage(ctx, k[0], k[1]); err != nil || got != want {
				t.Errorf("TokenUsage(%s, %s) = %d, %v; want %d", k[0], k[1], got, err, want)
			}
		}
		if _, err := s.AddTokenUsage(ctx, "g1", "20/11/2026", 1); err == nil {
			t.Error("AddTokenUsage accepted a malformed day")
		}
		if _, err := s.AddTokenUsage(ctx, "g1", "2026-11-20", -5); err == nil {
			t.Error("AddTokenUsage accepted negative tokens")
		}
		if got, _ := s.TokenUsage(ctx, "g1", "2026-11-20"); got != 150 {
			t.Errorf("rejected additions changed the total to %d", got)
		}
	})
}

func TestClaimDigestSlotOnceUnderConcurrency(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, path := be.open(t)
		other := be.reopen(t, path) // a second process's view of the same file
		slot := time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC)
		const claimers = 8
		wins := make(chan bool, claimers)
		for i := range claimers {
			st := s
			if i%2 == 1 {
				st = other
			}
			go func() {
				ok, err := st.ClaimDigestSlot(t.Context(), "g1", slot)
				if err != nil {
					t.Errorf("ClaimDigestSlot: %v", err)
				}
				wins <- ok
			}()
		}
		won := 0
		for range claimers {
			if <-wins {
				won++
			}
		}
		if won != 1 {
			t.Errorf("%d claimers won the slot, want exactly 1", won)
		}
	})
}

func TestFeedFollowers(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		f, err := s.AddFeed(ctx, data.Feed{URL: "https://followed.example/rss"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddGuildFeedFrom(ctx, data.GuildFeed{GuildID: "g2", FeedID: f.ID, ChannelID: "c2", AddedBy: "u2"}); err != nil {
			t.Fatal(err)
		}
		// A subscription made without its origin has none.
		if err := s.AddGuildFeed(ctx, "g1", f.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.AddGuildFeedFrom(ctx, data.GuildFeed{GuildID: "g1", FeedID: f.ID, ChannelID: "c9"}); !errors.Is(err, data.ErrExists) {
			t.Errorf("second AddGuildFeedFrom: %v, want ErrExists", err)
		}
		got, err := s.FeedFollowers(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []data.GuildFeed{{GuildID: "g1", FeedID: f.ID}, {GuildID: "g2", FeedID: f.ID, ChannelID: "c2", AddedBy: "u2"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("FeedFollowers = %+v, want %+v", got, want)
		}
		if got, err := s.FeedFollowers(ctx, f.ID+1); err != nil || len(got) != 0 {
			t.Errorf("FeedFollowers of an unfollowed feed = %v, %v", got, err)
		}
	})
}
