package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/summarize"
)

func TestScheduledDigestPostedOnceAcrossRestarts(t *testing.T) {
	mustLoc(t, "Europe/Paris")
	ctx := context.Background()
	stack := sampleStack(t, func() time.Time { return asOf })
	digests := "610000000000000001"
	err := stack.Store.SetDigestSchedule(ctx, data.DigestSchedule{GuildID: guild, ChannelID: digests, Clock: "08:00", TimeZone: "Europe/Paris", CreatedBy: admin.ID})
	if err != nil {
		t.Fatal(err)
	}
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}})
	srv.AddChannel(guild, channel, "news")
	srv.AddChannel(guild, digests, "digest")
	posted := func() int {
		n := 0
		for _, m := range srv.ChannelMessages(digests) {
			if strings.Contains(embedText(m), "News digest") {
				n++
			}
		}
		return n
	}
	slot := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC) // 08:00 in Paris

	h := startBot(t, srv, stack.Service, stack.Store, nil)
	if n := h.bot.TickDigests(ctx, slot.Add(-time.Minute)); n != 0 || posted() != 0 {
		t.Fatalf("posted before the slot")
	}
	if n := h.bot.TickDigests(ctx, slot.Add(20*time.Second)); n != 1 {
		t.Fatalf("TickDigests at the slot posted %d", n)
	}
	if posted() != 1 {
		t.Fatalf("channel has %d digests", posted())
	}
	msgs := srv.ChannelMessages(digests)
	if ids := customIDs(msgs[0]); len(ids) == 0 || !strings.HasPrefix(ids[0], "story:") {
		t.Errorf("digest buttons = %v", ids)
	}
	h.bot.TickDigests(ctx, slot.Add(time.Minute))
	h.shutdown()

	// A restart: a new bot on the same store posts nothing for that slot.
	h2 := startBot(t, srv, stack.Service, stack.Store, nil)
	if n := h2.bot.TickDigests(ctx, slot.Add(2*time.Minute)); n != 0 || posted() != 1 {
		t.Fatalf("after restart: ticked %d, channel has %d digests", n, posted())
	}

	// "Ask about this" on a story opens a thread seeded with the story.
	story := customIDs(msgs[0])[0]
	click := srv.ButtonClick(guild, digests, alice, story, msgs[0]["id"].(string))
	final := h2.waitFinal(t, click.Token)
	if !strings.Contains(embedText(final), "I started a thread about this story") {
		t.Fatalf("story click: %s", embedText(final))
	}
	checkNoPings(t, srv)
}

func TestScheduledDigestTellsAdminWhenChannelForbidden(t *testing.T) {
	mustLoc(t, "Europe/Paris")
	ctx := context.Background()
	stack := sampleStack(t, func() time.Time { return asOf })
	locked := "620000000000000001"
	if err := stack.Store.SetDigestSchedule(ctx, data.DigestSchedule{GuildID: guild, ChannelID: locked, Clock: "08:00", TimeZone: "Europe/Paris", CreatedBy: admin.ID}); err != nil {
		t.Fatal(err)
	}
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}})
	srv.AddChannel(guild, locked, "locked")
	srv.AddMember(guild, admin)
	srv.FailChannel(locked, 403)
	h := startBot(t, srv, stack.Service, stack.Store, nil)
	h.bot.TickDigests(ctx, time.Date(2026, 11, 25, 7, 0, 10, 0, time.UTC))
	r := srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "POST" && strings.HasPrefix(r.Path, "/channels/") && strings.Contains(r.Content(), "Missing Access")
	})
	want := "I can't post the daily digest in <#" + locked + ">: Missing Access. Give me Send Messages and Embed Links there, or pick another channel with /newsbot-admin digest schedule."
	if r.Content() != want {
		t.Errorf("DM = %q", r.Content())
	}
}

// cutService is a service whose first digest is cut short: it ends the
// tick's context, as a shutdown does, and waits for it.
type cutService struct {
	bot.Service
	cut  func()
	once sync.Once
}

func (s *cutService) Digest(ctx context.Context, r summarize.DigestRequest) (summarize.Digest, error) {
	first := false
	s.once.Do(func() { first = true })
	if first {
		s.cut()
		<-ctx.Done()
		return summarize.Digest{}, ctx.Err()
	}
	return s.Service.Digest(ctx, r)
}

// TestScheduledDigestCutShortIsPostedLater: a shutdown in the middle of a
// digest releases its slot, so that the next process to check posts it
// rather than the slot being lost.
func TestScheduledDigestCutShortIsPostedLater(t *testing.T) {
	ctx := context.Background()
	stack := sampleStack(t, func() time.Time { return asOf })
	digests := "610000000000000001"
	if err := stack.Store.SetDigestSchedule(ctx, data.DigestSchedule{GuildID: guild, ChannelID: digests, Clock: "08:00", TimeZone: "UTC", CreatedBy: admin.ID}); err != nil {
		t.Fatal(err)
	}
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}})
	srv.AddChannel(guild, digests, "digest")
	tick, stop := context.WithCancel(ctx)
	defer stop()
	h := startBot(t, srv, &cutService{Service: stack.Service, cut: stop}, stack.Store, nil)
	slot := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	if n := h.bot.TickDigests(tick, slot.Add(20*time.Second)); n != 0 || len(srv.ChannelMessages(digests)) != 0 {
		t.Fatalf("the cut tick posted %d digests", n)
	}
	if last, err := stack.Store.LastDigestSlot(ctx, guild); err != nil || !last.IsZero() {
		t.Fatalf("after the cut digest the last slot is %v, %v; want it released", last, err)
	}
	if n := h.bot.TickDigests(ctx, slot.Add(time.Minute)); n != 1 || len(srv.ChannelMessages(digests)) != 1 {
		t.Errorf("the next tick posted %d digests, channel has %d; want 1 and 1", n, len(srv.ChannelMessages(digests)))
	}
}
