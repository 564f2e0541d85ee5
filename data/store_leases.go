package data

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// A feed is polled by one process at a time: the poller claims the feeds
// that are due, which leases each one to it until a deadline, and releases
// the lease when the poll is done. A process that dies mid-poll never
// releases its leases; they expire, and its feeds are due again for the
// others, which lose nothing but the wait.

// addFeedLeases is the step that gives feeds their lease: who holds it and
// until when (unix nanoseconds; NULL when free). Like addGuildFeedOrigin it
// tolerates running again: a column already there is kept.
func addFeedLeases(ctx context.Context, tx *dbTx) error {
	have, err := tx.d.tableColumns(ctx, tx, "feeds")
	if err != nil {
		return err
	}
	until := "INTEGER"
	if tx.d.postgres {
		until = "BIGINT"
	}
	for _, col := range []struct{ name, decl string }{
		{"lease_owner", "TEXT NOT NULL DEFAULT ''"},
		{"lease_until", until},
	} {
		if have[col.name] {
			continue
		}
		// The names and types are the constants above, never input.
		if _, err := tx.ExecContext(ctx, `ALTER TABLE feeds ADD COLUMN `+col.name+` `+col.decl); err != nil {
			return err
		}
	}
	return nil
}

// ClaimDueFeeds leases to owner, until now+lease, up to limit (all when
// limit <= 0) of the feeds whose NextPoll is at or before now (or unset)
// and whose lease is free or expired at now, and returns them, most overdue
// first, as DueFeeds does. Two concurrent claims, also by two processes
// sharing a PostgreSQL store, never return the same feed: on PostgreSQL
// the feeds another claim is taking are skipped (FOR UPDATE SKIP LOCKED).
// It fails for an empty owner or a lease that is not positive.
func (s *Store) ClaimDueFeeds(ctx context.Context, now time.Time, owner string, lease time.Duration, limit int) ([]Feed, error) {
	if owner == "" || lease <= 0 {
		return nil, errors.New("data: claim due feeds: an owner and a positive lease are required")
	}
	at := unixNanos(now)
	feeds, err := s.queryFeeds(ctx, `UPDATE feeds SET lease_owner = ?, lease_until = ?
		WHERE id IN (SELECT id FROM feeds
			WHERE (next_poll IS NULL OR next_poll <= ?) AND (lease_until IS NULL OR lease_until <= ?)
			ORDER BY next_poll NULLS FIRST, id LIMIT ?`+s.db.d.skipLocked()+`)
		RETURNING `+feedColumns, owner, unixNanos(now.Add(lease)), at, at, sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("data: claim due feeds for %s: %w", owner, err)
	}
	// RETURNING has no order of its own.
	slices.SortFunc(feeds, func(a, b Feed) int {
		if c := a.NextPoll.Compare(b.NextPoll); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return feeds, nil
}

// ReleaseFeed ends owner's lease on the feed id, once its poll is done and
// saved, so that the feed is claimed again as soon as it is due. A lease
// that owner no longer holds (it expired and another process took it) is
// left alone, as is a feed that was removed.
func (s *Store) ReleaseFeed(ctx context.Context, id int64, owner string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE feeds SET lease_owner = '', lease_until = NULL
		WHERE id = ? AND lease_owner = ?`, id, owner)
	if err != nil {
		return fmt.Errorf("data: release feed %d: %w", id, err)
	}
	return nil
}

// ClaimFeed leases the feed id to owner until now+lease, due or not (an
// admin's "poll it now"), unless another owner's lease on it runs at now;
// it reports whether owner holds the lease. It fails with ErrNotFound for
// a feed that does not exist, and for an empty owner or a lease that is
// not positive.
func (s *Store) ClaimFeed(ctx context.Context, id int64, now time.Time, owner string, lease time.Duration) (bool, error) {
	if owner == "" || lease <= 0 {
		return false, errors.New("data: claim feed: an owner and a positive lease are required")
	}
	res, err := s.db.ExecContext(ctx, `UPDATE feeds SET lease_owner = ?, lease_until = ?
		WHERE id = ? AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)`,
		owner, unixNanos(now.Add(lease)), id, unixNanos(now), owner)
	if err != nil {
		return false, fmt.Errorf("data: claim feed %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, fmt.Errorf("data: claim feed %d: %w", id, err)
	} else if n == 1 {
		return true, nil
	}
	if _, err := s.Feed(ctx, id); err != nil {
		return false, fmt.Errorf("data: claim feed %d: %w", id, err)
	}
	return false, nil
}
