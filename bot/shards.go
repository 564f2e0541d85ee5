package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// AutoShards is Config.ShardCount asking for the shard count that Discord
// recommends (GET /gateway/bot).
const AutoShards = -1

// identifyWindow is Discord's IDENTIFY rate limit: one IDENTIFY per
// bucket (shard_id % max_concurrency) in each window, across every
// process of the bot.
const identifyWindow = 5 * time.Second

// ErrShardingRequired is returned by Run when Discord refuses a shard
// that would hold too many servers (close 4011).
var ErrShardingRequired = errors.New("bot: Discord requires more shards for this many servers (close 4011); set NEWSBOT_SHARDS=auto, or a larger count in every process")

// ErrInvalidShard is returned by Run when Discord refuses the shard the
// bot identified with (close 4010).
var ErrInvalidShard = errors.New("bot: Discord refused the shard (close 4010); NEWSBOT_SHARDS must be the same in every process of the bot, and NEWSBOT_SHARD_IDS below it")

// shardPlan is the shards one process runs: ids, sorted, of count.
type shardPlan struct {
	count int
	ids   []int
}

// shardOf is the shard of count that Discord routes a server's events to:
// (guild_id >> 22) % count. DMs (no server) and IDs that are not
// snowflakes are shard 0.
func shardOf(guildID string, count int) int {
	if count < 2 {
		return 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// owns reports whether the server's events reach this process, so that the
// work the bot starts itself for it (digests, alerts) is its to do. Feed
// notices are not filtered by it: the feed's poller, unique through its
// lease, tells every server.
func (p shardPlan) owns(guildID string) bool {
	return p.count < 2 || slices.Contains(p.ids, shardOf(guildID, p.count))
}

// registersCommands reports whether this process registers the commands:
// the one that runs shard 0, so that they are registered once.
func (p shardPlan) registersCommands() bool { return slices.Contains(p.ids, 0) }

// validateShards checks ShardCount and ShardIDs, naming the variables.
func (c Config) validateShards() error {
	switch {
	case c.ShardCount < AutoShards:
		return fmt.Errorf("bot: NEWSBOT_SHARDS is %d; it must be auto or a number of shards, at least 1", c.ShardCount)
	case c.ShardCount == AutoShards && len(c.ShardIDs) > 0:
		return errors.New("bot: NEWSBOT_SHARD_IDS needs NEWSBOT_SHARDS to be a number: with auto the count is not known until Discord says, so neither are the shards")
	}
	count := max(c.ShardCount, 1)
	seen := map[int]bool{}
	for _, id := range c.ShardIDs {
		if id < 0 || id >= count {
			return fmt.Errorf("bot: NEWSBOT_SHARD_IDS has shard %d; with NEWSBOT_SHARDS=%d the shards are 0 to %d", id, count, count-1)
		}
		if seen[id] {
			return fmt.Errorf("bot: NEWSBOT_SHARD_IDS has shard %d twice", id)
		}
		seen[id] = true
	}
	return nil
}

// planShards decides the shards to run and max_concurrency. One shard,
// the default, asks Discord nothing; otherwise GET /gateway/bot gives
// max_concurrency and, with AutoShards, the count.
func (c Config) planShards(ctx context.Context, s *discordgo.Session) (shardPlan, int, error) {
	count := max(c.ShardCount, 1)
	if c.ShardCount != AutoShards && (count == 1 || len(c.ShardIDs) == 1) {
		return shardPlan{count: count, ids: c.shardIDs(count)}, 1, nil
	}
	gb, err := s.GatewayBot(discordgo.WithContext(ctx))
	if err != nil {
		return shardPlan{}, 0, fmt.Errorf("bot: ask Discord for the shard count: %w", err)
	}
	if c.ShardCount == AutoShards {
		count = max(gb.Shards, 1)
	}
	return shardPlan{count: count, ids: c.shardIDs(count)}, max(gb.SessionStartLimit.MaxConcurrency, 1), nil
}

// shardIDs are ShardIDs sorted, or every shard of count when none are set.
func (c Config) shardIDs(count int) []int {
	if len(c.ShardIDs) > 0 {
		return slices.Sorted(slices.Values(c.ShardIDs))
	}
	ids := make([]int, count)
	for i := range ids {
		ids[i] = i
	}
	return ids
}

// identifyHold bounds a process's claim on an IDENTIFY bucket in the
// store: far longer than opening a gateway session takes, and what a
// process that dies holding a claim makes the others wait at most.
const identifyHold = time.Minute

// identifyStoreTimeout bounds each claim and release in the store, so that
// a store that hangs, like one that fails, leaves the process to pace its
// own IDENTIFYs rather than not connect.
const identifyStoreTimeout = 10 * time.Second

// IdentifyStore paces the IDENTIFYs of the processes of one bot that share
// the store; *data.Store implements it.
type IdentifyStore interface {
	// ClaimIdentify leases the bucket's next IDENTIFY to owner until
	// now+hold, when the bucket is free at now. It returns zero when owner
	// holds the lease, and otherwise how long the bucket stays held or
	// resting at most. It fails for an empty owner or a hold that is not
	// positive; other errors are the store's.
	ClaimIdentify(ctx context.Context, bucket int, owner string, now time.Time, hold time.Duration) (time.Duration, error)
	// ReleaseIdentify ends owner's lease on the bucket, whose next
	// IDENTIFY may be at next; a lease owner no longer holds is left
	// alone. It fails for an empty owner; other errors are the store's.
	ReleaseIdentify(ctx context.Context, bucket int, owner string, next time.Time) error
}

// identifyPacer spaces the IDENTIFYs as Discord asks: in each bucket
// (shard_id % max_concurrency) one per window, so at most max_concurrency
// in a window. A process that runs only some of the shards paces them with
// the other processes' through the store (shared); one that runs them all,
// or whose store fails, paces its own only (last).
type identifyPacer struct {
	buckets int
	window  time.Duration
	now     func() time.Time
	wait    func(ctx context.Context, d time.Duration) error
	logger  *slog.Logger
	last    map[int]time.Time // by bucket: when its last IDENTIFY was answered
	// shared, when set, is the store through which the pacer claims the
	// buckets, as owner; held are the buckets it holds a claim on.
	shared IdentifyStore
	owner  string
	held   map[int]bool
}

// newIdentifyPacer returns the pacer of plan's IDENTIFYs in buckets,
// through store when other processes run the plan's other shards.
func (b *Bot) newIdentifyPacer(plan shardPlan, buckets int, store IdentifyStore) *identifyPacer {
	p := &identifyPacer{buckets: buckets, window: b.identifyWindow, now: b.cfg.Now, wait: b.wait, logger: b.cfg.Logger, last: map[int]time.Time{}}
	if store != nil && len(plan.ids) < plan.count {
		p.shared, p.owner, p.held = store, rand.Text(), map[int]bool{}
	}
	return p
}

// before waits until shard may identify. When the store fails, it paces
// shard with this process's IDENTIFYs only, rather than not connect.
func (p *identifyPacer) before(ctx context.Context, shard int) error {
	bucket := shard % p.buckets
	if p.shared != nil {
		err := p.claim(ctx, bucket)
		if err == nil {
			p.held[bucket] = true
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		p.logger.WarnContext(ctx, "bot: could not pace the IDENTIFY with the other processes through the store; pacing this process's only",
			"shard_id", shard, "err", err)
	}
	if t, ok := p.last[bucket]; ok {
		if d := p.window - p.now().Sub(t); d > 0 {
			return p.wait(ctx, d)
		}
	}
	return nil
}

// claim waits until the store leases the bucket to the pacer.
func (p *identifyPacer) claim(ctx context.Context, bucket int) error {
	for {
		claimCtx, cancel := context.WithTimeout(ctx, identifyStoreTimeout)
		wait, err := p.shared.ClaimIdentify(claimCtx, bucket, p.owner, p.now(), identifyHold)
		cancel()
		if err != nil || wait <= 0 {
			return err
		}
		// A held bucket rests for a window after its release, so it is
		// free no sooner than a window from now: asking again then loses
		// nothing, and spares waiting out the hold of a claim released
		// early, as claims are.
		if err := p.wait(ctx, min(wait, p.window)); err != nil {
			return err
		}
	}
}

// done records that shard's IDENTIFY was answered (READY, or refused), and
// releases its bucket's claim to rest for a window from now.
func (p *identifyPacer) done(ctx context.Context, shard int) {
	bucket := shard % p.buckets
	now := p.now()
	p.last[bucket] = now
	if !p.held[bucket] {
		return
	}
	delete(p.held, bucket)
	// Released also when Run is stopping, or the others wait out the hold.
	releaseCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), identifyStoreTimeout)
	defer cancel()
	if err := p.shared.ReleaseIdentify(releaseCtx, bucket, p.owner, now.Add(p.window)); err != nil {
		p.logger.WarnContext(ctx, "bot: could not release the IDENTIFY's claim in the store; the other processes wait for it to expire",
			"shard_id", shard, "hold", identifyHold, "err", err)
	}
}

// sleep waits d or until ctx is done; it is the pacer's wait outside tests.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// shardConn is one shard's gateway session.
type shardConn struct {
	id int
	s  *discordgo.Session
	// up is whether the connection is up now: set when it opens or
	// resumes, cleared when it drops.
	up atomic.Bool
}

func (c *shardConn) onConnect(*discordgo.Session, *discordgo.Connect)       { c.up.Store(true) }
func (c *shardConn) onResumed(*discordgo.Session, *discordgo.Resumed)       { c.up.Store(true) }
func (c *shardConn) onDisconnect(*discordgo.Session, *discordgo.Disconnect) { c.up.Store(false) }
