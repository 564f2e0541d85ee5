package bot

import (
	"context"
	"errors"
	"fmt"
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
// bucket (shard_id % max_concurrency) in each window.
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

// identifyPacer spaces a process's IDENTIFYs as Discord asks: in each
// bucket (shard_id % max_concurrency) one per identifyWindow, so at most
// max_concurrency in a window.
type identifyPacer struct {
	buckets int
	now     func() time.Time
	wait    func(ctx context.Context, d time.Duration) error
	last    map[int]time.Time // by bucket: when its last IDENTIFY was answered
}

// before waits until shard may identify.
func (p *identifyPacer) before(ctx context.Context, shard int) error {
	if t, ok := p.last[shard%p.buckets]; ok {
		if d := identifyWindow - p.now().Sub(t); d > 0 {
			return p.wait(ctx, d)
		}
	}
	return nil
}

// done records that shard's IDENTIFY was answered (READY, or refused).
func (p *identifyPacer) done(shard int) { p.last[shard%p.buckets] = p.now() }

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
