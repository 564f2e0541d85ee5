package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/data/parse"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// app is newsbot's parts wired together for one command.
type app struct {
	cfg     Config
	log     *slog.Logger
	store   *data.Store
	index   *retrieval.Index
	fetcher *fetch.Client
	// pages fetches the pages summarized on request, without the allow
	// lists.
	pages  *fetch.Client
	ingest *ingest.Ingester
	svc    *summarize.Service
	// owner names this process in the store's feed leases.
	owner string
}

// openOptions says what a command needs of the app.
type openOptions struct {
	// seed stores the embedded sample corpus when the store is empty: the
	// demo commands do, the bot never.
	seed bool
	// quiet suppresses progress lines on stderr.
	quiet bool
	// llmObserver, when set, is told of every LLM call (metrics).
	llmObserver summarize.LLMObserver
}

// newLogger logs to w at NEWSBOT_LOG_LEVEL, as text or, with
// NEWSBOT_LOG_FORMAT=json, one JSON object a line.
func newLogger(cfg Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel)))
	opts := &slog.HandlerOptions{Level: lvl}
	if strings.EqualFold(cfg.LogFormat, "json") {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// leaseOwner names this process among those sharing a store: host, process
// ID and a random part, since a restarted process may get the same ID.
func leaseOwner() string {
	host, err := os.Hostname()
	if err != nil {
		host = "newsbot"
	}
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), rand.Text()[:8])
}

