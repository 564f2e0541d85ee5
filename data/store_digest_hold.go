package data

import (
	"context"
	"fmt"
	"time"
)

// A scheduled digest is claimed before it is built and posted, so that two
// processes never both post it. ClaimDigestSlotWhile keeps the claim open
// while the digest is posted: on PostgreSQL the claim is a transaction
// that commits only once post is done, so that a process killed mid-post
// leaves the slot unclaimed (its connection closes and the transaction
// rolls back) and the next process to check posts it. A kill between
// Discord accepting the post and the commit leaves the slot unclaimed too,
// and the next process posts it again; the bot sends each of a digest's
// messages with a nonce derived from the guild, the slot and the
// message's place, which Discord enforces, so that repeat gets Discord's
// earlier message back rather than a second one. Discord remembers a
// nonce only for a few minutes: a slot posted again later than that is
// posted twice, as when the killed process's host vanished and PostgreSQL
// took longer to drop its connection, or no other process checked within
// those minutes.

// tryLockKey makes tx the only transaction holding (space, key) until it
// ends, and reports whether it could: false when another transaction holds
// it. SQLite's IMMEDIATE transactions hold the whole database already, so
// there it reports true.
func (d dialect) tryLockKey(ctx context.Context, tx *dbTx, space int32, key string) (bool, error) {
	if !d.postgres {
		return true, nil
	}
	var ok bool
	if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock(CAST(? AS INTEGER), hashtext(CAST(? AS TEXT)))`, space, key).Scan(&ok); err != nil {
		return false, fmt.Errorf("lock: %w", err)
	}
	return ok, nil
}

// ClaimDigestSlotWhile claims the slot of guildID as ClaimDigestSlot does
// and, when it wins, runs post holding the claim; it reports whether it
// won. The claim stands when post returns true and is released when it
// returns false (say, a shutdown cut the digest short), so that the slot
// is posted later. On PostgreSQL, while post runs, another process's claim
// of the slot returns false at once, and the claim of a process that dies
// is released with its connection; on SQLite, which one process uses, the
// claim is committed before post runs and deleted again when it returns
// false, so a crash there leaves it claimed. It fails for a zero slot;
// other errors are the store's.
func (s *Store) ClaimDigestSlotWhile(ctx context.Context, guildID string, slot time.Time, post func(ctx context.Context) bool) (bool, error) {
	if slot.IsZero() {
		return false, fmt.Errorf("data: claim digest slot of %s: zero slot", guildID)
	}
	at := unixNanos(slot)
	if !s.db.d.postgres {
		won, err := s.claimDigestSlot(ctx, guildID, at)
		if err != nil || !won {
			return false, wrapClaim(guildID, err)
		}
		if post(ctx) {
			return true, nil
		}
		_, err = s.db.ExecContext(context.WithoutCancel(ctx), `DELETE FROM digest_slots WHERE guild_id = ? AND slot = ?`, guildID, at)
		return true, wrapClaim(guildID, err)
	}
	// The transaction outlives ctx: a post that went out while ctx ended
	// must still be recorded.
	tctx := context.WithoutCancel(ctx)
	tx, err := s.db.BeginTx(tctx, nil)
	if err != nil {
		return false, wrapClaim(guildID, err)
	}
	defer tx.Rollback()
	if ok, err := tx.d.tryLockKey(tctx, tx, lockDigest, guildID); err != nil || !ok {
		return false, wrapClaim(guildID, err)
	}
	if won, err := insertDigestSlot(tctx, tx, guildID, at); err != nil || !won {
		return false, wrapClaim(guildID, err)
	}
	if !post(ctx) {
		return true, nil
	}
	return true, wrapClaim(guildID, tx.Commit())
}

// wrapClaim wraps a claim's error, nil staying nil.
func wrapClaim(guildID string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("data: claim digest slot of %s: %w", guildID, err)
}
