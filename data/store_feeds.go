package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DefaultFeedInterval is how often a feed is polled when it is given no
// interval of its own: AddFeed and UpdateFeed store it for a zero Interval,
// and the poller uses it for a feed that has none.
const DefaultFeedInterval = 30 * time.Minute

const feedColumns = `id, url, title, interval_ns, etag, last_modified, next_poll, last_polled,
	last_success, failures, last_error, disabled, created_at`

func scanFeed(sc scanner) (Feed, error) {
	var (
		f                                           Feed
		interval                                    int64
		nextPoll, lastPolled, lastSuccess, creation sql.NullInt64
	)
	if err := sc.Scan(&f.ID, &f.URL, &f.Title, &interval, &f.ETag, &f.LastModified, &nextPoll,
		&lastPolled, &lastSuccess, &f.Failures, &f.LastError, &f.Disabled, &creation); err != nil {
		return Feed{}, err
	}
	f.Interval = time.Duration(interval)
	f.NextPoll, f.LastPolled, f.LastSuccess, f.CreatedAt =
		timeOf(nextPoll), timeOf(lastPolled), timeOf(lastSuccess), timeOf(creation)
	return f, nil
}

// AddFeed stores a new feed and returns it with its ID. Its URL is cleaned
// (see CleanURL: the poller fetches it, so it is not folded as an article's
// is, and its user info stays, as the poller authenticates with it) and
// must be http(s); a feed with the same clean URL fails with ErrExists.
// Errors never quote the URL, which may carry credentials. A zero Interval becomes
// DefaultFeedInterval, a zero NextPoll and CreatedAt become now, so a new feed
// is due at once.
func (s *Store) AddFeed(ctx context.Context, f Feed) (Feed, error) {
	f.storable()
	clean := cleanFeedURL(f.URL)
	if clean == "" {
		return Feed{}, errors.New("data: add feed: not an http(s) URL")
	}
	f.URL = clean
	if f.Interval <= 0 {
		f.Interval = DefaultFeedInterval
	}
	now := time.Now().UTC()
	if f.NextPoll.IsZero() {
		f.NextPoll = now
	}
	if f.CreatedAt.IsZero() {
		f.CreatedAt = now
	}
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO feeds
		(url, title, interval_ns, etag, last_modified, next_poll, last_polled, last_success,
		 failures, last_error, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(url) DO NOTHING RETURNING id`,
		f.URL, f.Title, int64(f.Interval), f.ETag, f.LastModified, nullTime(f.NextPoll),
		nullTime(f.LastPolled), nullTime(f.LastSuccess), f.Failures, f.LastError, f.Disabled,
		nullTime(f.CreatedAt)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Feed{}, fmt.Errorf("data: add feed: %w", ErrExists)
	}
	if err != nil {
		return Feed{}, fmt.Errorf("data: add feed: %w", err)
	}
	return s.Feed(ctx, id)
}

// Feed returns the feed with the given ID, or ErrNotFound.
func (s *Store) Feed(ctx context.Context, id int64) (Feed, error) {
	f, err := scanFeed(s.db.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Feed{}, fmt.Errorf("data: feed %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Feed{}, fmt.Errorf("data: feed %d: %w", id, err)
	}
	return f, nil
}

// FeedByURL returns the feed whose clean URL (as AddFeed cleans it, user
// info included) is that of rawURL, or ErrNotFound.
func (s *Store) FeedByURL(ctx context.Context, rawURL string) (Feed, error) {
	clean := cleanFeedURL(rawURL)
	if clean == "" {
		return Feed{}, fmt.Errorf("data: feed by URL: not an http(s) URL: %w", ErrNotFound)
	}
	f, err := scanFeed(s.db.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds WHERE url = ?`, clean))
	if errors.Is(err, sql.ErrNoRows) {
		return Feed{}, fmt.Errorf("data: feed by URL: %w", ErrNotFound)
	}
	if err != nil {
		return Feed{}, fmt.Errorf("data: feed by URL: %w", err)
	}
	return f, nil
}

// Feeds returns every feed, by ID.
func (s *Store) Feeds(ctx context.Context) ([]Feed, error) {
	feeds, err := s.queryFeeds(ctx, `SELECT `+feedColumns+` FROM feeds ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("data: feeds: %w", err)
	}
	return feeds, nil
}

// RemoveFeed deletes the feed with the given ID and the servers'
// subscriptions to it, or fails with ErrNotFound. Its articles stay.
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	return s.deleteOne(ctx, fmt.Sprintf("data: remove feed %d", id), `DELETE FROM feeds WHERE id = ?`, id)
}

// UpdateFeed saves f's title, interval and polling state (validators,
// poll times, failures, last error, disabled) under f.ID, or fails with
// ErrNotFound. The URL and creation time are never changed.
func (s *Store) UpdateFeed(ctx context.Context, f Feed) error {
	f.storable()
	if f.Interval <= 0 {
		f.Interval = DefaultFeedInterval
	}
	res, err := s.db.ExecContext(ctx, `UPDATE feeds SET
		title = ?, interval_ns = ?, etag = ?, last_modified = ?, next_poll = ?, last_polled = ?,
		last_success = ?, failures = ?, last_error = ?, disabled = ?
		WHERE id = ?`,
		f.Title, int64(f.Interval), f.ETag, f.LastModified, nullTime(f.NextPoll), nullTime(f.LastPolled),
		nullTime(f.LastSuccess), f.Failures, f.LastError, f.Disabled, f.ID)
	if err != nil {
		return fmt.Errorf("data: update feed %d: %w", f.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("data: update feed %d: %w", f.ID, err)
	} else if n == 0 {
		return fmt.Errorf("data: update feed %d: %w", f.ID, ErrNotFound)
	}
	return nil
}

// storable makes the feed's text fields storable (see storable): a feed's
// title and validators come from its server, and its last error may quote
// the server's reply.
func (f *Feed) storable() {
	f.URL, f.Title, f.ETag, f.LastModified, f.LastError =
		storable(f.URL), storable(f.Title), storable(f.ETag), storable(f.LastModified), storable(f.LastError)
}

// DueFeeds returns the feeds whose NextPoll is at or before now (or
// unset), most overdue first. Disabled feeds are among them: a disabled
// feed's NextPoll is when it is next probed. Processes that share a store
// claim due feeds with ClaimDueFeeds instead, so that each polls its own.
func (s *Store) DueFeeds(ctx context.Context, now time.Time) ([]Feed, error) {
	feeds, err := s.queryFeeds(ctx, `SELECT `+feedColumns+` FROM feeds
		WHERE next_poll IS NULL OR next_poll <= ?
		ORDER BY next_poll NULLS FIRST, id`, unixNanos(now))
	if err != nil {
		return nil, fmt.Errorf("data: due feeds: %w", err)
	}
	return feeds, nil
}

func (s *Store) queryFeeds(ctx context.Context, query string, args ...any) ([]Feed, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var feeds []Feed
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, err
		}
		feeds = append(feeds, f)
	}
	return feeds, rows.Err()
}
