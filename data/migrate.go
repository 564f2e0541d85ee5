package data

import (
	"context"
	"errors"
	"fmt"
)

// ErrSchemaTooNew is returned by OpenStore when the database was written by
// a newer newsbot whose schema this build does not know.
var ErrSchemaTooNew = errors.New("data: database schema is newer than this newsbot; upgrade newsbot")

// migration is one step of the schema's history: SQL, Go code or both. The
// SQL, then the code, run in one transaction together with the bump of the
// schema's version (PRAGMA user_version on SQLite, the schema_version table
// on PostgreSQL), so a step is either applied entirely or not at all.
type migration struct {
	name string
	sql  string
	// pg, when set, is the step's SQL for PostgreSQL, whose DDL differs
	// (see schema_pg.go); sql serves both when it is empty.
	pg string
	// run, when set, rewrites rows in ways SQL cannot (such as
	// canonicalising URLs). It must do all its work through tx; an error
	// rolls the whole step back.
	run func(ctx context.Context, tx *dbTx) error
}

// migrations returns the schema's steps in order; step i brings the database
// from schema version i to i+1. SQLite and PostgreSQL run the same steps;
// a step's SQL is given per dialect (pg) where the DDL must differ, and a
// Go step asks tx.d what it must know of the dialect.
//
// To change the schema, append a step at the end (never edit or reorder a
// step that has shipped: databases in the field have already run it). A step
// is SQL, which may hold several statements, and optionally a Go function
// run after it in the same transaction; it runs once per database.
// Tables keyed on other tables should say ON DELETE CASCADE or SET NULL:
// foreign keys are enforced.
func migrations() []migration {
	return []migration{
		{name: "articles, feeds and the revision counter", sql: schemaV1, pg: pgSchemaV1},
		{name: "guild digest schedules, digest slots, guild feeds and token usage", sql: schemaV2, pg: pgSchemaV2},
		{name: "bot threads and the sources behind answers' buttons", sql: schemaV3, pg: pgSchemaV3},
		{name: foldStepName, sql: schemaV4, pg: pgSchemaV4, run: urlFold{}.run},
		{name: titleStepName, run: slugTitles},
		{name: "store identity and commit history", sql: schemaV5, pg: pgSchemaV5, run: makeStoreID},
		{name: "who added a server's feed, and where", run: addGuildFeedOrigin},
		{name: "alerts and the stories they posted", sql: schemaAlerts, pg: pgSchemaAlerts},
		{name: "feed leases", run: addFeedLeases},
		{name: "shared rate limits", sql: schemaRateBuckets, pg: pgSchemaRateBuckets},
		{name: identifyStepName, sql: schemaIdentify, pg: pgSchemaIdentify},
	}
}

// Times are stored as unix nanoseconds (UTC), NULL for the zero time.
const schemaV1 = `
CREATE TABLE feeds (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	url           TEXT    NOT NULL UNIQUE,
	title         TEXT    NOT NULL DEFAULT '',
	interval_ns   INTEGER NOT NULL,
	etag          TEXT    NOT NULL DEFAULT '',
	last_modified TEXT    NOT NULL DEFAULT '',
	next_poll     INTEGER,
	last_polled   INTEGER,
	last_success  INTEGER,
	failures      INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT    NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER
);
CREATE INDEX feeds_due ON feeds(disabled, next_poll);

CREATE TABLE articles (
	id           TEXT    PRIMARY KEY,
	url          TEXT    NOT NULL DEFAULT '',
	title        TEXT    NOT NULL DEFAULT '',
	title_lower  TEXT    NOT NULL DEFAULT '',
	text         TEXT    NOT NULL DEFAULT '',
	published    INTEGER,
	source       TEXT    NOT NULL DEFAULT '',
	authors      TEXT    NOT NULL DEFAULT '[]',
	feed_id      INTEGER NOT NULL DEFAULT 0,
	fetched_at   INTEGER,
	excerpt_only INTEGER NOT NULL DEFAULT 0,
	sort_at      INTEGER,
	rev          INTEGER NOT NULL UNIQUE
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_sort_at ON articles(sort_at);
CREATE INDEX articles_feed_id ON articles(feed_id);
CREATE INDEX articles_url ON articles(url);

CREATE TABLE counters (
	name  TEXT    PRIMARY KEY,
	value INTEGER NOT NULL
);
INSERT INTO counters(name, value) VALUES ('rev', 0);
`

