package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// dialect is what differs between the store's two databases, SQLite and
// PostgreSQL; everything else in the store's SQL is written once, in the
// subset both understand, with ? (or ?N) for bound parameters. The
// differences kept here:
//   - placeholders: PostgreSQL numbers them $1, $2 (see rebind);
//   - the schema's version: PRAGMA user_version, or a schema_version table;
//   - locks: SQLite's transactions are IMMEDIATE and so serialised already,
//     PostgreSQL's take an advisory lock on what they claim (lockKey);
//   - a few functions and catalogues (contains, tableColumns) and DDL,
//     which each schema step gives per dialect where it must differ.
type dialect struct {
	postgres bool
}

var (
	sqliteDialect   = dialect{}
	postgresDialect = dialect{postgres: true}
)

// rebind returns query with its placeholders in the dialect's spelling:
// unchanged for SQLite; for PostgreSQL each ? becomes the next $n and each
// ?N becomes $N. Marks inside quoted strings, quoted identifiers and
// comments are left alone.
func (d dialect) rebind(query string) string {
	if !d.postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(query[i+1:], c)
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end])
			i += end - 1
		case c == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				b.WriteString(query[i+1 : j])
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// contains returns a condition that is true when the text expression col
// contains the bound parameter's text (case-sensitive, no wildcards).
func (d dialect) contains(col string) string {
	if d.postgres {
		return "strpos(" + col + ", ?) > 0"
	}
	return "instr(" + col + ", ?) > 0"
}

// skipLocked is the suffix of a SELECT inside a claim: rows another
// transaction is claiming are passed over rather than waited for. SQLite
// needs none: its writers take turns.
func (d dialect) skipLocked() string {
	if d.postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// Advisory lock namespaces: the first key of pg_advisory_xact_lock, so
// that the store's locks do not collide with another program's.
const (
	lockMigrate int32 = 0x6e620001 + iota
	lockDigest
	lockAlert
	lockBotRows
)

// lockKey makes tx the only transaction holding (space, key) until it ends.
// SQLite's IMMEDIATE transactions hold the whole database already, so it
// does nothing there.
func (d dialect) lockKey(ctx context.Context, tx *dbTx, space int32, key string) error {
	if !d.postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), hashtext(CAST(? AS TEXT)))`, space, key); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	return nil
}

// tableColumns returns the names of table's columns.
func (d dialect) tableColumns(ctx context.Context, tx *dbTx, table string) (map[string]bool, error) {
	q := `SELECT name FROM pragma_table_info(?)`
	if d.postgres {
		q = `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ?`
	}
	rows, err := tx.QueryContext(ctx, q, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		have[name] = true
	}
	return have, rows.Err()
}

// schemaVersion reads the schema's version in tx, 0 for a new database.
func (d dialect) schemaVersion(ctx context.Context, tx *dbTx) (int, error) {
	var v int
	if !d.postgres {
		err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
		return v, err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return 0, err
	}
	err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return v, err
}

// setSchemaVersion records v as the schema's version in tx.
func (d dialect) setSchemaVersion(ctx context.Context, tx *dbTx, v int) error {
	if !d.postgres {
		// PRAGMA takes no bound parameters; v is an int we computed.
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v))
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, v)
	return err
}
