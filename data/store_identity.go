package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
)

// A store tells its caches (the search index) which store they belong to
// and how far into its history they are. Its identity is a random ID made
// when the database is created, so a deleted or replaced database is a
// different store. Its history is a token per commit of articles: a copy
// restored from a backup, or a store grown again after that, has other
// tokens for the same revisions than the store a cache was built from.

// schemaV5 holds the store's identity and the tokens of its recent commits.
// It tolerates running again on a database whose version was set back by
// hand, which keeps its identity.
const schemaV5 = `
CREATE TABLE IF NOT EXISTS store_meta (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS commits (
	rev   INTEGER PRIMARY KEY,
	token TEXT    NOT NULL
);
`

// keptCommits is how many commit tokens the store remembers. A cache that
// is further behind than that cannot prove it shares the store's history
// and is rebuilt; that is also what it would nearly cost to catch up.
const keptCommits = 10000

// makeStoreID gives a new (or newly upgraded) database its identity, and
// the revisions it already holds one commit token, so that a cache built
// from them can be checked like any other.
func makeStoreID(ctx context.Context, tx *dbTx) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO store_meta(name, value) VALUES ('store_id', ?) ON CONFLICT(name) DO NOTHING`, rand.Text()); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO commits(rev, token)
		SELECT value, CAST(? AS TEXT) FROM counters WHERE name = 'rev' AND value > 0
		AND NOT EXISTS (SELECT 1 FROM commits WHERE commits.rev >= counters.value)`, rand.Text())
	return err
}

// StoreID returns the store's identity: a random ID made when the database
// was created (or upgraded to a schema that has one), the same for as long
// as the file lives.
func (s *Store) StoreID(ctx context.Context) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM store_meta WHERE name = 'store_id'`).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("data: store ID: %w", err)
	}
	return id, nil
}

// RevToken returns the token of the commit that wrote rev: two stores with
// the same StoreID share their history up to rev exactly when their tokens
// for rev are equal. It returns "" when the store has not reached rev (it
// was restored from an older copy or reset). When the commit is more than
// keptCommits old it returns a later commit's token, which matches no
// token recorded for rev: an answer that errs on the side of a rebuild.
func (s *Store) RevToken(ctx context.Context, rev int64) (string, error) {
	var token string
	err := s.db.QueryRowContext(ctx, `SELECT token FROM commits WHERE rev >= ? ORDER BY rev LIMIT 1`, rev).Scan(&token)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("data: rev token %d: %w", rev, err)
	}
	return token, nil
}

// recordCommit remembers the token of the commit of tx, which wrote the
// revisions up to rev, and forgets the oldest beyond keptCommits.
func recordCommit(ctx context.Context, tx *dbTx, rev int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO commits(rev, token) VALUES (?, ?)`, rev, rand.Text()); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM commits WHERE rev <= (SELECT rev FROM commits ORDER BY rev DESC LIMIT 1 OFFSET ?)`, keptCommits)
	return err
}
