package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
)

// Config is newsbot's configuration, read from the environment (and a .env
// file loaded by main). Every key is listed in .env.example.
//
// A number or duration left unset is zero and is passed on as such: the
// package that uses the value owns its default and reads zero as "use it".
// Where a limit can be lifted, a negative value means no limit.
type Config struct {
	DataDir string // NEWSBOT_DATA_DIR
	// DatabaseURL is NEWSBOT_DATABASE_URL: a postgres:// URL puts the store
	// in PostgreSQL, shared by several processes; empty keeps it in SQLite
	// (newsbot.db in DataDir). The index stays in DataDir either way.
	DatabaseURL string
	// IndexFollow is NEWSBOT_INDEX_FOLLOW: how often a running bot catches
	// its index up with what other processes stored; 0: defaultIndexFollow,
	// negative: never (the index then learns only of this process's
	// articles until it restarts).
	IndexFollow time.Duration

	AllowPrivate bool          // NEWSBOT_ALLOW_PRIVATE
	FetchTimeout time.Duration // NEWSBOT_FETCH_TIMEOUT; 0: the fetcher's default
	MaxBodyBytes int64         // NEWSBOT_MAX_BODY_BYTES; 0: the fetcher's default
	FullText     bool          // NEWSBOT_FETCH_FULL_TEXT
	Feeds        []string      // NEWSBOT_FEEDS
	PollInterval time.Duration // NEWSBOT_POLL_INTERVAL; 0: data.DefaultFeedInterval
	// DiscoverAttempts is NEWSBOT_FEED_DISCOVER_ATTEMPTS; 0: ingest.DefaultDiscoverAttempts.
	DiscoverAttempts int
	// ProbeInterval is NEWSBOT_FEED_PROBE_INTERVAL; 0: ingest.DefaultProbeInterval,
	// negative: disabled feeds are not probed.
	ProbeInterval time.Duration
	// MaxAttachmentBytes is NEWSBOT_MAX_ATTACHMENT_BYTES; 0:
	// bot.DefaultMaxAttachmentBytes, negative: no limit.
	MaxAttachmentBytes int
	// ChatHistory is NEWSBOT_CHAT_HISTORY; 0: chatHistoryLines.
	ChatHistory int

	// The ingest caps; zero leaves the ingest package's default.
	MaxArticleBytes int   // NEWSBOT_MAX_ARTICLE_BYTES
	MaxDocBytes     int   // NEWSBOT_MAX_DOC_BYTES
	MaxFileBytes    int64 // NEWSBOT_MAX_FILE_BYTES

	// Self-hosted feeds let through while the private network stays
	// refused (see config_allow.go).
	AllowHosts []string       // NEWSBOT_ALLOW_HOSTS
	AllowCIDRs []netip.Prefix // NEWSBOT_ALLOW_CIDRS

	// The full-text fetches of one feed fetch; zero leaves the ingest
	// package's default, negative means no limit.
	FullTextBudget   int           // NEWSBOT_FULL_TEXT_BUDGET
	FullTextDeadline time.Duration // NEWSBOT_FULL_TEXT_DEADLINE

	OpenAIKey      string        // OPENAI_API_KEY
	OpenAIBaseURL  string        // OPENAI_BASE_URL
	OpenAIModel    string        // OPENAI_MODEL
	OpenAITimeout  time.Duration // OPENAI_TIMEOUT; 0: summarize.DefaultLLMTimeout
	MaxTokens      int           // OPENAI_MAX_TOKENS; 0: summarize.DefaultLLMMaxTokens, negative: the server's
	MaxModelChars  int           // OPENAI_MAX_CHARS; 0: summarize.DefaultLLMMaxChars, negative: no limit
	EvidenceTokens int           // NEWSBOT_EVIDENCE_TOKENS; 0: summarize.DefaultEvidenceTokens

	DiscordToken     string // DISCORD_TOKEN
	DiscordGuildID   string // DISCORD_GUILD_ID
	DiscordAPIURL    string // DISCORD_API_URL
	AllowDMs         bool   // NEWSBOT_ALLOW_DMS
	MaxQuestionLen   int    // NEWSBOT_MAX_QUESTION_LEN; 0: bot.DefaultMaxQuestionLen
	DailyTokenBudget int    // NEWSBOT_DAILY_TOKEN_BUDGET; 0: bot.DefaultDailyTokenBudget, negative: no limit
	MaxReplyChars    int    // NEWSBOT_MAX_REPLY_CHARS; 0: bot.DefaultMaxReplyChars, negative: no limit
	// Limits are the model's rates and the replies at once (config_limits.go).
	Limits Limits
	// Shards is NEWSBOT_SHARDS (config_shards.go): 0 unset (bot's default,
	// one shard), bot.AutoShards for auto.
	Shards int
	// ShardIDs is NEWSBOT_SHARD_IDS; empty: every shard.
	ShardIDs []int

	ReplyTimeout time.Duration // NEWSBOT_REPLY_TIMEOUT; 0: bot.DefaultReplyTimeout
	// DigestTimeout is NEWSBOT_DIGEST_TIMEOUT; 0: bot.DefaultDigestTimeout.
	DigestTimeout time.Duration
	ModelReserve  time.Duration // NEWSBOT_MODEL_RESERVE; 0: summarize.DefaultModelReserve

	AlertEvery    time.Duration // NEWSBOT_ALERT_EVERY; 0: bot.DefaultAlertEvery
	AlertWindow   time.Duration // NEWSBOT_ALERT_WINDOW; 0: bot.DefaultAlertWindow
	AlertTimeout  time.Duration // NEWSBOT_ALERT_TIMEOUT; 0: bot.DefaultAlertTimeout
	AlertsPerTick int           // NEWSBOT_ALERTS_PER_TICK; 0: bot.DefaultAlertsPerTick, negative: no limit
	MaxAlerts     int           // NEWSBOT_MAX_ALERTS; 0: bot.DefaultMaxAlerts, negative: no limit

	LogLevel string // NEWSBOT_LOG_LEVEL

	LogFormat string        // NEWSBOT_LOG_FORMAT: text or json
	HTTPAddr  string        // NEWSBOT_HTTP_ADDR; empty: no health or metrics server
	Retention time.Duration // NEWSBOT_RETENTION; 0: ingest.DefaultRetention, negative: keep forever
}