const schemaV2 = `
CREATE TABLE digest_schedules (
	guild_id   TEXT PRIMARY KEY,
	channel_id TEXT NOT NULL,
	clock      TEXT NOT NULL,
	time_zone  TEXT NOT NULL DEFAULT '',
	topic      TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL DEFAULT '',
	updated_at INTEGER
);

CREATE TABLE digest_slots (
	guild_id   TEXT    NOT NULL,
	slot       INTEGER NOT NULL,
	claimed_at INTEGER,
	PRIMARY KEY (guild_id, slot)
);

CREATE TABLE guild_feeds (
	guild_id   TEXT    NOT NULL,
	feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
	created_at INTEGER,
	PRIMARY KEY (guild_id, feed_id)
);
CREATE INDEX guild_feeds_feed ON guild_feeds(feed_id);

CREATE TABLE token_usage (
	guild_id TEXT    NOT NULL,
	day      TEXT    NOT NULL,
	tokens   INTEGER NOT NULL,
	PRIMARY KEY (guild_id, day)
);
`

// schemaV3 holds the bot's conversation state, so that a restart does not
// forget it. The payloads are JSON the bot writes and reads; the times
// order the rows for pruning (see store_bot.go).
const schemaV3 = `
CREATE TABLE bot_threads (
	thread_id  TEXT    PRIMARY KEY,
	history    TEXT    NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX bot_threads_updated ON bot_threads(updated_at);

CREATE TABLE bot_sources (
	key        TEXT    PRIMARY KEY,
	citations  TEXT    NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX bot_sources_created ON bot_sources(created_at);
`

// migrate brings db up to the newest schema, one transaction per step. Each
// transaction re-reads the version under the write lock (SQLite's, or an
// advisory lock on PostgreSQL), so two processes opening the same new
// database do not both apply a step.
func migrate(ctx context.Context, db *db, steps []migration) error {
	for {
		done, err := migrateStep(ctx, db, steps)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

// migrateStep applies the next pending step, if any, and reports whether the
// schema was already up to date.
func migrateStep(ctx context.Context, db *db, steps []migration) (done bool, err error) {
	// The DSN makes every SQLite transaction BEGIN IMMEDIATE, and on
	// PostgreSQL the lock below is taken first, so the version read below
	// cannot go stale before the step commits.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("data: migrate: begin: %w", err)
	}
	defer tx.Rollback()
	if err := tx.d.lockKey(ctx, tx, lockMigrate, "schema"); err != nil {
		return false, fmt.Errorf("data: migrate: %w", err)
	}

	version, err := tx.d.schemaVersion(ctx, tx)
	if err != nil {
		return false, fmt.Errorf("data: migrate: read schema version: %w", err)
	}
	switch {
	case version > len(steps):
		return false, fmt.Errorf("data: schema version %d, this newsbot knows up to %d: %w",
			version, len(steps), ErrSchemaTooNew)
	case version == len(steps):
		return true, nil
	}
	step := steps[version]
	stepSQL := step.sql
	if tx.d.postgres && step.pg != "" {
		stepSQL = step.pg
	}
	if stepSQL != "" {
		if _, err := tx.ExecContext(ctx, stepSQL); err != nil {
			return false, fmt.Errorf("data: migrate to version %d (%s): %w", version+1, step.name, err)
		}
	}
	if step.run != nil {
		if err := step.run(ctx, tx); err != nil {
			return false, fmt.Errorf("data: migrate to version %d (%s): %w", version+1, step.name, err)
		}
	}
	if err := tx.d.setSchemaVersion(ctx, tx, version+1); err != nil {
		return false, fmt.Errorf("data: migrate: record version %d: %w", version+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("data: migrate to version %d (%s): commit: %w", version+1, step.name, err)
	}
	return false, nil
}
