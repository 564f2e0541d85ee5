package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"

	"github.com/newsbot/newsbot/data"
)

// ErrBadToken is returned by Run when Discord refuses the bot token.
var ErrBadToken = errors.New("bot: Discord rejected the token (DISCORD_TOKEN)")

// ErrDisallowedIntents is returned by Run when Discord refuses even the
// unprivileged gateway intents (close 4014).
var ErrDisallowedIntents = errors.New("bot: Discord refused the gateway intents (close 4014); check the bot's Privileged Gateway Intents in the developer portal")

// ErrUnreachable is returned, wrapped with the cause, by Run when
// Discord's API cannot be reached at all (no connection, DNS, timeout).
var ErrUnreachable = errors.New("bot: Discord cannot be reached")

// Defaults of Config's timeouts.
const (
	// DefaultReplyTimeout bounds the work on one reply.
	DefaultReplyTimeout = 2 * time.Minute
	// DefaultDeliverTimeout bounds posting a reply after its work.
	DefaultDeliverTimeout = 15 * time.Second
)

// Config configures the Discord bot.
type Config struct {
	// Token is the bot token (DISCORD_TOKEN), without the "Bot " prefix.
	Token string
	// AppID is the application ID; when empty it is read from READY.
	AppID string
	// GuildID, when set, registers the commands in that server only
	// (instantly); otherwise they are registered globally.
	GuildID string
	// APIURL points the REST API at another Discord-compatible server
	// (DISCORD_API_URL); empty means discord.com.
	APIURL string
	// HTTPClient, when set, replaces the session's HTTP client (tests).
	HTTPClient *http.Client
	// AllowDMs makes the bot answer direct messages; otherwise it
	// declines them.
	AllowDMs bool
	// DefaultFeedIDs are in every server's scope (NEWSBOT_FEEDS).
	DefaultFeedIDs []int64
	// MaxQuestionLen is the longest question accepted; zero means
	// DefaultMaxQuestionLen.
	MaxQuestionLen int
	// UserRate and UserBurst bound how often each member's questions go
	// to the model (DefaultUserRate, DefaultUserBurst when zero);
	// GuildRate and GuildBurst each server's (DefaultGuildRate,
	// DefaultGuildBurst). A question over a limit is answered by the
	// offline engine, which says so; it is not refused. A negative rate
	// means no limit.
	UserRate   rate.Limit
	UserBurst  int
	GuildRate  rate.Limit
	GuildBurst int
	// DailyTokenBudget is a server's LLM tokens a day; when spent,
	// answers are extractive. Zero means DefaultDailyTokenBudget and a
	// negative value means no limit.
	DailyTokenBudget int
	// MaxReplyChars caps the text of an answer, summary or digest story
	// before it is split into messages; zero means DefaultMaxReplyChars
	// and a negative value means no limit.
	MaxReplyChars int
	// MaxModelReplies bounds the replies waiting on the model at once;
	// a reply that finds them all taken is written by the offline engine
	// instead. Zero means DefaultMaxModelReplies and a negative value
	// means no limit.
	MaxModelReplies int
	// MaxConcurrent bounds the other replies being written at once: the
	// offline engine's, searches and lists, which use the CPU. More wait
	// their turn after being deferred (so deferring stays fast under
	// load), and one still waiting when its time is up is told the bot is
	// busy. Zero means DefaultRepliesPerCPU per CPU and a negative value
	// means no limit.
	MaxConcurrent int
	// ReplyTimeout bounds the work on one reply; zero means
	// DefaultReplyTimeout. The model is given up before it (see
	// summarize.Config.ModelReserve), so that a model that does not answer
	// still leaves time for an answer without it.
	ReplyTimeout time.Duration
	// DeliverTimeout bounds posting a reply once its work is done or its
	// time is up; zero means DefaultDeliverTimeout. It has a context of
	// its own, so a reply whose work ran out of time is still delivered.
	DeliverTimeout time.Duration
	// ShutdownTimeout bounds how long shutdown waits for replies in
	// flight before cutting them short (default 10s).
	ShutdownTimeout time.Duration
	// StreamEvery is the least time between two edits of a streaming
	// answer (default 1s), measured with Now.
	StreamEvery time.Duration
	// DigestEvery is how often the digest schedules are checked (default
	// 30s); negative turns the scheduler's loop off (Tick still works).
	DigestEvery time.Duration
	// DigestWindow is how late a missed digest may still be posted
	// (default 6h).
	DigestWindow time.Duration
	// DigestTimeout bounds the building of one scheduled digest; zero
	// means DefaultDigestTimeout.
	DigestTimeout time.Duration
	// MaxAttachmentBytes caps a file attached to a command (the OPML file
	// of /newsbot-admin feeds import); zero means
	// DefaultMaxAttachmentBytes and a negative value means no limit.
	MaxAttachmentBytes int
	// AlertEvery is how often the alerts are checked; zero means
	// DefaultAlertEvery and negative turns the alert loop off (TickAlerts
	// still works).
	AlertEvery time.Duration
	// AlertWindow is how far back alerts group articles into stories;
	// zero means DefaultAlertWindow.
	AlertWindow time.Duration
	// AlertTimeout bounds the summary of one alerted story; zero means
	// DefaultAlertTimeout.
	AlertTimeout time.Duration
	// AlertsPerTick caps the new stories one alert posts per check; zero
	// means DefaultAlertsPerTick and a negative value means no limit.
	AlertsPerTick int
	// MaxAlerts is how many alerts a server may have; zero means
	// DefaultMaxAlerts and a negative value means no limit.
	MaxAlerts int
	// ShardCount is how many shards the bot runs in all, across its
	// processes (NEWSBOT_SHARDS); zero means 1 (no sharding) and
	// AutoShards the count Discord recommends. Discord requires shards
	// past 2,500 servers.
	ShardCount int
	// ShardIDs are the shards this process runs (NEWSBOT_SHARD_IDS), one
	// gateway session each; empty means all of them. The process handles
	// only its shards' servers, and only the one that runs shard 0
	// registers the commands.
	ShardIDs []int
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger gets the details; users only see short messages.
	Logger *slog.Logger
}

