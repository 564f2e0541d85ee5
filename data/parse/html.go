package parse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsbot/newsbot/data"
)

// minPageText is the least article text, in characters, that makes a page an
// article.
const minPageText = 200

// HTML reduces a web page to its article with go-readability. It decodes
// the page's charset (see decodeDoc: a BOM, contentType, an XML declaration
// or <meta charset> anywhere in the <head>, else UTF-8 when the bytes are
// valid UTF-8, else Windows-1252), and fills the title, the byline as
// Authors, the published time (meta article:published_time, JSON-LD
// datePublished or dateCreated, Dublin Core <meta> such as dcterms.created,
// or a <time> element: the first that Date reads), and the site name as
// Source (else the host of pageURL). The text is the article's paragraphs
// joined by "\n\n". A page with less than 200 characters of article text
// gives an error wrapping ErrEmpty.
func HTML(b []byte, contentType, pageURL string) (data.Article, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return data.Article{}, fmt.Errorf("parse: no article text found on the page (it is empty): %w", ErrEmpty)
	}
	doc, err := html.Parse(bytes.NewReader(decodeDoc(b, contentType, true)))
	if err != nil {
		return data.Article{}, fmt.Errorf("parse: parse page: %w", err)
	}
	meta := pageMetadata(doc)
	u, _ := url.Parse(pageURL)
	if u == nil || u.Host == "" {
		u, _ = url.Parse(meta.canonical)
	}
	a := data.Article{URL: pageURL}
	if a.URL == "" && u != nil && u.Host != "" {
		a.URL = u.String()
	}
	// Furniture goes before go-readability picks the article, and after
	// the metadata is read: a byline's <time> is furniture to one and a
	// date to the other.
	prunedByline := pruneFurniture(doc)
	ps := readability.NewParser()
	ra, err := ps.ParseDocument(doc, u)
	if err == nil && ra.Node != nil {
		var rendered bytes.Buffer
		if err := html.Render(&rendered, ra.Node); err != nil {
			return data.Article{}, fmt.Errorf("parse: render article: %w", err)
		}
		a.Text = dropBylineParagraph(cleanParagraphs(htmlToText(rendered.String())), firstNonBlank(ra.Byline(), prunedByline, meta.author))
	}
	// A page that shows a teaser (a paywall, a "read more" button) often
	// carries the whole story in its JSON-LD articleBody.
	if body := jsonLDBody(meta.articleBody); utf8.RuneCountInString(body) > utf8.RuneCountInString(a.Text)*5/4 {
		a.Text = body
	}
	if a.Text == "" {
		return data.Article{}, fmt.Errorf("parse: no article text found on the page: %w", ErrEmpty)
	}
	if n := utf8.RuneCountInString(a.Text); n < minPageText {
		return data.Article{}, fmt.Errorf("parse: no article text found on the page (%d characters): %w", n, ErrEmpty)
	}
	a.Title = strings.Join(strings.Fields(firstNonBlank(ra.Title(), meta.title)), " ")
	if a.Title == "" {
		a.Title = firstSentence(a.Text)
	}
	a.Authors = splitByline(firstNonBlank(ra.Byline(), prunedByline, meta.author))
	// go-readability's PublishedTime is not asked: it reads the same tags
	// with a parser that takes "2019" for a date and digits for seconds.
	for _, s := range [][]string{meta.published, meta.jsonLDPublished, meta.dcPublished, {meta.timeElement}} {
		if t, ok := firstDate(s); ok {
			a.Published = t
			break
		}
	}
	a.Source = strings.TrimSpace(firstNonBlank(ra.SiteName(), meta.siteName))
	if a.Source == "" {
		a.Source = data.HostSource(a.URL)
	}
	return a, nil
}

// dropBylineParagraph removes a short paragraph that opens text and is a
// byline: it starts with "By " or names author. go-readability leaves the
// byline in the article when the page's metadata already named the author.
func dropBylineParagraph(text, author string) string {
	first, rest, ok := strings.Cut(text, "\n\n")
	if !ok || len(first) >= 100 {
		return text
	}
	author = strings.TrimSpace(author)
	if strings.HasPrefix(first, "By ") || strings.HasPrefix(first, "by ") || (len(author) > 3 && strings.Contains(first, author)) {
		return rest
	}
	return text
}

// pageMeta is what HTML reads from a page besides its article.
type pageMeta struct {
	title, author, siteName, canonical, timeElement string
	// published, jsonLDPublished and dcPublished are the candidate dates of
	// the article:published_time family, of JSON-LD (datePublished, then
	// dateCreated) and of Dublin Core and other <meta> names, in the order
	// found.
	published, jsonLDPublished, dcPublished []string
	// articleBody is the first JSON-LD articleBody, as written.
	articleBody string
}

