package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Alert is one server's request to have stories posted to ChannelID as
// they break: stories about Topic, stories covered by at least MinOutlets
// outlets, or, when both are set, stories about Topic covered by that
// many. CreatedBy is the admin who asked for it; only stories whose
// latest article came after CreatedAt are posted, so a new alert does not
// post the backlog.
type Alert struct {
	ID                            int64
	GuildID, ChannelID, CreatedBy string
	Topic                         string
	MinOutlets                    int
	CreatedAt                     time.Time
}

// AlertPost is a story posted for an alert: the message that shows it,
// the articles it covers so far, and Body, the bot's JSON rendering of
// the story (the store does not look inside). MessageID is empty while
// the story is being posted.
type AlertPost struct {
	ID, AlertID int64
	MessageID   string
	Body        []byte
	ArticleIDs  []string
	PostedAt    time.Time
}

// AlertClaim is the outcome of claiming a story for an alert. New is true
// when the story had not been posted for the alert, or its claim was
// abandoned (see ClaimAlertStory): the caller posts it and then calls
// SetAlertPost, or ReleaseAlertPost when it could not. Otherwise Post is
// the story's earlier post and Added the articles that are new to it,
// which the caller adds to that post.
type AlertClaim struct {
	Post  AlertPost
	New   bool
	Added []string
}

// schemaAlerts is the migration step of the alerts tables. An article
// belongs to at most one post of an alert (the primary key), which is what
// makes posting a story exactly once hold across restarts and concurrent
// ticks. The step is idempotent (IF NOT EXISTS), so a database rolled
// back to an earlier version with these tables in place upgrades again.
const schemaAlerts = `
CREATE TABLE IF NOT EXISTS alerts (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	guild_id    TEXT    NOT NULL,
	channel_id  TEXT    NOT NULL,
	topic       TEXT    NOT NULL DEFAULT '',
	min_outlets INTEGER NOT NULL DEFAULT 0,
	created_by  TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER
);
CREATE INDEX IF NOT EXISTS alerts_guild ON alerts(guild_id);

CREATE TABLE IF NOT EXISTS alert_posts (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	alert_id   INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
	message_id TEXT    NOT NULL DEFAULT '',
	body       BLOB,
	posted_at  INTEGER
);
CREATE INDEX IF NOT EXISTS alert_posts_alert ON alert_posts(alert_id);

CREATE TABLE IF NOT EXISTS alert_articles (
	alert_id   INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
	article_id TEXT    NOT NULL,
	post_id    INTEGER NOT NULL REFERENCES alert_posts(id) ON DELETE CASCADE,
	PRIMARY KEY (alert_id, article_id)
);
CREATE INDEX IF NOT EXISTS alert_articles_post ON alert_articles(post_id);
`

