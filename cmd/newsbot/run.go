package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
)

// follower adapts the ingester to the bot's FeedFollower.
type follower struct{ in *ingest.Ingester }

func (f follower) FollowFeed(ctx context.Context, rawURL string) (data.Feed, error) {
	feed, _, err := f.in.FollowFeed(ctx, rawURL)
	return feed, err
}

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "run\n\nConnects to Discord with DISCORD_TOKEN, registers the slash commands (globally, or in\nDISCORD_GUILD_ID only), polls feeds and posts scheduled digests until SIGINT/SIGTERM.")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if e.cfg.DiscordToken == "" {
		return errNoToken
	}
	a, err := openApp(ctx, e, openOptions{seed: true})
	if err != nil {
		return err
	}
	defer a.Close()
	b, err := bot.New(bot.Config{
		Token: e.cfg.DiscordToken, GuildID: e.cfg.DiscordGuildID, APIURL: e.cfg.DiscordAPIURL,
		AllowDMs: e.cfg.AllowDMs, DefaultFeedIDs: a.defaultFeedIDs(ctx), MaxQuestionLen: e.cfg.MaxQuestionLen,
		DailyTokenBudget: e.cfg.DailyTokenBudget, Logger: a.log,
	}, a.svc, a.store, follower{a.ingest})
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	poller := &ingest.Poller{Store: a.store, Fetcher: a.fetcher, Handle: a.ingest.HandleFeed, Logger: a.log}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The poller and the index tidier live as long as the bot; Run waits
	// for both before it closes the store under them.
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := poller.Run(ctx, time.Minute); err != nil && !errors.Is(err, context.Canceled) {
			a.log.Error("feed poller stopped", "err", err)
		}
	})
	wg.Go(func() { tidyIndex(ctx, a.index, a.log) })
	fmt.Fprintln(e.stderr, "newsbot is connecting to Discord; stop it with Ctrl-C.")
	if e.cfg.DiscordGuildID == "" {
		fmt.Fprintln(e.stderr, globalCommandsNote)
	}
	err = b.Run(ctx)
	cancel()
	wg.Wait()
	if errors.Is(err, bot.ErrUnreachable) {
		a.log.Error("cannot reach Discord", "err", err)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return explainDiscordErr(e, err)
	}
	fmt.Fprintln(e.stderr, "newsbot stopped cleanly.")
	return nil
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
	h := bot.NewHandlers(a.svc, a.store, follower{a.ingest}, bot.HandlerConfig{
		DefaultFeedIDs: a.defaultFeedIDs(ctx), MaxQuestionLen: e.cfg.MaxQuestionLen, Logger: a.log,
	})
	prompt := ""
	if f, ok := e.stdin.(*os.File); ok && isTerminal(f) {
		prompt = "newsbot> "
		fmt.Fprintln(e.stdout, "newsbot chat: ask a question, or type /help. /quit leaves.")
	}
	c := &bot.Console{Handlers: h, Prompt: prompt}
	return c.Run(ctx, e.stdin, e.stdout)
}

// tidyEvery is how often a running bot compacts its index if enough has
// been indexed since the last time (see retrieval.Index.Tidy).
const tidyEvery = time.Hour

// tidyIndex compacts the index now and then until ctx ends, so that the
// articles the feeds bring in do not leave it in many segments.
func tidyIndex(ctx context.Context, ix *retrieval.Index, log *slog.Logger) {
	t := time.NewTicker(tidyEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := ix.Tidy(ctx); err != nil && ctx.Err() == nil {
				log.Error("compact the search index", "err", err)
			}
		}
	}
}