// defaultDataDir is where newsbot keeps its store and index when
// NEWSBOT_DATA_DIR and --data-dir are not set: $XDG_DATA_HOME/newsbot or
// ~/.local/share/newsbot on Linux, ~/Library/Application Support/newsbot on
// macOS, %LocalAppData%\newsbot on Windows.
func defaultDataDir(getenv func(string) string) string {
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "newsbot")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "newsbot-data"
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "newsbot")
	case "windows":
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "newsbot")
		}
	}
	return filepath.Join(home, ".local", "share", "newsbot")
}

// LoadConfig reads the configuration from getenv, applying main's own
// defaults (the data directory, full text, the model, the log level) and
// leaving the rest to the packages. It returns every problem found, each
// naming its variable.
func LoadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		DataDir:     defaultDataDir(getenv),
		FullText:    true,
		OpenAIModel: "gpt-4o-mini",
		LogLevel:    "info",
		LogFormat:   "text",
	}
	r := &envReader{getenv: getenv}
	str, boolean, duration, integer, whole := r.str, r.boolean, r.duration, r.integer, r.whole

	str("NEWSBOT_DATA_DIR", &c.DataDir)
	str("NEWSBOT_DATABASE_URL", &c.DatabaseURL)
	if v := r.value("NEWSBOT_INDEX_FOLLOW"); v == "-1" {
		c.IndexFollow = -1
	} else {
		duration("NEWSBOT_INDEX_FOLLOW", &c.IndexFollow)
	}
	boolean("NEWSBOT_ALLOW_PRIVATE", &c.AllowPrivate)
	r.errs = append(r.errs, c.loadAllowLists(getenv)...)
	duration("NEWSBOT_FETCH_TIMEOUT", &c.FetchTimeout)
	// NEWSBOT_MAX_BODY_BYTES=0 has always meant the default.
	if n, ok := whole("NEWSBOT_MAX_BODY_BYTES"); ok && n != 0 {
		c.MaxBodyBytes = int64(n)
	}
	boolean("NEWSBOT_FETCH_FULL_TEXT", &c.FullText)
	integer("NEWSBOT_FULL_TEXT_BUDGET", &c.FullTextBudget)
	duration("NEWSBOT_FULL_TEXT_DEADLINE", &c.FullTextDeadline)
	if v := getenv("NEWSBOT_FEEDS"); strings.TrimSpace(v) != "" {
		c.Feeds = append(c.Feeds, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' })...)
	}
	duration("NEWSBOT_POLL_INTERVAL", &c.PollInterval)
	integer("NEWSBOT_FEED_DISCOVER_ATTEMPTS", &c.DiscoverAttempts)
	if v := strings.TrimSpace(getenv("NEWSBOT_FEED_PROBE_INTERVAL")); v == "-1" {
		c.ProbeInterval = -1
	} else {
		duration("NEWSBOT_FEED_PROBE_INTERVAL", &c.ProbeInterval)
	}
	integer("NEWSBOT_MAX_ATTACHMENT_BYTES", &c.MaxAttachmentBytes)
	integer("NEWSBOT_CHAT_HISTORY", &c.ChatHistory)
	integer("NEWSBOT_MAX_ARTICLE_BYTES", &c.MaxArticleBytes)
	integer("NEWSBOT_MAX_DOC_BYTES", &c.MaxDocBytes)
	var maxFile int
	integer("NEWSBOT_MAX_FILE_BYTES", &maxFile)
	c.MaxFileBytes = int64(maxFile)
	str("OPENAI_API_KEY", &c.OpenAIKey)
	str("OPENAI_BASE_URL", &c.OpenAIBaseURL)
	str("OPENAI_MODEL", &c.OpenAIModel)
	duration("OPENAI_TIMEOUT", &c.OpenAITimeout)
	integer("OPENAI_MAX_TOKENS", &c.MaxTokens)
	integer("OPENAI_MAX_CHARS", &c.MaxModelChars)
	integer("NEWSBOT_EVIDENCE_TOKENS", &c.EvidenceTokens)
	str("DISCORD_TOKEN", &c.DiscordToken)
	str("DISCORD_GUILD_ID", &c.DiscordGuildID)
	str("DISCORD_API_URL", &c.DiscordAPIURL)
	boolean("NEWSBOT_ALLOW_DMS", &c.AllowDMs)
	integer("NEWSBOT_MAX_QUESTION_LEN", &c.MaxQuestionLen)
	integer("NEWSBOT_DAILY_TOKEN_BUDGET", &c.DailyTokenBudget)
	integer("NEWSBOT_MAX_REPLY_CHARS", &c.MaxReplyChars)
	r.errs = append(r.errs, c.loadLimits(getenv)...)
	r.errs = append(r.errs, c.loadShards(getenv)...)
	duration("NEWSBOT_REPLY_TIMEOUT", &c.ReplyTimeout)
	duration("NEWSBOT_DIGEST_TIMEOUT", &c.DigestTimeout)
	duration("NEWSBOT_MODEL_RESERVE", &c.ModelReserve)
	duration("NEWSBOT_ALERT_EVERY", &c.AlertEvery)
	duration("NEWSBOT_ALERT_WINDOW", &c.AlertWindow)
	duration("NEWSBOT_ALERT_TIMEOUT", &c.AlertTimeout)
	integer("NEWSBOT_ALERTS_PER_TICK", &c.AlertsPerTick)
	integer("NEWSBOT_MAX_ALERTS", &c.MaxAlerts)
	str("NEWSBOT_LOG_LEVEL", &c.LogLevel)
	str("NEWSBOT_LOG_FORMAT", &c.LogFormat)
	str("NEWSBOT_HTTP_ADDR", &c.HTTPAddr)
	r.retention("NEWSBOT_RETENTION", &c.Retention)

	if err := c.Validate(); err != nil {
		r.errs = append(r.errs, err)
	}
	return c, errors.Join(r.errs...)
}

