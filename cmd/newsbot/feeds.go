package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
)

const feedsUsage = `feeds add URL | list [--json] | remove ID | retry ID | import FILE.opml | poll

  add URL          follow a feed (RSS, Atom or JSON Feed) and store its items
  list             the feeds with their health
  remove ID        stop following a feed (its articles stay)
  retry ID         fetch a feed now, such as a disabled one, which is enabled again if it works
  import FILE      follow every feed of an OPML subscription list
  poll             poll the feeds that are due now (and probe the disabled ones that are due)`

func cmdFeeds(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "feeds", feedsUsage)
	asJSON := fs.Bool("json", false, "print JSON (list)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("give a subcommand: add, list, remove, retry, import or poll")
	}
	sub, rest := fs.Arg(0), fs.Args()[1:]
	// Options may also follow the subcommand.
	if err := fs.Parse(rest); err != nil {
		return err
	}
	rest = fs.Args()
	need := map[string]int{"add": 1, "remove": 1, "retry": 1, "import": 1, "list": 0, "poll": 0}
	n, ok := need[sub]
	if !ok {
		return usageErr("unknown feeds subcommand %q: use add, list, remove, retry, import or poll", sub)
	}
	if len(rest) != n {
		return usageErr("feeds %s takes %d argument(s)", sub, n)
	}
	a, err := openApp(ctx, e, openOptions{quiet: *asJSON})
	if err != nil {
		return err
	}
	defer a.Close()
	arg := ""
	if len(rest) > 0 {
		arg = rest[0]
	}
	switch sub {
	case "add":
		return feedsAdd(ctx, e, a, arg)
	case "list":
		return feedsList(ctx, e, a, *asJSON)
	case "remove":
		return feedsRemove(ctx, e, a, arg)
	case "import":
		return feedsImport(ctx, e, a, arg)
	case "retry":
		return feedsRetry(ctx, e, a, arg)
	case "poll":
		return feedsPoll(ctx, e, a)
	}
	return nil
}

// feedsAdd follows the feed at arg, or the feed its page names, and
// fetches it.
func feedsAdd(ctx context.Context, e *env, a *app, arg string) error {
	f, rep, err := a.ingest.FollowFeed(ctx, arg)
	if err != nil {
		return &exitError{code: 1, msg: userReason(err)}
	}
	if data.CanonicalURL(f.URL) != data.CanonicalURL(arg) {
		fmt.Fprintf(e.stdout, "Found the site's feed: %s\n", f.URL)
	}
	fmt.Fprintf(e.stdout, "Following feed %d: %s (%s)\n%d articles added, %d updated, %d unchanged, %d failed.\n",
		f.ID, orDash(f.Title), fetch.RedactURL(f.URL), rep.Added, rep.Updated, rep.Unchanged, rep.Failed)
	if rep.Unfetched > 0 {
		fmt.Fprintf(e.stdout, "%d items kept their feed excerpt: the full-text budget or deadline ran out (NEWSBOT_FULL_TEXT_BUDGET, NEWSBOT_FULL_TEXT_DEADLINE).\n", rep.Unfetched)
	}
	for _, fl := range rep.Failures {
		fmt.Fprintf(e.stdout, "failed: %s: %s\n", fl.Item, fl.Reason)
	}
	return nil
}

