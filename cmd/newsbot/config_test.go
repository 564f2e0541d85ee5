package main

import (
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
)

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfigDefaults(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{"XDG_DATA_HOME": "/tmp/xdg"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/tmp/xdg/newsbot" {
		t.Errorf("DataDir = %q, want /tmp/xdg/newsbot", c.DataDir)
	}
	if !c.FullText || c.AllowPrivate {
		t.Errorf("fetch defaults wrong: %+v", c)
	}
	// The packages own these defaults: what was not set is passed on as 0.
	if c.FetchTimeout != 0 || c.MaxBodyBytes != 0 || c.PollInterval != 0 || c.OpenAITimeout != 0 ||
		c.EvidenceTokens != 0 || c.MaxQuestionLen != 0 || c.DailyTokenBudget != 0 ||
		c.MaxTokens != 0 || c.MaxModelChars != 0 || c.MaxReplyChars != 0 || c.ReplyTimeout != 0 || c.ModelReserve != 0 {
		t.Errorf("unset numbers must stay 0 for the packages to default: %+v", c)
	}
	if c.LLMConfigured() {
		t.Error("no key and no base URL must mean no LLM")
	}
	if got := c.storeTarget(); got != "/tmp/xdg/newsbot/newsbot.db" {
		t.Errorf("store = %q, want SQLite in the data directory", got)
	}
}

func TestLoadConfigDatabaseURL(t *testing.T) {
	for _, u := range []string{"postgres://newsbot@db.example/newsbot", "postgresql://db.example:5433/news?sslmode=require"} {
		c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/srv/newsbot", "NEWSBOT_DATABASE_URL": u}))
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if c.storeTarget() != u || c.sqlitePath() != "/srv/newsbot/newsbot.db" {
			t.Errorf("%s: store %q, SQLite path %q", u, c.storeTarget(), c.sqlitePath())
		}
	}
}

func TestLoadConfigValues(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{
		"NEWSBOT_DATA_DIR":      "/srv/newsbot",
		"NEWSBOT_ALLOW_PRIVATE": "true",
		"NEWSBOT_FEEDS":         "https://a.example/rss, https://b.example/atom",
		"OPENAI_BASE_URL":       "http://localhost:11434/v1",
		"NEWSBOT_POLL_INTERVAL": "10m",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/srv/newsbot" || !c.AllowPrivate || c.PollInterval != 10*time.Minute {
		t.Errorf("values not read: %+v", c)
	}
	if len(c.Feeds) != 2 || c.Feeds[1] != "https://b.example/atom" {
		t.Errorf("Feeds = %q", c.Feeds)
	}
	if !c.LLMConfigured() {
		t.Error("a base URL alone (a local server) must configure the LLM")
	}
}

func TestLoadConfigAllowLists(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{
		"NEWSBOT_DATA_DIR":    "/x",
		"NEWSBOT_ALLOW_HOSTS": "feeds.lan, nas.home.arpa",
		"NEWSBOT_ALLOW_CIDRS": "192.168.1.10,10.8.0.9/24 ::ffff:172.16.0.1 fd00::/8",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.AllowHosts, " "); got != "feeds.lan nas.home.arpa" {
		t.Errorf("AllowHosts = %q", got)
	}
	var cidrs []string
	for _, p := range c.AllowCIDRs {
		cidrs = append(cidrs, p.String())
	}
	if got := strings.Join(cidrs, " "); got != "192.168.1.10/32 10.8.0.0/24 172.16.0.1/32 fd00::/8" {
		t.Errorf("AllowCIDRs = %q", got)
	}
	if c.AllowPrivate {
		t.Error("allow lists must not turn on AllowPrivate")
	}
}

func TestLoadConfigFullTextCaps(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x"}))
	if err != nil || c.FullTextBudget != 0 || c.FullTextDeadline != 0 {
		t.Errorf("unset caps = %d, %v (%v); want 0 so that ingest's defaults apply", c.FullTextBudget, c.FullTextDeadline, err)
	}
	c, err = LoadConfig(envMap(map[string]string{
		"NEWSBOT_DATA_DIR": "/x", "NEWSBOT_FULL_TEXT_BUDGET": "-1", "NEWSBOT_FULL_TEXT_DEADLINE": "45s",
	}))
	if err != nil || c.FullTextBudget != -1 || c.FullTextDeadline != 45*time.Second {
		t.Errorf("caps = %d, %v (%v); want -1 and 45s", c.FullTextBudget, c.FullTextDeadline, err)
	}
}