// envReader reads settings from the environment into a Config, collecting
// an error for each value it cannot read.
type envReader struct {
	getenv func(string) string
	errs   []error
}

// value is key's value, trimmed; "" when unset.
func (r *envReader) value(key string) string { return strings.TrimSpace(r.getenv(key)) }

// str sets dst to key's value when it is set.
func (r *envReader) str(key string, dst *string) {
	if v := r.value(key); v != "" {
		*dst = v
	}
}

// boolean sets dst to key's value, true or false, when it is set.
func (r *envReader) boolean(key string, dst *bool) {
	v := r.value(key)
	if v == "" {
		return
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s: %q is not true or false", key, v))
		return
	}
	*dst = b
}

// refuseZero refuses an explicit 0 for key: the packages read zero as "use
// the default", so a 0 would quietly mean the default, whatever its writer
// meant by it.
func (r *envReader) refuseZero(key string) {
	hint := ""
	switch key {
	case "NEWSBOT_DAILY_TOKEN_BUDGET", "OPENAI_MAX_CHARS", "NEWSBOT_MAX_REPLY_CHARS", "NEWSBOT_ALERTS_PER_TICK", "NEWSBOT_MAX_ALERTS":
		hint = ", or -1 for no limit"
	case "OPENAI_MAX_TOKENS":
		hint = ", or -1 to leave it to the server"
	case "NEWSBOT_RETENTION":
		hint = ", or -1 to keep articles forever"
	case "NEWSBOT_FEED_PROBE_INTERVAL":
		hint = ", or -1 never to probe disabled feeds"
	case "NEWSBOT_INDEX_FOLLOW":
		hint = ", or -1 not to follow the store"
	case "NEWSBOT_MAX_ATTACHMENT_BYTES":
		hint = ", or -1 for no limit"
	}
	r.errs = append(r.errs, fmt.Errorf("%s: must not be 0; leave it empty for the default%s", key, hint))
}

