package parse

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"

	"github.com/newsbot/newsbot/data"
)

// excerptChars is the length under which a feed item's text is taken for an
// excerpt rather than the full article.
const excerptChars = 600

// FeedDoc is a parsed RSS, Atom or JSON Feed.
type FeedDoc struct {
	Title, Link string
	Items       []data.Article
}

// Feed parses an RSS, Atom or JSON Feed with gofeed. Each item becomes
// an article: URL is the item's link resolved against feedURL; Text is its
// content if present, else its description or summary, reduced from HTML to
// paragraphs; Published is its published or else updated time; Source is
// the feed's title, else the host of feedURL. ExcerptOnly is set when the
// item has no full content or its text is shorter than about 600
// characters. The charset is read from a byte-order mark, contentType or
// the XML prolog, in that order, else told from the bytes (see decodeDoc). An item with a link but
// no text is kept, with ExcerptOnly set, so the caller can fetch the page;
// items with neither a link nor text are returned as ItemErrors named by
// their title or "item N". Input that is not a feed (malformed XML, a page,
// plain JSON) gives an error saying why.
func Feed(b []byte, contentType, feedURL string) (FeedDoc, []ItemError, error) {
	b = feedToUTF8(b, contentType)
	if len(bytes.TrimSpace(b)) == 0 {
		return FeedDoc{}, nil, errors.New("parse: not a valid RSS/Atom/JSON feed: the document is empty")
	}
	if err := checkXML(b); err != nil {
		return FeedDoc{}, nil, fmt.Errorf("parse: not a valid RSS/Atom/JSON feed: %w", err)
	}
	if err := checkJSONFeed(b); err != nil {
		return FeedDoc{}, nil, fmt.Errorf("parse: not a valid RSS/Atom/JSON feed: %w", err)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return FeedDoc{}, nil, errors.New("parse: not a valid RSS/Atom/JSON feed: no <rss>, <feed> or JSON Feed version found")
		}
		return FeedDoc{}, nil, fmt.Errorf("parse: not a valid RSS/Atom/JSON feed: %w", err)
	}
	base, _ := url.Parse(feedURL)
	doc := FeedDoc{
		Title: strings.Join(strings.Fields(plainTitle(f.Title)), " "),
		Link:  resolveLink(base, f.Link),
	}
	source := doc.Title
	if source == "" {
		source = data.HostSource(firstNonBlank(feedURL, doc.Link))
	}
	var items []ItemError
	for i, it := range f.Items {
		a := feedArticle(it, base)
		a.Source = source
		if a.URL == "" && a.Text == "" {
			name := firstNonBlank(a.Title, "item "+strconv.Itoa(i+1))
			items = append(items, ItemError{Item: name, Err: errors.New("feed item has neither a link nor text")})
			continue
		}
		doc.Items = append(doc.Items, a)
	}
	return doc, items, nil
}

// feedArticle turns one feed item into a data.Article, without its Source.
func feedArticle(it *gofeed.Item, base *url.URL) data.Article {
	a := data.Article{
		URL:   resolveLink(base, it.Link),
		Title: strings.Join(strings.Fields(plainTitle(it.Title)), " "),
	}
	if a.URL == "" && isHTTPURL(it.GUID) {
		a.URL = strings.TrimSpace(it.GUID)
	}
	full := strings.TrimSpace(it.Content) != ""
	if full {
		a.Text = htmlToText(it.Content)
	}
	if a.Text == "" {
		full = false
		a.Text = htmlToText(it.Description)
	}
	a.ExcerptOnly = !full || utf8.RuneCountInString(a.Text) < excerptChars
	if a.Title == "" && a.Text != "" {
		a.Title = firstSentence(a.Text)
	}
	switch {
	case it.PublishedParsed != nil:
		a.Published = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		a.Published = it.UpdatedParsed.UTC()
	default:
		for _, s := range []string{it.Published, it.Updated} {
			if t, err := Date(s); err == nil && !t.IsZero() {
				a.Published = t
				break
			}
		}
	}
	for _, p := range it.Authors {
		// An RSS <author> may be a bare e-mail address, which is no name.
		if p != nil && strings.TrimSpace(p.Name) != "" {
			a.Authors = append(a.Authors, splitByline(p.Name)...)
		}
	}
	return a
}

// plainTitle strips markup from a title given as HTML.
func plainTitle(s string) string {
	if strings.ContainsAny(s, "<&") {
		return strings.ReplaceAll(htmlToText(s), "\n\n", " ")
	}
	return s
}

// resolveLink resolves link against base; it returns "" for an empty link
// and link as is when it cannot be parsed.
func resolveLink(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	if base != nil && !u.IsAbs() {
		return base.ResolveReference(u).String()
	}
	return u.String()
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// feedRoot finds the root element of an RSS, Atom or RDF feed, with or
// without a namespace prefix (<rss>, <r:rss>, <atom:feed>, <rdf:RDF>).
var feedRoot = regexp.MustCompile(`<(?:[a-z_][a-z0-9_.-]*:)?(?:rss|feed|rdf)[\s/>]`)

// feedToUTF8 decodes b to UTF-8 (see decodeDoc) and makes its prolog say
// so, for gofeed and encoding/xml would otherwise decode it a second time
// by the charset the prolog names.
func feedToUTF8(b []byte, contentType string) []byte {
	b = decodeDoc(b, contentType, false)
	if m := xmlEncodingDecl.FindSubmatchIndex(b[:min(len(b), 1024)]); m != nil {
		b = append(append(append([]byte(nil), b[:m[2]]...), "UTF-8"...), b[m[3]:]...)
	}
	return b
}

// checkXML reports broken structure in an XML document (mismatched or
// unclosed elements, a truncated file), which gofeed would silently repair.
// Mistakes that gofeed reads correctly, such as HTML entities or a bare "&",
// pass. Input that is not XML passes too.
func checkXML(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '<' {
		return nil
	}
	for _, strict := range []bool{true, false} {
		d := xml.NewDecoder(bytes.NewReader(b))
		d.Strict = strict
		d.Entity = xml.HTMLEntity
		d.CharsetReader = charset.NewReaderLabel
		for {
			_, err := d.Token()
			if err == nil {
				continue
			}
			if err == io.EOF {
				return nil
			}
			msg := err.Error()
			if strict && !strings.Contains(msg, "closed by") && !strings.Contains(msg, "unexpected EOF") &&
				!strings.Contains(msg, "unexpected end element") {
				break // tolerated; look again without strictness
			}
			return err
		}
	}
	return nil
}

// checkJSONFeed rejects a JSON document that is not a JSON Feed: gofeed
// takes any JSON object for one. Input that is not JSON passes.
func checkJSONFeed(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		return nil
	}
	var jf struct {
		Version string          `json:"version"`
		Items   json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(b, &jf); err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if !strings.Contains(jf.Version, "jsonfeed.org") && len(jf.Items) == 0 {
		return errors.New("JSON without a JSON Feed version or items")
	}
	return nil
}