func TestLoadConfigErrorsNameTheVariable(t *testing.T) {
	tests := []struct {
		key, value string
	}{
		{"NEWSBOT_ALLOW_PRIVATE", "maybe"},
		{"NEWSBOT_FETCH_TIMEOUT", "soon"},
		{"NEWSBOT_POLL_INTERVAL", "5s"},
		{"NEWSBOT_FEEDS", "ftp://x.example/feed"},
		{"OPENAI_BASE_URL", "localhost:11434"},
		{"DISCORD_API_URL", "not a url"},
		{"NEWSBOT_MAX_QUESTION_LEN", "abc"},
		{"NEWSBOT_LOG_LEVEL", "loud"},
		{"NEWSBOT_MAX_BODY_BYTES", "12"},
		{"NEWSBOT_ALLOW_HOSTS", "https://feeds.lan/rss"},
		{"NEWSBOT_ALLOW_HOSTS", "feeds.lan:8080"},
		{"NEWSBOT_ALLOW_HOSTS", "*.lan"},
		{"NEWSBOT_ALLOW_CIDRS", "192.168.1.0/33"},
		{"NEWSBOT_ALLOW_CIDRS", "feeds.lan"},
		{"NEWSBOT_FULL_TEXT_BUDGET", "many"},
		{"NEWSBOT_FULL_TEXT_DEADLINE", "soon"},

		// 0 would quietly mean the package's default, so it is refused.
		{"NEWSBOT_FETCH_TIMEOUT", "0"},
		{"NEWSBOT_FETCH_TIMEOUT", "-5s"},
		{"NEWSBOT_POLL_INTERVAL", "0"},
		{"OPENAI_TIMEOUT", "0s"},
		{"NEWSBOT_EVIDENCE_TOKENS", "0"},
		{"NEWSBOT_EVIDENCE_TOKENS", "-3"},
		{"NEWSBOT_MAX_QUESTION_LEN", "0"},
		{"NEWSBOT_DAILY_TOKEN_BUDGET", "0"},
		{"NEWSBOT_FULL_TEXT_BUDGET", "0"},
		{"NEWSBOT_FULL_TEXT_DEADLINE", "0s"},
		{"OPENAI_MAX_TOKENS", "0"},
		{"OPENAI_MAX_TOKENS", "10"},
		{"OPENAI_MAX_CHARS", "0"},
		{"OPENAI_MAX_CHARS", "50"},
		{"NEWSBOT_MAX_REPLY_CHARS", "0"},
		{"NEWSBOT_MAX_REPLY_CHARS", "abc"},
		{"NEWSBOT_MAX_REPLY_CHARS", "100"},
		{"NEWSBOT_REPLY_TIMEOUT", "0"},
		{"NEWSBOT_REPLY_TIMEOUT", "2s"},
		{"NEWSBOT_DIGEST_TIMEOUT", "0"},
		{"NEWSBOT_DIGEST_TIMEOUT", "5s"},
		{"NEWSBOT_MODEL_RESERVE", "0"},
		{"NEWSBOT_ALERT_EVERY", "0"},
		{"NEWSBOT_ALERT_EVERY", "1s"},
		{"NEWSBOT_ALERT_WINDOW", "0"},
		{"NEWSBOT_ALERT_WINDOW", "10m"},
		{"NEWSBOT_ALERT_TIMEOUT", "0"},
		{"NEWSBOT_ALERT_TIMEOUT", "2s"},
		{"NEWSBOT_ALERTS_PER_TICK", "0"},
		{"NEWSBOT_ALERTS_PER_TICK", "many"},
		{"NEWSBOT_MAX_ALERTS", "0"},
		{"NEWSBOT_MODEL_RESERVE", "-1s"},
		{"NEWSBOT_LOG_FORMAT", "xml"},
		{"NEWSBOT_HTTP_ADDR", "9090"},
		{"NEWSBOT_HTTP_ADDR", "http://localhost:9090"},
		{"NEWSBOT_RETENTION", "a year"},
		{"NEWSBOT_RETENTION", "0"},
		{"NEWSBOT_RETENTION", "0d"},
		{"NEWSBOT_RETENTION", "12h"},
		{"NEWSBOT_DATABASE_URL", "/var/lib/newsbot/newsbot.db"},
		{"NEWSBOT_DATABASE_URL", "mysql://db.example/newsbot"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			_, err := LoadConfig(envMap(map[string]string{tt.key: tt.value, "NEWSBOT_DATA_DIR": "/x"}))
			if err == nil {
				t.Fatalf("%s=%q accepted", tt.key, tt.value)
			}
			if !strings.Contains(err.Error(), tt.key) {
				t.Errorf("error %q does not name %s", err, tt.key)
			}
		})
	}
}

