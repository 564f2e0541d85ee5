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
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/summarize"
)

// fakeFollower follows a feed by storing it, as ingest's FollowFeed would
// after validating it; failing URLs get a *fetch.Error.
type fakeFollower struct{ store *data.Store }

func (f fakeFollower) FollowFeed(ctx context.Context, raw string) (data.Feed, error) {
	if strings.Contains(raw, "broken") {
		return data.Feed{}, &fetch.Error{URL: raw, Reason: "the server answered 404 Not Found"}
	}
	if strings.Contains(raw, "home") {
		return data.Feed{}, fmt.Errorf("ingest: follow feed: %w at %s; try the feed's own URL", ingest.ErrNoFeed, raw)
	}
	if existing, err := f.store.FeedByURL(ctx, raw); err == nil {
		return existing, nil
	}
	return f.store.AddFeed(ctx, data.Feed{URL: raw, Title: "Example " + raw[len(raw)-1:], Interval: time.Hour})
}

func TestFeedsAddListRemove(t *testing.T) {
	st := openStore(t)
	svc := newRecordingService()
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}})
	srv.AddChannel(guild, channel, "news")
	c := newClock(asOf)
	b, err := bot.New(bot.Config{Token: discordtest.DefaultToken, HTTPClient: srv.HTTPClient(), Now: c.Now, DigestEvery: -1, UserRate: -1, GuildRate: -1},
		svc, st, fakeFollower{st})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	<-b.Ready()
	// Without GuildID the commands are registered globally.
	if n := len(srv.Commands("")); n != 8 {
		t.Fatalf("%d global commands", n)
	}
	h := &harness{srv: srv}
	// Admins change feeds with /newsbot-admin feeds …; members list them
	// with /feeds.
	run := func(user discordtest.UserSpec, opts ...discordtest.Option) string {
		t.Helper()
		in := srv.SlashCommand(guild, channel, user, "newsbot-admin", discordtest.SubCommandGroup("feeds", opts...))
		if len(opts) == 0 {
			in = srv.SlashCommand(guild, channel, user, "feeds")
		}
		return h.waitReply(t, in.Token)
	}
	if got := run(admin, discordtest.SubCommand("add", discordtest.StringOption("url", "https://feeds.example/a"))); !strings.Contains(got, "Following Example a") {
		t.Fatalf("add: %s", got)
	}
	run(admin, discordtest.SubCommand("add", discordtest.StringOption("url", "https://feeds.example/b")))
	if got := run(admin, discordtest.SubCommand("add", discordtest.StringOption("url", "https://feeds.example/a"))); !strings.Contains(got, "already follows") {
		t.Errorf("add twice: %s", got)
	}
	if got := run(admin, discordtest.SubCommand("add", discordtest.StringOption("url", "https://broken.example/x"))); !strings.Contains(got, "I couldn't follow that feed: the server answered 404 Not Found") {
		t.Errorf("add broken: %s", got)
	}
	if got := run(admin, discordtest.SubCommand("add", discordtest.StringOption("url", "https://home.example/"))); !strings.Contains(got, "I found no feed at <https://home.example/>. Give the feed's own address") {
		t.Errorf("add a page without a feed: %s", got)
	}
	// Feed b is failing.
	fb, _ := st.FeedByURL(context.Background(), "https://feeds.example/b")
	fb.Failures, fb.LastError = 3, "503 Service Unavailable"
	if err := st.UpdateFeed(context.Background(), fb); err != nil {
		t.Fatal(err)
	}
	list := run(alice)
	for _, want := range []string{"2 feeds", "Example a", "✅ ok", "Example b", "failing 3 times: 503 Service Unavailable", "never fetched yet"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}
	// The scope of an answer is feed 0 plus the server's feeds.
	in := srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "news?"))
	h.waitFinal(t, in.Token)
	asks := svc.requests()
	if got := asks[len(asks)-1].FeedIDs; len(got) != 3 || got[0] != 0 {
		t.Errorf("scope = %v, want [0 a b]", got)
	}
	// Autocomplete offers the server's feeds; removing by the chosen ID works.
	ac := srv.SlashCommand(guild, channel, admin, "newsbot-admin", discordtest.SubCommandGroup("feeds", discordtest.SubCommand("remove", discordtest.Focused("feed", "example b"))))
	srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, ac.Token) && r.Callback() == 8 })
	_, data, _ := srv.Callback(ac.Token)
	choices, _ := data["choices"].([]any)
	if len(choices) != 1 {
		t.Fatalf("feed choices = %v", data)
	}
	id := choices[0].(map[string]any)["value"].(string)
	if got := run(admin, discordtest.SubCommand("remove", discordtest.StringOption("feed", id))); !strings.Contains(got, "Unfollowed Example b") {
		t.Errorf("remove: %s", got)
	}
	if got := run(alice); !strings.Contains(got, "1 feed,") || strings.Contains(got, "Example b") {
		t.Errorf("list after remove: %s", got)
	}
	checkNoPings(t, srv)
}

