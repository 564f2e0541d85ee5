package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
)

// follower adapts the ingester and the poller to the bot's FeedFollower,
// FeedRetrier and OPMLImporter.
type follower struct {
	in *ingest.Ingester
	p  *ingest.Poller
}

func (f follower) FollowFeed(ctx context.Context, rawURL string) (data.Feed, error) {
	feed, _, err := f.in.FollowFeed(ctx, rawURL)
	return feed, err
}

func (f follower) RetryFeed(ctx context.Context, id int64) (data.Feed, error) {
	return f.p.Retry(ctx, id)
}

func (f follower) ImportOPMLFeeds(ctx context.Context, r io.Reader) ([]data.Feed, []ingest.Failure, error) {
	return f.in.ImportOPMLFeeds(ctx, r)
}

// newPoller is the feed poller of the store, as configured. It leases the
// feeds it polls, so that processes sharing the store poll each feed once.
func newPoller(a *app, store ingest.FeedStore) *ingest.Poller {
	return &ingest.Poller{Store: store, Fetcher: a.fetcher, Handle: a.ingest.HandleFeed, ProbeInterval: a.cfg.ProbeInterval, Logger: a.log,
		Leases: a.store, Owner: a.owner}
}

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "run\n\nConnects to Discord with DISCORD_TOKEN, registers the slash commands (globally, or in\nDISCORD_GUILD_ID only), polls feeds and posts scheduled digests until SIGINT/SIGTERM.\nWith NEWSBOT_HTTP_ADDR it serves /healthz, /readyz and /metrics there.")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if e.cfg.DiscordToken == "" {
		return errNoToken
	}
	m := newMetrics()
	// With JSON logs every line on stderr is a JSON object, so the notices
	// for the person at the terminal are logged and the progress lines left
	// out.
	jsonLogs := strings.EqualFold(e.cfg.LogFormat, "json")
	// The bot never seeds the sample corpus: invented news has no place in
	// a real server.
	a, err := openApp(ctx, e, openOptions{llmObserver: m, quiet: jsonLogs})
	if err != nil {
		return err
	}
	defer a.Close()
	notice := func(msg string) {
		if jsonLogs {
			a.log.Info(strings.Join(strings.Fields(msg), " "))
			return
		}
		fmt.Fprintln(e.stderr, msg)
	}
	m.watchSizes(a.store, a.index)
	if err := markSample(ctx, a, notice); err != nil {
		return err
	}
	// The poller tells the servers through the bot when a feed is
	// disabled or recovers; the bot retries feeds through the poller.
	poller := newPoller(a, meteredFeeds{a.store, m})
	b, err := bot.New(botConfig(ctx, e, a), meteredService{a.svc, m}, a.store, follower{a.ingest, poller})
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	poller.Notify = b
	if e.cfg.HTTPAddr != "" {
		ops, err := startOps(e.cfg.HTTPAddr, opsHandler(m.reg, readyChecks(a, b)), a.log)
		if err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		defer func() {
			if err := ops.Close(); err != nil {
				a.log.Warn("newsbot: stop the health and metrics server", "err", err)
			}
		}()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wait := runBackground(ctx, a, poller)
	notice("newsbot is connecting to Discord; stop it with Ctrl-C.")
	switch {
	case len(e.cfg.ShardIDs) > 0 && !slices.Contains(e.cfg.ShardIDs, 0):
		notice(otherShardsNote)
	case e.cfg.DiscordGuildID == "":
		notice(globalCommandsNote)
	}
	err = b.Run(ctx)
	cancel()
	wait()
	if errors.Is(err, bot.ErrUnreachable) {
		a.log.Error("newsbot: cannot reach Discord", "err", err)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return explainDiscordErr(e, err)
	}
	notice("newsbot stopped cleanly.")
	return nil
}

// otherShardsNote says why a process of other shards registers no
// commands.
const otherShardsNote = "This process does not run shard 0 (NEWSBOT_SHARD_IDS), so it leaves the slash commands to the process that does."

// botConfig passes on to the bot the settings the user set.
func botConfig(ctx context.Context, e *env, a *app) bot.Config {
	cfg := bot.Config{
		Token: e.cfg.DiscordToken, GuildID: e.cfg.DiscordGuildID, APIURL: e.cfg.DiscordAPIURL,
		AllowDMs: e.cfg.AllowDMs, DefaultFeedIDs: a.defaultFeedIDs(ctx), MaxQuestionLen: e.cfg.MaxQuestionLen,
		DailyTokenBudget: e.cfg.DailyTokenBudget, MaxReplyChars: e.cfg.MaxReplyChars, ReplyTimeout: e.cfg.ReplyTimeout, DigestTimeout: e.cfg.DigestTimeout,
		AlertEvery: e.cfg.AlertEvery, AlertWindow: e.cfg.AlertWindow, AlertTimeout: e.cfg.AlertTimeout, AlertsPerTick: e.cfg.AlertsPerTick, MaxAlerts: e.cfg.MaxAlerts,
		MaxAttachmentBytes: e.cfg.MaxAttachmentBytes, ShardCount: e.cfg.Shards, ShardIDs: e.cfg.ShardIDs, Logger: a.log,
	}
	e.cfg.Limits.apply(&cfg)
	return cfg
}

