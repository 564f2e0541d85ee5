package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// Invocation is one command as typed in Discord or the console, before it
// is run.
type Invocation struct {
	// Command is the command's name without the slash, such as "ask";
	// Sub its subcommand, such as "now" for /digest now.
	Command, Sub string
	// Options are the command's options by name.
	Options map[string]string
	// GuildID is the server, empty in DMs and the console. ChannelID and
	// UserID say where and who.
	GuildID, ChannelID, UserID string
	// Admin is true when the user may manage the server.
	Admin bool
	// Local is true in the console: every article is in scope, no daily
	// budget applies and anyone may change feeds.
	Local bool
	// History holds the conversation so far, for follow-ups in a thread.
	History []summarize.Turn
	// OnDelta, if set, gets the answer so far while an LLM writes it.
	OnDelta func(partial string)
	// Offline, when set, has the offline engine write the reply although
	// a model is configured, and says why in its footer (the bot sets it
	// for a member or server over its rate, or a busy model).
	Offline string
	// File is the content of the file attached to the command (the OPML
	// file of feeds import), fetched and capped by the bot.
	File []byte
}

func (inv Invocation) opt(name string) string { return strings.TrimSpace(inv.Options[name]) }

// Defaults of HandlerConfig and Config.
const (
	// DefaultMaxQuestionLen is the longest question accepted, in
	// characters, when MaxQuestionLen is zero.
	DefaultMaxQuestionLen = 500
	// DefaultDailyTokenBudget is how many LLM tokens a server may spend a
	// day when DailyTokenBudget is zero.
	DefaultDailyTokenBudget = 200_000
	// DefaultMaxReplyChars is the longest answer or story text shown, in
	// characters, when MaxReplyChars is zero: one embed's worth.
	DefaultMaxReplyChars = 4000
)

// HandlerConfig is what the handlers need to know of the bot's Config.
type HandlerConfig struct {
	// DefaultFeedIDs are in every server's scope, with its own feeds and
	// feed 0 (files and the sample corpus).
	DefaultFeedIDs []int64
	// MaxQuestionLen is the longest question accepted, in characters;
	// zero means DefaultMaxQuestionLen.
	MaxQuestionLen int
	// DailyTokenBudget is how many LLM tokens a server may spend a day
	// before answers fall back to the extractive engine; zero means
	// DefaultDailyTokenBudget and a negative value means no limit.
	DailyTokenBudget int
	// MaxReplyChars caps the text of an answer, summary or digest story
	// before it is split into messages, so that a runaway model or article
	// makes one reply, not hundreds of messages; zero means
	// DefaultMaxReplyChars and a negative value means no limit.
	MaxReplyChars int
	// MaxAlerts is how many alerts a server may have; zero means
	// DefaultMaxAlerts and a negative value means no limit.
	MaxAlerts int
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger gets the details of failures; users get short messages.
	Logger *slog.Logger
}

// Handlers run every command and produce platform-neutral replies. Both
// the Discord bot and the console call them. Handlers are safe for
// concurrent use.
type Handlers struct {
	svc      Service
	store    Store
	follower FeedFollower
	cfg      HandlerConfig
	sources  *sourceCache
}

// NewHandlers returns handlers over svc and store; follower may be nil, in
// which case following feeds is unavailable.
func NewHandlers(svc Service, store Store, follower FeedFollower, cfg HandlerConfig) *Handlers {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxQuestionLen <= 0 {
		cfg.MaxQuestionLen = DefaultMaxQuestionLen
	}
	if cfg.DailyTokenBudget == 0 {
		cfg.DailyTokenBudget = DefaultDailyTokenBudget
	}
	if cfg.MaxReplyChars == 0 {
		cfg.MaxReplyChars = DefaultMaxReplyChars
	}
	return &Handlers{svc: svc, store: store, follower: follower, cfg: cfg, sources: newSourceCache(maxSources, store, cfg.Logger)}
}

// needsAdmin reports whether an invocation changes the server's setup and
// so needs the Manage Server permission.
func needsAdmin(inv Invocation) bool {
	switch inv.Command {
	case "feeds":
		return inv.Sub == "add" || inv.Sub == "remove" || inv.Sub == "retry" || inv.Sub == "import"
	case "digest":
		return inv.Sub == "schedule" || inv.Sub == "off"
	case "alerts":
		return true
	}
	return false
}