// TestLoadConfigMaxBodyBytesZeroIsTheDefault keeps the one key where an
// explicit 0 has always meant the default.
func TestLoadConfigMaxBodyBytesZeroIsTheDefault(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x", "NEWSBOT_MAX_BODY_BYTES": "0"}))
	if err != nil || c.MaxBodyBytes != 0 {
		t.Errorf("NEWSBOT_MAX_BODY_BYTES=0: %d, %v; want 0 (the fetcher's default) and no error", c.MaxBodyBytes, err)
	}
}

// TestLoadConfigDailyTokenBudget: a negative budget is no limit, and 0,
// which a reader could take for "none" or "no limit", is refused rather
// than quietly read as the default.
func TestLoadConfigDailyTokenBudget(t *testing.T) {
	tests := []struct {
		name, value string
		want        int
		wantErr     bool
	}{
		{"unset is the bot's default", "", 0, false},
		{"a budget", "5000", 5000, false},
		{"negative is no limit", "-1", -1, false},
		{"zero is refused", "0", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x", "NEWSBOT_DAILY_TOKEN_BUDGET": tt.value}))
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "NEWSBOT_DAILY_TOKEN_BUDGET") {
					t.Fatalf("NEWSBOT_DAILY_TOKEN_BUDGET=%q: error %v, want one naming the variable", tt.value, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NEWSBOT_DAILY_TOKEN_BUDGET=%q: %v", tt.value, err)
			}
			if c.DailyTokenBudget != tt.want {
				t.Errorf("NEWSBOT_DAILY_TOKEN_BUDGET=%q: DailyTokenBudget = %d, want %d", tt.value, c.DailyTokenBudget, tt.want)
			}
		})
	}
}

// TestLoadConfigReplyCaps: the caps on model output, reply length and
// reply time are read, and -1 lifts the caps that can be lifted.
func TestLoadConfigReplyCaps(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x",
		"OPENAI_MAX_TOKENS": "-1", "OPENAI_MAX_CHARS": "5000", "NEWSBOT_MAX_REPLY_CHARS": "-1",
		"NEWSBOT_REPLY_TIMEOUT": "90s", "NEWSBOT_MODEL_RESERVE": "15s"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.ReplyTimeout != 90*time.Second || c.ModelReserve != 15*time.Second {
		t.Errorf("reply timeout %v, model reserve %v; want 90s and 15s", c.ReplyTimeout, c.ModelReserve)
	}
	if c.MaxTokens != -1 || c.MaxModelChars != 5000 || c.MaxReplyChars != -1 {
		t.Errorf("caps = %d, %d, %d; want -1, 5000, -1", c.MaxTokens, c.MaxModelChars, c.MaxReplyChars)
	}
}

// TestLoadConfigIngestCaps reads the ingest caps: unset leaves zero (the
// ingest package's defaults), set values pass on, tiny ones are refused.
func TestLoadConfigIngestCaps(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x"}))
	if err != nil || c.MaxArticleBytes != 0 || c.MaxDocBytes != 0 || c.MaxFileBytes != 0 {
		t.Errorf("unset caps: %+v, %v; want zeros", c, err)
	}
	c, err = LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x",
		"NEWSBOT_MAX_ARTICLE_BYTES": "200000", "NEWSBOT_MAX_DOC_BYTES": "4194304", "NEWSBOT_MAX_FILE_BYTES": "8589934592"}))
	if err != nil || c.MaxArticleBytes != 200000 || c.MaxDocBytes != 4<<20 || c.MaxFileBytes != 8<<30 {
		t.Errorf("set caps: %+v, %v", c, err)
	}
	for _, key := range []string{"NEWSBOT_MAX_ARTICLE_BYTES", "NEWSBOT_MAX_DOC_BYTES", "NEWSBOT_MAX_FILE_BYTES"} {
		for _, v := range []string{"-1", "100", "lots"} {
			_, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x", key: v}))
			if err == nil || !strings.Contains(err.Error(), key) {
				t.Errorf("%s=%s: error %v, want one naming the key", key, v, err)
			}
		}
	}
}

// TestLoadConfigOperations reads the operations settings: the log format,
// the health and metrics address (off unless set) and the retention, in
// days, weeks or a Go duration, negative to keep forever.
func TestLoadConfigOperations(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.LogFormat != "text" || c.HTTPAddr != "" || c.Retention != 0 {
		t.Errorf("defaults: format %q, addr %q, retention %v; want text, off, 0 (ingest's default)", c.LogFormat, c.HTTPAddr, c.Retention)
	}
	day := 24 * time.Hour
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"365d", 365 * day},
		{"8w", 56 * day},
		{"720h", 30 * day},
		{"-1", -1},
	}
	for _, tt := range tests {
		c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x", "NEWSBOT_RETENTION": tt.value,
			"NEWSBOT_LOG_FORMAT": "json", "NEWSBOT_HTTP_ADDR": ":9090"}))
		if err != nil {
			t.Errorf("NEWSBOT_RETENTION=%s: %v", tt.value, err)
			continue
		}
		if c.Retention != tt.want {
			t.Errorf("NEWSBOT_RETENTION=%s: %v, want %v", tt.value, c.Retention, tt.want)
		}
		if c.LogFormat != "json" || c.HTTPAddr != ":9090" {
			t.Errorf("format %q, addr %q; want json, :9090", c.LogFormat, c.HTTPAddr)
		}
	}
}