// duration sets dst to key's value, a Go duration other than 0, when it
// is set.
func (r *envReader) duration(key string, dst *time.Duration) {
	v := r.value(key)
	if v == "" {
		return
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s: %q is not a duration such as 30s or 15m", key, v))
		return
	}
	if d == 0 {
		r.refuseZero(key)
		return
	}
	*dst = d
}

// retention sets dst to key's value, a duration in days ("365d"), weeks
// or Go's units, or -1 to keep forever, when it is set.
func (r *envReader) retention(key string, dst *time.Duration) {
	v := r.value(key)
	if v == "" {
		return
	}
	switch d, err := parseRetention(v); {
	case err != nil:
		r.errs = append(r.errs, fmt.Errorf("%s: %q is not a duration such as 365d, 8w or 720h, or -1", key, v))
	case d == 0:
		r.refuseZero(key)
	default:
		*dst = d
	}
}

// whole reads key's value as a whole number; ok is false when it is unset
// or not one.
func (r *envReader) whole(key string) (n int, ok bool) {
	v := r.value(key)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s: %q is not a whole number", key, v))
		return 0, false
	}
	return n, true
}

// integer sets dst to key's value, a whole number other than 0, when it is
// set.
func (r *envReader) integer(key string, dst *int) {
	n, ok := r.whole(key)
	if !ok {
		return
	}
	if n == 0 {
		r.refuseZero(key)
		return
	}
	*dst = n
}

// sqlitePath is where the SQLite store lives in the data directory.
func (c Config) sqlitePath() string { return filepath.Join(c.DataDir, "newsbot.db") }

// storeTarget is what data.Open opens: NEWSBOT_DATABASE_URL when set, else
// the SQLite store in the data directory.
func (c Config) storeTarget() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return c.sqlitePath()
}

// LLMConfigured reports whether an LLM is configured: an API key, or a base
// URL of a local server that needs none.
func (c Config) LLMConfigured() bool { return c.OpenAIKey != "" || c.OpenAIBaseURL != "" }

// Validate checks the values; each message names its variable.
func (c Config) Validate() error {
	var errs []error
	if c.DataDir == "" {
		errs = append(errs, errors.New("NEWSBOT_DATA_DIR: must not be empty"))
	}
	if c.DatabaseURL != "" && !data.IsPostgresURL(c.DatabaseURL) {
		errs = append(errs, errors.New("NEWSBOT_DATABASE_URL: must be a postgres:// or postgresql:// URL, or unset for SQLite in the data directory"))
	}
	// Zero is unset (the package's default); only what was set is checked.
	if c.FetchTimeout < 0 {
		errs = append(errs, errors.New("NEWSBOT_FETCH_TIMEOUT: must be positive"))
	}
	if c.MaxBodyBytes != 0 && c.MaxBodyBytes < 1024 {
		errs = append(errs, errors.New("NEWSBOT_MAX_BODY_BYTES: must be at least 1024"))
	}
	for key, v := range map[string]int64{
		"NEWSBOT_MAX_ARTICLE_BYTES": int64(c.MaxArticleBytes), "NEWSBOT_MAX_DOC_BYTES": int64(c.MaxDocBytes), "NEWSBOT_MAX_FILE_BYTES": c.MaxFileBytes,
	} {
		if v != 0 && v < 1024 {
			errs = append(errs, fmt.Errorf("%s: must be at least 1024, or unset for the default", key))
		}
	}
	if c.IndexFollow > 0 && c.IndexFollow < 100*time.Millisecond {
		errs = append(errs, errors.New("NEWSBOT_INDEX_FOLLOW: must be at least 100ms, or -1 not to follow the store"))
	}
	if c.PollInterval != 0 && c.PollInterval < time.Minute {
		errs = append(errs, errors.New("NEWSBOT_POLL_INTERVAL: must be at least 1m"))
	}
	errs = append(errs, c.validateAllowHosts()...)
	errs = append(errs, c.Limits.validate()...)
	errs = append(errs, c.validateShards()...)
	errs = append(errs, c.validateURLs()...)
	errs = append(errs, c.validateReplies()...)
	errs = append(errs, c.validateOperations()...)
	return errors.Join(errs...)
}