// withDefaults fills in the zero fields, except DailyTokenBudget, which
// NewHandlers reads.
func (c Config) withDefaults() Config {
	if c.MaxQuestionLen <= 0 {
		c.MaxQuestionLen = DefaultMaxQuestionLen
	}
	if c.UserRate == 0 {
		c.UserRate = DefaultUserRate
	}
	if c.UserBurst <= 0 {
		c.UserBurst = DefaultUserBurst
	}
	if c.GuildRate == 0 {
		c.GuildRate = DefaultGuildRate
	}
	if c.GuildBurst <= 0 {
		c.GuildBurst = DefaultGuildBurst
	}
	if c.MaxModelReplies == 0 {
		c.MaxModelReplies = DefaultMaxModelReplies
	}
	if c.MaxConcurrent == 0 {
		c.MaxConcurrent = DefaultRepliesPerCPU * runtime.NumCPU()
	}
	if c.ReplyTimeout <= 0 {
		c.ReplyTimeout = DefaultReplyTimeout
	}
	if c.DeliverTimeout <= 0 {
		c.DeliverTimeout = DefaultDeliverTimeout
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 10 * time.Second
	}
	if c.StreamEvery <= 0 {
		c.StreamEvery = time.Second
	}
	if c.MaxAttachmentBytes == 0 {
		c.MaxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Validate reports a configuration the bot cannot run with, naming the
// variable to fix.
func (c Config) Validate() error {
	if strings.TrimSpace(c.Token) == "" {
		return errors.New("bot: DISCORD_TOKEN is not set; create a bot at https://discord.com/developers/applications and copy its token")
	}
	if c.APIURL != "" {
		if !data.IsHTTPURL(c.APIURL) {
			return fmt.Errorf("bot: DISCORD_API_URL %q is not an http(s) URL", c.APIURL)
		}
	}
	return c.validateShards()
}

// newSession returns a session with the token, talking to APIURL or
// through HTTPClient when set.
func (c Config) newSession() (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + strings.TrimPrefix(strings.TrimSpace(c.Token), "Bot "))
	if err != nil {
		return nil, fmt.Errorf("bot: new session: %w", err)
	}
	switch {
	case c.HTTPClient != nil:
		s.Client = c.HTTPClient
	case c.APIURL != "":
		u, _ := url.Parse(c.APIURL)
		s.Client = &http.Client{Transport: NewRewriteTransport(u, nil), Timeout: 30 * time.Second}
	}
	return s, nil
}

// Bot is the Discord bot. Create it with New and start it with Run.
type Bot struct {
	cfg     Config
	h       *Handlers
	store   Store
	limits  *limiter
	slots   chan struct{}
	threads *threadBook
	stories *storyBook
	ready   chan struct{}
	// plan is the shards this process runs, and conns their sessions, set
	// before ready is closed.
	plan  shardPlan
	conns []*shardConn
	// session makes the REST calls of the work the bot starts itself: the
	// first shard's.
	session *discordgo.Session
	// wait paces the IDENTIFYs (sleep outside tests).
	wait     func(ctx context.Context, d time.Duration) error
	sched    *Scheduler
	alerter  *Alerter
	botID    string
	botName  string
	appID    string
	mu       sync.Mutex
	closing  bool
	work     sync.WaitGroup
	workCtx  context.Context
	stopWork context.CancelCauseFunc

	// identifyWindow is the time between two IDENTIFYs of a bucket,
	// Discord's outside tests.
	identifyWindow time.Duration

	// model is the service's LLM, "" for the offline engine only. With
	// limits and slots, modelSlots decide how each reply is written (see
	// admit).
	model      string
	modelSlots chan struct{}
}

// errShutdown is the cause of cancelling work in flight at shutdown.
var errShutdown = errors.New("bot: shutting down")

// New returns a bot answering from svc and keeping its state in store;
// follower (may be nil) follows new feeds for /newsbot-admin feeds add.
func New(cfg Config, svc Service, store Store, follower FeedFollower) (*Bot, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	h := NewHandlers(svc, store, follower, HandlerConfig{
		DefaultFeedIDs:   cfg.DefaultFeedIDs,
		MaxQuestionLen:   cfg.MaxQuestionLen,
		DailyTokenBudget: cfg.DailyTokenBudget,
		MaxReplyChars:    cfg.MaxReplyChars,
		MaxAlerts:        cfg.MaxAlerts,
		Now:              cfg.Now,
		Logger:           cfg.Logger,
	})
	b := &Bot{cfg: cfg, h: h, store: store, threads: newThreadBook(maxThreads, store, cfg.Logger), stories: newStoryBook(maxThreads, store, cfg.Logger), ready: make(chan struct{}),
		model: svc.Model(), limits: cfg.limiter(store), slots: newSlots(cfg.MaxConcurrent), modelSlots: newSlots(cfg.MaxModelReplies), wait: sleep, identifyWindow: identifyWindow}
	b.workCtx, b.stopWork = context.WithCancelCause(context.Background())
	return b, nil
}

// Handlers returns the bot's handlers, to share with a console.
func (b *Bot) Handlers() *Handlers { return b.h }

// Ready is closed once Run has connected every shard and, in the process
// that runs shard 0, registered the commands.
func (b *Bot) Ready() <-chan struct{} { return b.ready }

// Connected reports whether the bot is ready and the gateway connections
// of all its shards are up now; it is false while discordgo reconnects
// after a drop.
func (b *Bot) Connected() bool {
	select {
	case <-b.ready:
	default:
		return false
	}
	for _, c := range b.conns {
		if !c.up.Load() {
			return false
		}
	}
	return true
}

// Run connects every shard of the process to Discord, registers the
// commands (in the process that runs shard 0) and serves until ctx is
// done; then it stops taking new work, lets replies in flight finish (up
// to ShutdownTimeout, after which they are edited to say they were cut
// short) and closes the sessions. A refused token gives ErrBadToken.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.connect(ctx); err != nil {
		return err
	}
	if err := b.registerCommands(ctx); err != nil {
		b.closeSessions()
		return err
	}
	b.cfg.Logger.InfoContext(ctx, "bot: connected", "user", b.botName, "guild_id", b.cfg.GuildID,
		"shard_ids", fmt.Sprint(b.plan.ids), "shard_count", b.plan.count)

	b.sched = NewScheduler(b.h, b.store, b, SchedulerConfig{Window: b.cfg.DigestWindow, Every: b.cfg.DigestEvery, Timeout: b.cfg.DigestTimeout, Owns: b.plan.owns, Now: b.cfg.Now, Logger: b.cfg.Logger})
	schedCtx, stopSched := context.WithCancel(ctx)
	var schedDone sync.WaitGroup
	if b.cfg.DigestEvery >= 0 {
		schedDone.Add(1)
		go func() {
			defer schedDone.Done()
			b.sched.Run(schedCtx)
		}()
	}
	b.startAlerts(schedCtx, &schedDone)
	close(b.ready)

	<-ctx.Done()
	stopSched()
	schedDone.Wait()
	b.shutdown()
	b.closeSessions()
	return nil
}

