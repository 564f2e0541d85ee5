package bot_test

import (
	"context"
	"errors"
	"github.com/bwmarrin/discordgo"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

func TestSourcesButtonShowsQuotesEphemerally(t *testing.T) {
	stack := sampleStack(t, func() time.Time { return asOf })
	h := startBot(t, nil, stack.Service, stack.Store, nil)
	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "Who won the Northern Cup?"))
	m := h.waitFinal(t, in.Token)
	ids := customIDs(m)
	if len(ids) != 1 || !strings.HasPrefix(ids[0], "src:") {
		t.Fatalf("buttons = %v, want one Sources button", ids)
	}
	click := h.srv.ButtonClick(guild, channel, alice, ids[0], m["id"].(string))
	got := h.waitFinal(t, click.Token)
	typ, data, _ := h.srv.Callback(click.Token)
	if flags, _ := data["flags"].(float64); typ != 5 || int(flags)&64 == 0 {
		t.Errorf("callback %d flags %v, want a deferred ephemeral", typ, data["flags"])
	}
	text := embedText(got)
	if !strings.Contains(text, "Quoted passages") || !strings.Contains(text, "\n> ") || !strings.Contains(text, "[1] ") {
		t.Errorf("sources reply:\n%s", text)
	}
	// Each cited sentence of the answer is shown with the passage behind
	// its citation.
	answer := embedText(m)
	first, _, _ := strings.Cut(answer[strings.Index(answer, "\n")+1:], " [1]")
	if i := strings.Index(text, first); first == "" || i < 0 || !strings.HasPrefix(text[i+len(first):], ". [1]") ||
		!strings.Contains(text[i:], "\n> **[1]** ") {
		t.Errorf("sources reply does not show the answer's first sentence %q with its passage:\n%s", first, text)
	}
	// A button whose sources were forgotten (unknown key) gets a short apology.
	old := h.srv.ButtonClick(guild, channel, alice, "src:zz.1", m["id"].(string))
	if text := embedText(h.waitFinal(t, old.Token)); !strings.Contains(text, "I no longer have those passages") {
		t.Errorf("unknown sources key: %q", text)
	}
	checkNoPings(t, h.srv)
}

func TestAutocomplete(t *testing.T) {
	stack := sampleStack(t, func() time.Time { return asOf })
	h := startBot(t, nil, stack.Service, stack.Store, nil)
	in := h.srv.SlashCommand(guild, channel, alice, "summarize", discordtest.Focused("article", "meridian"))
	h.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, in.Token) && r.Callback() == 8 })
	_, data, _ := h.srv.Callback(in.Token)
	choices, _ := data["choices"].([]any)
	if len(choices) < 2 {
		t.Fatalf("choices = %v, want the Meridian headlines", data)
	}
	for _, c := range choices {
		cm := c.(map[string]any)
		name, value := cm["name"].(string), cm["value"].(string)
		if !strings.Contains(strings.ToLower(name), "meridian") || len(name) > 100*4 {
			t.Errorf("choice name %q", name)
		}
		a, err := stack.Store.Article(context.Background(), value)
		if err != nil || !strings.Contains(strings.ToLower(a.Title), "meridian") {
			t.Errorf("choice value %q is not a Meridian article ID: %v", value, err)
		}
	}
	// The chosen ID summarises that article.
	id := choices[0].(map[string]any)["value"].(string)
	run := h.srv.SlashCommand(guild, channel, alice, "summarize", discordtest.StringOption("article", id))
	if text := embedText(h.waitFinal(t, run.Token)); !strings.Contains(text, "Summary: ") || !strings.Contains(text, "[1]") {
		t.Errorf("summary:\n%s", text)
	}
}

