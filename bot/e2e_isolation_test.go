package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// Two servers on one bot: server A follows the Ledger's feed (a harbour
// strike), server B the Wire's (a glacier observatory). Nothing of B's
// may reach A, on any surface.
const (
	guildB   = "500000000000000002"
	channelB = "600000000000000002"
)

// syncBuffer is a log sink that tests read while the bot writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// twoServers is the real stack over two feeds, each followed by one
// server, and the IDs and URLs of their articles.
type twoServers struct {
	stack        *answerStack
	aIDs, bIDs   []string
	aURLs, bURLs []string
}

func openTwoServers(t *testing.T) *twoServers {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := data.OpenStore(ctx, filepath.Join(dir, "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.Open(ctx, filepath.Join(dir, "index"), st, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	stack := &answerStack{Store: st, Index: ix}
	t.Cleanup(func() { stack.Close() })
	stack.Service, err = summarize.New(summarize.Config{Search: ix, Store: st, Now: func() time.Time { return asOf }})
	if err != nil {
		t.Fatal(err)
	}
	fa, err := st.AddFeed(ctx, data.Feed{URL: "https://ledger.example/feed.xml", Title: "The Daily Ledger", Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	fb, err := st.AddFeed(ctx, data.Feed{URL: "https://wire.example/feed.xml", Title: "Wire", Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	day := asOf.Add(-20 * time.Hour)
	arts := []data.Article{
		{URL: "https://ledger.example/2026/harbour-strike", Title: "Zephyr harbour dockers strike over night shifts", Source: "The Daily Ledger", FeedID: fa.ID, Published: day,
			Text: "Dockers at the Zephyr harbour walked out on Tuesday over new night shifts. The strike halted the loading of forty ships, the harbour authority said. " +
				"Union leaders said the walkout would last until the shift rota is withdrawn. The harbour handles a third of the region's container traffic."},
		{URL: "https://ledger.example/2026/harbour-talks", Title: "Zephyr harbour strike talks resume", Source: "The Daily Ledger", FeedID: fa.ID, Published: day.Add(2 * time.Hour),
			Text: "Talks to end the Zephyr harbour strike resumed on Wednesday. The harbour authority offered to delay the night shifts by a month. " +
				"Dockers said they would vote on the offer on Friday. Forty ships are still waiting to be loaded at the harbour."},
		{URL: "https://wire.example/quillon-observatory", Title: "Quillon glacier observatory opens to visitors", Source: "Wire", FeedID: fb.ID, Published: day.Add(time.Hour),
			Text: "A new observatory on the Quillon glacier opened to visitors on Tuesday. The observatory measures how fast the glacier melts each summer. " +
				"Scientists said the Quillon glacier lost twelve metres of ice last year. The observatory cost four million euros to build."},
		{URL: "https://wire.example/quillon-melt", Title: "Quillon glacier melt sets a record", Source: "Wire", FeedID: fb.ID, Published: day.Add(3 * time.Hour),
			Text: "The Quillon glacier melted faster this year than in any year on record, scientists at the new observatory said. " +
				"The glacier lost twelve metres of ice. The observatory will publish its first full report in the spring."},
	}
	in := &ingest.Ingester{Store: st, Index: ix}
	if _, err := in.StoreArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if err := st.AddGuildFeed(ctx, guild, fa.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.AddGuildFeed(ctx, guildB, fb.ID); err != nil {
		t.Fatal(err)
	}
	ts := &twoServers{stack: stack}
	for _, u := range []string{arts[0].URL, arts[1].URL, arts[2].URL, arts[3].URL} {
		a, err := st.ArticleByURL(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if a.FeedID == fa.ID {
			ts.aIDs, ts.aURLs = append(ts.aIDs, a.ID), append(ts.aURLs, a.URL)
		} else {
			ts.bIDs, ts.bURLs = append(ts.bIDs, a.ID), append(ts.bURLs, a.URL)
		}
	}
	return ts
}

// leaks reports which of server B's marks (its outlet's domain, its
// articles' IDs, words of its articles that no question uses) appear in
// text.
func leaks(text string, ts *twoServers) []string {
	var found []string
	for _, mark := range append([]string{"wire.example", "opens to visitors", "twelve metres", "melt sets a record"}, ts.bIDs...) {
		if strings.Contains(text, mark) {
			found = append(found, mark)
		}
	}
	return found
}

func TestServersAreIsolated(t *testing.T) {
	ts := openTwoServers(t)
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild, guildB}})
	srv.AddChannel(guild, channel, "news")
	srv.AddChannel(guildB, channelB, "news")
	logs := &syncBuffer{}
	h := startBot(t, srv, ts.stack.Service, ts.stack.Store, func(c *bot.Config) {
		c.GuildID = ""
		c.AllowDMs = true
		c.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	})
	reply := func(t *testing.T, gid, cid, cmd string, opts ...discordtest.Option) string {
		t.Helper()
		return h.waitReply(t, h.srv.SlashCommand(gid, cid, alice, cmd, opts...).Token)
	}
	choices := func(t *testing.T, gid, cid, cmd string, opts ...discordtest.Option) []string {
		t.Helper()
		in := h.srv.SlashCommand(gid, cid, alice, cmd, opts...)
		h.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, in.Token) && r.Callback() == 8 })
		_, data, _ := h.srv.Callback(in.Token)
		var out []string
		cs, _ := data["choices"].([]any)
		for _, c := range cs {
			cm := c.(map[string]any)
			out = append(out, cm["name"].(string)+" = "+cm["value"].(string))
		}
		return out
	}
	quillon := "What did the observatory on the Quillon glacier measure?"

	// Each surface in server A: nothing of B's, and no error; the same
	// in B shows that B's news was there to leak.
	surfaces := []struct {
		name  string
		inA   func(t *testing.T) string
		inB   func(t *testing.T) string
		wantA string // in A's reply, when set
	}{
		{"search",
			func(t *testing.T) string {
				return reply(t, guild, channel, "search", discordtest.StringOption("query", "Quillon glacier observatory"))
			},
			func(t *testing.T) string {
				return reply(t, guildB, channelB, "search", discordtest.StringOption("query", "Quillon glacier observatory"))
			},
			"Nothing matched"},
		{"ask",
			func(t *testing.T) string {
				return reply(t, guild, channel, "ask", discordtest.StringOption("question", quillon))
			},
			func(t *testing.T) string {
				return reply(t, guildB, channelB, "ask", discordtest.StringOption("question", quillon))
			},
			""},
		{"summarize article by ID",
			func(t *testing.T) string {
				return reply(t, guild, channel, "summarize", discordtest.StringOption("article", ts.bIDs[0]))
			},
			func(t *testing.T) string {
				return reply(t, guildB, channelB, "summarize", discordtest.StringOption("article", ts.bIDs[0]))
			},
			"I couldn't find that article"},
		{"summarize article by URL",
			func(t *testing.T) string {
				return reply(t, guild, channel, "summarize", discordtest.StringOption("url", ts.bURLs[0]))
			},
			func(t *testing.T) string {
				return reply(t, guildB, channelB, "summarize", discordtest.StringOption("url", ts.bURLs[0]))
			},
			"I couldn't find that article"},
		{"summarize topic",
			func(t *testing.T) string {
				return reply(t, guild, channel, "summarize", discordtest.StringOption("topic", "Quillon glacier"))
			},
			func(t *testing.T) string {
				return reply(t, guildB, channelB, "summarize", discordtest.StringOption("topic", "Quillon glacier"))
			},
			""},
		{"article autocomplete",
			func(t *testing.T) string {
				return strings.Join(choices(t, guild, channel, "summarize", discordtest.Focused("article", "")), "\n")
			},
			func(t *testing.T) string {
				return strings.Join(choices(t, guildB, channelB, "summarize", discordtest.Focused("article", "")), "\n")
			},
			ts.aIDs[0]},
		{"article autocomplete, typed",
			func(t *testing.T) string {
				return strings.Join(choices(t, guild, channel, "summarize", discordtest.Focused("article", "observatory")), "\n")
			},
			func(t *testing.T) string {
				return strings.Join(choices(t, guildB, channelB, "summarize", discordtest.Focused("article", "observatory")), "\n")
			},
			""},
		{"source autocomplete",
			func(t *testing.T) string {
				return strings.Join(choices(t, guild, channel, "ask", discordtest.StringOption("question", "x"), discordtest.Focused("source", "")), "\n")
			},
			func(t *testing.T) string {
				return strings.Join(choices(t, guildB, channelB, "ask", discordtest.StringOption("question", "x"), discordtest.Focused("source", "wire")), "\n")
			},
			"The Daily Ledger (ledger.example)"},
		{"digest now",
			func(t *testing.T) string { return reply(t, guild, channel, "digest", discordtest.SubCommand("now")) },
			func(t *testing.T) string { return reply(t, guildB, channelB, "digest", discordtest.SubCommand("now")) },
			"Zephyr harbour"},
		{"feeds list",
			func(t *testing.T) string { return reply(t, guild, channel, "feeds", discordtest.SubCommand("list")) },
			func(t *testing.T) string { return reply(t, guildB, channelB, "feeds", discordtest.SubCommand("list")) },
			"The Daily Ledger"},
	}
	for _, s := range surfaces {
		t.Run(s.name, func(t *testing.T) {
			a := s.inA(t)
			if l := leaks(a, ts); len(l) > 0 {
				t.Errorf("server A sees B's %q:\n%s", l, a)
			}
			if strings.Contains(a, "went wrong") {
				t.Errorf("server A got an internal error:\n%s", a)
			}
			if s.wantA != "" && !strings.Contains(a, s.wantA) {
				t.Errorf("server A's reply lacks %q:\n%s", s.wantA, a)
			}
			if b := s.inB(t); len(leaks(b, ts)) == 0 {
				t.Errorf("server B does not see its own news, so the test proves nothing:\n%s", b)
			}
		})
	}

	t.Run("sources button", func(t *testing.T) {
		in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "Why did the Zephyr harbour dockers strike?"))
		m := h.waitFinal(t, in.Token)
		ids := customIDs(m)
		if len(ids) == 0 {
			t.Fatalf("no Sources button:\n%s", embedText(m))
		}
		click := h.srv.ButtonClick(guild, channel, alice, ids[0], m["id"].(string))
		text := embedText(h.waitFinal(t, click.Token))
		if l := leaks(text, ts); len(l) > 0 || !strings.Contains(text, "ledger.example") {
			t.Errorf("server A's Sources (leaks %q):\n%s", l, text)
		}
	})

	t.Run("story button", func(t *testing.T) {
		click := h.srv.ButtonClick(guild, channel, alice, "story:"+ts.bIDs[0], "m-forged")
		text := embedText(h.waitFinal(t, click.Token))
		if l := leaks(text, ts); len(l) > 0 || !strings.Contains(text, "no longer in my index") {
			t.Errorf("a story of B's in A (leaks %q):\n%s", l, text)
		}
	})

	t.Run("thread", func(t *testing.T) {
		q := h.srv.Message(guild, channel, alice, "what happened at the Zephyr harbour?", true)
		h.srv.WaitFor(t, func(r discordtest.Request) bool {
			return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+q.ID+"/messages/") && strings.Contains(embedText(r.Body), "Searched")
		})
		h.srv.Message(guild, q.ID, alice, quillon, false)
		h.srv.WaitFor(t, func(r discordtest.Request) bool {
			return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+q.ID+"/messages/") && strings.Contains(embedText(r.Body), "Quillon")
		})
		for _, m := range h.srv.ChannelMessages(q.ID) {
			if l := leaks(embedText(m), ts); len(l) > 0 {
				t.Errorf("server A's thread shows B's %q:\n%s", l, embedText(m))
			}
		}
	})

	t.Run("scheduled digest", func(t *testing.T) {
		ctx := context.Background()
		for _, s := range []data.DigestSchedule{
			{GuildID: guild, ChannelID: channel, Clock: "08:00", TimeZone: "UTC", CreatedBy: admin.ID},
			{GuildID: guildB, ChannelID: channelB, Clock: "08:00", TimeZone: "UTC", CreatedBy: admin.ID},
		} {
			if err := ts.stack.Store.SetDigestSchedule(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		if n := h.bot.TickDigests(ctx, asOf.Truncate(24*time.Hour).Add(8*time.Hour+time.Minute)); n != 2 {
			t.Fatalf("posted %d digests, want 2", n)
		}
		var inA, inB string
		for _, m := range h.srv.ChannelMessages(channel) {
			inA += embedText(m)
		}
		for _, m := range h.srv.ChannelMessages(channelB) {
			inB += embedText(m)
		}
		if l := leaks(inA, ts); len(l) > 0 || !strings.Contains(inA, "Zephyr harbour") {
			t.Errorf("server A's digest (leaks %q):\n%s", l, inA)
		}
		if len(leaks(inB, ts)) == 0 {
			t.Errorf("server B's digest lacks its own news:\n%s", inB)
		}
	})

	// A DM is no server: it sees the operator's default feeds (none
	// here), neither A's nor B's.
	t.Run("direct messages", func(t *testing.T) {
		dm := "610000000000000009"
		texts := []string{
			reply(t, "", dm, "feeds", discordtest.SubCommand("list")),
			reply(t, "", dm, "search", discordtest.StringOption("query", "Zephyr harbour Quillon glacier")),
			strings.Join(choices(t, "", dm, "summarize", discordtest.Focused("article", "")), "\n"),
			strings.Join(choices(t, "", dm, "ask", discordtest.StringOption("question", "x"), discordtest.Focused("source", "")), "\n"),
		}
		for _, text := range texts {
			if l := leaks(text, ts); len(l) > 0 || strings.Contains(text, "ledger.example") || strings.Contains(text, "went wrong") {
				t.Errorf("a DM sees a server's news (leaks %q):\n%s", l, text)
			}
		}
	})

	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("errors were logged:\n%s", logs.String())
	}
}