// jsonLDBody is a JSON-LD articleBody as paragraphs joined by "\n\n": its
// lines are paragraphs, or the whole is one when it has no line breaks.
// Some sites put HTML in it; that is reduced to text too.
func jsonLDBody(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if strings.Contains(s, "</p>") || strings.Contains(s, "<br") {
		return cleanParagraphs(htmlToText(s))
	}
	var paras []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			paras = append(paras, l)
		}
	}
	return cleanParagraphs(strings.Join(paras, "\n\n"))
}

// firstDate returns the first of candidates that Date reads as a date;
// ok is false when none is.
func firstDate(candidates []string) (t time.Time, ok bool) {
	for _, s := range candidates {
		if t, err := Date(s); err == nil && !t.IsZero() {
			return t, true
		}
	}
	return time.Time{}, false
}

// pageMetadata walks doc for its metadata. It does not change doc.
func pageMetadata(doc *html.Node) pageMeta {
	var m pageMeta
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if m.title == "" && n.FirstChild != nil {
					m.title = n.FirstChild.Data
				}
			case atom.Meta:
				key := strings.ToLower(firstNonBlank(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				val := attr(n, "content")
				switch key {
				case "article:published_time", "datepublished", "og:published_time", "pubdate":
					m.published = append(m.published, val)
				case "dcterms.created", "dcterms.issued", "dcterms.available", "dcterms.date",
					"dcterms:created", "dcterms:issued", "dcterms:available", "dcterms:date",
					"dc.date", "dc.date.issued", "dc.date.created", "dc:date",
					"parsely-pub-date", "sailthru.date", "publish-date", "publish_date", "date":
					m.dcPublished = append(m.dcPublished, val)
				case "author", "article:author":
					if !strings.Contains(val, "://") {
						m.author = firstNonBlank(m.author, val)
					}
				case "og:site_name":
					m.siteName = firstNonBlank(m.siteName, val)
				case "og:title":
					m.title = firstNonBlank(val, m.title)
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") {
					m.canonical = firstNonBlank(m.canonical, attr(n, "href"))
				}
			case atom.Time:
				m.timeElement = firstNonBlank(m.timeElement, attr(n, "datetime"))
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil && len(m.jsonLDPublished) == 0 {
					var v any
					if json.Unmarshal([]byte(n.FirstChild.Data), &v) == nil {
						m.jsonLDPublished = append(m.jsonLDPublished, findJSONKey(v, "datePublished", 0), findJSONKey(v, "dateCreated", 0))
						m.articleBody = findJSONKey(v, "articleBody", 0)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

// findJSONKey returns the first string value of key in v, searched depth
// first (JSON-LD nests articles in @graph lists).
func findJSONKey(v any, key string, depth int) string {
	if depth > 8 {
		return ""
	}
	switch v := v.(type) {
	case map[string]any:
		if s, ok := v[key].(string); ok && s != "" {
			return s
		}
		for _, c := range v {
			if s := findJSONKey(c, key, depth+1); s != "" {
				return s
			}
		}
	case []any:
		for _, c := range v {
			if s := findJSONKey(c, key, depth+1); s != "" {
				return s
			}
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// skippedTags hold no readable text.
var skippedTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Iframe: true, atom.Object: true, atom.Canvas: true,
	atom.Form: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Head: true, atom.Title: true, atom.Math: true,
}

// blockTags end a paragraph where they open or close.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Hr: true, atom.Li: true,
	atom.Ul: true, atom.Ol: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Pre: true,
	atom.Table: true, atom.Tr: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Figure: true,
	atom.Figcaption: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Address: true, atom.Main: true, atom.Nav: true, atom.Details: true,
	atom.Summary: true, atom.Caption: true, atom.Body: true, atom.Html: true,
}

// htmlToText reduces an HTML fragment to text paragraphs joined by "\n\n":
// block elements end paragraphs, white space is collapsed except inside
// <pre>, and scripts, styles, forms and the like are dropped.
func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var (
		paras []string
		cur   strings.Builder
		skip  int
		pre   int
	)
	flush := func() {
		var p string
		if pre > 0 {
			var lines []string
			for l := range strings.SplitSeq(strings.Trim(cur.String(), "\n"), "\n") {
				lines = append(lines, strings.TrimRight(l, " \t\r"))
			}
			p = strings.TrimRight(strings.Join(lines, "\n"), "\n ")
		} else {
			p = strings.Join(strings.Fields(cur.String()), " ")
		}
		if strings.TrimSpace(p) != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// Reading from a string, the only error is io.EOF.
			flush()
			return strings.Join(paras, "\n\n")
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skippedTags[a] {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			switch {
			case a == atom.Pre:
				flush()
				if tt == html.StartTagToken {
					pre++
				} else if tt == html.EndTagToken && pre > 0 {
					pre--
				}
			case blockTags[a]:
				flush()
			case a == atom.Td || a == atom.Th:
				cur.WriteByte(' ')
			}
		}
	}
}
