package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DigestSchedule is one Discord server's daily digest: posted at Clock
// ("HH:MM", 24h) in TimeZone (IANA name) into ChannelID, optionally limited
// to Topic. CreatedBy is the user ID of the admin who scheduled it (told when
// posting fails).
type DigestSchedule struct {
	GuildID, ChannelID, Clock, TimeZone, Topic, CreatedBy string
	UpdatedAt                                             time.Time
}

// SetDigestSchedule saves d as the digest schedule of d.GuildID, replacing
// any previous one. GuildID and ChannelID must be set and Clock must be
// "HH:MM"; the caller validates TimeZone. A zero UpdatedAt becomes now.
func (s *Store) SetDigestSchedule(ctx context.Context, d DigestSchedule) error {
	if d.GuildID == "" || d.ChannelID == "" {
		return fmt.Errorf("data: set digest schedule: guild and channel are required")
	}
	if _, err := time.Parse("15:04", d.Clock); err != nil || len(d.Clock) != len("15:04") {
		return fmt.Errorf("data: set digest schedule of %s: clock %q is not HH:MM", d.GuildID, d.Clock)
	}
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = time.Now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO digest_schedules
		(guild_id, channel_id, clock, time_zone, topic, created_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(guild_id) DO UPDATE SET
			channel_id = excluded.channel_id, clock = excluded.clock, time_zone = excluded.time_zone,
			topic = excluded.topic, created_by = excluded.created_by, updated_at = excluded.updated_at`,
		d.GuildID, d.ChannelID, d.Clock, d.TimeZone, d.Topic, d.CreatedBy, nullTime(d.UpdatedAt))
	if err != nil {
		return fmt.Errorf("data: set digest schedule of %s: %w", d.GuildID, err)
	}
	return nil
}

const scheduleColumns = `guild_id, channel_id, clock, time_zone, topic, created_by, updated_at`

func scanSchedule(sc scanner) (DigestSchedule, error) {
	var (
		d       DigestSchedule
		updated sql.NullInt64
	)
	if err := sc.Scan(&d.GuildID, &d.ChannelID, &d.Clock, &d.TimeZone, &d.Topic, &d.CreatedBy, &updated); err != nil {
		return DigestSchedule{}, err
	}
	d.UpdatedAt = timeOf(updated)
	return d, nil
}

// DigestSchedule returns the digest schedule of guildID, or ErrNotFound.
func (s *Store) DigestSchedule(ctx context.Context, guildID string) (DigestSchedule, error) {
	d, err := scanSchedule(s.db.QueryRowContext(ctx,
		`SELECT `+scheduleColumns+` FROM digest_schedules WHERE guild_id = ?`, guildID))
	if errors.Is(err, sql.ErrNoRows) {
		return DigestSchedule{}, fmt.Errorf("data: digest schedule of %s: %w", guildID, ErrNotFound)
	}
	if err != nil {
		return DigestSchedule{}, fmt.Errorf("data: digest schedule of %s: %w", guildID, err)
	}
	return d, nil
}

// DigestSchedules returns every server's digest schedule, by guild ID.
func (s *Store) DigestSchedules(ctx context.Context) ([]DigestSchedule, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+scheduleColumns+` FROM digest_schedules ORDER BY guild_id`)
	if err != nil {
		return nil, fmt.Errorf("data: digest schedules: %w", err)
	}
	defer rows.Close()
	var out []DigestSchedule
	for rows.Next() {
		d, err := scanSchedule(rows)
		if err != nil {
			return nil, fmt.Errorf("data: digest schedules: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: digest schedules: %w", err)
	}
	return out, nil
}

// DeleteDigestSchedule removes the digest schedule of guildID, or fails with
// ErrNotFound. The record of claimed slots stays, so re-scheduling the same
// clock never posts a slot twice.
func (s *Store) DeleteDigestSchedule(ctx context.Context, guildID string) error {
	return s.deleteOne(ctx, fmt.Sprintf("data: delete digest schedule of %s", guildID),
		`DELETE FROM digest_schedules WHERE guild_id = ?`, guildID)
}

// ClaimDigestSlot records that the slot (the scheduled instant, UTC) of
// guildID is being posted; it returns false when that slot, or a later one,
// was already claimed, so each slot is posted at most once, also across
// restarts and processes, and never after a newer digest. The check and the
// claim are one transaction holding the server's digest lock, so two
// concurrent claims cannot both win.
func (s *Store) ClaimDigestSlot(ctx context.Context, guildID string, slot time.Time) (bool, error) {
	if slot.IsZero() {
		return false, fmt.Errorf("data: claim digest slot of %s: zero slot", guildID)
	}
	won, err := s.claimDigestSlot(ctx, guildID, unixNanos(slot))
	if err != nil {
		return false, fmt.Errorf("data: claim digest slot of %s: %w", guildID, err)
	}
	return won, nil
}

func (s *Store) claimDigestSlot(ctx context.Context, guildID string, at int64) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if err := tx.d.lockKey(ctx, tx, lockDigest, guildID); err != nil {
		return false, err
	}
	if won, err := insertDigestSlot(ctx, tx, guildID, at); err != nil || !won {
		return false, err
	}
	return true, tx.Commit()
}

// insertDigestSlot records the claim of the slot at in tx, which holds the
// server's digest lock, unless that slot or a later one is claimed; it
// reports whether it did.
func insertDigestSlot(ctx context.Context, tx *dbTx, guildID string, at int64) (bool, error) {
	var later int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM digest_slots WHERE guild_id = ? AND slot >= ?`,
		guildID, at).Scan(&later); err != nil {
		return false, err
	}
	if later > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO digest_slots (guild_id, slot, claimed_at) VALUES (?, ?, ?)`,
		guildID, at, unixNanos(time.Now())); err != nil {
		return false, err
	}
	return true, nil
}

// LastDigestSlot returns the latest claimed slot of guildID (UTC), or the
// zero time when none was claimed.
func (s *Store) LastDigestSlot(ctx context.Context, guildID string) (time.Time, error) {
	var last sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(slot) FROM digest_slots WHERE guild_id = ?`, guildID).Scan(&last)
	if err != nil {
		return time.Time{}, fmt.Errorf("data: last digest slot of %s: %w", guildID, err)
	}
	return timeOf(last), nil
}

