package bot_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
)

// shardedGuilds is how many servers the two-process tests spread over
// the shards.
const shardedGuilds = 200

// shardGuild is the i-th server of a sharded test: a snowflake whose
// timestamp bits are i, so that the servers fall on every shard.
func shardGuild(i int) string { return strconv.FormatUint(uint64(i+1)<<22|9, 10) }

// shardChannel is the i-th server's text channel.
func shardChannel(i int) string { return strconv.Itoa(610000000000000000 + i) }

// shardedDiscord is a fake Discord with n servers, a channel in each.
func shardedDiscord(t *testing.T, n int, o discordtest.Options) *discordtest.Server {
	t.Helper()
	for i := range n {
		o.Guilds = append(o.Guilds, shardGuild(i))
	}
	srv := discordtest.New(t, o)
	for i := range n {
		srv.AddChannel(shardGuild(i), shardChannel(i), "news")
	}
	return srv
}

// startShards runs a bot of shards ids of count (ids nil: all) against
// srv, with its IDENTIFYs paced by wait, and returns it once it is ready.
// With wait nil they are not paced, so that no test sleeps: the window
// between two IDENTIFYs of a bucket is 0, and a bucket that another bot
// of the store is identifying in is asked for again every millisecond.
func startShards(t *testing.T, srv *discordtest.Server, svc bot.Service, store bot.Store, count int, ids []int, now func() time.Time, wait func(context.Context, time.Duration) error) *harness {
	t.Helper()
	h := launchShards(t, srv, svc, store, shardBot{count: count, ids: ids, now: now, wait: wait})
	h.waitReady(t, ids)
	return h
}

// shardBot is how launchShards starts a bot: of shards ids of count, with
// the clock now, IDENTIFYs paced by wait and a window apart (0: Discord's
// 5s; any window when wait is nil), logging to logger (nil: nowhere).
type shardBot struct {
	count  int
	ids    []int
	now    func() time.Time
	wait   func(context.Context, time.Duration) error
	window time.Duration
	logger *slog.Logger
	// tweak changes the bot's configuration (nil: none).
	tweak func(*bot.Config)
}