func TestPermissionsAndLimits(t *testing.T) {
	stack := sampleStack(t, func() time.Time { return asOf })
	h := startBot(t, nil, stack.Service, stack.Store, func(c *bot.Config) {
		c.UserRate, c.UserBurst = 0.1, 1 // one per 10s
		c.MaxQuestionLen = 40
	})
	tests := []struct {
		name string
		user discordtest.UserSpec
		cmd  string
		opts []discordtest.Option
		want string
	}{
		// Discord hides the admin command from members, but an admin may
		// grant it under Integrations, or a client may send it anyway: the
		// permission on the wire decides.
		{"non-admin feeds add", alice, "newsbot-admin", []discordtest.Option{discordtest.SubCommandGroup("feeds",
			discordtest.SubCommand("add", discordtest.StringOption("url", "https://x.example/feed")))}, "Manage Server"},
		{"non-admin feeds remove", alice, "newsbot-admin", []discordtest.Option{discordtest.SubCommandGroup("feeds",
			discordtest.SubCommand("remove", discordtest.StringOption("feed", "1")))}, "Manage Server"},
		{"non-admin digest schedule", alice, "newsbot-admin", []discordtest.Option{discordtest.SubCommandGroup("digest", discordtest.SubCommand("schedule",
			discordtest.StringOption("channel", channel), discordtest.StringOption("time", "08:00"), discordtest.StringOption("timezone", "UTC")))}, "Manage Server"},
		{"non-admin digest off", alice, "newsbot-admin", []discordtest.Option{discordtest.SubCommandGroup("digest", discordtest.SubCommand("off"))}, "Manage Server"},
		{"non-admin, the old /feeds add", alice, "feeds", []discordtest.Option{discordtest.SubCommand("add", discordtest.StringOption("url", "https://x.example/feed"))}, "Manage Server"},
		{"question too long", alice, "ask", []discordtest.Option{discordtest.StringOption("question", strings.Repeat("why ", 20))}, "Questions are limited to 40 characters"},
		{"first ask allowed", alice, "ask", []discordtest.Option{discordtest.StringOption("question", "Did the rail bill pass?")}, ""},
		// The offline engine costs nothing: a rate limit sends questions to
		// it (see TestBurstOfAsksDegradesToOfflineEngine), never refuses them.
		{"second ask at once, answered", alice, "ask", []discordtest.Option{discordtest.StringOption("question", "Did the rail bill pass?")}, ""},
	}
	for _, tc := range tests {
		in := h.srv.SlashCommand(guild, channel, tc.user, tc.cmd, tc.opts...)
		if tc.want == "" {
			h.waitFinal(t, in.Token)
			continue
		}
		r := h.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, in.Token) && r.Callback() != 0 })
		flags, _ := r.Body["data"].(map[string]any)["flags"].(float64)
		if r.Callback() != 4 || int(flags)&64 == 0 || !strings.Contains(r.Content(), tc.want) {
			t.Errorf("%s: callback %d flags %v content %q, want an ephemeral %q", tc.name, r.Callback(), flags, r.Content(), tc.want)
		}
	}
	// An admin may schedule the digest.
	in := h.srv.SlashCommand(guild, channel, admin, "newsbot-admin", discordtest.SubCommandGroup("digest", discordtest.SubCommand("schedule",
		discordtest.StringOption("channel", channel), discordtest.StringOption("time", "8:00"), discordtest.StringOption("timezone", "Europe/Paris"))))
	if text := embedText(h.waitFinal(t, in.Token)); !strings.Contains(text, "Every day at 08:00 (Europe/Paris)") {
		t.Errorf("schedule reply: %s", text)
	}
	s, err := stack.Store.DigestSchedule(context.Background(), guild)
	if err != nil || s.CreatedBy != admin.ID || s.ChannelID != channel {
		t.Errorf("stored schedule %+v, %v", s, err)
	}
	checkNoPings(t, h.srv)
}

// recordingService answers every question with a fixed cited answer and
// records the requests.
type recordingService struct {
	fakeService
	mu   sync.Mutex
	asks []summarize.AskRequest
}

func newRecordingService() *recordingService {
	s := &recordingService{}
	s.AskFn = func(_ context.Context, r summarize.AskRequest) (summarize.Answer, error) {
		s.mu.Lock()
		s.asks = append(s.asks, r)
		s.mu.Unlock()
		return summarize.Answer{Text: "Answer to " + r.Question + " @everyone [1]", Searched: 3,
			Citations: []summarize.Citation{{N: 1, Title: "T", URL: "https://x.example/1", Source: "S", Quote: "Q"}}}, nil
	}
	s.SearchFn = func(context.Context, retrieval.Query) (retrieval.Results, error) { return retrieval.Results{}, nil }
	return s
}

func (s *recordingService) requests() []summarize.AskRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]summarize.AskRequest(nil), s.asks...)
}

