package data

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Rate limits kept in the store are shared by every process on it, so a
// member asking in servers handled by several processes still has one
// bucket. Each bucket is one row holding its "theoretical arrival time"
// (GCRA): the time at which the bucket would be full again had every token
// been taken at the steady rate. A token is taken at now when
//
//	max(tat, now) + interval <= now + burst*interval
//
// which sets tat to the left side. A row whose tat has passed describes a
// full bucket, exactly as no row does, so such rows may be deleted at any
// time: each take deletes a few (see pruneBuckets), which keeps the table
// to the buckets that are not full.

// schemaRateBuckets is the step that adds the shared token buckets; tat is
// unix nanoseconds. Like schemaAlerts it tolerates running again.
const schemaRateBuckets = `
CREATE TABLE IF NOT EXISTS rate_buckets (
	key TEXT    PRIMARY KEY,
	tat INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_buckets_tat ON rate_buckets(tat);
`

// pgSchemaRateBuckets is schemaRateBuckets in PostgreSQL's DDL.
const pgSchemaRateBuckets = `
CREATE TABLE IF NOT EXISTS rate_buckets (
	key TEXT   COLLATE "C" PRIMARY KEY,
	tat BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_buckets_tat ON rate_buckets(tat);
`

// MaxBucketSpan is the longest a bucket may take to fill from empty
// (Interval times Burst); TakeTokens refuses larger buckets, whose times
// would not fit the store's unix nanoseconds.
const MaxBucketSpan = 100 * 365 * 24 * time.Hour

// prunePerTake is how many rows of full buckets each take deletes: more
// than the two rows a take may add, so the full ones never pile up.
const prunePerTake = 8

// Bucket is a token bucket of the store: one token comes back every
// Interval, and it holds at most Burst. Key names it; processes that use
// the same key share the bucket.
type Bucket struct {
	Key      string
	Interval time.Duration
	Burst    int
}

// TakeToken takes one token at now from the bucket key, which gets one
// back every interval and holds at most burst, and returns 0; when the
// bucket is empty it takes none and returns how long until it has one. Its
// errors are TakeTokens'.
func (s *Store) TakeToken(ctx context.Context, key string, now time.Time, interval time.Duration, burst int) (wait time.Duration, err error) {
	_, wait, err = s.TakeTokens(ctx, now, Bucket{Key: key, Interval: interval, Burst: burst})
	return wait, err
}

// TakeTokens takes one token at now from each of buckets, all or none, in
// one transaction, so that concurrent takes, also by processes sharing a
// PostgreSQL store, never take more tokens than the buckets hold. When
// every bucket has a token it takes them and returns refused = -1 and
// wait = 0. Otherwise it takes none and returns the index in buckets of
// the first empty one and how long until it has a token. It fails for an
// empty or repeated key, an Interval that is not positive, a Burst below 1
// or a bucket longer to fill than MaxBucketSpan; other errors are the
// database's, or ctx ending.
//
// A bucket that is empty already is seen by a read, which takes no lock:
// a bucket's tat only grows (a row is deleted only once it is full), so a
// read that finds one empty cannot be wrong. In a burst of questions most
// are refused that way, without waiting for the write lock.
func (s *Store) TakeTokens(ctx context.Context, now time.Time, buckets ...Bucket) (refused int, wait time.Duration, err error) {
	if err := checkBuckets(buckets); err != nil {
		return -1, 0, err
	}
	if len(buckets) == 0 {
		return -1, 0, nil
	}
	at := unixNanos(now)
	refused, wait, err = s.peekTokens(ctx, at, buckets)
	if err != nil || refused >= 0 {
		return refused, wait, err
	}
	return s.takeTokens(ctx, at, buckets)
}

// peekTokens reads buckets at now (unix nanoseconds) and returns the
// first empty one and its wait, -1 and 0 when none is.
func (s *Store) peekTokens(ctx context.Context, now int64, buckets []Bucket) (refused int, wait time.Duration, err error) {
	args := make([]any, len(buckets))
	for i, b := range buckets {
		args[i] = b.Key
	}
	rows, err := s.db.QueryContext(ctx, `SELECT key, tat FROM rate_buckets
		WHERE key IN (?`+strings.Repeat(", ?", len(buckets)-1)+`)`, args...)
	if err != nil {
		return -1, 0, fmt.Errorf("data: take tokens: %w", err)
	}
	defer rows.Close()
	tats := map[string]int64{}
	for rows.Next() {
		var key string
		var tat int64
		if err := rows.Scan(&key, &tat); err != nil {
			return -1, 0, fmt.Errorf("data: take tokens: %w", err)
		}
		tats[key] = tat
	}
	if err := rows.Err(); err != nil {
		return -1, 0, fmt.Errorf("data: take tokens: %w", err)
	}
	for i, b := range buckets {
		if tat, ok := tats[b.Key]; ok {
			if w := bucketWait(b, tat, now); w > 0 {
				return i, w, nil
			}
		}
	}
	return -1, 0, nil
}

