package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/parse"
)

// DefaultDiscoverAttempts is how many candidate feed URLs FollowFeed fetches
// when it is given a web page instead of a feed (Ingester.DiscoverAttempts).
const DefaultDiscoverAttempts = 6

// ErrNoFeed is returned (wrapped) by FollowFeed when it is given a web page
// and finds no feed of its site that works.
var ErrNoFeed = errors.New("no feed found")

// discovered is a feed found from a web page.
type discovered struct {
	url string
	res fetch.Result
	doc parse.FeedDoc
}

// discoverFeed finds the feed of the site that page, a fetched web page
// that is not a feed, belongs to: first the feeds its <link
// rel="alternate"> tags announce, then the site's common feed paths. It
// fetches through the Ingester's guarded fetcher, at most
// DiscoverAttempts candidates, and returns the first that parses as a feed.
// shown is the URL the user gave, for the error when nothing is found.
func (in *Ingester) discoverFeed(ctx context.Context, page fetch.Result, shown string) (discovered, error) {
	attempts := in.DiscoverAttempts
	if attempts <= 0 {
		attempts = DefaultDiscoverAttempts
	}
	tried := 0
	for _, cand := range feedCandidates(page.Body, page.URL) {
		if tried == attempts {
			break
		}
		if err := ctx.Err(); err != nil {
			return discovered{}, err
		}
		tried++
		res, err := in.Fetcher.Fetch(ctx, fetch.Request{URL: cand})
		if err != nil {
			continue
		}
		doc, _, err := parse.Feed(res.Body, res.ContentType, res.URL)
		if err != nil {
			continue
		}
		return discovered{url: cand, res: res, doc: doc}, nil
	}
	return discovered{}, fmt.Errorf("%w at %s; try the feed's own URL", ErrNoFeed, fetch.RedactURL(shown))
}

// feedCandidates lists the URLs worth trying as the feed of the page at
// pageURL whose HTML is body: the feeds it links to, then the common paths
// at its site's root, each once.
func feedCandidates(body []byte, pageURL string) []string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(u *url.URL) {
		if u.Scheme != "http" && u.Scheme != "https" {
			return
		}
		u.Fragment = ""
		if s := u.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, href := range feedLinks(body) {
		if u, err := base.Parse(href); err == nil {
			add(u)
		}
	}
	// Where sites that announce no feed in their pages usually serve one,
	// most common first.
	for _, p := range []string{"/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml"} {
		add(&url.URL{Scheme: base.Scheme, Host: base.Host, Path: p})
	}
	return out
}

// feedLinks returns the href of every <link rel="alternate"> of a feed
// type in an HTML document, in document order, resolved against its
// <base href> if it has one.
func feedLinks(body []byte) []string {
	var links []string
	var base *url.URL
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return links
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if !hasAttr {
				continue
			}
			attrs := tagAttrs(z)
			switch atom.Lookup(name) {
			case atom.Base:
				if base == nil {
					base, _ = url.Parse(attrs["href"])
				}
			case atom.Link:
				if !isFeedLink(attrs) {
					continue
				}
				href := strings.TrimSpace(attrs["href"])
				if base != nil {
					if u, err := base.Parse(href); err == nil {
						href = u.String()
					}
				}
				links = append(links, href)
			}
		}
	}
}

// isFeedLink reports whether a <link>'s attributes announce a feed.
func isFeedLink(attrs map[string]string) bool {
	if strings.TrimSpace(attrs["href"]) == "" {
		return false
	}
	alternate := false
	for _, rel := range strings.Fields(strings.ToLower(attrs["rel"])) {
		alternate = alternate || rel == "alternate"
	}
	typ := strings.ToLower(strings.TrimSpace(attrs["type"]))
	if i := strings.IndexByte(typ, ';'); i >= 0 {
		typ = strings.TrimSpace(typ[:i])
	}
	switch typ {
	case "application/rss+xml", "application/atom+xml", "application/feed+json":
		return alternate
	}
	return false
}

// tagAttrs reads the current tag's attributes, keys in lower case.
func tagAttrs(z *html.Tokenizer) map[string]string {
	attrs := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		attrs[strings.ToLower(string(k))] = string(v)
		if !more {
			return attrs
		}
	}
}

// looksLikeHTML reports whether a fetched body is a web page rather than a
// broken feed, so that only pages send FollowFeed looking for a feed.
func looksLikeHTML(res fetch.Result) bool {
	ct := strings.ToLower(res.ContentType)
	if strings.Contains(ct, "html") && !strings.Contains(ct, "xhtml+xml") {
		return true
	}
	head := bytes.ToLower(bytes.TrimSpace(res.Body))
	if len(head) > 512 {
		head = head[:512]
	}
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html"))
}