// launchShards starts a bot as startShards does and returns it at once.
func launchShards(t *testing.T, srv *discordtest.Server, svc bot.Service, store bot.Store, o shardBot) *harness {
	t.Helper()
	cfg := bot.Config{
		Token: discordtest.DefaultToken, HTTPClient: srv.HTTPClient(), Now: o.now, Logger: o.logger,
		DigestEvery: -1, AlertEvery: -1, UserRate: -1, GuildRate: -1, MaxConcurrent: -1,
		ShardCount: o.count, ShardIDs: o.ids,
	}
	if o.tweak != nil {
		o.tweak(&cfg)
	}
	b, err := bot.New(cfg, svc, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	wait := o.wait
	switch {
	case wait == nil:
		wait = func(context.Context, time.Duration) error {
			time.Sleep(time.Millisecond)
			return nil
		}
		b.SetIdentifyWindow(0)
	case o.window > 0:
		b.SetIdentifyWindow(o.window)
	}
	b.SetIdentifyWait(wait)
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{srv: srv, bot: b, store: store, stop: cancel, done: make(chan error, 1)}
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(h.shutdown)
	return h
}

// waitReady waits for the bot of shards ids to be ready; it fails t when
// Run stops first, or after 20s.
func (h *harness) waitReady(t *testing.T, ids []int) {
	t.Helper()
	select {
	case <-h.bot.Ready():
	case err := <-h.done:
		h.done <- err
		t.Fatalf("bot of shards %v stopped before ready: %v", ids, err)
	case <-time.After(20 * time.Second):
		t.Fatalf("bot of shards %v not ready after 20s", ids)
	}
}

// shardQuestion is the question asked in the i-th server.
func shardQuestion(i int) string {
	return fmt.Sprintf("What happened to the Eastgate bridge, server %d?", i)
}

func TestOneProcessRunsTwoShards(t *testing.T) {
	srv := shardedDiscord(t, 4, discordtest.Options{})
	svc := newRecordingService()
	h := startShards(t, srv, svc, openStore(t), 2, nil, nil, nil)
	srv.WaitShards(t, 0, 1)
	var got [][2]int
	for _, id := range srv.IdentifyLog() {
		got = append(got, [2]int{id.Shard, id.ShardCount})
	}
	if want := [][2]int{{0, 2}, {1, 2}}; !slices.Equal(got, want) {
		t.Errorf("IDENTIFYs %v, want %v", got, want)
	}
	if !h.bot.Connected() {
		t.Error("Connected() = false with both shards up")
	}
	// Servers 0 and 1 are on different shards; each one's mention and
	// slash command is answered.
	if discordtest.ShardOf(shardGuild(0), 2) == discordtest.ShardOf(shardGuild(1), 2) {
		t.Fatal("the test's servers share a shard")
	}
	for i := range 2 {
		q := srv.Message(shardGuild(i), shardChannel(i), alice, "what happened at the port?", true)
		answered(t, srv, q.ID, "Answer to what happened at the port?")
		in := srv.SlashCommand(shardGuild(i), shardChannel(i), alice, "ask", discordtest.StringOption("question", "who won?"))
		if text := h.waitReply(t, in.Token); !strings.Contains(text, "Answer to who won?") {
			t.Errorf("server %d: /ask answered %q", i, text)
		}
	}
	if n := srv.CommandRegistrations(); n != 1 || len(srv.Commands("")) != 8 {
		t.Errorf("%d command registrations, %d global commands; want 1 and 8", n, len(srv.Commands("")))
	}
	h.shutdown()
	if h.err != nil {
		t.Errorf("Run = %v", h.err)
	}
}

func TestTwoProcessesOfTwoShardsAnswerEachServerOnce(t *testing.T) {
	srv := shardedDiscord(t, shardedGuilds, discordtest.Options{MaxConcurrency: 2})
	// Two processes share the store and the index, as they would share a
	// database.
	stack := sampleStack(t, func() time.Time { return asOf })
	a, b := &askRecorder{Service: stack.Service}, &askRecorder{Service: stack.Service}
	startShards(t, srv, a, stack.Store, 4, []int{0, 1}, nil, nil)
	startShards(t, srv, b, stack.Store, 4, []int{2, 3}, nil, nil)
	srv.WaitShards(t, 0, 1, 2, 3)

	var wantA, wantB []string
	perShard := map[int]int{}
	for i := range shardedGuilds {
		shard := discordtest.ShardOf(shardGuild(i), 4)
		perShard[shard]++
		if shard < 2 {
			wantA = append(wantA, shardQuestion(i))
		} else {
			wantB = append(wantB, shardQuestion(i))
		}
	}
	if len(perShard) != 4 {
		t.Fatalf("servers on shards %v, want all four", perShard)
	}
	var threads []string
	for i := range shardedGuilds {
		threads = append(threads, srv.Message(shardGuild(i), shardChannel(i), alice, shardQuestion(i), true).ID)
	}
	for _, th := range threads {
		answered(t, srv, th, "Searched")
	}
	slices.Sort(wantA)
	slices.Sort(wantB)
	if got := slices.Sorted(slices.Values(a.asked())); !slices.Equal(got, wantA) {
		t.Errorf("the bot of shards 0-1 answered %d questions, want the %d of its servers", len(got), len(wantA))
	}
	if got := slices.Sorted(slices.Values(b.asked())); !slices.Equal(got, wantB) {
		t.Errorf("the bot of shards 2-3 answered %d questions, want the %d of its servers", len(got), len(wantB))
	}
	if n := threadsStarted(srv); n != shardedGuilds {
		t.Errorf("%d threads started, want one per server (%d)", n, shardedGuilds)
	}
	// Only the process that runs shard 0 registers the commands.
	if n := srv.CommandRegistrations(); n != 1 {
		t.Errorf("commands registered %d times, want once", n)
	}
	if n := srv.ShardCount(); n != 4 {
		t.Errorf("shard count %d, want 4", n)
	}
}

func TestAutoShardsPickTheRecommendedCountAndPaceIdentifies(t *testing.T) {
	tests := []struct {
		shards, maxConcurrency int
		// offsets are when each shard identifies, from the first.
		offsets []time.Duration
	}{
		{4, 2, []time.Duration{0, 0, 5 * time.Second, 5 * time.Second}},
		{3, 1, []time.Duration{0, 5 * time.Second, 10 * time.Second}},
		{3, 16, []time.Duration{0, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d shards, max_concurrency %d", tc.shards, tc.maxConcurrency), func(t *testing.T) {
			clk := newClock(asOf)
			srv := shardedDiscord(t, 8, discordtest.Options{Shards: tc.shards, MaxConcurrency: tc.maxConcurrency, Now: clk.Now})
			var mu sync.Mutex
			var waited time.Duration
			wait := func(_ context.Context, d time.Duration) error {
				mu.Lock()
				waited += d
				mu.Unlock()
				clk.Add(d)
				return nil
			}
			startShards(t, srv, newRecordingService(), openStore(t), bot.AutoShards, nil, clk.Now, wait)
			log := srv.IdentifyLog()
			if len(log) != tc.shards {
				t.Fatalf("%d IDENTIFYs, want %d: %+v", len(log), tc.shards, log)
			}
			for i, id := range log {
				if id.Shard != i || id.ShardCount != tc.shards {
					t.Errorf("IDENTIFY %d is [%d, %d], want [%d, %d]", i, id.Shard, id.ShardCount, i, tc.shards)
				}
				if got := id.At.Sub(log[0].At); got != tc.offsets[i] {
					t.Errorf("shard %d identified at +%v, want +%v", i, got, tc.offsets[i])
				}
			}
			// Discord's rule, checked on the fake's record: one IDENTIFY per
			// bucket in 5s.
			last := map[int]time.Time{}
			for _, id := range log {
				if prev, ok := last[id.Bucket]; ok && id.At.Sub(prev) < 5*time.Second {
					t.Errorf("bucket %d identified twice within %v", id.Bucket, id.At.Sub(prev))
				}
				last[id.Bucket] = id.At
			}
			mu.Lock()
			defer mu.Unlock()
			if want := tc.offsets[len(tc.offsets)-1]; waited != want {
				t.Errorf("waited %v in all, want %v", waited, want)
			}
		})
	}
}

func TestScheduledDigestIsPostedOnceByTheServersShard(t *testing.T) {
	const servers = 40
	ctx := context.Background()
	srv := shardedDiscord(t, servers, discordtest.Options{})
	store := openStore(t)
	for i := range servers {
		if err := store.SetDigestSchedule(ctx, data.DigestSchedule{GuildID: shardGuild(i), ChannelID: shardChannel(i), Clock: "08:00", TimeZone: "UTC", CreatedBy: admin.ID}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	var builtA, builtB int
	svcA, svcB := newRecordingService(), newRecordingService()
	svcA.DigestFn, svcB.DigestFn = oneStoryDigest(&builtA, &mu), oneStoryDigest(&builtB, &mu)
	now := func() time.Time { return asOf }
	a := startShards(t, srv, svcA, store, 4, []int{0, 1}, now, nil)
	b := startShards(t, srv, svcB, store, 4, []int{2, 3}, now, nil)
	ownA := 0
	for i := range servers {
		if discordtest.ShardOf(shardGuild(i), 4) < 2 {
			ownA++
		}
	}
	if ownA == 0 || ownA == servers {
		t.Fatalf("%d of %d servers on shards 0-1; want both processes to have some", ownA, servers)
	}
	slot := time.Date(2026, 11, 26, 8, 0, 20, 0, time.UTC)
	// The second process ticks first: it must leave the first's servers
	// to it, though the store would let it claim them.
	if n := b.bot.TickDigests(ctx, slot); n != servers-ownA {
		t.Errorf("the bot of shards 2-3 posted %d digests, want %d", n, servers-ownA)
	}
	if n := a.bot.TickDigests(ctx, slot); n != ownA {
		t.Errorf("the bot of shards 0-1 posted %d digests, want %d", n, ownA)
	}
	if n := a.bot.TickDigests(ctx, slot.Add(time.Minute)) + b.bot.TickDigests(ctx, slot.Add(time.Minute)); n != 0 {
		t.Errorf("%d digests posted again a minute later", n)
	}
	for i := range servers {
		if msgs := srv.ChannelMessages(shardChannel(i)); len(msgs) != 1 {
			t.Errorf("server %d: %d digest messages, want 1", i, len(msgs))
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if builtA != ownA || builtB != servers-ownA {
		t.Errorf("digests built %d and %d, want %d and %d", builtA, builtB, ownA, servers-ownA)
	}
}

func TestTooManyServersForOneShardIsOneClearError(t *testing.T) {
	srv := shardedDiscord(t, 3, discordtest.Options{MaxGuildsPerShard: 2})
	b, err := bot.New(bot.Config{Token: discordtest.DefaultToken, HTTPClient: srv.HTTPClient(), DigestEvery: -1, AlertEvery: -1}, newRecordingService(), openStore(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Run(ctx); !errors.Is(err, bot.ErrShardingRequired) || !strings.Contains(err.Error(), "NEWSBOT_SHARDS") {
		t.Errorf("Run = %v, want ErrShardingRequired naming NEWSBOT_SHARDS", err)
	}
}

func TestShardSettingsAreChecked(t *testing.T) {
	tests := []struct {
		count int
		ids   []int
		want  string // "" for valid
	}{
		{0, nil, ""},
		{4, []int{2, 3}, ""},
		{bot.AutoShards, nil, ""},
		{2, []int{2}, "NEWSBOT_SHARD_IDS has shard 2; with NEWSBOT_SHARDS=2 the shards are 0 to 1"},
		{0, []int{1}, "NEWSBOT_SHARD_IDS has shard 1; with NEWSBOT_SHARDS=1"},
		{4, []int{1, 1}, "shard 1 twice"},
		{bot.AutoShards, []int{0}, "NEWSBOT_SHARD_IDS needs NEWSBOT_SHARDS to be a number"},
		{-5, nil, "NEWSBOT_SHARDS"},
	}
	for _, tc := range tests {
		err := bot.Config{Token: "t", ShardCount: tc.count, ShardIDs: tc.ids}.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%d shards, ids %v: %v", tc.count, tc.ids, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%d shards, ids %v: %v, want %q", tc.count, tc.ids, err, tc.want)
		}
	}
}

func TestShardsAfterTheFirstDoNotAskForARefusedIntent(t *testing.T) {
	srv := shardedDiscord(t, 2, discordtest.Options{MessageContentDenied: true})
	startShards(t, srv, newRecordingService(), openStore(t), 2, nil, nil, nil)
	var got [][2]int
	for _, id := range srv.IdentifyLog() {
		got = append(got, [2]int{id.Shard, id.ShardCount})
	}
	// Shard 0 asks, is refused (4014) and identifies again without Message
	// Content; shard 1 identifies once.
	if want := [][2]int{{0, 2}, {0, 2}, {1, 2}}; !slices.Equal(got, want) {
		t.Errorf("IDENTIFYs %v, want %v", got, want)
	}
	id, _ := srv.LastIdentify()
	if int64(id["intents"].(float64))&int64(discordgo.IntentMessageContent) != 0 {
		t.Errorf("shard 1 asked for Message Content: intents %v", id["intents"])
	}
}
