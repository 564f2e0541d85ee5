package bot

import "time"

// Internals exposed to the tests in package bot_test.
var (
	SplitText        = splitText
	ParseSince       = parseSince
	ParseClock       = parseClock
	SlotOn           = slotOn
	LastSlot         = lastSlot
	NextSlot         = nextSlot
	ParseConsoleLine = parseConsoleLine
	RenderText       = renderText
	NewLimiter       = newLimiter
)

// RenderedMessage is a rendered Discord message as the tests see it.
type RenderedMessage = discordMessage

// RenderDiscord renders r for Discord.
func RenderDiscord(r Reply) []RenderedMessage { return renderDiscord(r) }

// Allow takes a token from the limiter for user and guild.
func (l *limiter) Allow(user, guild string, now time.Time) (bool, string) {
	return l.allow(user, guild, now)
}
