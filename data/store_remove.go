package data

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// SampleFeedID is the FeedID of the articles of the embedded sample corpus.
// No feed has it, so no server's scope (its feeds, the default feeds and
// feed 0) includes them: only the unscoped demo commands see them.
const SampleFeedID int64 = -1

// idChunk bounds the IDs bound to one statement, well under SQLite's limit
// of host parameters.
const idChunk = 500

// DeleteArticles deletes the articles with the given IDs (and their
// aliases) in one transaction and returns how many it deleted; IDs the store
// does not hold are skipped. The index is not the store's business: the
// caller removes the same IDs from it.
func (s *Store) DeleteArticles(ctx context.Context, ids []string) (int, error) {
	n, err := s.eachIDChunk(ctx, ids, `DELETE FROM articles WHERE id IN (%s)`)
	if err != nil {
		return 0, fmt.Errorf("data: delete articles: %w", err)
	}
	return n, nil
}

// SetArticlesFeed gives the articles with the given IDs the feed feedID and
// a new revision (so that the index, catching up, learns of it), in one
// transaction, and returns how many changed; articles already in feedID
// and IDs the store does not hold are skipped.
func (s *Store) SetArticlesFeed(ctx context.Context, ids []string, feedID int64) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("data: set articles' feed: begin: %w", err)
	}
	defer tx.Rollback()
	rev, err := lockRev(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("data: set articles' feed: read revision: %w", err)
	}
	changed := 0
	for _, id := range ids {
		res, err := tx.ExecContext(ctx, `UPDATE articles SET feed_id = ?, rev = ? WHERE id = ? AND feed_id != ?`,
			feedID, rev+1, id, feedID)
		if err != nil {
			return 0, fmt.Errorf("data: set articles' feed: %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			rev++
			changed++
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = 'rev'`, rev); err != nil {
		return 0, fmt.Errorf("data: set articles' feed: write revision: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("data: set articles' feed: commit: %w", err)
	}
	return changed, nil
}

// ArticleIDsBefore returns the IDs of up to limit articles (all when limit
// <= 0) dated before t, oldest first. An article is dated by its published
// time, or its FetchedAt when it has none; one with neither is never
// returned.
func (s *Store) ArticleIDsBefore(ctx context.Context, t time.Time, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM articles WHERE sort_at < ? ORDER BY sort_at, rev LIMIT ?`,
		unixNanos(t), sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("data: articles before %s: %w", t.Format(time.RFC3339), err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("data: articles before %s: %w", t.Format(time.RFC3339), err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: articles before %s: %w", t.Format(time.RFC3339), err)
	}
	return ids, nil
}

// eachIDChunk runs query, whose %s is replaced by a list of placeholders,
// over ids in chunks, in one transaction, and returns the rows affected.
func (s *Store) eachIDChunk(ctx context.Context, ids []string, query string) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	total := 0
	for start := 0; start < len(ids); start += idChunk {
		chunk := ids[start:min(start+idChunk, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		res, err := tx.ExecContext(ctx, fmt.Sprintf(query, marks), args...)
		if err != nil {
			return 0, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		total += int(n)
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return total, nil
}
