// Package parse turns files, pages, feeds, JSON, plain text and Markdown into
// articles, and reads the dates and datelines they carry.
package parse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
)

// ErrEmpty is returned, usually wrapped, when an article has no usable text.
var ErrEmpty = errors.New("parse: article has no text")

// ItemError names one item (a file path, a feed item's link or title, a
// JSON line number such as "line 12") that could not be used and why.
type ItemError struct {
	Item string
	Err  error
}

// Error returns "ITEM: reason".
func (e ItemError) Error() string {
	return fmt.Sprintf("%s: %v", e.Item, e.Err)
}

// Unwrap returns the reason.
func (e ItemError) Unwrap() error { return e.Err }

// splitByline splits a byline such as "By Ana Ruiz and Tom Lee" into names.
// It splits on commas, semicolons, "and" and "&" only when every part looks
// like a full name, so "Ruiz, Ana" stays one author.
func splitByline(s string) []string {
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{"By ", "by ", "BY "} {
		s = strings.TrimPrefix(s, p)
	}
	if s == "" {
		return nil
	}
	r := strings.NewReplacer(";", ",", " and ", ",", " & ", ",", " AND ", ",")
	var parts []string
	for _, p := range strings.Split(r.Replace(s), ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) < 2 {
		return []string{s}
	}
	for _, p := range parts {
		if len(strings.Fields(p)) < 2 {
			return []string{s}
		}
	}
	return parts
}

// File parses the file name with contents b by its extension: .txt and
// .text as text, .md and .markdown as Markdown, .html and .htm as a page,
// .json, .jsonl and .ndjson as JSON articles (or a JSON Feed), .xml, .rss
// and .atom as a feed. An unknown extension is settled by sniffing b. A
// single article without a date takes the one that opens the file's name,
// as in "2024-06-12-council-vote.txt". The ItemErrors of JSON and feed
// files are named "NAME: ITEM". A file that cannot be used at all gives an
// error naming it; an article file without text gives one wrapping
// ErrEmpty, and one that is not text one wrapping ErrNotText.
func File(name string, b []byte) ([]data.Article, []ItemError, error) {
	kind := kindByExt(name)
	if kind == kindUnknown {
		kind = sniffKind(b)
	}
	if kind == kindJSON && isJSONFeed(b) {
		kind = kindFeed
	}
	arts, items, err := parseFile(kind, name, b)
	for i := range items {
		items[i].Item = name + ": " + items[i].Item
	}
	return arts, items, err
}

// Read reads the file name from r as File does, as a stream: it yields
// each article with a nil error, each item that cannot be used as an
// ItemError named by the item alone ("line 4"), and last, when the file
// cannot be used at all, an error that is not an ItemError. JSON and JSONL
// are read one item at a time, each item up to maxDocBytes; other formats
// are read whole, up to maxDocBytes, and a larger file is refused. Zero
// maxDocBytes means DefaultMaxItemBytes.
func Read(name string, r io.Reader, maxDocBytes int) iter.Seq2[data.Article, error] {
	if maxDocBytes <= 0 {
		maxDocBytes = DefaultMaxItemBytes
	}
	return func(yield func(data.Article, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		head, err := br.Peek(2048)
		if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
			yield(data.Article{}, fmt.Errorf("parse: read %s: %w", name, err))
			return
		}
		kind := kindByExt(name)
		if kind == kindUnknown {
			kind = sniffKind(head)
		}
		if kind == kindJSON && isJSONFeed(head) {
			kind = kindFeed
		}
		if kind == kindJSON {
			for a, err := range JSONItems(br, maxDocBytes) {
				if !yield(a, err) {
					return
				}
			}
			return
		}
		b, err := io.ReadAll(io.LimitReader(br, int64(maxDocBytes)+1))
		if err != nil {
			yield(data.Article{}, fmt.Errorf("parse: read %s: %w", name, err))
			return
		}
		if len(b) > maxDocBytes {
			yield(data.Article{}, fmt.Errorf("parse: %s: larger than %s, the most read of one document", name, sizeText(maxDocBytes)))
			return
		}
		arts, items, err := parseFile(kind, name, b)
		for _, a := range arts {
			if !yield(a, nil) {
				return
			}
		}
		for _, it := range items {
			if !yield(data.Article{}, it) {
				return
			}
		}
		if err != nil {
			var ie ItemError
			if errors.As(err, &ie) && ie.Item == name {
				err = ie.Err
			}
			yield(data.Article{}, err)
		}
	}
}

// parseFile parses the file name, of kind, with contents b; a single
// article without a date takes the one its name opens with.
func parseFile(kind docKind, name string, b []byte) ([]data.Article, []ItemError, error) {
	arts, _, items, err := parseKind(kind, name, b, "", "")
	if kind != kindJSON && kind != kindFeed {
		if d, ok := nameDate(name); ok {
			for i := range arts {
				if arts[i].Published.IsZero() {
					arts[i].Published = d
				}
			}
		}
	}
	return arts, items, err
}