func TestMentionStartsThreadAndFollowUpsHaveHistory(t *testing.T) {
	svc := newRecordingService()
	h := startBot(t, nil, svc, openStore(t), nil)
	q := h.srv.Message(guild, channel, alice, "what happened at the port?", true)
	// The thread takes the message's ID; the answer lands in it.
	h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+q.ID+"/messages/") && strings.Contains(embedText(r.Body), "Answer to what happened at the port?")
	})
	if th, ok := h.srv.Channel(q.ID); !ok || !th.IsThread() {
		t.Fatalf("no thread started on the message")
	}
	// A follow-up in the thread needs no mention and carries the history.
	h.srv.Message(guild, q.ID, alice, "and when?", false)
	h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(embedText(r.Body), "Answer to and when?")
	})
	asks := svc.requests()
	if len(asks) != 2 || len(asks[1].History) != 1 || asks[1].History[0].Question != "what happened at the port?" ||
		!strings.Contains(asks[1].History[0].Answer, "Answer to what happened") {
		t.Fatalf("asks = %+v", asks)
	}
	if !asks[0].Scoped || len(asks[0].FeedIDs) != 1 || asks[0].FeedIDs[0] != 0 {
		t.Errorf("scope = %v %v, want feed 0 only", asks[0].Scoped, asks[0].FeedIDs)
	}
	// Bots (the bot itself included) and unmentioned channel messages are ignored.
	h.srv.Message(guild, channel, discordtest.UserSpec{ID: h.srv.BotUserID()}, "<@"+h.srv.BotUserID()+"> loop?", true)
	h.srv.Message(guild, channel, alice, "just chatting", false)
	h.srv.Message(guild, q.ID, alice, "one more?", false)
	h.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(embedText(r.Body), "Answer to one more?") })
	if n := len(svc.requests()); n != 3 {
		t.Errorf("answered %d messages, want 3 (no loop, no unmentioned chatter)", n)
	}
	checkNoPings(t, h.srv)
}

func TestDirectMessagesDeclinedUnlessAllowed(t *testing.T) {
	svc := newRecordingService()
	h := startBot(t, nil, svc, openStore(t), nil)
	dm := "800000000000000001"
	h.srv.Message("", dm, alice, "hello?", false)
	h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "POST" && r.Path == "/channels/"+dm+"/messages" && strings.Contains(r.Content(), "I only answer in servers")
	})
	if n := len(svc.requests()); n != 0 {
		t.Errorf("answered %d DMs", n)
	}

	h2 := startBot(t, nil, svc, openStore(t), func(c *bot.Config) { c.AllowDMs = true })
	h2.srv.Message("", dm, alice, "hello there?", false)
	h2.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(embedText(r.Body), "Answer to hello there?") })
}

func TestStreamingEditsAreThrottled(t *testing.T) {
	var h *harness
	svc := newRecordingService()
	// The answer streams 7 deltas over 2.5 seconds of the injected clock.
	steps := []time.Duration{0, 300 * time.Millisecond, 300 * time.Millisecond, 400 * time.Millisecond, 200 * time.Millisecond, 100 * time.Millisecond, 1200 * time.Millisecond}
	svc.AskFn = func(_ context.Context, r summarize.AskRequest) (summarize.Answer, error) {
		text := ""
		for i, d := range steps {
			h.clock.Add(d)
			text += "word" + string(rune('a'+i)) + " "
			r.OnDelta(text)
		}
		return summarize.Answer{Text: "final answer", Engine: summarize.EngineLLM}, nil
	}
	h = startBot(t, nil, svc, openStore(t), nil)
	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "stream please"))
	final := h.waitFinal(t, in.Token)
	if !strings.Contains(embedText(final), "final answer") {
		t.Fatalf("final: %v", final)
	}
	var partials []string
	for _, r := range h.srv.Requests() {
		if r.Method == "PATCH" && strings.Contains(r.Path, in.Token) && isPartial(r.Body) {
			partials = append(partials, embedText(r.Body))
		}
	}
	// Edits at t=0 (first delta), t=1.0s and t=2.5s: never two within 1s.
	want := []string{"worda", "worda wordb wordc wordd", "worda wordb wordc wordd worde wordf wordg"}
	if len(partials) != len(want) {
		t.Fatalf("partial edits = %q, want %d", partials, len(want))
	}
	for i, w := range want {
		if !strings.Contains(partials[i], w) {
			t.Errorf("partial %d = %q, want %q", i, partials[i], w)
		}
	}
}

