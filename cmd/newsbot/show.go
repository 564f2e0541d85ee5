package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
)

const showUsage = `show [--json] ID|URL

Prints an article as stored: its title, outlet, dates, feed, whether only
the feed's excerpt is known, and its text, so that you can see what newsbot
read from a page or a feed. ID is an article ID (see search --json); a URL
finds the article stored under any variant of it.`

func cmdShow(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "show", showUsage)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("give one article ID or URL")
	}
	a, err := openApp(ctx, e, openOptions{quiet: true})
	if err != nil {
		return err
	}
	defer a.Close()
	arg := fs.Arg(0)
	var art data.Article
	if data.IsHTTPURL(arg) {
		art, err = a.store.ArticleByURL(ctx, arg)
	} else {
		art, err = a.store.Article(ctx, arg)
	}
	if errors.Is(err, data.ErrNotFound) {
		return &exitError{code: 1, msg: fmt.Sprintf("no stored article %q: give an article ID (see newsbot search --json) or the URL it was stored from", fetch.RedactURL(arg))}
	}
	if err != nil {
		return err
	}
	sa := shownArticle{Article: art}
	if art.FeedID != 0 {
		if f, err := a.store.Feed(ctx, art.FeedID); err == nil {
			sa.FeedTitle, sa.FeedURL = f.Title, fetch.RedactURL(f.URL)
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, sa)
	}
	sa.write(e.stdout)
	return nil
}

// shownArticle is an article as show prints it, with its feed's title and
// URL (without credentials) when it came from one.
type shownArticle struct {
	data.Article
	FeedTitle string `json:"feed_title,omitempty"`
	FeedURL   string `json:"feed_url,omitempty"`
}

func (s shownArticle) write(w io.Writer) {
	a := s.Article
	line := func(label, value string) { fmt.Fprintf(w, "%-10s %s\n", label+":", value) }
	line("Title", orDash(a.Title))
	line("Outlet", orDash(a.Source))
	line("URL", orDash(a.URL))
	line("ID", a.ID)
	if len(a.Authors) > 0 {
		line("Authors", strings.Join(a.Authors, ", "))
	}
	line("Published", showTime(a.Published))
	line("Fetched", showTime(a.FetchedAt))
	switch {
	case a.FeedID == 0:
		line("Feed", "none (a file, a page or the sample corpus)")
	case s.FeedURL == "":
		line("Feed", fmt.Sprintf("%d (no longer followed)", a.FeedID))
	default:
		line("Feed", fmt.Sprintf("%d, %s <%s>", a.FeedID, orDash(s.FeedTitle), s.FeedURL))
	}
	if a.ExcerptOnly {
		line("Text", fmt.Sprintf("the feed's excerpt only, %d characters (the page was not read)", len([]rune(a.Text))))
	} else {
		line("Text", fmt.Sprintf("%d characters", len([]rune(a.Text))))
	}
	fmt.Fprintf(w, "\n%s\n", a.Text)
}

func showTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04 MST")
}