// nameDate reads the date that opens a file's base name, as in
// "2024-06-12-council-vote.txt" (the Jekyll convention).
func nameDate(name string) (time.Time, bool) {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if len(base) < 10 || (len(base) > 10 && base[10] >= '0' && base[10] <= '9') {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", base[:10])
	return t, err == nil
}

// Body parses a fetched body by its Content-Type (RSS, Atom and JSON
// feeds, XML, JSON, HTML, plain text, Markdown), then by the extension of
// srcURL's path, then by sniffing. A single article (text, Markdown, a page)
// without a URL gets srcURL; articles without a source get its host. isFeed reports whether the body was a feed, so
// the caller can offer to follow it. A body that cannot be used at all gives
// an error; a page without article text gives one wrapping ErrEmpty.
func Body(b []byte, contentType, srcURL string) (arts []data.Article, isFeed bool, items []ItemError, err error) {
	kind := kindByContentType(contentType)
	if kind == kindUnknown || kind == kindText {
		// Servers send Markdown and feeds as text/plain or octet-stream.
		if k := kindByExt(urlPath(srcURL)); k != kindUnknown {
			kind = k
		}
	}
	if kind == kindUnknown {
		kind = sniffKind(b)
	}
	switch {
	case (kind == kindJSON) && isJSONFeed(b):
		kind = kindFeed
	case (kind == kindHTML || kind == kindText) && sniffKind(b) == kindFeed:
		kind = kindFeed
	}
	name := srcURL
	if name == "" {
		name = "body"
	}
	arts, isFeed, items, err = parseKind(kind, name, b, contentType, srcURL)
	if err != nil {
		return nil, isFeed, items, err
	}
	src := data.HostSource(srcURL)
	for i := range arts {
		// One page is one article at srcURL; a list of articles is not.
		if arts[i].URL == "" && kind != kindJSON && kind != kindFeed {
			arts[i].URL = srcURL
		}
		if arts[i].Source == "" {
			arts[i].Source = src
		}
	}
	return arts, isFeed, items, nil
}

// docKind is the format of a file or body.
type docKind int

const (
	kindUnknown docKind = iota
	kindText
	kindMarkdown
	kindHTML
	kindJSON
	kindFeed
)

// parseKind parses b as kind; name labels errors, and contentType and
// srcURL are passed to the parsers that use them.
func parseKind(kind docKind, name string, b []byte, contentType, srcURL string) ([]data.Article, bool, []ItemError, error) {
	one := func(a data.Article, err error) ([]data.Article, bool, []ItemError, error) {
		if err != nil {
			return nil, false, nil, err
		}
		return []data.Article{a}, false, nil, nil
	}
	switch kind {
	case kindMarkdown:
		b = fromUTF16(b)
		if err := NotText(string(b)); err != nil {
			return nil, false, nil, fmt.Errorf("parse: %s: %w", name, err)
		}
		return one(Markdown(name, b))
	case kindHTML:
		a, err := HTML(b, contentType, srcURL)
		if err != nil {
			return nil, false, nil, ItemError{Item: name, Err: err}
		}
		return []data.Article{a}, false, nil, nil
	case kindJSON:
		arts, items, err := JSON(bytes.NewReader(b))
		if err != nil {
			return nil, false, nil, ItemError{Item: name, Err: err}
		}
		return arts, false, items, nil
	case kindFeed:
		doc, items, err := Feed(b, contentType, srcURL)
		if err != nil {
			return nil, true, nil, ItemError{Item: name, Err: err}
		}
		return doc.Items, true, items, nil
	default:
		return one(Text(name, b))
	}
}

// kindByExt tells the format by the extension of name.
func kindByExt(name string) docKind {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".text":
		return kindText
	case ".md", ".markdown":
		return kindMarkdown
	case ".html", ".htm", ".xhtml":
		return kindHTML
	case ".json", ".jsonl", ".ndjson":
		return kindJSON
	case ".xml", ".rss", ".atom", ".rdf":
		return kindFeed
	}
	return kindUnknown
}

// kindByContentType tells the format by a Content-Type header.
func kindByContentType(contentType string) docKind {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml",
		"application/feed+json", "application/xml", "text/xml":
		return kindFeed
	case "application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines":
		return kindJSON
	case "text/html", "application/xhtml+xml":
		return kindHTML
	case "text/markdown", "text/x-markdown":
		return kindMarkdown
	case "text/plain":
		return kindText
	}
	if strings.HasSuffix(mt, "+xml") {
		return kindFeed
	}
	if strings.HasSuffix(mt, "+json") {
		return kindJSON
	}
	return kindUnknown
}

// sniffKind tells the format by the first bytes of b.
func sniffKind(b []byte) docKind {
	b = bytes.TrimLeft(trimBOM(sniffable(b)), " \t\r\n")
	head := bytes.ToLower(b[:min(len(b), 1024)])
	switch {
	case len(b) == 0:
		return kindText
	case b[0] == '<':
		if feedRoot.Match(head) {
			return kindFeed
		}
		return kindHTML
	case b[0] == '{' || b[0] == '[':
		return kindJSON
	case bytes.HasPrefix(b, []byte("---\n")) || bytes.HasPrefix(b, []byte("---\r\n")) || bytes.HasPrefix(b, []byte("# ")):
		return kindMarkdown
	}
	return kindText
}

// isJSONFeed reports whether JSON b declares itself a JSON Feed.
func isJSONFeed(b []byte) bool {
	head := b[:min(len(b), 2048)]
	return bytes.Contains(head, []byte("jsonfeed.org/version")) || bytes.Contains(head, []byte(`jsonfeed.org\/version`))
}

// urlPath returns the path of raw, or raw itself if it is not a URL.
func urlPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return u.Path
}