// openApp opens the store and the index in the data directory, brings the
// index up to date with the store (rebuilding it when it is missing,
// corrupt or outdated) and wires the ingester and the answer service.
func openApp(ctx context.Context, e *env, o openOptions) (*app, error) {
	cfg := e.cfg
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	a := &app{cfg: cfg, log: newLogger(cfg, e.stderr), owner: leaseOwner()}
	store, err := data.Open(ctx, cfg.storeTarget())
	if err != nil {
		return nil, err
	}
	a.store = store
	if a.index, err = openIndex(ctx, e, store, o.quiet); err != nil {
		store.Close()
		return nil, err
	}
	index := a.index

	fo := fetch.Options{
		UserAgent:    "newsbot/" + version + " (+https://github.com/newsbot/newsbot)",
		Timeout:      cfg.FetchTimeout,
		MaxBytes:     cfg.MaxBodyBytes,
		AllowPrivate: cfg.AllowPrivate,
	}
	// Pages summarized on request (/summarize url:) are any member's
	// choice, so the hosts allowed for self-hosted feeds stay refused to
	// them; feeds, their items' pages and ingest reach those hosts.
	a.pages = fetch.New(fo)
	fo.AllowHosts, fo.AllowAddrs = cfg.AllowHosts, cfg.AllowCIDRs
	a.fetcher = fetch.New(fo)
	var indexer ingest.Indexer = index
	if cfg.DatabaseURL != "" {
		// Other processes write a PostgreSQL store too (see catchUpIndexer).
		indexer = catchUpIndexer{index: index, store: store}
	}
	a.ingest = &ingest.Ingester{
		Store: store, Index: indexer, Fetcher: a.fetcher, FullText: cfg.FullText, Logger: a.log,
		FullTextBudget: cfg.FullTextBudget, FullTextDeadline: cfg.FullTextDeadline,

		MaxTextBytes: cfg.MaxArticleBytes, MaxDocBytes: cfg.MaxDocBytes, MaxFileBytes: cfg.MaxFileBytes,
		FeedInterval: cfg.PollInterval, DiscoverAttempts: cfg.DiscoverAttempts,
	}
	if o.seed {
		if err := a.seedSample(ctx, e, o.quiet); err != nil {
			a.Close()
			return nil, err
		}
	}
	if err := a.ensureDefaultFeeds(ctx); err != nil {
		a.Close()
		return nil, err
	}

	llm, err := newLLM(cfg, o.llmObserver)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.svc, err = summarize.New(summarize.Config{
		Search: index, Store: store, LLM: llm, LoadPage: a.loadPage,
		EvidenceTokens: cfg.EvidenceTokens, ModelReserve: cfg.ModelReserve, Logger: a.log,
	})
	if err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// openIndex opens the search index of the data directory and catches it
// up with store, saying so when it has to be built.
func openIndex(ctx context.Context, e *env, store *data.Store, quiet bool) (*retrieval.Index, error) {
	progress := newProgress(e.stderr, "indexing", quiet)
	index, err := retrieval.Open(ctx, filepath.Join(e.cfg.DataDir, "index"), store, retrieval.Options{Progress: progress.update})
	if err != nil {
		if errors.Is(err, retrieval.ErrLocked) {
			return nil, &exitError{code: 1, msg: "another newsbot process is using " + e.cfg.DataDir + "; stop it or use a different --data-dir"}
		}
		return nil, err
	}
	if st, err := index.State(ctx); err == nil && st.Rebuilt && !quiet {
		fmt.Fprintf(e.stderr, "Search index: %s; building it from the store.\n", st.Reason)
	}
	if _, err := index.CatchUp(ctx, store); err != nil {
		index.Close()
		return nil, err
	}
	progress.done()
	return index, nil
}

// seedSample fills an empty store with the embedded sample corpus, for
// the demo commands, and says so.
func (a *app) seedSample(ctx context.Context, e *env, quiet bool) error {
	n, err := a.ingest.SeedSample(ctx)
	if err != nil {
		return err
	}
	if n > 0 && !quiet {
		fmt.Fprintf(e.stderr, "The store was empty: seeded it with %d sample articles from the embedded corpus\n"+
			"(invented news, for trying newsbot; the Discord bot never shows them, and\n"+
			"\"newsbot sample remove\" deletes them). Add your own with \"newsbot ingest PATH|URL\"\n"+
			"or \"newsbot feeds add URL\".\n", n)
	}
	return nil
}

// newLLM is the configured model's client, or nil when none is configured.
func newLLM(cfg Config, obs summarize.LLMObserver) (*summarize.LLM, error) {
	if !cfg.LLMConfigured() {
		return nil, nil
	}
	return summarize.NewLLM(summarize.LLMConfig{
		APIKey: cfg.OpenAIKey, BaseURL: cfg.OpenAIBaseURL, Model: cfg.OpenAIModel, Timeout: cfg.OpenAITimeout,
		MaxTokens: cfg.MaxTokens, MaxChars: cfg.MaxModelChars,
		Observer: obs,
	})
}

// ensureDefaultFeeds follows the feeds named in NEWSBOT_FEEDS; they are
// polled with the rest.
func (a *app) ensureDefaultFeeds(ctx context.Context) error {
	for _, u := range a.cfg.Feeds {
		if _, err := a.store.FeedByURL(ctx, u); err == nil {
			continue
		}
		_, err := a.store.AddFeed(ctx, data.Feed{URL: u, Interval: a.cfg.PollInterval})
		if err != nil && !errors.Is(err, data.ErrExists) {
			return fmt.Errorf("NEWSBOT_FEEDS: %w", err)
		}
	}
	return nil
}

// defaultFeedIDs returns the store IDs of the NEWSBOT_FEEDS feeds.
func (a *app) defaultFeedIDs(ctx context.Context) []int64 {
	var ids []int64
	for _, u := range a.cfg.Feeds {
		if f, err := a.store.FeedByURL(ctx, u); err == nil {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

// loadPage fetches a web page through the safe fetcher and reads its
// article, for summaries of URLs that are not stored.
func (a *app) loadPage(ctx context.Context, u string) (data.Article, error) {
	res, err := a.pages.Fetch(ctx, fetch.Request{URL: u})
	if err != nil {
		return data.Article{}, err
	}
	art, err := parse.HTML(res.Body, res.ContentType, res.URL)
	if err != nil {
		return data.Article{}, err
	}
	// A page summarized without being stored is held to the same caps.
	if cut, err := a.ingest.CapArticle(&art); err != nil {
		return data.Article{}, err
	} else if cut != "" {
		a.log.Info("newsbot: page cut to the article caps", "url", fetch.RedactURL(art.URL), "cut", cut)
	}
	art.FetchedAt = time.Now().UTC()
	return art, nil
}

func (a *app) Close() error {
	var errs []error
	if a.index != nil {
		errs = append(errs, a.index.Close())
	}
	if a.store != nil {
		errs = append(errs, a.store.Close())
	}
	return errors.Join(errs...)
}
