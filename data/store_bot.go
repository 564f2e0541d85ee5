package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// The bot's conversation state is stored as JSON the bot encodes itself:
// data knows nothing of turns or citations, only that they are the newest
// rows worth keeping. Each write stamps its row with a time that is later
// than every other row's, even when the clock steps back, so "newest" is
// always "most recently written" and pruning never drops the row just
// written.

const (
	saveBotThreadSQL = `INSERT INTO bot_threads (thread_id, history, updated_at)
		VALUES (?1, ?2, MAX(?3, COALESCE((SELECT MAX(updated_at) FROM bot_threads), 0) + 1))
		ON CONFLICT(thread_id) DO UPDATE SET history = excluded.history, updated_at = excluded.updated_at`
	pruneBotThreadsSQL = `DELETE FROM bot_threads WHERE thread_id IN
		(SELECT thread_id FROM bot_threads ORDER BY updated_at DESC LIMIT -1 OFFSET ?1)`

	putBotSourcesSQL = `INSERT INTO bot_sources (key, citations, created_at)
		VALUES (?1, ?2, MAX(?3, COALESCE((SELECT MAX(created_at) FROM bot_sources), 0) + 1))
		ON CONFLICT(key) DO UPDATE SET citations = excluded.citations, created_at = excluded.created_at`
	pruneBotSourcesSQL = `DELETE FROM bot_sources WHERE key IN
		(SELECT key FROM bot_sources ORDER BY created_at DESC LIMIT -1 OFFSET ?1)`
)

// SaveBotThread stores the history (JSON) of a thread the bot follows,
// replacing any earlier one, and then forgets all but the keep most
// recently saved threads (keep <= 0 keeps them all). It fails for an empty
// threadID or a history that is not JSON.
func (s *Store) SaveBotThread(ctx context.Context, threadID string, history []byte, keep int) error {
	return s.putPruned(ctx, "data: save bot thread "+threadID, saveBotThreadSQL, pruneBotThreadsSQL, threadID, history, keep)
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
	return s.putPruned(ctx, "data: put bot sources "+key, putBotSourcesSQL, pruneBotSourcesSQL, key, citations, keep)
}

// BotSources returns the citations (JSON) put under key, or ErrNotFound.
func (s *Store) BotSources(ctx context.Context, key string) ([]byte, error) {
	return s.getBotRow(ctx, "data: bot sources "+key,
		`SELECT citations FROM bot_sources WHERE key = ?`, key)
}

// putPruned runs upsert (key, payload, now) and then prune (keep) in one
// transaction, so the table never holds more than keep rows for long and a
// failed write prunes nothing.
func (s *Store) putPruned(ctx context.Context, what, upsert, prune, key string, payload []byte, keep int) error {
	if key == "" {
		return errors.New(what + ": empty key")
	}
	if !json.Valid(payload) {
		return errors.New(what + ": payload is not JSON")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, upsert, key, string(payload), unixNanos(time.Now())); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if keep > 0 {
		if _, err := tx.ExecContext(ctx, prune, keep); err != nil {
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
