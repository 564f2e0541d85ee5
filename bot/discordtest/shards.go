package discordtest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Gateway close codes of sharding.
const (
	closeInvalidShard     = 4010
	closeShardingRequired = 4011
)

// ShardOf is the shard of count that Discord routes a guild's events to:
// (guild_id >> 22) % count. A guild ID that is not a snowflake (and the
// empty ID of a DM) is shard 0, as is every guild when count is below 2.
func ShardOf(guildID string, count int) int {
	if count < 2 {
		return 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// shardOf is ShardOf.
func shardOf(guildID string, count int) int { return ShardOf(guildID, count) }

// eventGuild is the guild an event belongs to: its guild_id, or its id
// for the GUILD_* events whose payload is the guild; "" for none.
func eventGuild(event string, raw json.RawMessage) string {
	var p struct {
		GuildID string `json:"guild_id"`
		ID      string `json:"id"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return ""
	}
	if p.GuildID == "" && strings.HasPrefix(event, "GUILD_") {
		return p.ID
	}
	return p.GuildID
}

// Identify is one IDENTIFY whose shard the gateway accepted.
type Identify struct {
	// Shard and ShardCount are the IDENTIFY's shard: [Shard, ShardCount].
	Shard, ShardCount int
	// Bucket is the IDENTIFY's rate-limit bucket: Shard % max_concurrency.
	Bucket int
	// At is when it arrived, by Options.Now.
	At time.Time
}

// maxConcurrencyLocked is max_concurrency as GET /gateway/bot gives it.
func (s *Server) maxConcurrencyLocked() int { return max(s.opts.MaxConcurrency, 1) }

// recommendedShards is the shard count GET /gateway/bot recommends.
func (s *Server) recommendedShards() int { return max(s.opts.Shards, 1) }

// gatewayBotLocked answers GET /gateway/bot.
func (s *Server) gatewayBotLocked() map[string]any {
	return map[string]any{
		"url": s.GatewayURL(), "shards": s.recommendedShards(),
		"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": s.maxConcurrencyLocked()},
	}
}

// checkShardLocked reads an IDENTIFY's shard ([0, 1] when absent) and
// closes the connection as Discord does when it is invalid (4010: not
// [id, count] with 0 <= id < count, or a count other than that of the
// sessions still connected) or would hold too many guilds (4011). A new
// count with no session connected starts over, as resharding does.
func (s *Server) checkShardLocked(c *gwConn, v any) (shard, count int, ok bool) {
	shard, count = 0, 1
	if v != nil {
		pair, isList := v.([]any)
		if !isList || len(pair) != 2 {
			c.send(frame{closeCode: closeInvalidShard, closeText: "Invalid shard."})
			return 0, 0, false
		}
		a, aok := pair[0].(float64)
		b, bok := pair[1].(float64)
		if !aok || !bok || a != float64(int(a)) || b != float64(int(b)) {
			c.send(frame{closeCode: closeInvalidShard, closeText: "Invalid shard."})
			return 0, 0, false
		}
		shard, count = int(a), int(b)
	}
	if count < 1 || shard < 0 || shard >= count {
		c.send(frame{closeCode: closeInvalidShard, closeText: "Invalid shard."})
		return 0, 0, false
	}
	if count != s.gw.shardCount {
		for _, sess := range s.gw.shards {
			if sess.conn != nil && sess.conn != c {
				c.send(frame{closeCode: closeInvalidShard, closeText: "Invalid shard."})
				return 0, 0, false
			}
		}
		s.gw.shards = map[int]*gwSession{}
		s.gw.shardCount = count
	}
	if s.gw.shards == nil {
		s.gw.shards = map[int]*gwSession{}
	}
	s.gw.identLog = append(s.gw.identLog, Identify{Shard: shard, ShardCount: count, Bucket: shard % s.maxConcurrencyLocked(), At: s.opts.Now()})
	if limit := s.opts.MaxGuildsPerShard; limit > 0 && len(s.shardGuildsLocked(shard, count)) > limit {
		c.send(frame{closeCode: closeShardingRequired, closeText: "Sharding required."})
		return 0, 0, false
	}
	return shard, count, true
}

// IdentifyLog returns every IDENTIFY whose shard was valid, in order of
// arrival, with its rate-limit bucket and time, so that a test can check
// the pacing that max_concurrency asks for.
func (s *Server) IdentifyLog() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.gw.identLog...)
}

// ShardCount is the shard count the connected sessions identified with; 0
// before the first IDENTIFY.
func (s *Server) ShardCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.shardCount
}

// WaitShards blocks until each of the shards holds a live, authenticated
// connection; it fails tb after about 10s.
func (s *Server) WaitShards(tb testing.TB, shards ...int) {
	tb.Helper()
	s.wait(tb, fmt.Sprintf("shards %v connected", shards), func() bool {
		for _, id := range shards {
			if sess := s.gw.shards[id]; sess == nil || sess.conn == nil {
				return false
			}
		}
		return true
	})
}

// CommandRegistrations is how many requests created or overwrote
// application commands (POST or PUT on a commands list), in any scope,
// successful or not.
func (s *Server) CommandRegistrations() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if (r.Method == "PUT" || r.Method == "POST") && strings.HasSuffix(r.Path, "/commands") && strings.HasPrefix(r.Path, "/applications/") {
			n++
		}
	}
	return n
}
