package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"golang.org/x/time/rate"
)

// offlineSays is in the footer of every answer that the offline engine
// wrote because a limit kept the model out.
const offlineSays = "so this answer quotes the articles directly"

// answersCited is a model that answers every request at once with a cited
// sentence, streamed when asked to stream.
func answersCited(w http.ResponseWriter, r *http.Request, stream bool) {
	const text = "The sources report it [1]."
	if !stream {
		answers(w, r, stream)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for _, chunk := range []map[string]any{
		{"id": "x", "object": "chat.completion.chunk", "created": 1, "model": "m",
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": text}}}},
		{"id": "x", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []any{},
			"usage": map[string]any{"prompt_tokens": 90, "completion_tokens": 10, "total_tokens": 100}},
	} {
		b, _ := json.Marshal(chunk)
		fmt.Fprintf(w, "data: %s\n\n", b)
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
}

// TestBurstOfAsksDegradesToOfflineEngine: 200 members ask at once in one
// server whose rate lets 5 questions a burst through to the model. Every
// one is answered; the model gets no more than 5 calls, and the others
// are written by the offline engine, which says so.
func TestBurstOfAsksDegradesToOfflineEngine(t *testing.T) {
	const n, burst = 200, 5
	m := newModelServer(t, answersCited)
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{"load-guild"}})
	srv.AddChannel("load-guild", "load-channel", "load")
	rep, err := loadTest(context.Background(), loadDriver{srv}, n, 2*time.Minute, loadOptions{
		ModelURL: m.URL + "/v1",
		Tweak: func(c *bot.Config) {
			// The clock stands still: the server's bucket never refills.
			c.UserRate, c.GuildRate, c.GuildBurst = 0, rate.Every(time.Hour), burst
		},
	})
	t.Log("\n" + rep.String())
	if err != nil {
		t.Fatal(err)
	}
	offline, byModel := 0, 0
	for _, tok := range rep.Tokens {
		msg, ok := srv.OriginalResponse(tok)
		if !ok {
			t.Fatalf("interaction %s has no reply", tok)
		}
		text := embedText(msg)
		switch {
		case strings.Contains(text, "busy") || strings.Contains(text, "try again"):
			t.Errorf("refused although the offline engine costs nothing:\n%s", text)
		case strings.Contains(text, offlineSays):
			offline++
		default:
			byModel++
		}
	}
	calls := int(m.calls.Load())
	t.Logf("%d model calls; %d answers by the model, %d by the offline engine", calls, byModel, offline)
	if calls > burst {
		t.Errorf("%d model calls, want at most the server's burst of %d", calls, burst)
	}
	if calls == 0 {
		t.Error("the model was never called: the test shows nothing")
	}
	if byModel > burst || offline < n-burst {
		t.Errorf("%d answers by the model and %d by the offline engine saying so; want at most %d and at least %d", byModel, offline, burst, n-burst)
	}
}

// TestModelSlotsFullGoOffline: with one model slot taken by a reply the
// model is slow to write, the next questions, by slash command or by
// mention, are written by the offline engine at once, saying the AI is
// busy.
func TestModelSlotsFullGoOffline(t *testing.T) {
	release := make(chan struct{})
	m := newModelServer(t, func(w http.ResponseWriter, r *http.Request, stream bool) {
		<-release
		answersCited(w, r, stream)
	})
	stack := modelStack(t, m)
	h := startBot(t, nil, stack.Service, stack.Store, func(c *bot.Config) {
		c.MaxModelReplies, c.DailyTokenBudget = 1, -1
		// One answer an hour by the model for each member: one sent
		// offline for want of a slot must not spend it.
		c.UserRate, c.UserBurst = rate.Every(time.Hour), 1
	})
	first := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "Who won the Northern Cup?"))
	waitCalls(t, m, 1)
	second := h.srv.SlashCommand(guild, channel, admin, "ask", discordtest.StringOption("question", "Who won the Northern Cup?"))
	if text := embedText(h.waitFinal(t, second.Token)); !strings.Contains(text, "The AI is busy with other questions, "+offlineSays) {
		t.Errorf("second ask while the model slot is taken:\n%s", text)
	}
	// A mention is answered the same way, in its thread.
	msg := h.srv.Message(guild, channel, admin, "Who won the Northern Cup?", true)
	h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+msg.ID+"/messages/") &&
			strings.Contains(embedText(r.Body), "The AI is busy with other questions, "+offlineSays)
	})
	close(release)
	if text := embedText(h.waitFinal(t, first.Token)); strings.Contains(text, offlineSays) {
		t.Errorf("first ask:\n%s", text)
	}
	if n := m.calls.Load(); n != 1 {
		t.Errorf("%d model calls, want 1", n)
	}
	// The admin's answers written offline for want of a slot spent none
	// of their turns. The slot is given back just after the first answer
	// is sent: until then the admin is still told the AI is busy, which
	// spends nothing either.
	for try := 0; ; try++ {
		in := h.srv.SlashCommand(guild, channel, admin, "ask", discordtest.StringOption("question", "Who won the Northern Cup?"))
		text := embedText(h.waitFinal(t, in.Token))
		if strings.Contains(text, "The AI is busy") && try < 50 {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		if strings.Contains(text, offlineSays) {
			t.Errorf("admin's ask once the slot is free (try %d):\n%s", try+1, text)
		}
		break
	}
}