// AddAlert stores a new alert and returns it with its ID. GuildID and
// ChannelID must be set, and Topic or a positive MinOutlets. A zero
// CreatedAt becomes now.
func (s *Store) AddAlert(ctx context.Context, a Alert) (Alert, error) {
	a.Topic = strings.TrimSpace(a.Topic)
	switch {
	case a.GuildID == "" || a.ChannelID == "":
		return Alert{}, errors.New("data: add alert: guild and channel are required")
	case a.Topic == "" && a.MinOutlets <= 0:
		return Alert{}, fmt.Errorf("data: add alert of %s: a topic or a number of outlets is required", a.GuildID)
	case a.MinOutlets < 0:
		return Alert{}, fmt.Errorf("data: add alert of %s: negative number of outlets", a.GuildID)
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = time.Now()
	}
	err := s.db.QueryRowContext(ctx, `INSERT INTO alerts (guild_id, channel_id, topic, min_outlets, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, a.GuildID, a.ChannelID, a.Topic, a.MinOutlets, a.CreatedBy,
		nullTime(a.CreatedAt)).Scan(&a.ID)
	if err != nil {
		return Alert{}, fmt.Errorf("data: add alert of %s: %w", a.GuildID, err)
	}
	a.CreatedAt = timeOf(nullTime(a.CreatedAt))
	return a, nil
}

const alertColumns = `id, guild_id, channel_id, topic, min_outlets, created_by, created_at`

// GuildAlerts returns the alerts of guildID, oldest first.
func (s *Store) GuildAlerts(ctx context.Context, guildID string) ([]Alert, error) {
	return s.queryAlerts(ctx, "data: alerts of "+guildID,
		`SELECT `+alertColumns+` FROM alerts WHERE guild_id = ? ORDER BY id`, guildID)
}

// Alerts returns every server's alerts, by guild and then oldest first.
func (s *Store) Alerts(ctx context.Context) ([]Alert, error) {
	return s.queryAlerts(ctx, "data: alerts", `SELECT `+alertColumns+` FROM alerts ORDER BY guild_id, id`)
}

func (s *Store) queryAlerts(ctx context.Context, what, query string, args ...any) ([]Alert, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var (
			a       Alert
			created sql.NullInt64
		)
		if err := rows.Scan(&a.ID, &a.GuildID, &a.ChannelID, &a.Topic, &a.MinOutlets, &a.CreatedBy, &created); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		a.CreatedAt = timeOf(created)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// RemoveAlert removes the alert id of guildID and the record of what it
// posted, or fails with ErrNotFound; another server's alert is not found.
func (s *Store) RemoveAlert(ctx context.Context, guildID string, id int64) error {
	return s.deleteOne(ctx, fmt.Sprintf("data: remove alert %d of %s", id, guildID),
		`DELETE FROM alerts WHERE id = ? AND guild_id = ?`, id, guildID)
}

// ClaimAlertStory claims the story made of articleIDs for the alert. When
// none of the articles was posted for the alert before, it records a new
// post of them all (New). Otherwise the story was posted already: its
// post (the earliest, when the articles span several) gets the articles
// that are new to the alert (Added, possibly none). The check and the
// record are one transaction holding the alert's lock, so concurrent
// claims of overlapping stories, also by several processes, make one post
// between them. A post claimed before abandoned and still without a
// message was abandoned by its claimer, say a process killed between its
// claim and its post: the claim passes to this one, at at, New. It fails
// for an alert that does not exist and for no articles.
func (s *Store) ClaimAlertStory(ctx context.Context, alertID int64, articleIDs []string, at, abandoned time.Time) (AlertClaim, error) {
	what := fmt.Sprintf("data: claim story for alert %d", alertID)
	if len(articleIDs) == 0 {
		return AlertClaim{}, fmt.Errorf("%s: no articles", what)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return AlertClaim{}, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if err := tx.d.lockKey(ctx, tx, lockAlert, fmt.Sprint(alertID)); err != nil {
		return AlertClaim{}, fmt.Errorf("%s: %w", what, err)
	}

	postID, err := earliestPost(ctx, tx, alertID, articleIDs)
	if err != nil {
		return AlertClaim{}, fmt.Errorf("%s: %w", what, err)
	}
	c := AlertClaim{New: postID == 0}
	if !c.New {
		// Taken over when it was claimed before abandoned and not posted.
		res, err := tx.ExecContext(ctx, `UPDATE alert_posts SET posted_at = ? WHERE id = ? AND message_id = '' AND posted_at < ?`,
			nullTime(at), postID, nullTime(abandoned))
		if err != nil {
			return AlertClaim{}, fmt.Errorf("%s: %w", what, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return AlertClaim{}, fmt.Errorf("%s: %w", what, err)
		}
		c.New = n == 1
	} else {
		err := tx.QueryRowContext(ctx, `INSERT INTO alert_posts (alert_id, posted_at) VALUES (?, ?) RETURNING id`,
			alertID, nullTime(at)).Scan(&postID)
		if err != nil {
			return AlertClaim{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	for _, id := range articleIDs {
		res, err := tx.ExecContext(ctx, `INSERT INTO alert_articles (alert_id, article_id, post_id) VALUES (?, ?, ?)
			ON CONFLICT(alert_id, article_id) DO NOTHING`, alertID, id, postID)
		if err != nil {
			return AlertClaim{}, fmt.Errorf("%s: %w", what, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return AlertClaim{}, fmt.Errorf("%s: %w", what, err)
		} else if n == 1 {
			c.Added = append(c.Added, id)
		}
	}
	if c.Post, err = alertPost(ctx, tx, postID); err != nil {
		return AlertClaim{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return AlertClaim{}, fmt.Errorf("%s: commit: %w", what, err)
	}
	return c, nil
}

// earliestPost returns the earliest post of the alert holding any of
// articleIDs, or 0 when none does.
func earliestPost(ctx context.Context, tx *dbTx, alertID int64, articleIDs []string) (int64, error) {
	args := []any{alertID}
	for _, id := range articleIDs {
		args = append(args, id)
	}
	var post sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT MIN(post_id) FROM alert_articles WHERE alert_id = ? AND article_id IN (?`+
		strings.Repeat(", ?", len(articleIDs)-1)+`)`, args...).Scan(&post)
	if err != nil {
		return 0, err
	}
	return post.Int64, nil
}

// querier is what alertPost needs of a *db or *dbTx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// alertPost reads a post and its articles, or fails with ErrNotFound.
func alertPost(ctx context.Context, q querier, postID int64) (AlertPost, error) {
	p := AlertPost{ID: postID}
	var posted sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT alert_id, message_id, body, posted_at FROM alert_posts WHERE id = ?`, postID).
		Scan(&p.AlertID, &p.MessageID, &p.Body, &posted)
	if errors.Is(err, sql.ErrNoRows) {
		return AlertPost{}, ErrNotFound
	}
	if err != nil {
		return AlertPost{}, err
	}
	p.PostedAt = timeOf(posted)
	rows, err := q.QueryContext(ctx, `SELECT article_id FROM alert_articles WHERE post_id = ? ORDER BY rowid`, postID)
	if err != nil {
		return AlertPost{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return AlertPost{}, err
		}
		p.ArticleIDs = append(p.ArticleIDs, id)
	}
	return p, rows.Err()
}

// AlertPost returns a post and the articles it covers, or fails with
// ErrNotFound.
func (s *Store) AlertPost(ctx context.Context, postID int64) (AlertPost, error) {
	p, err := alertPost(ctx, s.db, postID)
	if err != nil {
		return AlertPost{}, fmt.Errorf("data: alert post %d: %w", postID, err)
	}
	return p, nil
}

// SetAlertPost records the message that shows a claimed post and the
// bot's rendering of it, or fails with ErrNotFound.
func (s *Store) SetAlertPost(ctx context.Context, postID int64, messageID string, body []byte) error {
	what := fmt.Sprintf("data: set alert post %d", postID)
	res, err := s.db.ExecContext(ctx, `UPDATE alert_posts SET message_id = ?, body = ? WHERE id = ?`, messageID, body, postID)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	} else if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}

// ReleaseAlertPost forgets a claimed post that could not be posted, and
// its articles with it, so that a later claim posts the story anew. It
// fails with ErrNotFound for a post that does not exist.
func (s *Store) ReleaseAlertPost(ctx context.Context, postID int64) error {
	return s.deleteOne(ctx, fmt.Sprintf("data: release alert post %d", postID),
		`DELETE FROM alert_posts WHERE id = ?`, postID)
}
