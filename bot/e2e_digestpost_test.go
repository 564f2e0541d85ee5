package bot_test

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
)

// threadRE finds the thread a story click points to.
var threadRE = regexp.MustCompile(`<#(\d+)>`)

// storyThreadOf clicks customID on the digest message msgID as user and
// returns the thread the reply names.
func (h *harness) storyThreadOf(t *testing.T, channelID string, user discordtest.UserSpec, customID, msgID, want string) string {
	t.Helper()
	click := h.srv.ButtonClick(guild, channelID, user, customID, msgID)
	text := h.waitReply(t, click.Token)
	sub := threadRE.FindStringSubmatch(text)
	if !strings.Contains(text, want) || sub == nil {
		t.Fatalf("click on %s: %q, want %q and a thread", customID, text, want)
	}
	return sub[1]
}

func TestDigestPostHasLocalDateLinksAndOneThreadPerStory(t *testing.T) {
	mustLoc(t, "Europe/Paris")
	ctx := context.Background()
	stack := sampleStack(t, func() time.Time { return asOf })
	digests := "630000000000000001"
	// 00:30 in Paris is 23:30 the day before in UTC: the title must carry
	// the Paris date.
	if err := stack.Store.SetDigestSchedule(ctx, data.DigestSchedule{GuildID: guild, ChannelID: digests, Clock: "00:30", TimeZone: "Europe/Paris", CreatedBy: admin.ID}); err != nil {
		t.Fatal(err)
	}
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}})
	srv.AddChannel(guild, digests, "digest")
	unlimited := func(c *bot.Config) { c.UserRate, c.GuildRate = -1, -1 }
	h := startBot(t, srv, stack.Service, stack.Store, unlimited)
	now := time.Date(2026, 11, 25, 23, 30, 20, 0, time.UTC)
	if n := h.bot.TickDigests(ctx, now); n != 1 {
		t.Fatalf("TickDigests posted %d digests, want 1", n)
	}
	msgs := srv.ChannelMessages(digests)
	if len(msgs) != 1 {
		t.Fatalf("%d messages posted, want the digest in one", len(msgs))
	}
	msg := msgs[0]
	embeds, _ := msg["embeds"].([]any)
	head, _ := embeds[0].(map[string]any)
	if title, _ := head["title"].(string); title != "News digest · Thursday, November 26, 2026" {
		t.Errorf("title %q, want the date in Paris", title)
	}
	if ts, _ := head["timestamp"].(string); ts != now.Format(time.RFC3339) {
		t.Errorf("embed timestamp %q, want %s", ts, now.Format(time.RFC3339))
	}
	since := time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC).Unix()
	if d, _ := head["description"].(string); !strings.Contains(d, "<t:"+itoa(since)+":f> (<t:"+itoa(since)+":R>)") || strings.Contains(d, "UTC") {
		t.Errorf("description %q, want the window's start as Discord timestamps", d)
	}

	// Every story is numbered, links to its lead article, lists its
	// outlets and has one numbered Discuss button.
	stories := 0
	for _, e := range embeds[1:] {
		em, _ := e.(map[string]any)
		title, _ := em["title"].(string)
		if title == "" {
			continue // a story's text continued, or its sources
		}
		stories++
		if want := itoa(int64(stories)) + ". "; !strings.HasPrefix(title, want) {
			t.Errorf("story title %q does not start with %q", title, want)
		}
		if u, _ := em["url"].(string); !strings.HasPrefix(u, "https://") {
			t.Errorf("story %q links to %q, want its lead article", title, u)
		} else if _, err := url.Parse(u); err != nil {
			t.Errorf("story %q: %v", title, err)
		}
		if d, _ := em["description"].(string); !regexp.MustCompile(`\n\*[^*\n]+ · updated <t:\d+:R>\*$`).MatchString(d) {
			t.Errorf("story %q does not end with its outlets and a relative time: %q", title, d)
		}
	}
	ids := customIDs(msg)
	labels := buttonLabels(msg)
	if stories < 2 || len(ids) != stories {
		t.Fatalf("%d stories and buttons %v, want one per story and at least two stories", stories, ids)
	}
	for i, l := range labels {
		if l != "Discuss "+itoa(int64(i+1)) {
			t.Errorf("button %d is labelled %q", i+1, l)
		}
	}
	if sorted := slices.Compact(slices.Sorted(slices.Values(ids))); len(sorted) != len(ids) {
		t.Errorf("buttons %v are not one per story", ids)
	}

	// The first click on a story opens its thread; the next ones, by
	// anyone and after a restart, point to the same thread.
	msgID := msg["id"].(string)
	first := h.storyThreadOf(t, digests, alice, ids[0], msgID, "I started a thread about this story")
	if again := h.storyThreadOf(t, digests, admin, ids[0], msgID, "There is a thread about this story already"); again != first {
		t.Errorf("second click points to thread %s, want %s", again, first)
	}
	second := h.storyThreadOf(t, digests, alice, ids[1], msgID, "I started a thread about this story")
	if second == first {
		t.Errorf("two stories share thread %s", first)
	}
	h.shutdown()
	h2 := startBot(t, srv, stack.Service, stack.Store, unlimited)
	if after := h2.storyThreadOf(t, digests, admin, ids[0], msgID, "There is a thread about this story already"); after != first {
		t.Errorf("after a restart the story points to thread %s, want %s", after, first)
	}
	if n := threadsStarted(srv); n != 2 {
		t.Errorf("%d threads started for two stories, want 2", n)
	}
	checkNoPings(t, srv)
}

// buttonLabels lists the labels of a message's buttons, in order.
func buttonLabels(m map[string]any) []string {
	var labels []string
	rows, _ := m["components"].([]any)
	for _, r := range rows {
		rm, _ := r.(map[string]any)
		cs, _ := rm["components"].([]any)
		for _, c := range cs {
			cm, _ := c.(map[string]any)
			if l, _ := cm["label"].(string); l != "" {
				labels = append(labels, l)
			}
		}
	}
	return labels
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestDigestNowIsDatedInTheServersDigestTimeZone(t *testing.T) {
	mustLoc(t, "Europe/Paris")
	ctx := context.Background()
	stack := sampleStack(t, func() time.Time { return asOf })
	h := startBot(t, nil, stack.Service, stack.Store, nil)
	// 23:30 UTC is already the next day in Paris.
	h.clock.Set(time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC))
	in := h.srv.SlashCommand(guild, channel, alice, "digest", discordtest.SubCommand("now"))
	if text := embedText(h.waitFinal(t, in.Token)); !strings.HasPrefix(text, "News digest · Wednesday, November 25, 2026\n") {
		t.Errorf("without a schedule the digest is dated in UTC: %q", text)
	}
	if err := stack.Store.SetDigestSchedule(ctx, data.DigestSchedule{GuildID: guild, ChannelID: channel, Clock: "08:00", TimeZone: "Europe/Paris", CreatedBy: admin.ID}); err != nil {
		t.Fatal(err)
	}
	in = h.srv.SlashCommand(guild, channel, alice, "digest", discordtest.SubCommand("now"))
	if text := embedText(h.waitFinal(t, in.Token)); !strings.HasPrefix(text, "News digest · Thursday, November 26, 2026\n") {
		t.Errorf("with a Paris schedule the digest is dated in Paris: %q", text)
	}
}
