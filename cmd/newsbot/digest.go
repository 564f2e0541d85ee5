package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/newsbot/newsbot/summarize"
)

func cmdDigest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "digest", "digest [--since 24h] [--until DATE] [--topic T] [--stories N] [--extractive] [--json]")
	since := fs.String("since", "24h", "the window's start: a date or a duration back from now (24h, 3d)")
	until := fs.String("until", "", "the window's end (default now)")
	topic := fs.String("topic", "", "only stories on this topic")
	stories := fs.Int("stories", 8, "most stories to show")
	extractive := fs.Bool("extractive", false, "use the offline extractive engine even when an LLM is configured")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("digest takes no arguments; use --topic to narrow it")
	}
	now := time.Now()
	req := summarize.DigestRequest{Topic: *topic, MaxStories: *stories, Extractive: *extractive}
	var err error
	if req.Since, req.Until, err = parseWindow(*since, *until, now); err != nil {
		return err
	}
	a, err := openApp(ctx, e, openOptions{seed: true, quiet: *asJSON})
	if err != nil {
		return err
	}
	defer a.Close()
	d, err := a.svc.Digest(ctx, req)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, d)
	}
	if d.Notice != "" {
		fmt.Fprintf(e.stdout, "Note: %s\n\n", d.Notice)
	}
	if len(d.Stories) == 0 {
		fmt.Fprintf(e.stdout, "Nothing new since %s. Try a longer window, e.g. --since 7d.\n", d.Since.Local().Format("Mon 2 Jan 15:04"))
		return nil
	}
	fmt.Fprintf(e.stdout, "News digest: %s to %s\n", d.Since.Local().Format("Mon 2 Jan 15:04"), d.Until.Local().Format("Mon 2 Jan 15:04"))
	for i, s := range d.Stories {
		fmt.Fprintf(e.stdout, "\n%d. %s  (%s)\n", i+1, s.Headline, strings.Join(s.Outlets, ", "))
		fmt.Fprintf(e.stdout, "   %s\n", strings.TrimSpace(s.Summary.Text))
		for _, c := range s.Summary.Citations {
			fmt.Fprint(e.stdout, "   ")
			writeCitation(e.stdout, c)
		}
	}
	return nil
}
