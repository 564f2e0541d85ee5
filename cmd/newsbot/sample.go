package main

import (
	"context"
	"fmt"

	"github.com/newsbot/newsbot/data/ingest"
)

func cmdSample(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sample", "sample remove\n\nDeletes the embedded sample corpus (invented articles that the demo commands seed an\nempty store with) from the store and the index, leaving every other article. Stop a\nrunning bot first: it holds the index.")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "remove" {
		return usageErr("usage: newsbot sample remove")
	}
	a, err := openApp(ctx, e, openOptions{quiet: true})
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := ingest.RemoveSample(ctx, a.store, a.index)
	if err != nil {
		return err
	}
	switch n {
	case 0:
		fmt.Fprintln(e.stdout, "The store holds no sample article.")
	case 1:
		fmt.Fprintln(e.stdout, "Removed 1 sample article.")
	default:
		fmt.Fprintf(e.stdout, "Removed %d sample articles.\n", n)
	}
	return nil
}

// markSample keeps the sample articles of a store seeded by an older
// newsbot (which put them in every server's scope) away from the servers,
// and tells notice how to delete any sample the store holds.
func markSample(ctx context.Context, a *app, notice func(string)) error {
	moved, err := ingest.MarkSample(ctx, a.store)
	if err != nil {
		return err
	}
	if moved > 0 {
		if _, err := a.index.CatchUp(ctx, a.store); err != nil {
			return err
		}
	}
	n, err := ingest.CountSample(ctx, a.store)
	if err != nil || n == 0 {
		return err
	}
	notice(fmt.Sprintf("The store holds %d sample articles (invented news from the embedded corpus); no\n"+
		"server is shown them. Delete them with: newsbot sample remove", n))
	return nil
}
