package bot

import (
	"context"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// Service answers questions, summarises and writes digests; it is
// *summarize.Service. Errors are failures of the search or the store, or
// ctx ending; an LLM failure falls back to the extractive engine and is
// reported in the reply's Notice, not as an error.
type Service interface {
	Ask(ctx context.Context, r summarize.AskRequest) (summarize.Answer, error)
	Summarize(ctx context.Context, r summarize.SummaryRequest) (summarize.Answer, error)
	Digest(ctx context.Context, r summarize.DigestRequest) (summarize.Digest, error)
	Search(ctx context.Context, q retrieval.Query) (retrieval.Results, error)
}

// HeadlineStore lists recent articles and outlets for autocompletion.
type HeadlineStore interface {
	// Headlines returns up to limit recent articles of feedIDs (every
	// feed when nil) whose title contains contains (any article when
	// empty), newest first.
	Headlines(ctx context.Context, contains string, feedIDs []int64, limit int) ([]data.Article, error)
	// Outlets returns up to limit outlets of feedIDs (every feed when nil)
	// whose name or domain contains contains, the biggest first.
	Outlets(ctx context.Context, contains string, feedIDs []int64, limit int) ([]data.Outlet, error)
}

// FeedStore holds the feeds and which server follows which.
type FeedStore interface {
	// Feeds returns every feed.
	Feeds(ctx context.Context) ([]data.Feed, error)
	// Feed returns one feed or data.ErrNotFound.
	Feed(ctx context.Context, id int64) (data.Feed, error)
	// AddGuildFeed and RemoveGuildFeed make a server follow or unfollow a
	// feed.
	AddGuildFeed(ctx context.Context, guildID string, feedID int64) error
	RemoveGuildFeed(ctx context.Context, guildID string, feedID int64) error
	// GuildFeeds returns the feeds a server follows.
	GuildFeeds(ctx context.Context, guildID string) ([]data.Feed, error)
}

// ScheduleStore holds the servers' digest schedules and which slots were
// posted.
type ScheduleStore interface {
	SetDigestSchedule(ctx context.Context, s data.DigestSchedule) error
	// DigestSchedule returns a server's schedule or data.ErrNotFound.
	DigestSchedule(ctx context.Context, guildID string) (data.DigestSchedule, error)
	DigestSchedules(ctx context.Context) ([]data.DigestSchedule, error)
	DeleteDigestSchedule(ctx context.Context, guildID string) error
	// ClaimDigestSlot records that the slot is being posted; it returns
	// false when the slot (or a later one) was claimed before.
	ClaimDigestSlot(ctx context.Context, guildID string, slot time.Time) (bool, error)
	// LastDigestSlot returns the last claimed slot, zero when none.
	LastDigestSlot(ctx context.Context, guildID string) (time.Time, error)
}

// UsageStore counts LLM tokens spent per server and day.
type UsageStore interface {
	// AddTokenUsage adds tokens to the day's count and returns the total.
	AddTokenUsage(ctx context.Context, guildID, day string, tokens int) (int, error)
	TokenUsage(ctx context.Context, guildID, day string) (int, error)
}

// ThreadStore keeps the conversations of the threads the bot follows, so
// that follow-ups after a restart are still answered with their history.
// The history is JSON the bot encodes; the store does not look inside.
type ThreadStore interface {
	// BotThread returns the history last saved for a thread, or
	// data.ErrNotFound for a thread the bot does not follow.
	BotThread(ctx context.Context, threadID string) ([]byte, error)
	// SaveBotThread saves a thread's history and forgets all but the keep
	// most recently saved threads.
	SaveBotThread(ctx context.Context, threadID string, history []byte, keep int) error
}

// SourceStore keeps the citations behind answers' Sources buttons, so
// that a button still works after a restart. The citations (with the
// passages behind each cited sentence) are JSON the bot encodes.
type SourceStore interface {
	// BotSources returns the citations put under key, or data.ErrNotFound.
	BotSources(ctx context.Context, key string) ([]byte, error)
	// PutBotSources stores citations under key and forgets all but the
	// keep most recently put.
	PutBotSources(ctx context.Context, key string, citations []byte, keep int) error
}

// Store is everything the bot keeps in the store; *data.Store implements
// it.
type Store interface {
	HeadlineStore
	FeedStore
	ScheduleStore
	UsageStore
	ThreadStore
	SourceStore
}

// FeedFollower validates a feed by fetching it through the safe fetcher,
// then stores it and its first items.
type FeedFollower interface {
	// FollowFeed returns the stored feed; its error is shown to the user
	// only as a short summary.
	FollowFeed(ctx context.Context, rawURL string) (data.Feed, error)
}