func TestDailyBudgetFallsBackToExtractive(t *testing.T) {
	st := openStore(t)
	var got []summarize.AskRequest
	svc := &fakeService{AskFn: func(_ context.Context, r summarize.AskRequest) (summarize.Answer, error) {
		got = append(got, r)
		return summarize.Answer{Text: "ok", TokensUsed: 600, Searched: 1}, nil
	}}
	h := bot.NewHandlers(svc, st, nil, bot.HandlerConfig{DailyTokenBudget: 1000, Now: func() time.Time { return asOf }})
	inv := bot.Invocation{Command: "ask", Options: map[string]string{"question": "q"}, GuildID: "g", UserID: "u"}
	ctx := context.Background()
	first := h.Handle(ctx, inv)  // 0 used: LLM allowed, 600 spent
	second := h.Handle(ctx, inv) // 600 used: allowed, 1200 spent
	third := h.Handle(ctx, inv)  // over budget: extractive
	if got[0].Extractive || got[1].Extractive || !got[2].Extractive {
		t.Errorf("extractive flags = %v %v %v", got[0].Extractive, got[1].Extractive, got[2].Extractive)
	}
	if strings.Contains(first.Notice, "budget") || strings.Contains(second.Notice, "budget") || !strings.Contains(third.Notice, "used today's AI budget") {
		t.Errorf("notices: %q / %q / %q", first.Notice, second.Notice, third.Notice)
	}
	used, err := st.TokenUsage(ctx, "g", "2026-11-26")
	if err != nil || used != 1800 {
		t.Errorf("usage = %d, %v; want 1800", used, err)
	}
	// Another server has its own budget.
	other := inv
	other.GuildID = "g2"
	h.Handle(ctx, other)
	if got[3].Extractive {
		t.Error("another server's budget was charged")
	}
}

// TestFeedsHideURLCredentials checks that a feed followed with user:pw and
// a ?token= keeps them for fetching but shows them in neither the public
// /feeds add reply, nor /feeds list, nor a failed follow's reply.
func TestFeedsHideURLCredentials(t *testing.T) {
	st := openStore(t)
	h := bot.NewHandlers(newRecordingService(), st, fakeFollower{st}, bot.HandlerConfig{Now: func() time.Time { return asOf }})
	ctx := context.Background()
	feeds := func(sub, url string) bot.Reply {
		return h.Handle(ctx, bot.Invocation{Command: "feeds", Sub: sub, Options: map[string]string{"url": url},
			GuildID: "g", UserID: "u", Admin: true})
	}
	raw := "https://alice:hunter2@feeds.example/private?token=t0k&x=1"
	shown := []bot.Reply{feeds("add", raw), feeds("list", ""), feeds("add", "https://bob:pa55@broken.example/x?api_key=k3y")}
	f, err := st.FeedByURL(ctx, raw)
	if err != nil || !strings.Contains(f.URL, "alice:hunter2@") || !strings.Contains(f.URL, "token=t0k") {
		t.Fatalf("stored feed %+v, %v; want the credentials kept for fetching", f, err)
	}
	if !strings.Contains(shown[0].Text, "<https://feeds.example/private?token=REDACTED&x=1>") {
		t.Errorf("add reply %q lacks the redacted URL", shown[0].Text)
	}
	for i, r := range shown {
		all := fmt.Sprintf("%+v", r)
		for _, secret := range []string{"alice", "hunter2", "t0k", "bob", "pa55", "k3y"} {
			if strings.Contains(all, secret) {
				t.Errorf("reply %d reveals %q: %s", i, secret, all)
			}
		}
	}
	if got := fmt.Sprintf("%+v", shown[1]); !strings.Contains(got, "feeds.example/private") {
		t.Errorf("list %s lacks the feed", got)
	}
}

// TestDailyBudgetZeroIsDefaultNegativeIsNoLimit spends the default budget
// (200,000 tokens) for a server and asks once more: a zero budget is the
// default, so the answer is extractive, and a negative one is no limit,
// whether the budget is given to the bot or to the handlers directly.
func TestDailyBudgetZeroIsDefaultNegativeIsNoLimit(t *testing.T) {
	const spent = 200_000
	tests := []struct {
		name           string
		budget         int
		wantExtractive bool
	}{
		{"zero is the default", 0, true},
		{"negative is no limit", -1, false},
		{"above what was spent", spent + 1, false},
	}
	for _, tt := range tests {
		handlers := map[string]func(bot.Service, bot.Store) *bot.Handlers{
			"HandlerConfig": func(svc bot.Service, st bot.Store) *bot.Handlers {
				return bot.NewHandlers(svc, st, nil, bot.HandlerConfig{DailyTokenBudget: tt.budget, Now: func() time.Time { return asOf }})
			},
			"Config": func(svc bot.Service, st bot.Store) *bot.Handlers {
				b, err := bot.New(bot.Config{Token: "t", DailyTokenBudget: tt.budget, Now: func() time.Time { return asOf }}, svc, st, nil)
				if err != nil {
					t.Fatal(err)
				}
				return b.Handlers()
			},
		}
		for via, newHandlers := range handlers {
			t.Run(tt.name+"/"+via, func(t *testing.T) {
				st := openStore(t)
				ctx := context.Background()
				if _, err := st.AddTokenUsage(ctx, "g", asOf.UTC().Format("2006-01-02"), spent); err != nil {
					t.Fatal(err)
				}
				var got []summarize.AskRequest
				svc := &fakeService{AskFn: func(_ context.Context, r summarize.AskRequest) (summarize.Answer, error) {
					got = append(got, r)
					return summarize.Answer{Text: "ok", TokensUsed: 10, Searched: 1}, nil
				}}
				newHandlers(svc, st).Handle(ctx, bot.Invocation{Command: "ask", Options: map[string]string{"question": "q"}, GuildID: "g", UserID: "u"})
				if len(got) != 1 {
					t.Fatalf("service asked %d times, want 1", len(got))
				}
				if got[0].Extractive != tt.wantExtractive {
					t.Errorf("budget %d after %d spent: extractive = %v, want %v", tt.budget, spent, got[0].Extractive, tt.wantExtractive)
				}
			})
		}
	}
}
