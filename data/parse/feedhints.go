package parse

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"strings"

	"golang.org/x/net/html/charset"
)

// Namespaces whose elements gofeed drops.
const (
	nsDCTerms = "http://purl.org/dc/terms/"
	nsAtom03  = "http://purl.org/atom/ns#"
	nsAtom10  = "http://www.w3.org/2005/Atom"
)

// feedHints is what gofeed does not keep of a feed: the type of each Atom
// text construct (and which JSON Feed content is text), base64 content, and
// dates in dcterms and Atom 0.3 elements. It is read in a second pass over
// the document, and matched to gofeed's items by their order.
type feedHints struct {
	titleType string // of the feed's own <title>
	items     []itemHints
}

// itemHints is what feedHints knows of one item or entry.
type itemHints struct {
	// known is false for hints made up because the second pass did not
	// find the items gofeed found; the item is then read as before.
	known bool
	// titleType, contentType and summaryType are the lower-case type
	// attributes of the Atom text constructs, "" when absent.
	titleType, contentType, summaryType string
	// content and summary are the decoded text of a base64 <content> or
	// <summary> (Atom 0.3 mode="base64"), which gofeed leaves encoded.
	content, summary string
	contentB64       bool
	summaryB64       bool
	// dates holds the text of dcterms and Atom 0.3 date elements by local
	// name: issued, created, date, available, modified.
	dates map[string]string
}

// readJSONFeedHints reads b, a JSON Feed, for its hints: its titles and
// summaries are plain text, and so is an item's content when it has
// content_text but no content_html.
func readJSONFeedHints(b []byte) feedHints {
	var jf struct {
		Items []struct {
			ContentHTML string `json:"content_html"`
		} `json:"items"`
	}
	h := feedHints{titleType: "text"}
	if json.Unmarshal(b, &jf) != nil {
		return h
	}
	for _, it := range jf.Items {
		ih := itemHints{known: true, titleType: "text", summaryType: "text", contentType: "text"}
		if strings.TrimSpace(it.ContentHTML) != "" {
			ih.contentType = "html"
		}
		h.items = append(h.items, ih)
	}
	return h
}

// dateElements are the dcterms and Atom 0.3 date elements read, by local
// name.
var dateElements = map[string]bool{"issued": true, "created": true, "date": true, "available": true, "modified": true}

// readFeedHints reads b, an XML feed in UTF-8, for its hints. Errors end
// the pass early; checkXML and gofeed report them.
func readFeedHints(b []byte) feedHints {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	var (
		h         feedHints
		depth     int
		itemDepth int // depth of the open item or entry, 0 outside one
	)
	for {
		tok, err := d.Token()
		if err != nil {
			return h
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if depth == itemDepth {
				itemDepth = 0
			}
			depth--
		case xml.StartElement:
			depth++
			local := strings.ToLower(t.Name.Local)
			switch {
			case itemDepth == 0 && (local == "item" || local == "entry") && depth > 1:
				h.items = append(h.items, itemHints{known: true, dates: map[string]string{}})
				itemDepth = depth
			case itemDepth == 0 && depth == 2 && local == "title":
				h.titleType = typeAttr(t)
			case itemDepth != 0 && depth == itemDepth+1:
				if consumed := readItemChild(d, t, &h.items[len(h.items)-1]); consumed {
					depth-- // DecodeElement read the end element
				}
			}
		}
	}
}

// readItemChild records what it of one child element of an item or entry.
// consumed reports whether it read the element through its end.
func readItemChild(d *xml.Decoder, t xml.StartElement, it *itemHints) (consumed bool) {
	local := strings.ToLower(t.Name.Local)
	ns := t.Name.Space
	switch {
	case (ns == nsDCTerms || ns == nsAtom03) && dateElements[local]:
		var v struct {
			Text string `xml:",chardata"`
		}
		if d.DecodeElement(&v, &t) == nil && it.dates[local] == "" {
			it.dates[local] = strings.TrimSpace(v.Text)
		}
		return true
	case ns != "" && ns != nsAtom10 && ns != nsAtom03:
		return false // <media:title> and the like
	case local == "title":
		it.titleType = typeAttr(t)
	case local == "content", local == "summary":
		typ := typeAttr(t)
		b64 := strings.EqualFold(attrOf(t, "mode"), "base64")
		if local == "content" {
			it.contentType, it.contentB64 = typ, b64
		} else {
			it.summaryType, it.summaryB64 = typ, b64
		}
		if !b64 {
			return false
		}
		var v struct {
			Text string `xml:",chardata"`
		}
		err := d.DecodeElement(&v, &t)
		if err != nil {
			return true
		}
		text := decodeBase64Text(v.Text)
		if local == "content" {
			it.content = text
		} else {
			it.summary = text
		}
		return true
	}
	return false
}

// decodeBase64Text decodes s, base64 with any white space in it; "" when it
// is not base64.
func decodeBase64Text(s string) string {
	s = strings.Join(strings.Fields(s), "")
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return ""
	}
	return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
}

func typeAttr(t xml.StartElement) string {
	return strings.ToLower(strings.TrimSpace(attrOf(t, "type")))
}

func attrOf(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// isMarkupType reports whether an Atom text construct's type makes it
// markup: "html" and "xhtml" (Atom 1.0), "text/html" and
// "application/xhtml+xml" (Atom 0.3). Everything else, and no type at all,
// is text whose brackets are its own.
func isMarkupType(typ string) bool {
	return typ == "html" || typ == "xhtml" || strings.Contains(typ, "html")
}

// isTextType reports whether an Atom content of type typ is readable text
// (text, markup or XML) rather than an image, a PDF or other binary media.
func isTextType(typ string) bool {
	switch {
	case typ == "", typ == "text", typ == "html", typ == "xhtml":
		return true
	case strings.HasPrefix(typ, "text/"), strings.Contains(typ, "xml"), strings.Contains(typ, "json"):
		return true
	}
	return false
}

// plainParagraphs reduces plain text to paragraphs joined by "\n\n": blank
// lines end paragraphs and other white space collapses. Brackets and
// ampersands stay as they are.
func plainParagraphs(s string) string {
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for line := range strings.Lines(s) {
		if f := strings.Fields(line); len(f) > 0 {
			cur = append(cur, strings.Join(f, " "))
		} else {
			flush()
		}
	}
	flush()
	return strings.Join(paras, "\n\n")
}
