package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/newsbot/newsbot/bot"
)

// loadShards reads NEWSBOT_SHARDS, auto or a number of shards, and
// NEWSBOT_SHARD_IDS, the shards this process runs: shards and ranges such
// as 0-3, 0,2 or 4-7. Unset, they leave the bot's default: one shard.
func (c *Config) loadShards(getenv func(string) string) []error {
	var errs []error
	switch v := strings.TrimSpace(getenv("NEWSBOT_SHARDS")); {
	case v == "":
	case strings.EqualFold(v, "auto"):
		c.Shards = bot.AutoShards
	default:
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("NEWSBOT_SHARDS: %q is not auto or a number of shards, at least 1", v))
			break
		}
		c.Shards = n
	}
	v := strings.TrimSpace(getenv("NEWSBOT_SHARD_IDS"))
	if v == "" {
		return errs
	}
	if c.Shards == bot.AutoShards {
		return append(errs, errAutoWithIDs)
	}
	ids, err := parseShardIDs(v, max(c.Shards, 1))
	if err != nil {
		return append(errs, err)
	}
	c.ShardIDs = ids
	return errs
}

// parseShardIDs reads a list of shards and ranges, each below count
// (checked as it goes, so that a long range is refused before it is
// spelled out) and listed once.
func parseShardIDs(v string, count int) ([]int, error) {
	var ids []int
	seen := map[int]bool{}
	for _, part := range list(v) {
		lo, hi, err := shardRange(part)
		if err != nil {
			return nil, fmt.Errorf("NEWSBOT_SHARD_IDS: %q is not a shard or a range of shards such as 0-3", part)
		}
		for id := lo; id <= hi; id++ {
			if id >= count {
				return nil, fmt.Errorf("NEWSBOT_SHARD_IDS: shard %d is not below NEWSBOT_SHARDS (%d), so the shards are 0 to %d; set NEWSBOT_SHARDS to the count, the same in every process", id, count, count-1)
			}
			if seen[id] {
				return nil, fmt.Errorf("NEWSBOT_SHARD_IDS: shard %d is listed twice", id)
			}
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// shardRange reads "3" or "0-3".
func shardRange(part string) (lo, hi int, err error) {
	a, b, isRange := strings.Cut(part, "-")
	if lo, err = strconv.Atoi(a); err != nil || lo < 0 {
		return 0, 0, fmt.Errorf("bad shard %q", a)
	}
	if !isRange {
		return lo, lo, nil
	}
	if hi, err = strconv.Atoi(b); err != nil || hi < lo {
		return 0, 0, fmt.Errorf("bad range %q", part)
	}
	return lo, hi, nil
}

// errAutoWithIDs refuses explicit shards without a count.
var errAutoWithIDs = errors.New("NEWSBOT_SHARD_IDS: needs NEWSBOT_SHARDS set to the number of shards, not auto: with auto the count, and so which shards there are, is only known once Discord says; set NEWSBOT_SHARDS to the same number in every process")

// validateShards checks that explicit shards come with a count.
func (c Config) validateShards() []error {
	if c.Shards == bot.AutoShards && len(c.ShardIDs) > 0 {
		return []error{errAutoWithIDs}
	}
	return nil
}
