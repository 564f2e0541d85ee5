package bot_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
)

// answered waits for an edit of a message in channelID that holds want.
func answered(t *testing.T, srv *discordtest.Server, channelID, want string) {
	t.Helper()
	srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+channelID+"/messages/") && strings.Contains(embedText(r.Body), want)
	})
}

func TestThreadConversationSurvivesRestart(t *testing.T) {
	svc := newRecordingService()
	store := openStore(t)
	h := startBot(t, nil, svc, store, nil)
	q := h.srv.Message(guild, channel, alice, "what happened at the port?", true)
	answered(t, h.srv, q.ID, "Answer to what happened at the port?")
	h.shutdown()

	// A new bot over the same store still follows the thread the first
	// one started, with its conversation.
	h2 := startBot(t, h.srv, svc, store, nil)
	h2.srv.Message(guild, q.ID, alice, "and when?", false)
	answered(t, h2.srv, q.ID, "Answer to and when?")
	asks := svc.requests()
	if len(asks) != 2 {
		t.Fatalf("answered %d messages, want 2", len(asks))
	}
	if hist := asks[1].History; len(hist) != 1 || hist[0].Question != "what happened at the port?" ||
		!strings.Contains(hist[0].Answer, "Answer to what happened") {
		t.Errorf("history after restart = %+v, want the first turn", hist)
	}
	// Unmentioned chatter in the channel is still ignored after a restart.
	h2.srv.Message(guild, channel, alice, "just chatting", false)
	h2.srv.Message(guild, q.ID, alice, "one more?", false)
	answered(t, h2.srv, q.ID, "Answer to one more?")
	asks = svc.requests()
	if len(asks) != 3 || len(asks[2].History) != 2 {
		t.Errorf("asks = %+v, want 3 with two earlier turns in the last", asks)
	}
}

func TestSourcesButtonWorksAfterRestart(t *testing.T) {
	svc := newRecordingService()
	store := openStore(t)
	h := startBot(t, nil, svc, store, nil)
	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "Who won?"))
	m := h.waitFinal(t, in.Token)
	ids := customIDs(m)
	if len(ids) != 1 || !strings.HasPrefix(ids[0], "src:") {
		t.Fatalf("buttons = %v, want one Sources button", ids)
	}
	h.shutdown()

	h2 := startBot(t, h.srv, svc, store, nil)
	click := h2.srv.ButtonClick(guild, channel, alice, ids[0], m["id"].(string))
	text := embedText(h2.waitFinal(t, click.Token))
	if !strings.Contains(text, "Quoted passages") || !strings.Contains(text, "[1] T") || !strings.Contains(text, "> Q") {
		t.Errorf("sources after restart:\n%s", text)
	}
	// The new bot's keys do not reuse the first one's.
	in2 := h2.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "Who lost?"))
	if ids2 := customIDs(h2.waitFinal(t, in2.Token)); len(ids2) != 1 || ids2[0] == ids[0] {
		t.Errorf("buttons after restart = %v, first run's = %v", ids2, ids)
	}
}

// TestSourcesButtonReadsOldEntries checks that a Sources button stored
// before sentences' support was kept, as a bare list of citations, still
// shows its quotes.
func TestSourcesButtonReadsOldEntries(t *testing.T) {
	store := openStore(t)
	old := `[{"n":1,"article_id":"a1","url":"https://news.example/1","title":"Port reopens","source":"Valley Post","quote":"The port reopened on Monday."}]`
	if err := store.PutBotSources(context.Background(), "oldkey", []byte(old), 10); err != nil {
		t.Fatal(err)
	}
	h := startBot(t, nil, newRecordingService(), store, nil)
	click := h.srv.ButtonClick(guild, channel, alice, "src:oldkey", "m1")
	text := embedText(h.waitFinal(t, click.Token))
	if !strings.Contains(text, "[1] Port reopens") || !strings.Contains(text, "> The port reopened on Monday.") {
		t.Errorf("old sources entry:\n%s", text)
	}
}

// logBuffer collects a logger's output; the bot logs from many goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// brokenStateStore is the real store, except that every read and write of
// the bot's state fails, as when its tables are gone, and nothing else does.
type brokenStateStore struct{ *data.Store }

var _ bot.Store = brokenStateStore{}

var errStateGone = errors.New("the tables of the bot's state are gone")

func (brokenStateStore) BotThread(context.Context, string) ([]byte, error) { return nil, errStateGone }

func (brokenStateStore) SaveBotThread(context.Context, string, []byte, int) error {
	return errStateGone
}

func (brokenStateStore) BotSources(context.Context, string) ([]byte, error) { return nil, errStateGone }

func (brokenStateStore) PutBotSources(context.Context, string, []byte, int) error {
	return errStateGone
}

func TestBotStateFallsBackToMemoryWhenStoreFails(t *testing.T) {
	svc := newRecordingService()
	store := brokenStateStore{openStore(t)}
	logs := &logBuffer{}
	h := startBot(t, nil, svc, store, func(c *bot.Config) { c.Logger = slog.New(slog.NewTextHandler(logs, nil)) })

	q := h.srv.Message(guild, channel, alice, "what happened at the port?", true)
	answered(t, h.srv, q.ID, "Answer to what happened at the port?")
	h.srv.Message(guild, q.ID, alice, "and when?", false)
	answered(t, h.srv, q.ID, "Answer to and when?")
	if asks := svc.requests(); len(asks) != 2 || len(asks[1].History) != 1 {
		t.Errorf("asks = %+v, want a follow-up with the first turn from memory", asks)
	}

	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "Who won?"))
	m := h.waitFinal(t, in.Token)
	ids := customIDs(m)
	if len(ids) != 1 {
		t.Fatalf("buttons = %v, want one Sources button", ids)
	}
	click := h.srv.ButtonClick(guild, channel, alice, ids[0], m["id"].(string))
	if text := embedText(h.waitFinal(t, click.Token)); !strings.Contains(text, "Quoted passages") {
		t.Errorf("sources from memory:\n%s", text)
	}
	for _, want := range []string{"bot: save thread", "bot: save sources"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("no %q in the log:\n%s", want, logs)
		}
	}
}

// TestNoThreadAnswersOnceInChannel checks that when the bot may not start
// a thread, it answers a mention in the channel itself, but does not take
// the channel for a conversation and answer everyone in it afterwards.
func TestNoThreadAnswersOnceInChannel(t *testing.T) {
	svc := newRecordingService()
	h := startBot(t, nil, svc, openStore(t), nil)
	h.srv.FailWhen(func(r discordtest.Request) bool {
		return r.Method == "POST" && strings.HasSuffix(r.Path, "/threads")
	}, 403, 50013, "Missing Permissions")
	h.srv.Message(guild, channel, alice, "what happened at the port?", true)
	answered(t, h.srv, channel, "Answer to what happened at the port?")
	h.srv.Message(guild, channel, alice, "just chatting", false)
	h.srv.Message(guild, channel, alice, "and the bridge?", true)
	answered(t, h.srv, channel, "Answer to and the bridge?")
	asks := svc.requests()
	if len(asks) != 2 {
		t.Fatalf("answered %d messages, want the 2 mentions only", len(asks))
	}
	if len(asks[1].History) != 0 {
		t.Errorf("the second mention had history %+v, want none: the channel is not a conversation", asks[1].History)
	}
}