// shutdown stops new work, waits for replies in flight up to
// ShutdownTimeout, then cancels them (each says it was cut short) and
// waits for them to finish saying so.
func (b *Bot) shutdown() {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	done := make(chan struct{})
	go func() {
		b.work.Wait()
		close(done)
	}()
	t := time.NewTimer(b.cfg.ShutdownTimeout)
	defer t.Stop()
	select {
	case <-done:
		return
	case <-t.C:
	}
	b.cfg.Logger.Warn("bot: cutting replies in flight short")
	b.stopWork(errShutdown)
	// The replies get a few seconds to say they were cut short.
	t2 := time.NewTimer(5 * time.Second)
	defer t2.Stop()
	select {
	case <-done:
	case <-t2.C:
		b.cfg.Logger.Warn("bot: replies still in flight at exit")
	}
}

// begin registers one piece of work; it returns false once shutting down.
func (b *Bot) begin() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		return false
	}
	b.work.Add(1)
	return true
}

// workContext returns the context for one reply: not ended by Run's ctx
// (replies in flight may finish), but by the reply timeout and by
// shutdown's deadline.
func (b *Bot) workContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.workCtx, b.cfg.ReplyTimeout)
}

// deliveryContext returns the context for posting a reply whose work ran
// under ctx: it keeps ctx's values but not its end, which may have come
// already, and has a deadline of its own.
func (b *Bot) deliveryContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), b.cfg.DeliverTimeout)
}

// cutShort reports whether ctx ended because of shutdown.
func (b *Bot) cutShort(ctx context.Context) bool {
	return ctx.Err() != nil && errors.Is(context.Cause(b.workCtx), errShutdown)
}

// cutShortReply replaces a reply that shutdown interrupted.
func cutShortReply() Reply {
	return Reply{Text: "I was restarting and this reply was cut short. Please ask again in a minute.", Error: true}
}

// isStatus reports whether err is a Discord REST error with that status.
func isStatus(err error, status int) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == status
}