// validateURLs checks the URLs of the settings.
func (c Config) validateURLs() []error {
	var errs []error
	for _, f := range c.Feeds {
		if !data.IsHTTPURL(f) {
			errs = append(errs, fmt.Errorf("NEWSBOT_FEEDS: %q is not an http(s) URL", f))
		}
	}
	for key, v := range map[string]string{"OPENAI_BASE_URL": c.OpenAIBaseURL, "DISCORD_API_URL": c.DiscordAPIURL} {
		if v == "" {
			continue
		}
		if !data.IsHTTPURL(v) {
			errs = append(errs, fmt.Errorf("%s: %q is not an http(s) URL", key, v))
		}
	}
	return errs
}

// validateReplies checks the settings of the model and of replies.
func (c Config) validateReplies() []error {
	var errs []error
	if c.OpenAITimeout < 0 {
		errs = append(errs, errors.New("OPENAI_TIMEOUT: must be positive"))
	}
	if c.MaxTokens > 0 && c.MaxTokens < 64 {
		errs = append(errs, errors.New("OPENAI_MAX_TOKENS: must be at least 64, or -1 to leave it to the server"))
	}
	if c.MaxModelChars > 0 && c.MaxModelChars < 200 {
		errs = append(errs, errors.New("OPENAI_MAX_CHARS: must be at least 200, or -1 for no limit"))
	}
	if c.MaxReplyChars > 0 && c.MaxReplyChars < 200 {
		errs = append(errs, errors.New("NEWSBOT_MAX_REPLY_CHARS: must be at least 200, or -1 for no limit"))
	}
	if c.ReplyTimeout != 0 && c.ReplyTimeout < 10*time.Second {
		errs = append(errs, errors.New("NEWSBOT_REPLY_TIMEOUT: must be at least 10s"))
	}
	if c.DigestTimeout != 0 && c.DigestTimeout < 30*time.Second {
		errs = append(errs, errors.New("NEWSBOT_DIGEST_TIMEOUT: must be at least 30s"))
	}
	if c.AlertEvery != 0 && c.AlertEvery < 10*time.Second {
		errs = append(errs, errors.New("NEWSBOT_ALERT_EVERY: must be at least 10s"))
	}
	if c.AlertWindow != 0 && c.AlertWindow < time.Hour {
		errs = append(errs, errors.New("NEWSBOT_ALERT_WINDOW: must be at least 1h"))
	}
	if c.AlertTimeout != 0 && c.AlertTimeout < 10*time.Second {
		errs = append(errs, errors.New("NEWSBOT_ALERT_TIMEOUT: must be at least 10s"))
	}
	if c.ModelReserve < 0 {
		errs = append(errs, errors.New("NEWSBOT_MODEL_RESERVE: must be positive"))
	}
	if c.EvidenceTokens != 0 && c.EvidenceTokens < 200 {
		errs = append(errs, errors.New("NEWSBOT_EVIDENCE_TOKENS: must be at least 200"))
	}
	if c.MaxQuestionLen != 0 && c.MaxQuestionLen < 10 {
		errs = append(errs, errors.New("NEWSBOT_MAX_QUESTION_LEN: must be at least 10"))
	}
	return errs
}

// validateOperations checks retention, the health server and the logs.
func (c Config) validateOperations() []error {
	var errs []error
	if c.Retention > 0 && c.Retention < 24*time.Hour {
		errs = append(errs, errors.New("NEWSBOT_RETENTION: must be at least 1d, or -1 to keep articles forever"))
	}
	if c.HTTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
			errs = append(errs, fmt.Errorf("NEWSBOT_HTTP_ADDR: %q is not host:port such as 127.0.0.1:9090 or :9090", c.HTTPAddr))
		}
	}
	switch strings.ToLower(c.LogFormat) {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("NEWSBOT_LOG_FORMAT: %q is not text or json", c.LogFormat))
	}
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("NEWSBOT_LOG_LEVEL: %q is not debug, info, warn or error", c.LogLevel))
	}
	return errs
}

// parseRetention reads a Go duration or a number of days ("365d") or weeks
// ("52w"); "-1" (any negative number) keeps articles forever.
func parseRetention(v string) (time.Duration, error) {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(v, suffix); ok {
			f, err := strconv.ParseFloat(n, 64)
			if err != nil {
				return 0, err
			}
			return time.Duration(f * float64(unit)), nil
		}
	}
	if n, err := strconv.Atoi(v); err == nil && n < 0 {
		return -1, nil
	}
	return time.ParseDuration(v)
}
