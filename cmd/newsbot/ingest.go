package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

func cmdIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ingest", "ingest [--json] PATH|URL...\n\nAdds articles from files (.txt .md .html .json .jsonl .xml .rss .atom), folders\n(recursively), web pages and feeds. Ends with counts of added, updated,\nunchanged and failed items; the exit code is 1 when any item failed.")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("give at least one file, folder or URL")
	}
	a, err := openApp(ctx, e, openOptions{quiet: *asJSON})
	if err != nil {
		return err
	}
	defer a.Close()
	bar := newProgress(e.stderr, "storing", *asJSON)
	a.ingest.Progress = bar.update
	start := time.Now()
	rep, err := a.ingest.Ingest(ctx, fs.Args())
	bar.done()
	if err == nil {
		// A large load leaves the index in many segments; one is faster
		// to search.
		err = a.index.Tidy(ctx)
	}
	elapsed := time.Since(start)
	if err != nil {
		return err
	}
	total := rep.Added + rep.Updated + rep.Unchanged
	if *asJSON {
		out := struct {
			Added     int     `json:"added"`
			Updated   int     `json:"updated"`
			Unchanged int     `json:"unchanged"`
			Failed    int     `json:"failed"`
			Failures  any     `json:"failures"`
			Seconds   float64 `json:"seconds"`
			// DateFallbacks counts articles dated by their fetch time.
			DateFallbacks int `json:"date_fallbacks"`
		}{rep.Added, rep.Updated, rep.Unchanged, rep.Failed, rep.Failures, elapsed.Seconds(), rep.DateFallbacks}
		if out.Failures == nil || rep.Failed == 0 {
			out.Failures = []struct{}{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		rate := float64(total) / elapsed.Seconds()
		fmt.Fprintf(e.stdout, "%d added, %d updated, %d unchanged, %d failed (%s, %.0f articles/s)\n",
			rep.Added, rep.Updated, rep.Unchanged, rep.Failed, elapsed.Round(time.Millisecond), rate)
		if rep.DateFallbacks > 0 {
			fmt.Fprintf(e.stdout, "%d articles had a date that cannot be right (before 1990 or in the future) and are dated by when they were read\n", rep.DateFallbacks)
		}
		for _, f := range rep.Failures {
			fmt.Fprintf(e.stdout, "failed: %s: %s\n", f.Item, f.Reason)
		}
	}
	if rep.Failed > 0 {
		return errSomeFailed
	}
	return nil
}
