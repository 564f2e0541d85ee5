package bot_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
)

// answers is a model that answers every request at once.
func answers(w http.ResponseWriter, r *http.Request, stream bool) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id": "x", "object": "chat.completion", "created": 1, "model": "m",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": "The story is about the news [1]."}}},
		"usage": map[string]any{"prompt_tokens": 90, "completion_tokens": 10, "total_tokens": 100},
	})
}

// threadsStarted counts the threads the bot asked the fake to start.
func threadsStarted(srv *discordtest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/threads") && r.Status < 300 {
			n++
		}
	}
	return n
}

func TestStoryButtonIsScopedRateLimitedAndOpensOneThread(t *testing.T) {
	ctx := context.Background()
	m := newModelServer(t, answers)
	stack := modelStack(t, m)
	// An article from a feed this server does not follow.
	other, err := stack.Store.AddFeed(ctx, data.Feed{URL: "https://elsewhere.example/feed.xml", Title: "Elsewhere"})
	if err != nil {
		t.Fatal(err)
	}
	foreign := data.Article{URL: "https://elsewhere.example/a", Title: "Elsewhere news", Text: "Something happened elsewhere. It was news.",
		Published: asOf.Add(-time.Hour), FeedID: other.ID}
	foreign.Normalize()
	if _, _, err := stack.Store.PutArticles(ctx, []data.Article{foreign}); err != nil {
		t.Fatal(err)
	}
	heads, err := stack.Store.Headlines(ctx, "", nil, 50)
	if err != nil {
		t.Fatal(err)
	}
	var local string
	for _, a := range heads {
		if a.FeedID == 0 {
			local = a.ID
			break
		}
	}
	if local == "" {
		t.Fatal("no sample article in feed 0")
	}
	h := startBot(t, nil, stack.Service, stack.Store, func(c *bot.Config) {
		c.UserRate, c.UserBurst = 0.1, 2 // two at once, then one per 10s
		c.DailyTokenBudget = -1
	})
	msgID := "910000000000000001"

	// A crafted button carrying an article ID from outside the scope: for
	// this server the article is not there at all; a short private reply,
	// no model call, no thread.
	click := h.srv.ButtonClick(guild, channel, alice, "story:"+foreign.ID, msgID)
	if text := h.waitReply(t, click.Token); !strings.Contains(text, "no longer in my index") {
		t.Errorf("out-of-scope story: %q", text)
	}
	if n := m.calls.Load(); n != 0 {
		t.Errorf("the model was called %d times for an article out of scope", n)
	}

	// The real story opens one thread.
	click = h.srv.ButtonClick(guild, channel, alice, "story:"+local, msgID)
	if text := h.waitReply(t, click.Token); !strings.Contains(text, "I started a thread about this story") {
		t.Fatalf("story: %q", text)
	}
	// Clicking again at once is over the member's rate, like /ask: not
	// refused, and no model call; the story has its thread already.
	click = h.srv.ButtonClick(guild, channel, alice, "story:"+local, msgID)
	if text := h.waitReply(t, click.Token); !strings.Contains(text, "There is a thread about this story already: <#") {
		t.Errorf("quick second click: %q", text)
	}
	// Later, another member's click is pointed to the thread already open.
	h.clock.Add(time.Minute)
	click = h.srv.ButtonClick(guild, channel, admin, "story:"+local, msgID)
	if text := h.waitReply(t, click.Token); !strings.Contains(text, "There is a thread about this story already: <#") {
		t.Errorf("click on a story with a thread: %q", text)
	}
	if n, th := m.calls.Load(), threadsStarted(h.srv); n != 1 || th != 1 {
		t.Errorf("%d model calls and %d threads for one story, want 1 and 1", n, th)
	}
	checkNoPings(t, h.srv)
}
