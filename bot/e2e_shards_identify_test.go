package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
)

// TestProcessesSharingAStorePaceTheirIdentifiesTogether: Discord allows
// one IDENTIFY per bucket in each window for the whole bot, whichever
// process sends it. Two processes of two shards each, with their own
// handles on one store, start at once with max_concurrency 1 (every shard
// in bucket 0): their four IDENTIFYs reach Discord a window apart, as one
// process's would, and no later than that needs.
func TestProcessesSharingAStorePaceTheirIdentifiesTogether(t *testing.T) {
	// Real time, as the fake Discord stamps the IDENTIFYs with it; a
	// shorter window than Discord's, so that the test takes a second.
	const window = 300 * time.Millisecond
	srv := shardedDiscord(t, 8, discordtest.Options{Shards: 4, MaxConcurrency: 1})
	storeA, storeB := sharedStores(t)
	a := launchShards(t, srv, newRecordingService(), storeA, shardBot{count: 4, ids: []int{0, 1}, wait: bot.Sleep, window: window})
	b := launchShards(t, srv, newRecordingService(), storeB, shardBot{count: 4, ids: []int{2, 3}, wait: bot.Sleep, window: window})
	a.waitReady(t, []int{0, 1})
	b.waitReady(t, []int{2, 3})
	srv.WaitShards(t, 0, 1, 2, 3)

	log := srv.IdentifyLog()
	if len(log) != 4 {
		t.Fatalf("%d IDENTIFYs, want 4: %+v", len(log), log)
	}
	seen := map[int]bool{}
	for i, id := range log {
		seen[id.Shard] = true
		if id.Bucket != 0 {
			t.Errorf("shard %d identified in bucket %d, want 0 (max_concurrency 1)", id.Shard, id.Bucket)
		}
		if i == 0 {
			continue
		}
		if gap := id.At.Sub(log[i-1].At); gap < window {
			t.Errorf("shard %d identified %v after shard %d, within the %v window", id.Shard, gap, log[i-1].Shard, window)
		}
	}
	if len(seen) != 4 {
		t.Errorf("IDENTIFYs of shards %v, want 0 to 3 once each", seen)
	}
	// A claim is released once its IDENTIFY is answered, so the other
	// process goes a window later, not when the claim's minute is up.
	if span := log[3].At.Sub(log[0].At); span > 20*window {
		t.Errorf("the four IDENTIFYs took %v, want about 3 windows (%v)", span, 3*window)
	}
}

// failingIdentifyStore is the real store, except that claiming an
// IDENTIFY fails, as when the database is unreachable or its table is
// gone.
type failingIdentifyStore struct{ *data.Store }

var errIdentifyGone = errors.New("the IDENTIFY buckets are gone")

func (failingIdentifyStore) ClaimIdentify(context.Context, int, string, time.Time, time.Duration) (time.Duration, error) {
	return 0, errIdentifyGone
}

// TestIdentifiesArePacedInProcessWhenTheStoreFails: a store that cannot
// pace the IDENTIFYs does not keep the bot from connecting; it paces its
// own shards' as it would alone, and says so.
func TestIdentifiesArePacedInProcessWhenTheStoreFails(t *testing.T) {
	clk := newClock(asOf)
	srv := shardedDiscord(t, 8, discordtest.Options{Shards: 4, MaxConcurrency: 1, Now: clk.Now})
	wait := func(_ context.Context, d time.Duration) error {
		clk.Add(d)
		return nil
	}
	var logs logBuffer
	h := launchShards(t, srv, newRecordingService(), failingIdentifyStore{openStore(t)}, shardBot{
		count: 4, ids: []int{0, 1}, now: clk.Now, wait: wait,
		logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	h.waitReady(t, []int{0, 1})
	log := srv.IdentifyLog()
	if len(log) != 2 {
		t.Fatalf("%d IDENTIFYs, want 2: %+v", len(log), log)
	}
	if gap := log[1].At.Sub(log[0].At); gap != 5*time.Second {
		t.Errorf("shard 1 identified %v after shard 0, want Discord's 5s", gap)
	}
	if got := logs.String(); strings.Count(got, "pacing this process's only") != 2 || !strings.Contains(got, errIdentifyGone.Error()) {
		t.Errorf("log does not say, for each shard, that the store could not pace it:\n%s", got)
	}
}

// TestAProcessOfEveryShardPacesItsOwnIdentifies: with no other process to
// pace them with, the IDENTIFYs do not go through the store.
func TestAProcessOfEveryShardPacesItsOwnIdentifies(t *testing.T) {
	clk := newClock(asOf)
	srv := shardedDiscord(t, 8, discordtest.Options{Shards: 2, MaxConcurrency: 1, Now: clk.Now})
	wait := func(_ context.Context, d time.Duration) error {
		clk.Add(d)
		return nil
	}
	var logs logBuffer
	h := launchShards(t, srv, newRecordingService(), failingIdentifyStore{openStore(t)}, shardBot{
		count: 2, now: clk.Now, wait: wait,
		logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	h.waitReady(t, nil)
	if log := srv.IdentifyLog(); len(log) != 2 || log[1].At.Sub(log[0].At) != 5*time.Second {
		t.Errorf("IDENTIFYs %+v, want shards 0 and 1, 5s apart", log)
	}
	if got := logs.String(); strings.Contains(got, "IDENTIFY") {
		t.Errorf("a process of every shard asked the store to pace its IDENTIFYs:\n%s", got)
	}
}