// TestLoadConfigLimits: the rates are read per minute, fractions and -1
// (no limit) included; 0 and malformed values are refused naming the
// variable; and only what was set reaches the bot, whose defaults fill the
// rest.
func TestLoadConfigLimits(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Limits
		wantErr string
	}{
		{"unset is the bot's default", nil, Limits{}, ""},
		{"values", map[string]string{"NEWSBOT_USER_RATE": "0.5", "NEWSBOT_USER_BURST": "2", "NEWSBOT_SERVER_RATE": "120",
			"NEWSBOT_SERVER_BURST": "40", "NEWSBOT_MAX_MODEL_REPLIES": "4", "NEWSBOT_MAX_CONCURRENT_REPLIES": "64"},
			Limits{UserRate: 0.5, UserBurst: 2, ServerRate: 120, ServerBurst: 40, MaxModelReplies: 4, MaxReplies: 64}, ""},
		{"-1 is no limit", map[string]string{"NEWSBOT_USER_RATE": "-1", "NEWSBOT_SERVER_RATE": "-1",
			"NEWSBOT_MAX_MODEL_REPLIES": "-1", "NEWSBOT_MAX_CONCURRENT_REPLIES": "-1"},
			Limits{UserRate: -1, ServerRate: -1, MaxModelReplies: -1, MaxReplies: -1}, ""},
		{"zero rate", map[string]string{"NEWSBOT_SERVER_RATE": "0"}, Limits{}, "NEWSBOT_SERVER_RATE: must not be 0"},
		{"zero replies", map[string]string{"NEWSBOT_MAX_MODEL_REPLIES": "0"}, Limits{}, "NEWSBOT_MAX_MODEL_REPLIES: must not be 0"},
		{"not a number", map[string]string{"NEWSBOT_USER_RATE": "fast"}, Limits{}, `NEWSBOT_USER_RATE: "fast" is not a number`},
		{"fractional burst", map[string]string{"NEWSBOT_USER_BURST": "1.5"}, Limits{}, `NEWSBOT_USER_BURST: "1.5" is not a whole number`},
		{"negative burst", map[string]string{"NEWSBOT_SERVER_BURST": "-1"}, Limits{}, "NEWSBOT_SERVER_BURST: must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"NEWSBOT_DATA_DIR": "/x"}
			for k, v := range tt.env {
				env[k] = v
			}
			c, err := LoadConfig(envMap(env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Limits != tt.want {
				t.Errorf("Limits = %+v, want %+v", c.Limits, tt.want)
			}
		})
	}
}

// TestLimitsApply: the rates reach the bot per second, -1 stays no limit,
// and what was not set stays zero for the bot's defaults.
func TestLimitsApply(t *testing.T) {
	var c bot.Config
	Limits{UserRate: 6, ServerRate: -1, ServerBurst: 40, MaxReplies: -1}.apply(&c)
	if c.UserRate != 0.1 || c.UserBurst != 0 || c.GuildRate != -1 || c.GuildBurst != 40 || c.MaxModelReplies != 0 || c.MaxConcurrent != -1 {
		t.Errorf("bot config %+v", c)
	}
}

// TestLoadConfigAlerts reads the alert settings; negative caps are no
// limit.
func TestLoadConfigAlerts(t *testing.T) {
	c, err := LoadConfig(envMap(map[string]string{"NEWSBOT_DATA_DIR": "/x",
		"NEWSBOT_ALERT_EVERY": "30s", "NEWSBOT_ALERT_WINDOW": "6h", "NEWSBOT_ALERT_TIMEOUT": "45s",
		"NEWSBOT_ALERTS_PER_TICK": "-1", "NEWSBOT_MAX_ALERTS": "25"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.AlertEvery != 30*time.Second || c.AlertWindow != 6*time.Hour || c.AlertTimeout != 45*time.Second || c.AlertsPerTick != -1 || c.MaxAlerts != 25 {
		t.Errorf("alert settings not read: every %v window %v timeout %v per tick %d max %d",
			c.AlertEvery, c.AlertWindow, c.AlertTimeout, c.AlertsPerTick, c.MaxAlerts)
	}
}