func TestShutdownCutsLongRepliesShort(t *testing.T) {
	started := make(chan struct{})
	svc := newRecordingService()
	svc.AskFn = func(ctx context.Context, r summarize.AskRequest) (summarize.Answer, error) {
		close(started)
		<-ctx.Done()
		return summarize.Answer{}, ctx.Err()
	}
	h := startBot(t, nil, svc, openStore(t), func(c *bot.Config) { c.ShutdownTimeout = 50 * time.Millisecond })
	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "slow?"))
	<-started
	h.shutdown()
	m, ok := h.srv.OriginalResponse(in.Token)
	if !ok || !strings.Contains(embedText(m), "cut short") {
		t.Fatalf("after shutdown the reply is %v", m)
	}
	// After shutdown a new command is not taken (no connection): the
	// fake records no callback for it.
	if _, _, ok := h.srv.Callback(in.Token); !ok {
		t.Error("the interrupted interaction was never deferred")
	}
}

func TestFinishesRepliesInFlightOnShutdown(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	svc := newRecordingService()
	svc.AskFn = func(ctx context.Context, r summarize.AskRequest) (summarize.Answer, error) {
		close(started)
		<-release
		return summarize.Answer{Text: "finished in time"}, nil
	}
	h := startBot(t, nil, svc, openStore(t), func(c *bot.Config) { c.ShutdownTimeout = 10 * time.Second })
	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "slow?"))
	<-started
	// Run's context ends while the answer is still being written; the
	// answer is not cancelled with it.
	h.stop()
	close(release)
	h.shutdown()
	m, _ := h.srv.OriginalResponse(in.Token)
	if !strings.Contains(embedText(m), "finished in time") {
		t.Fatalf("reply in flight was not finished: %v", m)
	}
}

func TestBadTokenIsOneClearError(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}})
	b, err := bot.New(bot.Config{Token: "wrong", HTTPClient: srv.HTTPClient()}, newRecordingService(), openStore(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Run(context.Background())
	if !errors.Is(err, bot.ErrBadToken) || err.Error() != "bot: Discord rejected the token (DISCORD_TOKEN)" {
		t.Fatalf("Run = %v", err)
	}
	if _, err := bot.New(bot.Config{}, newRecordingService(), openStore(t), nil); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Fatalf("New without token = %v", err)
	}
}

func TestResumesAfterDroppedConnection(t *testing.T) {
	svc := newRecordingService()
	h := startBot(t, nil, svc, openStore(t), nil)
	if !h.bot.Connected() {
		t.Fatal("a ready bot is not connected")
	}
	// What discordgo tells the bot when the connection drops and when it
	// comes back, as readiness (/readyz) reads it.
	h.bot.GatewayEvent(&discordgo.Disconnect{})
	if h.bot.Connected() {
		t.Error("still connected after the gateway connection dropped")
	}
	h.bot.GatewayEvent(&discordgo.Resumed{})
	if !h.bot.Connected() {
		t.Error("not connected after the gateway connection resumed")
	}
	h.srv.DropConnections()
	h.srv.WaitConnected(t)
	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "still there?"))
	if text := embedText(h.waitFinal(t, in.Token)); !strings.Contains(text, "Answer to still there?") {
		t.Fatalf("after reconnect: %s", text)
	}
	if h.srv.Resumes()+h.srv.Identifies() < 2 {
		t.Errorf("resumes %d identifies %d: the bot did not reconnect", h.srv.Resumes(), h.srv.Identifies())
	}
	if !h.bot.Connected() {
		t.Error("not connected after discordgo reconnected")
	}
}

func TestDeferringIsNotBlockedByBusyReplies(t *testing.T) {
	release := make(chan struct{})
	started := make(chan string, 2)
	svc := newRecordingService()
	svc.AskFn = func(ctx context.Context, r summarize.AskRequest) (summarize.Answer, error) {
		started <- r.Question
		<-release
		return summarize.Answer{Text: "done " + r.Question}, nil
	}
	h := startBot(t, nil, svc, openStore(t), func(c *bot.Config) { c.MaxConcurrent = 1 })
	a := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "first?"))
	<-started
	b := h.srv.SlashCommand(guild, channel, admin, "ask", discordtest.StringOption("question", "second?"))
	// The second is deferred at once although the only slot is busy.
	h.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, b.Token) && r.Callback() == 5 })
	select {
	case q := <-started:
		t.Errorf("%q started while the only slot was busy", q)
	default:
	}
	close(release)
	if !strings.Contains(embedText(h.waitFinal(t, a.Token)), "done first?") || !strings.Contains(embedText(h.waitFinal(t, b.Token)), "done second?") {
		t.Error("queued reply not answered")
	}
}
