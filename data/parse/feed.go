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
	"time"
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
// content if present, else its description or summary, as paragraphs: Atom
// text constructs typed html or xhtml and JSON Feed's content_html are
// reduced from HTML, other Atom and JSON Feed text keeps its brackets, and
// RSS text is read as HTML. Published is its published date, else a dcterms
// or Atom 0.3 date, else its updated date (see itemDate); Source is the
// feed's title, else the host of feedURL. ExcerptOnly is set when the item
// has no full content or its text is shorter than about 600 characters. The
// charset is read from a byte-order mark, contentType or the XML prolog, in
// that order, else told from the bytes (see decodeDoc). An item with a link
// but no text is kept, with ExcerptOnly set, so the caller can fetch the
// page; items with neither a link nor text are returned as ItemErrors named
// by their title or "item N". Input that is not a feed (malformed XML, a
// page, plain JSON) gives an error saying why.
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
	// Atom and JSON Feed say which text is markup; RSS does not, and its
	// titles are read as HTML whenever they look like it.
	typed := f.FeedType == "atom" || f.FeedType == "json"
	var hints feedHints
	if f.FeedType == "json" {
		hints = readJSONFeedHints(b)
	} else {
		hints = readFeedHints(b)
	}
	if typed && !isMarkupType(hints.titleType) {
		doc.Title = strings.Join(strings.Fields(f.Title), " ")
	}
	source := doc.Title
	if source == "" {
		source = data.HostSource(firstNonBlank(feedURL, doc.Link))
	}
	if len(hints.items) != len(f.Items) {
		hints.items = make([]itemHints, len(f.Items))
	}
	var items []ItemError
	for i, it := range f.Items {
		a := feedArticle(it, base, typed, hints.items[i])
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
// typed says whether the feed is Atom or JSON Feed, whose text is text
// unless its type says markup (see isMarkupType); h is what gofeed did not
// read.
func feedArticle(it *gofeed.Item, base *url.URL, typed bool, h itemHints) data.Article {
	literal := func(typ string) bool { return typed && h.known && !isMarkupType(typ) }
	a := data.Article{URL: resolveLink(base, it.Link)}
	if literal(h.titleType) {
		a.Title = strings.Join(strings.Fields(it.Title), " ")
	} else {
		a.Title = strings.Join(strings.Fields(plainTitle(it.Title)), " ")
	}
	if a.URL == "" && data.IsHTTPURL(it.GUID) {
		a.URL = strings.TrimSpace(it.GUID)
	}
	content, summary := it.Content, it.Description
	if h.contentB64 {
		content = h.content
	}
	if h.summaryB64 {
		summary = h.summary
	}
	if typed && h.known && !isTextType(h.contentType) {
		content = "" // an image or other media, not the article's text
	}
	toText := func(s, typ string) string {
		if literal(typ) {
			return plainParagraphs(s)
		}
		return htmlToText(s)
	}
	full := strings.TrimSpace(content) != ""
	if full {
		a.Text = toText(content, h.contentType)
	}
	if a.Text == "" {
		full = false
		a.Text = toText(summary, h.summaryType)
	}
	a.ExcerptOnly = !full || utf8.RuneCountInString(a.Text) < excerptChars
	if a.Title == "" && a.Text != "" {
		a.Title = firstSentence(a.Text)
	}
	a.Published = itemDate(it, h)
	for _, p := range it.Authors {
		// An RSS <author> may be a bare e-mail address, which is no name.
		if p != nil && strings.TrimSpace(p.Name) != "" {
			a.Authors = append(a.Authors, splitByline(p.Name)...)
		}
	}
	return a
}

// itemDate is the publication time of an item: its published date, else a
// dcterms or Atom 0.3 date that gofeed does not read (issued, created, date,
// available), else its updated or modified date. Each is read with Date,
// which knows zone abbreviations that gofeed reads as UTC; gofeed's own
// reading is taken only for formats Date does not know, and never for digits
// alone or an unknown zone.
func itemDate(it *gofeed.Item, h itemHints) time.Time {
	type cand struct {
		raw    string
		parsed *time.Time
	}
	cands := []cand{{it.Published, it.PublishedParsed}}
	for _, k := range []string{"issued", "created", "date", "available"} {
		cands = append(cands, cand{raw: h.dates[k]})
	}
	cands = append(cands, cand{it.Updated, it.UpdatedParsed}, cand{raw: h.dates["modified"]})
	for _, c := range cands {
		t, err := Date(c.raw)
		switch {
		case err == nil && !t.IsZero():
			return t
		case err != nil && c.parsed != nil && !allDigits(strings.TrimSpace(c.raw)) && !errors.Is(err, errUnknownZone):
			return c.parsed.UTC()
		}
	}
	return time.Time{}
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
