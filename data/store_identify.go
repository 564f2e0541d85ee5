package data

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Discord lets a bot's shards IDENTIFY once per bucket (shard_id %
// max_concurrency) in each 5-second window, whichever process of the bot
// they run in. The processes that share a store pace their IDENTIFYs
// through it: a process claims a bucket before it identifies, which
// leases the bucket to it until it says the IDENTIFY was answered (or
// until the lease expires, should it die first), and the release rests
// the bucket until the window after the answer has passed.
//
// The table is the state of the IDENTIFYs in flight and of the last few
// seconds only, and names no article, feed or server: CopyStore does not
// copy it (see copySkipped), and a store that loses it loses a wait of
// seconds at most.

// identifyStepName is the migration step of the IDENTIFY buckets, named
// here so that the step lives in one place.
const identifyStepName = "IDENTIFY buckets shared by the processes of one bot"

// schemaIdentify is the step's table: per bucket, who holds it (empty
// when no one does) and until when, in unix nanoseconds, it is held or resting.
// The step is idempotent (IF NOT EXISTS), as schemaAlerts is.
const schemaIdentify = `
CREATE TABLE IF NOT EXISTS identify_buckets (
	bucket  INTEGER PRIMARY KEY,
	owner   TEXT    NOT NULL DEFAULT '',
	free_at INTEGER NOT NULL
);
`

// pgSchemaIdentify is schemaIdentify in PostgreSQL's DDL.
const pgSchemaIdentify = `
CREATE TABLE IF NOT EXISTS identify_buckets (
	bucket  BIGINT PRIMARY KEY,
	owner   TEXT   NOT NULL DEFAULT '',
	free_at BIGINT NOT NULL
);
`

// ClaimIdentify leases the bucket's next IDENTIFY to owner until now+hold,
// when the bucket is free at now: no one holds it, or the holder's lease
// has expired, and the rest after the last release is over. It returns
// zero when owner holds the lease, and otherwise how long from now the
// bucket stays held or resting at most (a held bucket may be released,
// and rest, sooner). Concurrent claims, also by processes sharing a
// PostgreSQL store, never both get the lease: the claim is one upsert,
// whose condition PostgreSQL checks under the row's lock. Times are the
// callers' clocks, so the processes' clocks must agree to well within the
// rest. It fails for an empty owner or a hold that is not positive; other
// errors are the store's.
func (s *Store) ClaimIdentify(ctx context.Context, bucket int, owner string, now time.Time, hold time.Duration) (time.Duration, error) {
	if owner == "" || hold <= 0 {
		return 0, errors.New("data: claim identify: an owner and a positive hold are required")
	}
	at := unixNanos(now)
	for {
		res, err := s.db.ExecContext(ctx, `INSERT INTO identify_buckets(bucket, owner, free_at) VALUES (?, ?, ?)
			ON CONFLICT (bucket) DO UPDATE SET owner = excluded.owner, free_at = excluded.free_at
			WHERE identify_buckets.free_at <= ?`, bucket, owner, unixNanos(now.Add(hold)), at)
		if err != nil {
			return 0, fmt.Errorf("data: claim identify bucket %d: %w", bucket, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("data: claim identify bucket %d: %w", bucket, err)
		}
		if n == 1 {
			return 0, nil
		}
		var freeAt int64
		if err := s.db.QueryRowContext(ctx, `SELECT free_at FROM identify_buckets WHERE bucket = ?`, bucket).Scan(&freeAt); err != nil {
			return 0, fmt.Errorf("data: claim identify bucket %d: %w", bucket, err)
		}
		// free_at only moves on through claims and releases, each of a
		// time after the one it replaces (by the callers' clocks); a
		// bucket free by now was released between the two statements, and
		// is claimed again.
		if wait := time.Duration(freeAt - at); wait > 0 {
			return wait, nil
		}
	}
}

// ReleaseIdentify ends owner's lease on the bucket, once its IDENTIFY was
// answered, and rests the bucket until next: its next IDENTIFY may be at
// next. A lease that owner no longer holds (it expired, and another
// process claimed the bucket) is left alone. It fails for an empty owner;
// other errors are the store's.
func (s *Store) ReleaseIdentify(ctx context.Context, bucket int, owner string, next time.Time) error {
	if owner == "" {
		// '' is no one's: it would match every released bucket.
		return errors.New("data: release identify: an owner is required")
	}
	_, err := s.db.ExecContext(ctx, `UPDATE identify_buckets SET owner = '', free_at = ?
		WHERE bucket = ? AND owner = ?`, unixNanos(next), bucket, owner)
	if err != nil {
		return fmt.Errorf("data: release identify bucket %d: %w", bucket, err)
	}
	return nil
}