// usesModel reports whether an invocation may spend LLM tokens, and so is
// written by the model only within the rate limits.
func usesModel(inv Invocation) bool {
	switch inv.Command {
	case "ask", "summarize", "story":
		return true
	case "digest":
		return inv.Sub == "now"
	}
	return false
}

// Check refuses, before any work is done, an invocation that is not
// allowed or not valid; it returns nil when the invocation may run. It is
// fast and does no I/O, so Discord can answer it within its deadline.
func (h *Handlers) Check(inv Invocation) *Reply {
	if needsAdmin(inv) && !inv.Admin && !inv.Local {
		r := errorReply("You need the Manage Server permission to change this server's feeds, digest or alerts.")
		return &r
	}
	if inv.GuildID == "" && (inv.Command == "feeds" && inv.Sub != "list" && !inv.Local || inv.Command == "digest" && inv.Sub != "now" && inv.Sub != "" || inv.Command == "alerts") {
		r := errorReply("That works in a server, not in direct messages.")
		return &r
	}
	switch inv.Command {
	case "ask":
		q := inv.opt("question")
		if q == "" {
			r := errorReply("Ask a question, such as `/ask question: what happened to the Eastgate bridge?`")
			return &r
		}
		if n := runeLen(q); n > h.cfg.MaxQuestionLen {
			r := errorReply(fmt.Sprintf("Questions are limited to %d characters; yours has %d.", h.cfg.MaxQuestionLen, n))
			return &r
		}
	case "summarize":
		n := 0
		for _, k := range []string{"url", "article", "topic"} {
			if inv.opt(k) != "" {
				n++
			}
		}
		if n != 1 {
			r := errorReply("Give exactly one of `url`, `article` or `topic` to summarize.")
			return &r
		}
		if t := inv.opt("topic"); runeLen(t) > h.cfg.MaxQuestionLen {
			r := errorReply(fmt.Sprintf("Topics are limited to %d characters.", h.cfg.MaxQuestionLen))
			return &r
		}
	case "search":
		q := inv.opt("query")
		if q == "" {
			r := errorReply("Give something to search for.")
			return &r
		}
		if runeLen(q) > h.cfg.MaxQuestionLen {
			r := errorReply(fmt.Sprintf("Searches are limited to %d characters.", h.cfg.MaxQuestionLen))
			return &r
		}
	}
	if s := inv.opt("since"); s != "" {
		if _, err := retrieval.ParseSince(s, h.cfg.Now()); err != nil {
			r := errorReply("Since: " + err.Error() + ".")
			return &r
		}
	}
	return nil
}

// Handle runs an invocation and returns its reply. Failures become short
// ephemeral replies; their details go to the log.
func (h *Handlers) Handle(ctx context.Context, inv Invocation) Reply {
	if r := h.Check(inv); r != nil {
		return *r
	}
	switch inv.Command {
	case "ask":
		return h.ask(ctx, inv)
	case "summarize":
		return h.summarize(ctx, inv)
	case "digest":
		switch inv.Sub {
		case "now", "":
			return h.digestNow(ctx, inv)
		case "schedule":
			return h.digestSchedule(ctx, inv)
		case "off":
			return h.digestOff(ctx, inv)
		case "status":
			return h.digestStatus(ctx, inv)
		}
	case "feeds":
		switch inv.Sub {
		case "add":
			return h.feedsAdd(ctx, inv)
		case "remove":
			return h.feedsRemove(ctx, inv)
		case "retry":
			return h.feedsRetry(ctx, inv)
		case "import":
			return h.feedsImport(ctx, inv)
		case "list", "":
			return h.feedsList(ctx, inv)
		}
	case "alerts":
		switch inv.Sub {
		case "add":
			return h.alertsAdd(ctx, inv)
		case "remove":
			return h.alertsRemove(ctx, inv)
		case "list", "":
			return h.alertsList(ctx, inv)
		}
	case "search":
		return h.search(ctx, inv)
	case "sources":
		return h.showSources(ctx, inv.opt("key"))
	case "story":
		return h.story(ctx, inv)
	case "help":
		return helpReply()
	case statusCommand:
		return h.status(ctx, inv)
	}
	r := helpReply()
	r.Text = "I don't know that command. " + r.Text
	r.Ephemeral = true
	return r
}

