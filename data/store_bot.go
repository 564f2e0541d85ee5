package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// The bot's conversation state is stored as JSON the bot encodes itself:
// data knows nothing of turns or citations, only that they are the newest
// rows worth keeping. Each write stamps its row with a time that is later
// than every other row's, even when the clock steps back, so "newest" is
// always "most recently written" and pruning never drops the row just
// written.

// botTable names the columns of one of the bot's tables of JSON rows.
type botTable struct {
	name, key, payload, stamp string
}

var (
	botThreads = botTable{name: "bot_threads", key: "thread_id", payload: "history", stamp: "updated_at"}
	botSources = botTable{name: "bot_sources", key: "key", payload: "citations", stamp: "created_at"}
)

// SaveBotThread stores the history (JSON) of a thread the bot follows,
// replacing any earlier one, and then forgets all but the keep most
// recently saved threads (keep <= 0 keeps them all). It fails for an empty
// threadID or a history that is not JSON.
func (s *Store) SaveBotThread(ctx context.Context, threadID string, history []byte, keep int) error {
	return s.putPruned(ctx, "data: save bot thread "+threadID, botThreads, threadID, history, keep)
}

// BotThread returns the history (JSON) last saved for threadID, or
// ErrNotFound for a thread the bot does not follow (or has forgotten).
func (s *Store) BotThread(ctx context.Context, threadID string) ([]byte, error) {
	return s.getBotRow(ctx, "data: bot thread "+threadID,
		`SELECT history FROM bot_threads WHERE thread_id = ?`, threadID)
}

// PutBotSources stores the citations (JSON) behind an answer's Sources
// button under key, replacing any earlier ones, and then forgets all but
// the keep most recently put (keep <= 0 keeps them all). It fails for an
// empty key or citations that are not JSON.
func (s *Store) PutBotSources(ctx context.Context, key string, citations []byte, keep int) error {
	return s.putPruned(ctx, "data: put bot sources "+key, botSources, key, citations, keep)
}

// BotSources returns the citations (JSON) put under key, or ErrNotFound.
func (s *Store) BotSources(ctx context.Context, key string) ([]byte, error) {
	return s.getBotRow(ctx, "data: bot sources "+key,
		`SELECT citations FROM bot_sources WHERE key = ?`, key)
}

// putPruned stores payload under key in t, stamped later than every other
// row, and then keeps only the keep newest rows, in one transaction, so the
// table never holds more than keep rows for long and a failed write prunes
// nothing. The transaction holds the table's lock, so that two processes'
// writes cannot take the same stamp.
func (s *Store) putPruned(ctx context.Context, what string, t botTable, key string, payload []byte, keep int) error {
	if key == "" {
		return errors.New(what + ": empty key")
	}
	// JSON is UTF-8 (RFC 8259), which json.Valid does not check and
	// PostgreSQL's text requires.
	if !json.Valid(payload) || !utf8.Valid(payload) {
		return errors.New(what + ": payload is not JSON")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if err := tx.d.lockKey(ctx, tx, lockBotRows, t.name); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	var last int64
	// The names are botTable's constants, never input.
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(`+t.stamp+`), 0) FROM `+t.name).Scan(&last); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	stamp := max(unixNanos(time.Now()), last+1)
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.name+` (`+t.key+`, `+t.payload+`, `+t.stamp+`) VALUES (?, ?, ?)
		ON CONFLICT(`+t.key+`) DO UPDATE SET `+t.payload+` = excluded.`+t.payload+`, `+t.stamp+` = excluded.`+t.stamp,
		key, string(payload), stamp); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if keep > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.name+` WHERE `+t.key+` IN
			(SELECT `+t.key+` FROM `+t.name+` ORDER BY `+t.stamp+` DESC LIMIT ? OFFSET ?)`, sqlLimit(0), keep); err != nil {
			return fmt.Errorf("%s: prune: %w", what, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", what, err)
	}
	return nil
}

// getBotRow reads the one JSON column query selects for key.
func (s *Store) getBotRow(ctx context.Context, what, query, key string) ([]byte, error) {
	var payload string
	err := s.db.QueryRowContext(ctx, query, key).Scan(&payload)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return []byte(payload), nil
}
