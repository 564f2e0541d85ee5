package data

import (
	"context"
	"database/sql"
)

// db is the store's database and its dialect. Every statement goes through
// the dialect's rebind, so that the store's SQL is written once.
type db struct {
	sql *sql.DB
	d   dialect
}

func (db *db) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.sql.ExecContext(ctx, db.d.rebind(query), args...)
}

func (db *db) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.sql.QueryContext(ctx, db.d.rebind(query), args...)
}

func (db *db) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return db.sql.QueryRowContext(ctx, db.d.rebind(query), args...)
}

// BeginTx begins a transaction: IMMEDIATE on SQLite (see storeDSN), READ
// COMMITTED on PostgreSQL, where what must be serialised takes a lock.
func (db *db) BeginTx(ctx context.Context, opts *sql.TxOptions) (*dbTx, error) {
	tx, err := db.sql.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &dbTx{tx: tx, d: db.d}, nil
}

// dbTx is a transaction of a db, rebinding its statements likewise.
type dbTx struct {
	tx *sql.Tx
	d  dialect
}

func (t *dbTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.rebind(query), args...)
}

func (t *dbTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.d.rebind(query), args...)
}

func (t *dbTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.d.rebind(query), args...)
}

func (t *dbTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, t.d.rebind(query))
}

func (t *dbTx) Commit() error   { return t.tx.Commit() }
func (t *dbTx) Rollback() error { return t.tx.Rollback() }
