package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/newsbot/newsbot/data/fetch"
)

func cmdStats(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "stats", "stats [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, openOptions{quiet: *asJSON})
	if err != nil {
		return err
	}
	defer a.Close()
	c, err := a.store.Counts(ctx)
	if err != nil {
		return err
	}
	st, err := a.index.State(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{
			"data_dir": a.cfg.DataDir, "store": a.storeName(), "articles": c.Articles, "excerpt_only": c.ExcerptOnly,
			"feeds": c.Feeds, "disabled_feeds": c.DisabledFeeds, "store_rev": c.MaxRev,
			"index": map[string]any{
				"path": st.Path, "articles": st.Articles, "passages": st.Passages,
				"indexed_rev": st.IndexedRev, "size_bytes": st.SizeBytes, "up_to_date": st.IndexedRev == c.MaxRev,
				"rebuilt": st.Rebuilt, "rebuilt_reason": st.Reason,
			},
		})
	}
	fmt.Fprintf(e.stdout, "Data directory: %s\n", a.cfg.DataDir)
	fmt.Fprintf(e.stdout, "Store:          %s\n", a.storeName())
	fmt.Fprintf(e.stdout, "Articles:       %d (%d excerpt only)\n", c.Articles, c.ExcerptOnly)
	fmt.Fprintf(e.stdout, "Feeds:          %d (%d disabled)\n", c.Feeds, c.DisabledFeeds)
	state := "up to date"
	switch {
	case st.IndexedRev < c.MaxRev:
		state = fmt.Sprintf("behind the store (rev %d of %d)", st.IndexedRev, c.MaxRev)
	case st.IndexedRev > c.MaxRev:
		state = fmt.Sprintf("ahead of the store (rev %d of %d; run newsbot reindex)", st.IndexedRev, c.MaxRev)
	}
	if st.Rebuilt {
		state += ", rebuilt on this run: " + st.Reason
	}
	fmt.Fprintf(e.stdout, "Index:          %d articles, %d passages, %s, %s\n", st.Articles, st.Passages, humanBytes(st.SizeBytes), state)
	return nil
}

// storeName says where the store is: the SQLite file, or the PostgreSQL
// database without its password.
func (a *app) storeName() string {
	if a.cfg.DatabaseURL != "" {
		return "PostgreSQL " + fetch.RedactURL(a.cfg.DatabaseURL)
	}
	return "SQLite " + a.cfg.sqlitePath()
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func cmdReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reindex", "reindex\n\nRebuilds the search index from the store (the store is the source of truth).")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, openOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	n, err := a.index.Rebuild(ctx, a.store)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Reindexed %d articles in %s.\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
