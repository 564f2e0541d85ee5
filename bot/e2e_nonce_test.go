package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
)

// messagePosts are the requests from the from-th on that create a message
// in channelID.
func messagePosts(srv *discordtest.Server, from int, channelID string) []discordtest.Request {
	var out []discordtest.Request
	for _, r := range srv.RequestsFrom(from) {
		if r.Method == "POST" && r.Path == "/channels/"+channelID+"/messages" {
			out = append(out, r)
		}
	}
	return out
}

// longReply is a reply that Discord's limits split into several messages.
func longReply() bot.Reply {
	r := bot.Reply{Title: "News digest", Text: "The day's news."}
	for i := range 12 {
		r.Sections = append(r.Sections, bot.Section{Title: fmt.Sprintf("Story %d", i), Text: strings.Repeat("Words of the story. ", 45)})
	}
	return r
}

func TestPostWithAKeyPostsEachMessageOnce(t *testing.T) {
	ctx := context.Background()
	digests := "610000000000000001"
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}})
	srv.AddChannel(guild, digests, "digest")
	h := startBot(t, srv, &fakeService{}, openStore(t), nil)
	r := longReply()
	parts := len(bot.RenderDiscord(r))
	if parts < 2 {
		t.Fatalf("the long reply renders as %d message, want several", parts)
	}

	// Process A posts the digest, its claim is lost, and process B (here
	// the same code again) posts the same slot.
	if err := h.bot.Post(ctx, digests, "digest g 1", r); err != nil {
		t.Fatal(err)
	}
	first := srv.ChannelMessages(digests)
	if err := h.bot.Post(ctx, digests, "digest g 1", r); err != nil {
		t.Fatal(err)
	}
	if got := srv.ChannelMessages(digests); len(got) != parts || len(first) != parts {
		t.Fatalf("posting one key twice left %d messages (%d after the first), want %d: one per part", len(got), len(first), parts)
	}
	posts := messagePosts(srv, 0, digests)
	if len(posts) != 2*parts {
		t.Fatalf("%d message creates, want %d", len(posts), 2*parts)
	}
	seen := map[string]bool{}
	for i, p := range posts {
		nonce, _ := p.Body["nonce"].(string)
		if nonce == "" || len(nonce) > 25 || p.Body["enforce_nonce"] != true {
			t.Errorf("create %d: nonce %q, enforce_nonce %v; want a nonce of at most 25 characters, enforced", i, nonce, p.Body["enforce_nonce"])
		}
		if i < parts {
			if seen[nonce] {
				t.Errorf("part %d repeats nonce %q", i, nonce)
			}
			seen[nonce] = true
		} else if want := posts[i-parts].Body["nonce"]; nonce != want {
			t.Errorf("part %d posted again with nonce %q, want %q as the first time", i-parts, nonce, want)
		}
	}

	// Another key is another post; no key posts anew every time.
	if err := h.bot.Post(ctx, digests, "digest g 2", r); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := h.bot.Post(ctx, digests, "", r); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(srv.ChannelMessages(digests)); got != 4*parts {
		t.Errorf("after another key and twice no key: %d messages, want %d", got, 4*parts)
	}
	for _, p := range messagePosts(srv, 0, digests)[3*parts:] {
		if _, ok := p.Body["nonce"]; ok {
			t.Errorf("a post without a key sent nonce %v", p.Body["nonce"])
		}
	}

	// An alert's story, posted twice with its key, is one message.
	alerts := "610000000000000002"
	srv.AddChannel(guild, alerts, "alerts")
	story := bot.Reply{Title: "Harbour report", Text: "The figures stand."}
	id1, err1 := h.bot.PostMessage(ctx, alerts, "alert 1 a1", story)
	id2, err2 := h.bot.PostMessage(ctx, alerts, "alert 1 a1", story)
	if err1 != nil || err2 != nil || id1 == "" || id1 != id2 || len(srv.ChannelMessages(alerts)) != 1 {
		t.Errorf("alert story posted twice: IDs %q, %q (%v, %v) and %d messages; want one message, its ID twice", id1, id2, err1, err2, len(srv.ChannelMessages(alerts)))
	}
	checkNoPings(t, srv)
}

// TestScheduledDigestAcceptedButUnrecordedIsPostedOnce: a shutdown that
// cuts a digest short after Discord accepted its first message, but
// before the bot heard back, leaves the slot to the next process, whose
// post of the same slot gets Discord's message back instead of a second.
func TestScheduledDigestAcceptedButUnrecordedIsPostedOnce(t *testing.T) {
	ctx := context.Background()
	stack := sampleStack(t, func() time.Time { return asOf })
	digests := "610000000000000001"
	if err := stack.Store.SetDigestSchedule(ctx, data.DigestSchedule{GuildID: guild, ChannelID: digests, Clock: "08:00", TimeZone: "UTC", CreatedBy: admin.ID}); err != nil {
		t.Fatal(err)
	}
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}})
	srv.AddChannel(guild, digests, "digest")
	slot := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

	tick, shutdown := context.WithCancel(ctx)
	defer shutdown()
	// Discord posts the first message and the shutdown comes before its
	// answer.
	srv.DelayWhen(func(r discordtest.Request) bool {
		if r.Method == "POST" && r.Path == "/channels/"+digests+"/messages" {
			shutdown()
			return true
		}
		return false
	}, time.Minute)
	a := startBot(t, srv, stack.Service, stack.Store, nil)
	if n := a.bot.TickDigests(tick, slot.Add(20*time.Second)); n != 0 {
		t.Fatalf("the cut tick reports %d digests posted", n)
	}
	accepted := srv.ChannelMessages(digests)
	if len(accepted) != 1 {
		t.Fatalf("Discord holds %d messages of the cut digest, want the 1 it accepted", len(accepted))
	}
	if last, err := stack.Store.LastDigestSlot(ctx, guild); err != nil || !last.IsZero() {
		t.Fatalf("after the cut digest the last slot is %v, %v; want it released", last, err)
	}
	a.shutdown()
	srv.ClearDelays()

	from := len(srv.Requests())
	b := startBot(t, srv, stack.Service, stack.Store, nil)
	if n := b.bot.TickDigests(ctx, slot.Add(time.Minute)); n != 1 {
		t.Fatalf("the next process posted %d digests, want 1", n)
	}
	msgs := srv.ChannelMessages(digests)
	posts := messagePosts(srv, from, digests)
	if len(msgs) != len(posts) || msgs[0]["id"] != accepted[0]["id"] {
		t.Errorf("the channel holds %d messages for a digest of %d, the first %v; want each part once, the first the accepted %v",
			len(msgs), len(posts), msgs[0]["id"], accepted[0]["id"])
	}
	if last, err := stack.Store.LastDigestSlot(ctx, guild); err != nil || !last.Equal(slot) {
		t.Errorf("last slot %v, %v; want %v", last, err, slot)
	}
	checkNoPings(t, srv)
}