// waitCalls waits until the model got n calls.
func waitCalls(t *testing.T, m *modelServer, n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for m.calls.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("the model got %d calls, want %d", m.calls.Load(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestStatusCommand: /newsbot status shows, privately, the engine, the
// budget left today, the health of the server's feeds (its own and the
// default ones, not another server's) and the articles in its scope.
func TestStatusCommand(t *testing.T) {
	ctx := context.Background()
	samples, err := ingest.SampleArticles()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		model bool
		want  []string
	}{
		{"with a model", true, []string{"AI model `m`", "199,000 of 200,000 tokens left; it renews at 00:00 UTC."}},
		{"offline engine only", false, []string{"Offline engine", "Not needed: the offline engine costs nothing."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stack := sampleStack(t, func() time.Time { return asOf })
			if tt.model {
				stack = modelStack(t, newModelServer(t, answersCited))
			}
			st := stack.Store
			feed := func(url string, failures int, disabled bool) data.Feed {
				f, err := st.AddFeed(ctx, data.Feed{URL: url, Title: url})
				if err != nil {
					t.Fatal(err)
				}
				f.Failures, f.Disabled, f.LastError = failures, disabled, "HTTP 500"
				if err := st.UpdateFeed(ctx, f); err != nil {
					t.Fatal(err)
				}
				return f
			}
			ok, failing, disabled := feed("https://ok.example/feed", 0, false), feed("https://failing.example/feed", 2, false), feed("https://gone.example/feed", 9, true)
			other := feed("https://other.example/feed", 5, true)
			for _, f := range []data.Feed{ok, failing} {
				if err := st.AddGuildFeed(ctx, guild, f.ID); err != nil {
					t.Fatal(err)
				}
			}
			for i, f := range []data.Feed{ok, other, other} {
				a := data.Article{URL: fmt.Sprintf("https://x.example/a%d", i), Title: "A story", Text: "Something happened. It was news.", Published: asOf.Add(-time.Hour), FeedID: f.ID}
				a.Normalize()
				if _, _, err := st.PutArticles(ctx, []data.Article{a}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := st.AddTokenUsage(ctx, guild, asOf.Format("2006-01-02"), 1000); err != nil {
				t.Fatal(err)
			}
			h := startBot(t, nil, stack.Service, st, func(c *bot.Config) { c.DefaultFeedIDs = []int64{disabled.ID} })
			in := h.srv.SlashCommand(guild, channel, alice, "newsbot", discordtest.SubCommand("status"))
			r := h.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, in.Token) && r.Callback() == 5 })
			if flags, _ := r.Body["data"].(map[string]any)["flags"].(float64); int(flags)&64 == 0 {
				t.Error("status is not private")
			}
			text := h.waitReply(t, in.Token)
			want := append(tt.want, "✅ 1 ok · ⚠️ 1 failing · ⛔ 1 disabled",
				fmt.Sprintf("%d to answer from", len(samples)+1))
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("status lacks %q:\n%s", w, text)
				}
			}
			checkNoPings(t, h.srv)
		})
	}
}
