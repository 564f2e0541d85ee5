package ingest

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/parse"
)

// FollowFeed starts following the feed at rawURL: it fetches the feed
// through the safe fetcher, checks that it is a feed, stores it and its
// current items. Following a feed that is already followed returns it.
// Given a web page (a site's home page or an article), it follows the
// site's feed, which the returned Feed's URL names, or fails with an error
// wrapping ErrNoFeed: "no feed found at …; try the feed's own URL".
func (in *Ingester) FollowFeed(ctx context.Context, rawURL string) (data.Feed, Report, error) {
	var rep Report
	if f, err := in.Store.FeedByURL(ctx, rawURL); err == nil {
		return f, rep, nil
	}
	if in.Fetcher == nil {
		return data.Feed{}, rep, errors.New("ingest: follow feed: fetching URLs is not configured")
	}
	res, err := in.Fetcher.Fetch(ctx, fetch.Request{URL: rawURL})
	if err != nil {
		return data.Feed{}, rep, fmt.Errorf("ingest: follow feed: %w", err)
	}
	doc, _, err := parse.Feed(res.Body, res.ContentType, res.URL)
	if err != nil && looksLikeHTML(res) {
		// A site's page: follow the feed it names (see discover.go).
		var d discovered
		if d, err = in.discoverFeed(ctx, res, rawURL); err != nil {
			return data.Feed{}, rep, fmt.Errorf("ingest: follow feed: %w", err)
		}
		if f, err := in.Store.FeedByURL(ctx, d.url); err == nil {
			return f, rep, nil
		}
		rawURL, res, doc = d.url, d.res, d.doc
	}
	if err != nil {
		return data.Feed{}, rep, fmt.Errorf("ingest: follow feed: %s is not an RSS, Atom or JSON feed: %w", fetch.RedactURL(rawURL), err)
	}
	now := in.now().UTC()
	f, err := in.Store.AddFeed(ctx, data.Feed{
		URL: rawURL, Title: doc.Title, Interval: in.FeedInterval, ETag: res.ETag, LastModified: res.LastModified,
		LastPolled: now, LastSuccess: now,
	})
	if err != nil {
		return data.Feed{}, rep, fmt.Errorf("ingest: follow feed: %w", err)
	}
	f.NextPoll = now.Add(f.Interval)
	if err := in.Store.UpdateFeed(ctx, f); err != nil {
		return f, rep, fmt.Errorf("ingest: follow feed: %w", err)
	}
	rep, err = in.storeFeedItems(ctx, f, doc)
	return f, rep, err
}

// HandleFeed parses and stores a fetched feed body; it is the poller's
// Handle callback. A body that is not a feed is an error.
func (in *Ingester) HandleFeed(ctx context.Context, f data.Feed, res fetch.Result) error {
	// The final URL, without the feed's credentials, is the base its
	// relative links resolve against.
	base := res.URL
	if base == "" {
		base = fetch.RedactURL(f.URL)
	}
	doc, _, err := parse.Feed(res.Body, res.ContentType, base)
	if err != nil {
		return err
	}
	rep, err := in.storeFeedItems(ctx, f, doc)
	if err != nil {
		return err
	}
	in.logger().Info("ingest: feed polled", "feed_id", f.ID, "added", rep.Added, "updated", rep.Updated, "failed", rep.Failed, "unfetched", rep.Unfetched)
	return nil
}

func (in *Ingester) storeFeedItems(ctx context.Context, f data.Feed, doc parse.FeedDoc) (Report, error) {
	arts := doc.Items
	for i := range arts {
		arts[i].FeedID = f.ID
	}
	arts, unfetched := in.completeExcerpts(ctx, arts)
	rep, err := in.StoreArticles(ctx, arts)
	rep.Unfetched = unfetched
	return rep, err
}

// opml is the part of an OPML document that lists feeds.
type opml struct {
	Body struct {
		Outlines []opmlOutline `xml:"outline"`
	} `xml:"body"`
}

type opmlOutline struct {
	Title    string        `xml:"title,attr"`
	Text     string        `xml:"text,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

// opmlFeed is one feed an OPML file lists.
type opmlFeed struct{ url, title string }

// readOPML returns the feeds an OPML subscription list names, nested
// outlines included, in document order.
func readOPML(r io.Reader) ([]opmlFeed, error) {
	var doc opml
	dec := xml.NewDecoder(io.LimitReader(r, 16<<20))
	dec.CharsetReader = charset.NewReaderLabel
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a valid OPML file: %w", err)
	}
	var out []opmlFeed
	var walk func([]opmlOutline)
	walk = func(outs []opmlOutline) {
		for _, o := range outs {
			walk(o.Outlines)
			u := strings.TrimSpace(o.XMLURL)
			if u == "" {
				continue
			}
			title := o.Title
			if title == "" {
				title = o.Text
			}
			out = append(out, opmlFeed{url: u, title: title})
		}
	}
	walk(doc.Body.Outlines)
	return out, nil
}

// ImportOPML adds every feed listed in an OPML subscription list. Feeds are
// polled later by the poller; feeds already followed and entries without a
// usable URL are reported as failures, and the rest are added.
func (in *Ingester) ImportOPML(ctx context.Context, r io.Reader) ([]data.Feed, []Failure, error) {
	return in.importOPML(ctx, r, false)
}

// ImportOPMLFeeds is ImportOPML for a server that follows what a list
// names: it returns every feed listed, those followed already (by anyone)
// included, and reports only unusable entries as failures.
func (in *Ingester) ImportOPMLFeeds(ctx context.Context, r io.Reader) ([]data.Feed, []Failure, error) {
	return in.importOPML(ctx, r, true)
}

func (in *Ingester) importOPML(ctx context.Context, r io.Reader, existing bool) ([]data.Feed, []Failure, error) {
	listed, err := readOPML(r)
	if err != nil {
		return nil, nil, fmt.Errorf("ingest: import OPML: %w", err)
	}
	var added []data.Feed
	var failed []Failure
	now := in.now().UTC()
	for _, o := range listed {
		if data.CleanURL(o.url) == "" {
			failed = append(failed, Failure{Item: fetch.RedactURL(o.url), Reason: "not an http(s) URL"})
			continue
		}
		f, err := in.Store.AddFeed(ctx, data.Feed{URL: o.url, Title: o.title, Interval: in.FeedInterval, NextPoll: now, CreatedAt: now})
		switch {
		case errors.Is(err, data.ErrExists) && existing:
			f, err = in.Store.FeedByURL(ctx, o.url)
			if err != nil {
				return added, failed, fmt.Errorf("ingest: import OPML: %w", err)
			}
			added = append(added, f)
		case errors.Is(err, data.ErrExists):
			failed = append(failed, Failure{Item: fetch.RedactURL(o.url), Reason: "already followed"})
		case err != nil:
			return added, failed, fmt.Errorf("ingest: import OPML: %w", err)
		default:
			added = append(added, f)
		}
	}
	return added, failed, nil
}
