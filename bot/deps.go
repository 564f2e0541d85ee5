package bot

import (
	"context"
	"io"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// Service answers questions, summarises and writes digests; it is
// *summarize.Service. Errors are failures of the search or the store, or
// ctx ending; an LLM failure falls back to the extractive engine and is
// reported in the reply's Notice, not as an error.
type Service interface {
	// Ask answers a question with citations. Its errors are failures of
	// the search, or ctx ending.
	Ask(ctx context.Context, r summarize.AskRequest) (summarize.Answer, error)
	// Summarize summarises an article or a topic. It returns
	// summarize.ErrNothingToSummarize for a request that names neither, an
	// error wrapping data.ErrNotFound for an article ID the store does not
	// have, and one wrapping the page loader's error (a *fetch.Error when
	// the page could not be fetched) for a URL it does not have; other
	// errors are the search's or the store's, wrapped.
	Summarize(ctx context.Context, r summarize.SummaryRequest) (summarize.Answer, error)
	// Digest writes the digest of a window. It returns summarize.ErrNoStore
	// when the service has no store; other errors are the store's or the
	// search's, wrapped, or ctx ending.
	Digest(ctx context.Context, r summarize.DigestRequest) (summarize.Digest, error)
	// Search runs q on the index; its errors are the index's, wrapped.
	Search(ctx context.Context, q retrieval.Query) (retrieval.Results, error)
	// Model names the LLM that writes answers, "" when the offline engine
	// writes them all.
	Model() string
	// AlertService finds and summarises the stories that alerts post.
	AlertService
}

// HeadlineStore lists recent articles and outlets for autocompletion, and
// counts articles for /newsbot status.
type HeadlineStore interface {
	// Headlines returns up to limit recent articles of feedIDs (every
	// feed when nil) whose title contains contains (any article when
	// empty), newest first. Its errors are the store's.
	Headlines(ctx context.Context, contains string, feedIDs []int64, limit int) ([]data.Article, error)
	// Outlets returns up to limit outlets of feedIDs (every feed when nil)
	// whose name or domain contains contains, the biggest first. Its
	// errors are the store's.
	Outlets(ctx context.Context, contains string, feedIDs []int64, limit int) ([]data.Outlet, error)
	// ArticleCount returns how many articles feedIDs hold (every feed's
	// when nil). Its errors are the store's.
	ArticleCount(ctx context.Context, feedIDs []int64) (int, error)
}

// FeedStore holds the feeds and which server follows which.
type FeedStore interface {
	// Feeds returns every feed. Its errors are the store's.
	Feeds(ctx context.Context) ([]data.Feed, error)
	// Feed returns one feed, or an error wrapping data.ErrNotFound when
	// there is no feed with id; other errors are the store's.
	Feed(ctx context.Context, id int64) (data.Feed, error)
	// AddGuildFeed makes a server follow a feed. It returns an error
	// wrapping data.ErrExists when the server follows it already, and one
	// wrapping data.ErrNotFound when there is no such feed; other errors
	// are the store's.
	AddGuildFeed(ctx context.Context, guildID string, feedID int64) error
	// RemoveGuildFeed makes a server unfollow a feed. It returns an error
	// wrapping data.ErrNotFound when the server does not follow it; other
	// errors are the store's.
	RemoveGuildFeed(ctx context.Context, guildID string, feedID int64) error
	// GuildFeeds returns the feeds a server follows, none when it follows
	// none. Its errors are the store's.
	GuildFeeds(ctx context.Context, guildID string) ([]data.Feed, error)
	// AddGuildFeedFrom makes a server follow a feed, as AddGuildFeed
	// does, and records the channel and the admin, who are told when the
	// feed is disabled or recovers. Its errors are AddGuildFeed's.
	AddGuildFeedFrom(ctx context.Context, g data.GuildFeed) error
	FollowerStore
}

// ScheduleStore holds the servers' digest schedules and which slots were
// posted.
type ScheduleStore interface {
	// SetDigestSchedule saves a server's schedule, replacing any earlier
	// one. It fails for a schedule without a guild or channel ID or whose
	// Clock is not "HH:MM"; other errors are the store's.
	SetDigestSchedule(ctx context.Context, s data.DigestSchedule) error
	// DigestSchedule returns a server's schedule, or an error wrapping
	// data.ErrNotFound when it has none; other errors are the store's.
	DigestSchedule(ctx context.Context, guildID string) (data.DigestSchedule, error)
	// DigestSchedules returns every server's schedule. Its errors are the
	// store's.
	DigestSchedules(ctx context.Context) ([]data.DigestSchedule, error)
	// DeleteDigestSchedule removes a server's schedule. It returns an
	// error wrapping data.ErrNotFound when it has none; other errors are
	// the store's.
	DeleteDigestSchedule(ctx context.Context, guildID string) error
	// ClaimDigestSlotWhile claims the slot and runs post holding the
	// claim; it returns false, not an error, when the slot (or a later
	// one) was claimed before or is being posted elsewhere. The claim
	// stands when post returns true and is released when it returns
	// false; a process that dies while post runs releases it on
	// PostgreSQL. It fails for a zero slot; other errors are the store's.
	ClaimDigestSlotWhile(ctx context.Context, guildID string, slot time.Time, post func(ctx context.Context) bool) (bool, error)
	// LastDigestSlot returns the last claimed slot, zero when none. Its
	// errors are the store's.
	LastDigestSlot(ctx context.Context, guildID string) (time.Time, error)
}

// UsageStore counts LLM tokens spent per server and day.
type UsageStore interface {
	// AddTokenUsage adds tokens to the day's count and returns the total.
	// It fails for a day that is not "YYYY-MM-DD" or a negative count;
	// other errors are the store's.
	AddTokenUsage(ctx context.Context, guildID, day string, tokens int) (int, error)
	// TokenUsage returns the day's count, 0 when nothing was spent. Its
	// errors are the store's.
	TokenUsage(ctx context.Context, guildID, day string) (int, error)
}

// RateStore keeps the token buckets of the rate limits, shared by every
// process on the store.
type RateStore interface {
	// TakeTokens takes one token at now from each of buckets, all or
	// none. It returns -1 and 0 when it took them, else the index of the
	// first empty bucket and how long until it has a token. It fails for
	// a bucket without a key, a repeated key, an interval that is not
	// positive, a burst below 1 or one longer to fill than
	// data.MaxBucketSpan; other errors are the store's.
	TakeTokens(ctx context.Context, now time.Time, buckets ...data.Bucket) (refused int, wait time.Duration, err error)
}

// ThreadStore keeps the conversations of the threads the bot follows, so
// that follow-ups after a restart are still answered with their history.
// The history is JSON the bot encodes; the store does not look inside.
type ThreadStore interface {
	// BotThread returns the history last saved for a thread, or an error
	// wrapping data.ErrNotFound for a thread the bot does not follow (or
	// has forgotten); other errors are the store's.
	BotThread(ctx context.Context, threadID string) ([]byte, error)
	// SaveBotThread saves a thread's history and forgets all but the keep
	// most recently saved threads. It fails for an empty threadID or a
	// history that is not JSON; other errors are the store's.
	SaveBotThread(ctx context.Context, threadID string, history []byte, keep int) error
}

// SourceStore keeps the citations behind answers' Sources buttons, so
// that a button still works after a restart. The citations (with the
// passages behind each cited sentence) are JSON the bot encodes.
type SourceStore interface {
	// BotSources returns the citations put under key, or an error wrapping
	// data.ErrNotFound when there are none (or they were forgotten); other
	// errors are the store's.
	BotSources(ctx context.Context, key string) ([]byte, error)
	// PutBotSources stores citations under key and forgets all but the
	// keep most recently put. It fails for an empty key or citations that
	// are not JSON; other errors are the store's.
	PutBotSources(ctx context.Context, key string, citations []byte, keep int) error
}

// Store is everything the bot keeps in the store; *data.Store implements
// it.
type Store interface {
	HeadlineStore
	FeedStore
	ScheduleStore
	UsageStore
	RateStore
	ThreadStore
	SourceStore
	AlertStore
	IdentifyStore
}

// FeedFollower validates a feed by fetching it through the safe fetcher,
// then stores it and its first items.
type FeedFollower interface {
	// FollowFeed returns the stored feed, also when it was followed
	// already. A feed that could not be fetched gives an error wrapping a
	// *fetch.Error, whose Reason a user can act on; a page that is not a
	// feed, or a failure of the store, gives another error, wrapped, which
	// the user sees only as a short summary.
	FollowFeed(ctx context.Context, rawURL string) (data.Feed, error)
}

// FeedRetrier fetches a feed again at once. A FeedFollower that implements
// it lets admins retry a feed, and /newsbot-admin feeds add of a disabled
// feed tries it again instead of just returning it.
type FeedRetrier interface {
	// RetryFeed polls the feed now and returns its new state; a disabled
	// feed that works is enabled again. When the poll fails it returns
	// the feed's state and an error wrapping a *fetch.Error (the feed
	// could not be fetched), or another error (not a feed, the store);
	// ingest.ErrBusy when the feed is being fetched already, and an error
	// wrapping data.ErrNotFound for an unknown feed.
	RetryFeed(ctx context.Context, id int64) (data.Feed, error)
}

// OPMLImporter adds the feeds an OPML file lists. A FeedFollower that
// implements it lets admins import an OPML file.
type OPMLImporter interface {
	// ImportOPMLFeeds returns every feed the file lists, adding those
	// not stored yet, and the entries it could not use. It fails for a
	// file that is not OPML, and with the store's errors.
	ImportOPMLFeeds(ctx context.Context, r io.Reader) ([]data.Feed, []ingest.Failure, error)
}