// cutNote ends a text that capText cut.
const cutNote = "\n\n*(This was too long, so I cut it here.)*"

// capText cuts s to MaxReplyChars, between paragraphs, sentences or
// words where it can, and marks the cut.
func (h *Handlers) capText(s string) string {
	max := h.cfg.MaxReplyChars
	if max < 0 || runeLen(s) <= max {
		return s
	}
	// Only the first max characters are looked at: the text may be
	// megabytes long.
	i, n := 0, 0
	for i < len(s) && n < max {
		_, size := utf8.DecodeRuneInString(s[i:])
		i, n = i+size, n+1
	}
	if max < 2*runeLen(cutNote) {
		return truncate(s[:i], max)
	}
	return splitText(s[:i], max-runeLen(cutNote))[0] + cutNote
}

// fail logs err with what was being done and returns a short reply.
func (h *Handlers) fail(ctx context.Context, inv Invocation, what string, err error) Reply {
	if ctx.Err() != nil {
		return errorReply("That took too long and was stopped. Please try again.")
	}
	h.cfg.Logger.ErrorContext(ctx, "bot: command failed", "command", inv.Command, "sub", inv.Sub,
		"guild", inv.GuildID, "what", what, "err", err)
	return errorReply("Sorry, something went wrong while " + what + ". Please try again in a moment.")
}

// scope returns the feeds a server's answers may draw on: the default
// feeds, its own feeds and feed 0 (local articles). The console and DMs
// have no server feeds.
func (h *Handlers) scope(ctx context.Context, inv Invocation) (ids []int64, scoped bool, err error) {
	if inv.Local {
		return nil, false, nil
	}
	ids = append([]int64{0}, h.cfg.DefaultFeedIDs...)
	if inv.GuildID != "" {
		feeds, err := h.store.GuildFeeds(ctx, inv.GuildID)
		if err != nil {
			return nil, false, fmt.Errorf("bot: scope of %s: %w", inv.GuildID, err)
		}
		for _, f := range feeds {
			ids = append(ids, f.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), true, nil
}

// budgetKey is whose daily budget an invocation spends.
func budgetKey(inv Invocation) string {
	if inv.GuildID != "" {
		return inv.GuildID
	}
	return "dm:" + inv.UserID
}

// day is the budget's day, in UTC.
func (h *Handlers) day() string { return h.cfg.Now().UTC().Format("2006-01-02") }

// overBudget reports whether the server spent its LLM tokens for today.
func (h *Handlers) overBudget(ctx context.Context, inv Invocation) bool {
	if inv.Local || h.cfg.DailyTokenBudget < 0 {
		return false
	}
	used, err := h.store.TokenUsage(ctx, budgetKey(inv), h.day())
	if err != nil {
		h.cfg.Logger.WarnContext(ctx, "bot: read token usage", "guild_id", inv.GuildID, "err", err)
		return false
	}
	return used >= h.cfg.DailyTokenBudget
}

// offline returns why the offline engine writes inv's reply: inv.Offline,
// or the server's spent budget; "" when the model may write it.
func (h *Handlers) offline(ctx context.Context, inv Invocation) string {
	if inv.Offline != "" {
		return inv.Offline
	}
	if h.overBudget(ctx, inv) {
		return budgetNotice
	}
	return ""
}

// spend records the tokens an answer cost.
func (h *Handlers) spend(ctx context.Context, inv Invocation, tokens int) {
	if inv.Local || tokens <= 0 {
		return
	}
	if _, err := h.store.AddTokenUsage(ctx, budgetKey(inv), h.day(), tokens); err != nil {
		h.cfg.Logger.WarnContext(ctx, "bot: record token usage", "guild_id", inv.GuildID, "err", err)
	}
}

// answerNotice is the footer of an answer: how it was made and how much
// was searched.
func answerNotice(a summarize.Answer, extra string) string {
	var parts []string
	if a.Notice != "" {
		parts = append(parts, a.Notice)
	}
	if extra != "" {
		parts = append(parts, extra)
	}
	if a.Searched > 0 {
		parts = append(parts, "Searched "+plural(a.Searched, "article"))
	}
	return strings.Join(parts, " · ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
