package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/datatest"
)

// sharedStores opens two handles on one new store, as two processes
// would: a fresh schema of NEWSBOT_TEST_DATABASE_URL's PostgreSQL when it
// is set, else one SQLite file.
func sharedStores(t *testing.T) (*data.Store, *data.Store) {
	t.Helper()
	target := filepath.Join(t.TempDir(), "newsbot.db")
	if base := os.Getenv(datatest.Env); base != "" {
		target = datatest.Schema(t, base)
	}
	var stores [2]*data.Store
	for i := range stores {
		s, err := data.Open(context.Background(), target)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	return stores[0], stores[1]
}

// TestThreadOfOneProcessIsFollowedUpByAnother: a server's events reach
// one process at a time, the one of its shard, so a thread's follow-ups
// reach another process only when the shards move. Process A, of shards
// 0-1, answers a question in a thread; the shards then move (both
// processes restart with each other's shards) and process B, with its own
// store connection and memory, answers the follow-up with the thread's
// history and shows the Sources of A's answer.
func TestThreadOfOneProcessIsFollowedUpByAnother(t *testing.T) {
	const servers = 8
	srv := shardedDiscord(t, servers, discordtest.Options{})
	g := -1
	for i := range servers {
		if discordtest.ShardOf(shardGuild(i), 4) < 2 {
			g = i
			break
		}
	}
	if g < 0 {
		t.Fatal("no server on shards 0-1")
	}
	storeA, storeB := sharedStores(t)
	svcA, svcB := newRecordingService(), newRecordingService()
	a := startShards(t, srv, svcA, storeA, 4, []int{0, 1}, nil, nil)
	b := startShards(t, srv, svcB, storeB, 4, []int{2, 3}, nil, nil)
	q := srv.Message(shardGuild(g), shardChannel(g), alice, "what happened at the port?", true)
	first := srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+q.ID+"/messages/") && strings.Contains(embedText(r.Body), "Answer to what happened at the port?")
	})
	buttons := customIDs(first.Body)
	if len(buttons) != 1 || !strings.HasPrefix(buttons[0], "src:") {
		t.Fatalf("buttons of A's answer = %v, want one Sources button", buttons)
	}
	a.shutdown()
	b.shutdown()

	b = startShards(t, srv, svcB, storeB, 4, []int{0, 1}, nil, nil)
	// A, now of shards 2-3, runs too, as it would.
	startShards(t, srv, svcA, storeA, 4, []int{2, 3}, nil, nil)
	srv.Message(shardGuild(g), q.ID, alice, "and when?", false)
	answered(t, srv, q.ID, "Answer to and when?")
	asksA, asksB := svcA.requests(), svcB.requests()
	if len(asksA) != 1 || len(asksB) != 1 {
		t.Fatalf("A answered %d questions and B %d, want 1 each", len(asksA), len(asksB))
	}
	if hist := asksB[0].History; len(hist) != 1 || hist[0].Question != "what happened at the port?" || !strings.Contains(hist[0].Answer, "Answer to what happened") {
		t.Errorf("B's follow-up had history %+v, want A's turn", hist)
	}
	click := srv.ButtonClick(shardGuild(g), q.ID, alice, buttons[0], first.Path[strings.LastIndex(first.Path, "/")+1:])
	if text := embedText(b.waitFinal(t, click.Token)); !strings.Contains(text, "Quoted passages") || !strings.Contains(text, "> Q") {
		t.Errorf("B's Sources of A's answer:\n%s", text)
	}
}
