package data

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// IsPostgresURL reports whether target names a PostgreSQL database: a
// postgres:// or postgresql:// URL.
func IsPostgresURL(target string) bool {
	t := strings.ToLower(target)
	return strings.HasPrefix(t, "postgres://") || strings.HasPrefix(t, "postgresql://")
}

// Open opens the store target names: a PostgreSQL database for a
// postgres:// or postgresql:// URL (see IsPostgresURL), else the SQLite
// file at the path target (see OpenStore). Either way it applies pending
// schema migrations and fails with ErrSchemaTooNew when the database was
// written by a newer newsbot. Errors never quote a URL's password.
func Open(ctx context.Context, target string) (*Store, error) {
	if IsPostgresURL(target) {
		return openPostgres(ctx, target, migrations())
	}
	return OpenStore(ctx, target)
}

const (
	// pgMaxConns caps one process's connections to PostgreSQL, so that
	// several processes fit in a server's default of 100. The store holds
	// one connection per statement or transaction, never two at once.
	pgMaxConns = 16
	// pgConnIdle is how long an idle connection is kept.
	pgConnIdle = 5 * time.Minute
)

// openPostgres opens the PostgreSQL database at dsn through pgx's
// database/sql driver and migrates it.
func openPostgres(ctx context.Context, dsn string, steps []migration) (*Store, error) {
	shown := redactDSN(dsn)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the URL.
		return nil, fmt.Errorf("data: open store %s: not a valid PostgreSQL URL", shown)
	}
	sdb := stdlib.OpenDB(*cfg)
	sdb.SetMaxOpenConns(pgMaxConns)
	sdb.SetMaxIdleConns(pgMaxConns)
	sdb.SetConnMaxIdleTime(pgConnIdle)
	s, err := openDB(ctx, &db{sql: sdb, d: postgresDialect}, steps)
	if err != nil {
		return nil, fmt.Errorf("data: open store %s: %w", shown, err)
	}
	return s, nil
}

// redactDSN returns the URL dsn without its password, for messages.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(PostgreSQL URL)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// errPostgresBackup is Backup's answer for a PostgreSQL store.
var errPostgresBackup = errors.New("data: backup: a PostgreSQL store is backed up with pg_dump, not newsbot backup")
