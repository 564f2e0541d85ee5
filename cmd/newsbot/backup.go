package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/newsbot/newsbot/data"
)

func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backup", "backup FILE\n\nWrites a consistent copy of the store to FILE, also while the bot runs. The index is\nnot copied: it is rebuilt from the store. To restore, stop newsbot, copy FILE to\nnewsbot.db in the data directory and run: newsbot reindex")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("give the file to write, e.g. newsbot backup newsbot-backup.db")
	}
	if e.cfg.DatabaseURL != "" {
		return &exitError{code: 1, msg: "the store is in PostgreSQL (NEWSBOT_DATABASE_URL); back it up with pg_dump"}
	}
	path := e.cfg.sqlitePath()
	if _, err := os.Stat(path); err != nil {
		return &exitError{code: 1, msg: "no store at " + path + "; check --data-dir or NEWSBOT_DATA_DIR"}
	}
	// Only the store: a running bot holds the index, and SQLite lets
	// another process read the store while the bot writes to it.
	st, err := data.OpenStore(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, fs.Arg(0)); err != nil {
		if errors.Is(err, data.ErrExists) {
			return &exitError{code: 1, msg: fs.Arg(0) + " already exists; give a new file name"}
		}
		return err
	}
	// Opening the copy checks it, and its counts are what it holds.
	cp, err := data.OpenStore(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("check the backup: %w", err)
	}
	defer cp.Close()
	c, err := cp.Counts(ctx)
	if err != nil {
		return fmt.Errorf("check the backup: %w", err)
	}
	fmt.Fprintf(e.stdout, "Backed up the store (%d articles, %d feeds) to %s.\n", c.Articles, c.Feeds, fs.Arg(0))
	return nil
}