// feedsList prints the followed feeds and their health, as JSON when asJSON.
func feedsList(ctx context.Context, e *env, a *app, asJSON bool) error {
	feeds, err := a.store.Feeds(ctx)
	if err != nil {
		return err
	}
	for i := range feeds {
		feeds[i].URL = fetch.RedactURL(feeds[i].URL)
	}
	if asJSON {
		if feeds == nil {
			feeds = []data.Feed{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(feeds)
	}
	if len(feeds) == 0 {
		fmt.Fprintln(e.stdout, "No feeds yet. Follow one with: newsbot feeds add URL")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tURL\tSTATUS")
	for _, f := range feeds {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", f.ID, orDash(f.Title), f.URL, feedHealth(f, time.Now()))
	}
	return tw.Flush()
}

// feedsRemove stops following feed arg; its articles stay.
func feedsRemove(ctx context.Context, e *env, a *app, arg string) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return usageErr("feed ID must be a number (see newsbot feeds list)")
	}
	if err := a.store.RemoveFeed(ctx, id); err != nil {
		if errors.Is(err, data.ErrNotFound) {
			return &exitError{code: 1, msg: fmt.Sprintf("no feed with ID %d (see newsbot feeds list)", id)}
		}
		return err
	}
	fmt.Fprintf(e.stdout, "Stopped following feed %d; its articles stay searchable.\n", id)
	return nil
}

// feedsImport follows the feeds of the OPML file arg.
func feedsImport(ctx context.Context, e *env, a *app, arg string) error {
	f, err := os.Open(arg)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	defer f.Close()
	added, failed, err := a.ingest.ImportOPML(ctx, f)
	if err != nil {
		return &exitError{code: 1, msg: userReason(err)}
	}
	fmt.Fprintf(e.stdout, "Imported %d feeds; they are polled by \"newsbot feeds poll\" or \"newsbot run\".\n", len(added))
	for _, fl := range failed {
		fmt.Fprintf(e.stdout, "skipped: %s: %s\n", fl.Item, fl.Reason)
	}
	return nil
}

// feedsPoll polls every feed that is due once.
func feedsPoll(ctx context.Context, e *env, a *app) error {
	rep, err := newPoller(a, a.store).PollOnce(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Polled %d feeds: %d unchanged since last time, %d failed, %d disabled, %d enabled again.\n",
		rep.Polled, rep.NotModified, rep.Failed, rep.Disabled, rep.Recovered)
	for _, err := range rep.Errors {
		fmt.Fprintf(e.stdout, "failed: %s\n", userReason(err))
	}
	if rep.Failed > 0 {
		return errSomeFailed
	}
	return nil
}

// feedsRetry fetches the feed id now; a disabled feed that works is
// enabled again. The servers that follow it are told by a running bot's
// next change, not by this command.
func feedsRetry(ctx context.Context, e *env, a *app, arg string) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return usageErr("feed ID must be a number (see newsbot feeds list)")
	}
	before, err := a.store.Feed(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		return &exitError{code: 1, msg: fmt.Sprintf("no feed with ID %d (see newsbot feeds list)", id)}
	}
	if err != nil {
		return err
	}
	f, err := newPoller(a, a.store).Retry(ctx, id)
	if err != nil {
		state := "It is failing"
		if f.Disabled {
			state = "It stays disabled"
		}
		return &exitError{code: 1, msg: fmt.Sprintf("feed %d still fails: %s. %s; next try %s.", id, userReason(err), state, f.NextPoll.UTC().Format(time.RFC3339))}
	}
	if before.Disabled {
		fmt.Fprintf(e.stdout, "Feed %d works again and is enabled: %s\n", id, fetch.RedactURL(f.URL))
		return nil
	}
	fmt.Fprintf(e.stdout, "Feed %d works: %s\n", id, fetch.RedactURL(f.URL))
	return nil
}

// feedHealth says in a few words how a feed is doing.
func feedHealth(f data.Feed, now time.Time) string {
	switch {
	case f.Disabled:
		return "disabled: " + f.LastError
	case f.Failures > 0:
		return fmt.Sprintf("failing (%d in a row): %s", f.Failures, f.LastError)
	case f.LastSuccess.IsZero():
		return "not polled yet"
	}
	return "ok, last success " + ago(now.Sub(f.LastSuccess)) + " ago"
}

func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "under a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// userReason is the short reason of an error for a user: a fetch error's
// reason, otherwise the message.
func userReason(err error) string {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe.Error()
	}
	return err.Error()
}
