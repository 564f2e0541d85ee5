package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
)

func cmdMigrateStore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate-store", "migrate-store --to postgres://USER@HOST/DB\n\n"+
		"Copies the SQLite store of the data directory into an empty PostgreSQL database: every\n"+
		"table, with its IDs, revisions and the store's identity, so the index in the data\n"+
		"directory still belongs to it. Stop newsbot first. Then set NEWSBOT_DATABASE_URL to the\n"+
		"same URL; the SQLite file is left as it was.")
	to := fs.String("to", "", "the PostgreSQL database to copy into: a postgres:// or postgresql:// URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 || *to == "" {
		return usageErr("give the database to copy into, e.g. newsbot migrate-store --to postgres://newsbot@db.example/newsbot")
	}
	if !data.IsPostgresURL(*to) {
		return usageErr("--to must be a postgres:// or postgresql:// URL")
	}
	shown := fetch.RedactURL(*to)
	path := e.cfg.sqlitePath()
	if _, err := os.Stat(path); err != nil {
		return &exitError{code: 1, msg: "no store at " + path + "; check --data-dir or NEWSBOT_DATA_DIR"}
	}
	from, err := data.OpenStore(ctx, path)
	if err != nil {
		return err
	}
	defer from.Close()
	dst, err := data.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	counts, err := data.CopyStore(ctx, from, dst)
	if errors.Is(err, data.ErrNotEmpty) {
		return &exitError{code: 1, msg: shown + " is not empty (" + err.Error() + "); give an empty database, or drop its tables first"}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Copied %s into %s:\n", path, shown)
	var total int64
	for _, c := range counts {
		fmt.Fprintf(e.stdout, "  %-18s %8d\n", c.Table, c.Rows)
		total += c.Rows
	}
	fmt.Fprintf(e.stdout, "  %-18s %8d\n", "total", total)
	fmt.Fprintln(e.stdout, "Now set NEWSBOT_DATABASE_URL to that database's URL and start newsbot.")
	return nil
}
