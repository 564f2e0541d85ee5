package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/summarize"
)

// modelServer is an OpenAI-compatible server on loopback whose handler
// answers every chat completion; it counts the requests.
type modelServer struct {
	*httptest.Server
	calls atomic.Int64
}

func newModelServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request, stream bool)) *modelServer {
	t.Helper()
	m := &modelServer{}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Stream bool `json:"stream"`
		}
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &req)
		m.calls.Add(1)
		h(w, r, req.Stream)
	}))
	t.Cleanup(m.Close)
	return m
}

// hangs is a model that accepts the request and never answers: when
// asked to stream it sends one piece first, then stalls.
func hangs(w http.ResponseWriter, r *http.Request, stream bool) {
	if stream {
		w.Header().Set("Content-Type", "text/event-stream")
		b, _ := json.Marshal(map[string]any{"id": "x", "object": "chat.completion.chunk", "created": 1, "model": "m",
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": "The winner of the"}}}})
		fmt.Fprintf(w, "data: %s\n\n", b)
		w.(http.Flusher).Flush()
	}
	<-r.Context().Done()
}

// modelStack is the sample stack answering through the model at m, with
// the retry budget of the defaults: attempts of a minute, retried 3 times.
func modelStack(t *testing.T, m *modelServer) *answerStack {
	t.Helper()
	stack := sampleStack(t, func() time.Time { return asOf })
	llm, err := summarize.NewLLM(summarize.LLMConfig{BaseURL: m.URL + "/v1", Model: "m", Timeout: time.Minute, MaxRetries: 3})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := summarize.New(summarize.Config{Search: stack.Index, Store: stack.Store, LLM: llm, Now: func() time.Time { return asOf }})
	if err != nil {
		t.Fatal(err)
	}
	stack.Service = svc
	return stack
}

const timedOut = "The language model is unavailable (timed out); this answer was extracted from the sources."

// A model that never answers still gets every /ask, mention and thread
// follow-up its extractive answer, saying why, before the reply timeout.
func TestHungModelStillAnswersEverywhere(t *testing.T) {
	m := newModelServer(t, hangs)
	stack := modelStack(t, m)
	h := startBot(t, nil, stack.Service, stack.Store, func(c *bot.Config) {
		c.ReplyTimeout = 2 * time.Second
		c.DailyTokenBudget = -1
	})
	const q = "Who won the Northern Cup?"

	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", q))
	if text := embedText(h.waitFinal(t, in.Token)); !strings.Contains(text, timedOut) || !strings.Contains(text, "[1]") {
		t.Errorf("/ask reply:\n%s", text)
	}

	// final waits for the edit of a placeholder in channelID, other than
	// the one at path not, that says the model timed out.
	final := func(channelID, not string) (path, text string) {
		r := h.srv.WaitFor(t, func(r discordtest.Request) bool {
			return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+channelID+"/messages/") && r.Path != not &&
				strings.Contains(embedText(r.Body), timedOut)
		})
		return r.Path, embedText(r.Body)
	}
	msg := h.srv.Message(guild, channel, alice, q, true)
	first, text := final(msg.ID, "")
	if !strings.Contains(text, "[1]") {
		t.Errorf("mention reply:\n%s", text)
	}
	h.srv.Message(guild, msg.ID, alice, q, false)
	if _, text := final(msg.ID, first); !strings.Contains(text, "[1]") {
		t.Errorf("thread follow-up reply:\n%s", text)
	}
	if n := m.calls.Load(); n != 3 {
		t.Errorf("the model got %d requests, want one per question (no retry past the deadline)", n)
	}
	checkNoPings(t, h.srv)
}

// A reply whose work overran its deadline is still delivered, though the
// deadline's context is gone: before, the "took too long" edit was sent
// with the expired context and never arrived.
func TestReplyPastItsDeadlineIsDelivered(t *testing.T) {
	svc := newRecordingService()
	svc.AskFn = func(ctx context.Context, r summarize.AskRequest) (summarize.Answer, error) {
		<-ctx.Done()
		return summarize.Answer{}, ctx.Err()
	}
	h := startBot(t, nil, svc, openStore(t), func(c *bot.Config) { c.ReplyTimeout = 100 * time.Millisecond })
	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "slow?"))
	if text := h.waitReply(t, in.Token); !strings.Contains(text, "That took too long") {
		t.Errorf("/ask reply: %q", text)
	}
	msg := h.srv.Message(guild, channel, alice, "slow as well?", true)
	h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+msg.ID+"/messages/") && strings.Contains(embedText(r.Body), "That took too long")
	})
}
