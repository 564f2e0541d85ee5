package bot

import (
	"context"
	"github.com/bwmarrin/discordgo"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/summarize"
)

// Internals exposed to the tests in package bot_test.
var (
	SplitText        = splitText
	ParseClock       = parseClock
	SlotOn           = slotOn
	LastSlot         = lastSlot
	NextSlot         = nextSlot
	ParseConsoleLine = parseConsoleLine
	RenderText       = renderText
	NewLimiter       = newLimiter
)

// SourcesReply draws the Sources view of citations and their support.
func SourcesReply(cs []Citation, support []summarize.SentenceSupport) Reply {
	return sourcesReply(sourceEntry{Citations: cs, Support: support})
}

// RenderedMessage is a rendered Discord message as the tests see it.
type RenderedMessage = discordMessage

// RenderDiscord renders r for Discord.
func RenderDiscord(r Reply) []RenderedMessage { return renderDiscord(r) }

// NewStoreLimiter returns a limiter as NewLimiter does, whose buckets are
// store's.
func NewStoreLimiter(store RateStore, userRate rate.Limit, userBurst int, guildRate rate.Limit, guildBurst int) *limiter {
	l := newLimiter(userRate, userBurst, guildRate, guildBurst)
	l.store = store
	return l
}

// Allow takes a token from the limiter for user and guild, or returns why
// the offline engine answers instead.
func (l *limiter) Allow(user, guild string, now time.Time) string {
	return l.allow(context.Background(), user, guild, now)
}

// SafeMarkdown neutralises the markdown of model and article text.
var SafeMarkdown = safeMarkdown

// TickDigests runs the digest scheduler once at now, for tests that drive
// time themselves. It waits for Run to be connected.
func (b *Bot) TickDigests(ctx context.Context, now time.Time) int {
	select {
	case <-b.ready:
	case <-ctx.Done():
		return 0
	}
	return b.sched.Tick(ctx, now)
}

// PlainMarkup makes Discord's mention and emoji markup in s plain; users
// maps user IDs to names, and nothing else resolves.
func PlainMarkup(s string, users map[string]string) string {
	return plainMarkup(s, func(k markupKind, id string) string {
		if k == markupUser {
			return users[id]
		}
		return ""
	})
}

// TimeZoneNames are the time zones the timezone option suggests.
func TimeZoneNames() []string { return strings.Fields(timeZoneNames) }

// GatewayEvent hands every shard of b a connection event as discordgo
// does.
func (b *Bot) GatewayEvent(e any) {
	for _, c := range b.conns {
		switch e := e.(type) {
		case *discordgo.Connect:
			c.onConnect(nil, e)
		case *discordgo.Resumed:
			c.onResumed(nil, e)
		case *discordgo.Disconnect:
			c.onDisconnect(nil, e)
		}
	}
}

// SetIdentifyWait replaces how b waits between the IDENTIFYs of its
// shards; call it before Run.
func (b *Bot) SetIdentifyWait(wait func(ctx context.Context, d time.Duration) error) { b.wait = wait }

// SetIdentifyWindow replaces Discord's 5s between two IDENTIFYs of a
// bucket; call it before Run.
func (b *Bot) SetIdentifyWindow(d time.Duration) { b.identifyWindow = d }

// DigestReply draws d as the bot posts it for readers in loc.
func DigestReply(d summarize.Digest, loc *time.Location) Reply {
	return NewHandlers(nil, nil, nil, HandlerConfig{}).digestReply(d, loc)
}

// TickAlerts checks the alerts once at now, for tests that drive time
// themselves. It waits for Run to be connected.
func (b *Bot) TickAlerts(ctx context.Context, now time.Time) AlertTick {
	select {
	case <-b.ready:
	case <-ctx.Done():
		return AlertTick{}
	}
	if b.alerter == nil {
		return AlertTick{}
	}
	return b.alerter.Tick(ctx, now)
}

// AlertReply draws the post of an alert's story st (lead article at url)
// with the story's articles so far.
func (h *Handlers) AlertReply(al data.Alert, st summarize.Story, url string, arts []data.Article, updated time.Time) Reply {
	return h.alertReply(al, alertBody{Story: st, URL: url}, arts, updated)
}

// AlertKey names the post of a story for an alert.
var AlertKey = alertKey

// PostNonce is the nonce of a post's part-th message.
var PostNonce = postNonce

// Sleep is the pacer's wait outside tests: d of real time, or until ctx
// is done.
var Sleep = sleep