// retainEvery is how often a running bot deletes the articles past
// NEWSBOT_RETENTION.
const retainEvery = time.Hour

// runBackground starts what lives as long as the bot: the feed poller, the
// index tidier, the index's follower of the store and the retention loop. The returned wait blocks until they
// have all stopped, after ctx ends, so that the store is not closed under
// them.
func runBackground(ctx context.Context, a *app, poller *ingest.Poller) (wait func()) {
	retainer := &ingest.Retainer{Store: a.store, Index: a.index, Keep: a.cfg.Retention, Logger: a.log}
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := poller.Run(ctx, time.Minute); err != nil && !errors.Is(err, context.Canceled) {
			a.log.Error("newsbot: feed poller stopped", "err", err)
		}
	})
	wg.Go(func() { tidyIndex(ctx, a.index, a.log) })
	follower := &indexFollower{Index: a.index, Store: a.store, Every: a.cfg.IndexFollow, Logger: a.log}
	wg.Go(func() { follower.Run(ctx) })
	wg.Go(func() { retainer.Run(ctx, retainEvery) })
	return wg.Wait
}

// readyChecks are what /readyz checks: the store answers, the index is
// open, and the bot is connected to Discord.
func readyChecks(a *app, b *bot.Bot) []readyCheck {
	return []readyCheck{
		{"store", func(ctx context.Context) error {
			_, err := a.store.Counts(ctx)
			return err
		}},
		{"index", func(ctx context.Context) error {
			_, err := a.index.State(ctx)
			return err
		}},
		{"discord", func(context.Context) error {
			if !b.Connected() {
				return errors.New("not connected to Discord")
			}
			return nil
		}},
	}
}

func cmdChat(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "chat", "chat\n\nA terminal session that takes the bot's commands (/ask, /summarize, /digest now,\n/search, /feeds list, /help) through the same handlers as Discord. Plain text is a question.")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, openOptions{seed: true})
	if err != nil {
		return err
	}
	defer a.Close()
	h := bot.NewHandlers(a.svc, a.store, follower{a.ingest, newPoller(a, a.store)}, bot.HandlerConfig{
		DefaultFeedIDs: a.defaultFeedIDs(ctx), MaxQuestionLen: e.cfg.MaxQuestionLen, MaxReplyChars: e.cfg.MaxReplyChars, Logger: a.log,
	})
	c := &bot.Console{Handlers: h}
	in, inOK := e.stdin.(*os.File)
	out, outOK := e.stdout.(*os.File)
	if inOK && outOK && isTerminal(in) && isTerminal(out) {
		// A person at a terminal gets line editing and the history of
		// earlier sessions; piped input is read as it is.
		hist, err := loadHistory(filepath.Join(e.cfg.DataDir, chatHistoryFile), cmp.Or(e.cfg.ChatHistory, chatHistoryLines), func(err error) {
			a.log.Warn("newsbot: save the chat history", "err", err)
		})
		if err != nil {
			return fmt.Errorf("chat: read history: %w", err)
		}
		c.Lines = newTermLines(in, out, "newsbot> ", hist)
		fmt.Fprintln(e.stdout, "newsbot chat: ask a question, or type /help. Up and Down recall earlier lines; /quit leaves.")
	}
	return c.Run(ctx, e.stdin, e.stdout)
}

// tidyEvery is how often a running bot compacts its index if enough has
// been indexed since the last time (see retrieval.Index.Tidy).
const tidyEvery = time.Hour

// tidyIndex compacts the index now and then until ctx ends, so that the
// articles the feeds bring in do not leave it in many segments.
func tidyIndex(ctx context.Context, ix *retrieval.Index, log *slog.Logger) {
	everyTick(ctx, tidyEvery, func() {
		if err := ix.Tidy(ctx); err != nil && ctx.Err() == nil {
			log.Error("newsbot: compact the search index", "err", err)
		}
	})
}

// everyTick runs step every d until ctx ends, the first time d from now.
func everyTick(ctx context.Context, d time.Duration, step func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			step()
		}
	}
}
