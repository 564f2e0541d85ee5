package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
)

// memberWait is the footer of an answer written by the offline engine
// because the member asked too quickly.
const memberWait = "You're asking quickly, so this answer quotes the articles directly; the AI answers you again in "

// modelService is a recordingService whose answers a model writes, so
// that the bot asks the rate limits for them.
func modelService() *recordingService {
	s := newRecordingService()
	s.ModelName = "test-model"
	return s
}

// askedByModel reports whether the last question svc got went to the
// model rather than the offline engine.
func askedByModel(t *testing.T, svc *recordingService) bool {
	t.Helper()
	reqs := svc.requests()
	if len(reqs) == 0 {
		t.Fatal("no question reached the service")
	}
	return !reqs[len(reqs)-1].Extractive
}

// TestMemberRateIsSharedByProcesses: a member may have one answer an hour
// by the model. Having had it from process A, of shards 0-1, they ask in
// a server of process B, of shards 2-3, over the same store: B's offline
// engine answers, naming the wait, while another member in that server
// still gets the model. With each process's own buckets B would have let
// the member through. On PostgreSQL when NEWSBOT_TEST_DATABASE_URL is
// set, else on one SQLite file.
func TestMemberRateIsSharedByProcesses(t *testing.T) {
	const servers = 8
	srv := shardedDiscord(t, servers, discordtest.Options{})
	gA, gB := -1, -1
	for i := range servers {
		if discordtest.ShardOf(shardGuild(i), 4) < 2 {
			gA = max(gA, i)
		} else {
			gB = max(gB, i)
		}
	}
	if gA < 0 || gB < 0 {
		t.Fatal("no server on each process's shards")
	}
	storeA, storeB := sharedStores(t)
	now := func() time.Time { return asOf }
	limits := func(c *bot.Config) {
		c.UserRate, c.UserBurst, c.DailyTokenBudget = rate.Every(time.Hour), 1, -1
	}
	svcA, svcB := modelService(), modelService()
	a := launchShards(t, srv, svcA, storeA, shardBot{count: 4, ids: []int{0, 1}, now: now, tweak: limits})
	b := launchShards(t, srv, svcB, storeB, shardBot{count: 4, ids: []int{2, 3}, now: now, tweak: limits})
	a.waitReady(t, []int{0, 1})
	b.waitReady(t, []int{2, 3})
	ask := func(h *harness, svc *recordingService, g int, who discordtest.UserSpec) (string, bool) {
		t.Helper()
		in := srv.SlashCommand(shardGuild(g), shardChannel(g), who, "ask", discordtest.StringOption("question", "what happened at the port?"))
		return embedText(h.waitFinal(t, in.Token)), askedByModel(t, svc)
	}
	if text, model := ask(a, svcA, gA, alice); !model || strings.Contains(text, offlineSays) {
		t.Fatalf("alice's first question, in A: by the model %v\n%s", model, text)
	}
	if text, model := ask(b, svcB, gB, alice); model || !strings.Contains(text, memberWait+"3600 s.") {
		t.Errorf("alice's second question, in B, within the hour: by the model %v\n%s", model, text)
	}
	if text, model := ask(b, svcB, gB, admin); !model || strings.Contains(text, offlineSays) {
		t.Errorf("another member's question in B: by the model %v\n%s", model, text)
	}
}

// brokenRateStore is the real store, except that its rate limits fail,
// as when their table is gone or the database is unreachable.
type brokenRateStore struct{ *data.Store }

var _ bot.Store = brokenRateStore{}

func (brokenRateStore) TakeTokens(context.Context, time.Time, ...data.Bucket) (int, time.Duration, error) {
	return -1, 0, errors.New("the rate limits' table is gone")
}

// TestRateLimitsFallBackToProcessWhenStoreFails: with the store's buckets
// failing, questions are still answered, the process's own buckets keep
// the limit, and the failure is logged.
func TestRateLimitsFallBackToProcessWhenStoreFails(t *testing.T) {
	svc := modelService()
	logs := &logBuffer{}
	h := startBot(t, nil, svc, brokenRateStore{openStore(t)}, func(c *bot.Config) {
		c.UserRate, c.UserBurst, c.DailyTokenBudget = rate.Every(time.Hour), 1, -1
		c.Logger = slog.New(slog.NewTextHandler(logs, nil))
	})
	ask := func() string {
		in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "what happened at the port?"))
		return embedText(h.waitFinal(t, in.Token))
	}
	if text := ask(); !askedByModel(t, svc) || strings.Contains(text, offlineSays) {
		t.Fatalf("first question with the store's limits failing:\n%s", text)
	}
	if text := ask(); askedByModel(t, svc) || !strings.Contains(text, memberWait+"3600 s.") {
		t.Errorf("second question at once, the process's bucket spent:\n%s", text)
	}
	if got := logs.String(); !strings.Contains(got, "shared rate limits failed") || !strings.Contains(got, "the rate limits' table is gone") {
		t.Errorf("the failure is not logged:\n%s", got)
	}
}
