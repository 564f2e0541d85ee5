package main

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is newsbot's configuration, read from the environment (and a .env
// file loaded by main). Every key is listed in .env.example.
type Config struct {
	DataDir string // NEWSBOT_DATA_DIR

	AllowPrivate bool          // NEWSBOT_ALLOW_PRIVATE
	FetchTimeout time.Duration // NEWSBOT_FETCH_TIMEOUT
	MaxBodyBytes int64         // NEWSBOT_MAX_BODY_BYTES
	FullText     bool          // NEWSBOT_FETCH_FULL_TEXT
	Feeds        []string      // NEWSBOT_FEEDS
	PollInterval time.Duration // NEWSBOT_POLL_INTERVAL

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
	OpenAITimeout  time.Duration // OPENAI_TIMEOUT
	EvidenceTokens int           // NEWSBOT_EVIDENCE_TOKENS

	DiscordToken     string // DISCORD_TOKEN
	DiscordGuildID   string // DISCORD_GUILD_ID
	DiscordAPIURL    string // DISCORD_API_URL
	AllowDMs         bool   // NEWSBOT_ALLOW_DMS
	MaxQuestionLen   int    // NEWSBOT_MAX_QUESTION_LEN
	DailyTokenBudget int    // NEWSBOT_DAILY_TOKEN_BUDGET

	LogLevel string // NEWSBOT_LOG_LEVEL
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

// LoadConfig reads the configuration from getenv, applying defaults. It
// returns every problem found, each naming its variable.
func LoadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		DataDir:          defaultDataDir(getenv),
		FetchTimeout:     30 * time.Second,
		MaxBodyBytes:     10 << 20,
		FullText:         true,
		PollInterval:     30 * time.Minute,
		OpenAIModel:      "gpt-4o-mini",
		OpenAITimeout:    60 * time.Second,
		EvidenceTokens:   3000,
		MaxQuestionLen:   500,
		DailyTokenBudget: 200000,
		LogLevel:         "info",
	}
	var errs []error
	str := func(key string, dst *string) {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			*dst = v
		}
	}
	boolean := func(key string, dst *bool) {
		v := strings.TrimSpace(getenv(key))
		if v == "" {
			return
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %q is not true or false", key, v))
			return
		}
		*dst = b
	}
	duration := func(key string, dst *time.Duration) {
		v := strings.TrimSpace(getenv(key))
		if v == "" {
			return
		}
		d, err := time.ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %q is not a duration such as 30s or 15m", key, v))
			return
		}
		*dst = d
	}
	integer := func(key string, dst *int) {
		v := strings.TrimSpace(getenv(key))
		if v == "" {
			return
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %q is not a whole number", key, v))
			return
		}
		*dst = n
	}

	str("NEWSBOT_DATA_DIR", &c.DataDir)
	boolean("NEWSBOT_ALLOW_PRIVATE", &c.AllowPrivate)
	errs = append(errs, c.loadAllowLists(getenv)...)
	duration("NEWSBOT_FETCH_TIMEOUT", &c.FetchTimeout)
	var maxBody int
	integer("NEWSBOT_MAX_BODY_BYTES", &maxBody)
	if maxBody != 0 {
		c.MaxBodyBytes = int64(maxBody)
	}
	boolean("NEWSBOT_FETCH_FULL_TEXT", &c.FullText)
	integer("NEWSBOT_FULL_TEXT_BUDGET", &c.FullTextBudget)
	duration("NEWSBOT_FULL_TEXT_DEADLINE", &c.FullTextDeadline)
	if v := getenv("NEWSBOT_FEEDS"); strings.TrimSpace(v) != "" {
		c.Feeds = append(c.Feeds, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' })...)
	}
	duration("NEWSBOT_POLL_INTERVAL", &c.PollInterval)
	str("OPENAI_API_KEY", &c.OpenAIKey)
	str("OPENAI_BASE_URL", &c.OpenAIBaseURL)
	str("OPENAI_MODEL", &c.OpenAIModel)
	duration("OPENAI_TIMEOUT", &c.OpenAITimeout)
	integer("NEWSBOT_EVIDENCE_TOKENS", &c.EvidenceTokens)
	str("DISCORD_TOKEN", &c.DiscordToken)
	str("DISCORD_GUILD_ID", &c.DiscordGuildID)
	str("DISCORD_API_URL", &c.DiscordAPIURL)
	boolean("NEWSBOT_ALLOW_DMS", &c.AllowDMs)
	integer("NEWSBOT_MAX_QUESTION_LEN", &c.MaxQuestionLen)
	integer("NEWSBOT_DAILY_TOKEN_BUDGET", &c.DailyTokenBudget)
	str("NEWSBOT_LOG_LEVEL", &c.LogLevel)

	if err := c.Validate(); err != nil {
		errs = append(errs, err)
	}
	return c, errors.Join(errs...)
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
	if c.FetchTimeout <= 0 {
		errs = append(errs, errors.New("NEWSBOT_FETCH_TIMEOUT: must be positive"))
	}
	if c.MaxBodyBytes < 1024 {
		errs = append(errs, errors.New("NEWSBOT_MAX_BODY_BYTES: must be at least 1024"))
	}
	if c.PollInterval < time.Minute {
		errs = append(errs, errors.New("NEWSBOT_POLL_INTERVAL: must be at least 1m"))
	}
	errs = append(errs, c.validateAllowHosts()...)
	for _, f := range c.Feeds {
		if u, err := url.Parse(f); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("NEWSBOT_FEEDS: %q is not an http(s) URL", f))
		}
	}
	for key, v := range map[string]string{"OPENAI_BASE_URL": c.OpenAIBaseURL, "DISCORD_API_URL": c.DiscordAPIURL} {
		if v == "" {
			continue
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s: %q is not an http(s) URL", key, v))
		}
	}
	if c.OpenAITimeout <= 0 {
		errs = append(errs, errors.New("OPENAI_TIMEOUT: must be positive"))
	}
	if c.EvidenceTokens < 200 {
		errs = append(errs, errors.New("NEWSBOT_EVIDENCE_TOKENS: must be at least 200"))
	}
	if c.MaxQuestionLen < 10 {
		errs = append(errs, errors.New("NEWSBOT_MAX_QUESTION_LEN: must be at least 10"))
	}
	if c.DailyTokenBudget < 0 {
		errs = append(errs, errors.New("NEWSBOT_DAILY_TOKEN_BUDGET: must not be negative"))
	}
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("NEWSBOT_LOG_LEVEL: %q is not debug, info, warn or error", c.LogLevel))
	}
	return errors.Join(errs...)
}