// AddGuildFeed subscribes guildID to the feed feedID. It fails with
// ErrExists when the server already follows the feed and with ErrNotFound
// when there is no such feed.
func (s *Store) AddGuildFeed(ctx context.Context, guildID string, feedID int64) error {
	return s.addGuildFeed(ctx, GuildFeed{GuildID: guildID, FeedID: feedID})
}

func (s *Store) addGuildFeed(ctx context.Context, g GuildFeed) error {
	guildID, feedID := g.GuildID, g.FeedID
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("data: add feed %d to guild %s: %w", feedID, guildID, err)
	}
	defer tx.Rollback()
	var one int
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM feeds WHERE id = ?`, feedID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("data: add feed %d to guild %s: feed %w", feedID, guildID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("data: add feed %d to guild %s: %w", feedID, guildID, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO guild_feeds (guild_id, feed_id, created_at, channel_id, added_by)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT(guild_id, feed_id) DO NOTHING`,
		guildID, feedID, unixNanos(time.Now()), g.ChannelID, g.AddedBy)
	if err != nil {
		return fmt.Errorf("data: add feed %d to guild %s: %w", feedID, guildID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("data: add feed %d to guild %s: %w", feedID, guildID, err)
	} else if n == 0 {
		return fmt.Errorf("data: add feed %d to guild %s: %w", feedID, guildID, ErrExists)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("data: add feed %d to guild %s: commit: %w", feedID, guildID, err)
	}
	return nil
}

// RemoveGuildFeed unsubscribes guildID from the feed feedID, or fails with
// ErrNotFound when the server does not follow it. The feed itself stays.
func (s *Store) RemoveGuildFeed(ctx context.Context, guildID string, feedID int64) error {
	return s.deleteOne(ctx, fmt.Sprintf("data: remove feed %d from guild %s", feedID, guildID),
		`DELETE FROM guild_feeds WHERE guild_id = ? AND feed_id = ?`, guildID, feedID)
}

// GuildFeeds returns the feeds guildID follows, by feed ID.
func (s *Store) GuildFeeds(ctx context.Context, guildID string) ([]Feed, error) {
	feeds, err := s.queryFeeds(ctx, `SELECT `+feedColumns+` FROM feeds
		WHERE id IN (SELECT feed_id FROM guild_feeds WHERE guild_id = ?) ORDER BY id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("data: feeds of guild %s: %w", guildID, err)
	}
	return feeds, nil
}

// AddTokenUsage adds tokens to guildID's LLM usage for day ("YYYY-MM-DD" in
// UTC) and returns the day's new total.
func (s *Store) AddTokenUsage(ctx context.Context, guildID, day string, tokens int) (int, error) {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return 0, fmt.Errorf("data: add token usage of %s: day %q is not YYYY-MM-DD", guildID, day)
	}
	if tokens < 0 {
		return 0, fmt.Errorf("data: add token usage of %s: negative tokens %d", guildID, tokens)
	}
	var total int
	err := s.db.QueryRowContext(ctx, `INSERT INTO token_usage (guild_id, day, tokens) VALUES (?, ?, ?)
		ON CONFLICT(guild_id, day) DO UPDATE SET tokens = token_usage.tokens + excluded.tokens
		RETURNING tokens`, guildID, day, tokens).Scan(&total)
	if err != nil {
		return 0, fmt.Errorf("data: add token usage of %s on %s: %w", guildID, day, err)
	}
	return total, nil
}

// TokenUsage returns guildID's LLM token usage on day ("YYYY-MM-DD" in UTC),
// 0 when none was recorded.
func (s *Store) TokenUsage(ctx context.Context, guildID, day string) (int, error) {
	var total int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(tokens), 0) FROM token_usage
		WHERE guild_id = ? AND day = ?`, guildID, day).Scan(&total)
	if err != nil {
		return 0, fmt.Errorf("data: token usage of %s on %s: %w", guildID, day, err)
	}
	return total, nil
}