// takeTokens is TakeTokens' transaction, at now (unix nanoseconds).
func (s *Store) takeTokens(ctx context.Context, now int64, buckets []Bucket) (refused int, wait time.Duration, err error) {
	release, err := s.takeTurn(ctx)
	if err != nil {
		return -1, 0, fmt.Errorf("data: take tokens: %w", err)
	}
	defer release()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return -1, 0, fmt.Errorf("data: take tokens: %w", err)
	}
	defer tx.Rollback()
	// Rows are locked in the order of their keys, so that two takes of
	// the same buckets on PostgreSQL never wait on each other in a cycle.
	order := make([]int, len(buckets))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(buckets[a].Key, buckets[b].Key) })
	waits := make([]time.Duration, len(buckets))
	empty := false
	for _, i := range order {
		w, err := takeToken(ctx, tx, buckets[i], now)
		if err != nil {
			return -1, 0, fmt.Errorf("data: take token of %s: %w", buckets[i].Key, err)
		}
		waits[i], empty = w, empty || w > 0
	}
	if empty {
		// The rollback gives back the tokens taken from the others.
		for i, w := range waits {
			if w > 0 {
				return i, w, nil
			}
		}
	}
	if err := pruneBuckets(ctx, tx, now); err != nil {
		return -1, 0, fmt.Errorf("data: take tokens: prune: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return -1, 0, fmt.Errorf("data: take tokens: commit: %w", err)
	}
	return -1, 0, nil
}

// takeTurn waits until no other TakeTokens of s writes to a SQLite store,
// or ctx ends, and returns what ends the turn. SQLite's writers take turns
// anyway, but far more slowly when they contend for its lock (its busy
// handler sleeps) than in this queue. On PostgreSQL the takes of different
// buckets run at once, and those of one bucket take turns on its row.
func (s *Store) takeTurn(ctx context.Context) (release func(), err error) {
	if s.db.d.postgres {
		return func() {}, nil
	}
	select {
	case s.takes <- struct{}{}:
		return func() { <-s.takes }, nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

// bucketWait returns how long after now (unix nanoseconds) b, whose row
// holds tat, has a token; 0 or less when it has one now.
func bucketWait(b Bucket, tat, now int64) time.Duration {
	interval := int64(b.Interval)
	return time.Duration(max(tat, now) + interval - (now + int64(b.Burst)*interval))
}

// checkBuckets fails for buckets TakeTokens cannot take from.
func checkBuckets(buckets []Bucket) error {
	seen := map[string]bool{}
	for _, b := range buckets {
		switch {
		case b.Key == "":
			return errors.New("data: take tokens: a bucket without a key")
		case seen[b.Key]:
			return fmt.Errorf("data: take tokens: bucket %s given twice", b.Key)
		case b.Interval <= 0 || b.Burst < 1:
			return fmt.Errorf("data: take tokens: bucket %s needs a positive interval and a burst of at least 1", b.Key)
		case b.Interval > MaxBucketSpan/time.Duration(b.Burst):
			return fmt.Errorf("data: take tokens: bucket %s takes longer than %v to fill", b.Key, MaxBucketSpan)
		}
		seen[b.Key] = true
	}
	return nil
}

// takeToken takes a token of b at now (unix nanoseconds) in tx and returns
// 0, or, when b is empty, changes nothing and returns the wait. On
// PostgreSQL the row stays locked until tx ends, whether or not a token
// was taken, so that the token cannot be taken twice.
func takeToken(ctx context.Context, tx *dbTx, b Bucket, now int64) (time.Duration, error) {
	interval := int64(b.Interval)
	limit := now + int64(b.Burst)*interval
	// A new row is a full bucket less one token; an old one is taken from
	// only when the token fits under limit.
	var tat int64
	err := tx.QueryRowContext(ctx, `INSERT INTO rate_buckets (key, tat) VALUES (?1, ?2)
		ON CONFLICT (key) DO UPDATE
			SET tat = (CASE WHEN rate_buckets.tat > ?3 THEN rate_buckets.tat ELSE ?3 END) + ?4
			WHERE (CASE WHEN rate_buckets.tat > ?3 THEN rate_buckets.tat ELSE ?3 END) + ?4 <= ?5
		RETURNING tat`, b.Key, now+interval, now, interval, limit).Scan(&tat)
	if err == nil {
		return 0, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	// Refused: the row exists with tat past now, and the row lock keeps it.
	if err := tx.QueryRowContext(ctx, `SELECT tat FROM rate_buckets WHERE key = ?`, b.Key).Scan(&tat); err != nil {
		return 0, err
	}
	return max(bucketWait(b, tat, now), 1), nil
}

// pruneBuckets deletes up to prunePerTake rows of buckets that are full at
// now, which say no more than a missing row does. On PostgreSQL it passes
// over rows that another take holds, rather than waiting for them.
func pruneBuckets(ctx context.Context, tx *dbTx, now int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM rate_buckets WHERE key IN
		(SELECT key FROM rate_buckets WHERE tat <= ? LIMIT ?`+tx.d.skipLocked()+`)`, now, prunePerTake)
	return err
}
