package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/bot"
)

func TestShardSettings(t *testing.T) {
	tests := []struct {
		shards, ids string
		wantCount   int
		wantIDs     []int
	}{
		{"", "", 0, nil},
		{"1", "", 1, nil},
		{"auto", "", bot.AutoShards, nil},
		{"AUTO", "", bot.AutoShards, nil},
		{"4", "0-3", 4, []int{0, 1, 2, 3}},
		{"4", "0,2", 4, []int{0, 2}},
		{"8", "4-7", 8, []int{4, 5, 6, 7}},
		{"8", " 6, 0-1 7 ", 8, []int{6, 0, 1, 7}},
		{"", "0", 0, []int{0}},
	}
	for _, tc := range tests {
		c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x", "NEWSBOT_SHARDS": tc.shards, "NEWSBOT_SHARD_IDS": tc.ids}))
		if err != nil {
			t.Errorf("NEWSBOT_SHARDS=%q NEWSBOT_SHARD_IDS=%q: %v", tc.shards, tc.ids, err)
			continue
		}
		if c.Shards != tc.wantCount || !slices.Equal(c.ShardIDs, tc.wantIDs) {
			t.Errorf("NEWSBOT_SHARDS=%q NEWSBOT_SHARD_IDS=%q: count %d ids %v, want %d %v", tc.shards, tc.ids, c.Shards, c.ShardIDs, tc.wantCount, tc.wantIDs)
		}
	}
}

func TestShardSettingsErrorsNameTheVariable(t *testing.T) {
	tests := []struct {
		shards, ids string
		want        []string
	}{
		{"0", "", []string{"NEWSBOT_SHARDS:", "at least 1"}},
		{"-2", "", []string{"NEWSBOT_SHARDS:", "auto or a number"}},
		{"many", "", []string{"NEWSBOT_SHARDS:", `"many"`}},
		{"4", "4", []string{"NEWSBOT_SHARD_IDS:", "shard 4 is not below NEWSBOT_SHARDS (4)", "0 to 3"}},
		{"4", "2-9", []string{"NEWSBOT_SHARD_IDS:", "shard 4 is not below"}},
		{"", "0-3", []string{"NEWSBOT_SHARD_IDS:", "shard 1 is not below NEWSBOT_SHARDS (1)", "set NEWSBOT_SHARDS"}},
		{"4", "0-2,1", []string{"NEWSBOT_SHARD_IDS:", "shard 1 is listed twice"}},
		{"4", "3-1", []string{"NEWSBOT_SHARD_IDS:", `"3-1"`, "range"}},
		{"4", "a", []string{"NEWSBOT_SHARD_IDS:", `"a"`}},
		{"4", "-1", []string{"NEWSBOT_SHARD_IDS:", `"-1"`}},
		{"auto", "0-3", []string{"NEWSBOT_SHARD_IDS:", "needs NEWSBOT_SHARDS set to the number of shards, not auto"}},
		// A huge range is refused before it is spelled out.
		{"2", "0-999999999999", []string{"NEWSBOT_SHARD_IDS:", "shard 2 is not below"}},
	}
	for _, tc := range tests {
		_, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x", "NEWSBOT_SHARDS": tc.shards, "NEWSBOT_SHARD_IDS": tc.ids}))
		if err == nil {
			t.Errorf("NEWSBOT_SHARDS=%q NEWSBOT_SHARD_IDS=%q loaded", tc.shards, tc.ids)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("NEWSBOT_SHARDS=%q NEWSBOT_SHARD_IDS=%q: %v; want %q", tc.shards, tc.ids, err, w)
			}
		}
	}
}

func TestBotConfigPassesTheShardsOn(t *testing.T) {
	e := &env{cfg: Config{Shards: 4, ShardIDs: []int{2, 3}}}
	cfg := botConfig(t.Context(), e, &app{})
	if cfg.ShardCount != 4 || !slices.Equal(cfg.ShardIDs, []int{2, 3}) {
		t.Errorf("bot config shards %d %v, want 4 [2 3]", cfg.ShardCount, cfg.ShardIDs)
	}
	if err := cfg.Validate(); err != nil && !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("the bot refuses shards the config accepted: %v", err)
	}
}

func TestShardRefusalsAreOneLineNamingTheVariable(t *testing.T) {
	for _, cause := range []error{bot.ErrShardingRequired, bot.ErrInvalidShard} {
		err := explainDiscordErr(&env{}, fmt.Errorf("bot: open gateway: %w", cause))
		ee, ok := err.(*exitError)
		if !ok || ee.code != 1 || strings.Contains(ee.msg, "\n") || !strings.Contains(ee.msg, "NEWSBOT_SHARDS") || strings.HasPrefix(ee.msg, "bot:") {
			t.Errorf("%v explained as %#v, want one line for the user naming NEWSBOT_SHARDS", cause, err)
		}
	}
}
