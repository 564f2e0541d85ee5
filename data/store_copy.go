package data

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrNotEmpty is returned (wrapped) by CopyStore when the store to copy
// into already holds something.
var ErrNotEmpty = errors.New("data: the target store is not empty")

// copyTables is every table of the schema, in an order in which each
// table's foreign keys point to tables copied before it. CopyStore refuses
// a store with a table that is neither here nor in copySkipped, so that a
// new table is never left behind: add it when adding a schema step.
//
// rate_buckets is ephemeral (a missing row is a full bucket) but is copied
// all the same: it holds only the buckets that are not full, so it is
// small, and its times are absolute, so a copied row means in the new
// store what it meant in the old one; a member does not get a fresh burst
// out of a migration.
var copyTables = []string{
	"feeds", "articles", "counters", "store_meta", "commits", "article_aliases",
	"digest_schedules", "digest_slots", "guild_feeds", "token_usage",
	"bot_threads", "bot_sources", "alerts", "alert_posts", "alert_articles",
	"rate_buckets",
}

// copySkipped are the tables CopyStore leaves behind: the state of the
// last seconds only, which a store started afresh does without (see
// store_identify.go).
var copySkipped = []string{"identify_buckets"}

// TableCount is how many rows of one table CopyStore copied.
type TableCount struct {
	Table string
	Rows  int64
}

// CopyStore copies every row of from, a SQLite store, into to, an empty
// PostgreSQL store, in one transaction of each, keeping IDs, revisions,
// the store's identity and its commit tokens, so that an index built from
// from belongs to to as well. It then sets to's ID sequences past the
// copied IDs. It returns the rows copied per table, each checked against
// a count of to's; it fails with ErrNotEmpty when to holds anything but
// what a new store holds. Writers to from wait until it is done.
func CopyStore(ctx context.Context, from, to *Store) ([]TableCount, error) {
	if from.db.d.postgres || !to.db.d.postgres {
		return nil, errors.New("data: copy store: copies a SQLite store into a PostgreSQL one")
	}
	// The source's transaction is IMMEDIATE (see storeDSN): the copy is
	// of one moment, and no write is lost after it.
	src, err := from.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("data: copy store: %w", err)
	}
	defer src.Rollback()
	if err := checkCopyTables(ctx, src); err != nil {
		return nil, fmt.Errorf("data: copy store: %w", err)
	}
	dst, err := to.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("data: copy store: %w", err)
	}
	defer dst.Rollback()
	if err := dst.d.lockKey(ctx, dst, lockMigrate, "schema"); err != nil {
		return nil, fmt.Errorf("data: copy store: %w", err)
	}
	if err := clearNewStore(ctx, dst); err != nil {
		return nil, fmt.Errorf("data: copy store: %w", err)
	}
	var counts []TableCount
	for _, table := range copyTables {
		n, err := copyTable(ctx, src, dst, table)
		if err != nil {
			return nil, fmt.Errorf("data: copy store: %s: %w", table, err)
		}
		counts = append(counts, TableCount{Table: table, Rows: n})
	}
	if err := resetSequences(ctx, dst); err != nil {
		return nil, fmt.Errorf("data: copy store: reset sequences: %w", err)
	}
	if err := dst.Commit(); err != nil {
		return nil, fmt.Errorf("data: copy store: commit: %w", err)
	}
	return counts, nil
}

// checkCopyTables fails when the SQLite store in tx has a table that
// copyTables does not list.
func checkCopyTables(ctx context.Context, tx *dbTx) error {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	known := map[string]bool{}
	for _, t := range slices.Concat(copyTables, copySkipped) {
		known[t] = true
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		if !known[name] {
			return fmt.Errorf("table %s is not one this newsbot copies", name)
		}
	}
	return rows.Err()
}

// clearNewStore checks that the store of tx holds only what every new
// store holds (the revision counter at 0 and an identity), and deletes
// that, for the copy's to take its place; otherwise it fails with
// ErrNotEmpty.
func clearNewStore(ctx context.Context, tx *dbTx) error {
	var full []string
	for _, table := range copyTables {
		var n int64
		// The names are copyTables' constants, never input.
		q := `SELECT COUNT(*) FROM ` + table
		switch table {
		case "counters":
			q += ` WHERE NOT (name = 'rev' AND value = 0)`
		case "store_meta":
			q += ` WHERE name != 'store_id'`
		}
		if err := tx.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			full = append(full, fmt.Sprintf("%s (%d rows)", table, n))
		}
	}
	if len(full) > 0 {
		return fmt.Errorf("%w: it holds %s", ErrNotEmpty, strings.Join(full, ", "))
	}
	for _, table := range []string{"counters", "store_meta"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
			return err
		}
	}
	return nil
}

// copyColumns returns the columns of table in the SQLite store of tx, in
// order, with SQLite's own rowid where PostgreSQL gave the table a column
// of that name (see pgSchemaAlerts).
func copyColumns(ctx context.Context, src, dst *dbTx, table string) (cols []string, isBool map[string]bool, err error) {
	rows, err := src.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, nil, err
		}
		cols = append(cols, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = dst.QueryContext(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ?`, table)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	isBool = map[string]bool{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, nil, err
		}
		isBool[name] = typ == "boolean"
		if name == "rowid" {
			cols = append(cols, "rowid")
		}
	}
	return cols, isBool, rows.Err()
}

// copyTable copies the rows of table from src to dst and returns how many,
// checked against a count of dst's.
func copyTable(ctx context.Context, src, dst *dbTx, table string) (int64, error) {
	cols, isBool, err := copyColumns(ctx, src, dst, table)
	if err != nil {
		return 0, err
	}
	// The names are the schema's, read from the databases' catalogues.
	list := strings.Join(cols, ", ")
	ins, err := dst.PrepareContext(ctx, `INSERT INTO `+table+` (`+list+`)
		VALUES (?`+strings.Repeat(", ?", len(cols)-1)+`)`)
	if err != nil {
		return 0, err
	}
	defer ins.Close()
	rows, err := src.QueryContext(ctx, `SELECT `+list+` FROM `+table+` ORDER BY rowid`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		for i, c := range cols {
			if v, ok := vals[i].(int64); ok && isBool[c] {
				vals[i] = v != 0
			}
		}
		if _, err := ins.ExecContext(ctx, vals...); err != nil {
			return 0, fmt.Errorf("row %d: %w", n+1, err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var got int64
	if err := dst.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&got); err != nil {
		return 0, err
	}
	if got != n {
		return 0, fmt.Errorf("copied %d rows but the target holds %d", n, got)
	}
	return n, nil
}

// resetSequences sets each identity column's sequence in the PostgreSQL
// store of tx past the largest ID copied, so that new rows get new IDs.
func resetSequences(ctx context.Context, tx *dbTx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'`)
	if err != nil {
		return err
	}
	var idents [][2]string
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return err
		}
		idents = append(idents, [2]string{t, c})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, tc := range idents {
		// The names come from the catalogue; setval's is_called=false makes
		// the next ID the value given.
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE(MAX(%s), 0) + 1, false) FROM %s`,
			tc[0], tc[1], tc[1], tc[0])
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s.%s: %w", tc[0], tc[1], err)
		}
	}
	return nil
}
