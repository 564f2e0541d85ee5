package parse

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// furnitureClass matches a class or id naming page furniture: share bars,
// listing blocks ("related", "most read"), sign-ups, adverts, banners,
// comments, author boxes, tags, pagination, captions, players and the
// metadata lines of bylines and live-blog entries, and text for screen
// readers only. Words are matched whole, between "-", "_" or the ends.
var furnitureClass = regexp.MustCompile(`(?i)(?:^|[-_])(?:share|sharing|social|related|recommended|most-?read|popular|newsletter|signup|sign-up|subscribe|promo|advert|advertisement|ads?|sponsored|cookies?|consent|gdpr|comments?|author-bio|bio|tags|topics|pagination|pager|breadcrumbs?|lightbox|captions?|image-tools|audio|(?:audio|video|media)-player|credit|key-events|meta|paywall|read-more|badge|load-more|visually-hidden|screen-reader-text|sr-only)(?:$|[-_])`)

// furnitureTags never hold article text.
var furnitureTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Form: true,
	atom.Button: true, atom.Figcaption: true, atom.Noscript: true,
}

// furnitureElements are custom elements of AMP pages that hold no text of
// the article.
var furnitureElements = map[string]bool{
	"amp-ad": true, "amp-sidebar": true, "amp-social-share": true, "amp-sticky-ad": true,
}

// pruneFurniture removes page furniture from doc before go-readability
// picks the article: go-readability chooses the right container but keeps
// what sits inside it. An element is removed for its tag, its class or id
// (see furnitureClass), for being hidden, or for being a list of links
// (see isLinkList), unless it is an embedded post (blockquote.twitter-tweet
// and the like, part of the story) or holds most of the page's text (a
// class that merely mentions "share" on the article itself).
//
// It returns the text of the first byline it removed (see bylineText), so
// that the author is not lost with the furniture around them.
func pruneFurniture(doc *html.Node) (byline string) {
	stats := map[*html.Node]textStats{}
	total := measure(doc, stats, false).text
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			switch {
			case c.Type != html.ElementNode:
			case isEmbeddedPost(c):
				// Kept whole, links and all.
			case (isFurniture(c) || isLinkList(stats[c])) && stats[c].text*2 < total:
				if byline == "" {
					byline = bylineText(c)
				}
				n.RemoveChild(c)
			default:
				walk(c)
			}
			c = next
		}
	}
	walk(doc)
	return byline
}

// bylineText is the text of the first element under n (or n) that names
// an author the way go-readability looks for one: rel="author",
// itemprop="author", or a class or id "byline" or "author". It is empty
// when there is none, or when it is too long to be a name.
func bylineText(n *html.Node) string {
	if n.Type == html.ElementNode {
		is := strings.EqualFold(attr(n, "rel"), "author") || strings.EqualFold(attr(n, "itemprop"), "author")
		for _, key := range []string{"class", "id"} {
			for f := range strings.FieldsSeq(strings.ToLower(attr(n, key))) {
				is = is || f == "byline" || f == "author"
			}
		}
		if is {
			if t := strings.Join(strings.Fields(nodeText(n)), " "); len(t) > 0 && len(t) < 100 {
				return t
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if t := bylineText(c); t != "" {
			return t
		}
	}
	return ""
}

func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(nodeText(c))
		b.WriteByte(' ')
	}
	return b.String()
}

// textStats counts the text under an element: its bytes, those inside
// links, and its links.
type textStats struct{ text, linkText, links int }

// measure fills stats for n and every element under it, and returns n's.
func measure(n *html.Node, stats map[*html.Node]textStats, inLink bool) textStats {
	var s textStats
	switch {
	case n.Type == html.TextNode:
		s.text = len(strings.TrimSpace(n.Data))
		if inLink {
			s.linkText = s.text
		}
		return s
	case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
		return s
	case n.Type == html.ElementNode && n.DataAtom == atom.A:
		s.links, inLink = 1, true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cs := measure(c, stats, inLink)
		s.text += cs.text
		s.linkText += cs.linkText
		s.links += cs.links
	}
	if n.Type == html.ElementNode {
		stats[n] = s
	}
	return s
}

// isLinkList reports whether an element is a menu or a listing of
// headlines: three links or more, and little text besides theirs.
func isLinkList(s textStats) bool {
	return s.links >= 3 && s.linkText*5 >= s.text*4
}

func isFurniture(n *html.Node) bool {
	switch {
	case furnitureTags[n.DataAtom], furnitureElements[n.Data]:
		return true
	case inRunningText(n):
		// A date, a tag or a name marked up inside a sentence is the
		// story's, whatever its class.
		return false
	case n.DataAtom == atom.Time:
		// A date on its own line is the byline's.
		return true
	}
	if _, ok := attrOK(n, "hidden"); ok || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	if st := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", ""); strings.Contains(st, "display:none") {
		return true
	}
	for _, key := range []string{"class", "id", "data-component"} {
		for f := range strings.FieldsSeq(attr(n, key)) {
			if f == "hidden" || f == "is-hidden" || furnitureClass.MatchString(f) {
				return true
			}
		}
	}
	return false
}

// inRunningText reports whether n sits inside a paragraph, a list item, a
// quotation or a heading (not a table cell: layout tables hold whole
// pages).
func inRunningText(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.P, atom.Li, atom.Blockquote, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Dd:
			return true
		}
	}
	return false
}

// isEmbeddedPost reports whether n is a post embedded in the story, such
// as a tweet, which readers read as part of it.
func isEmbeddedPost(n *html.Node) bool {
	if n.Type != html.ElementNode || n.DataAtom != atom.Blockquote {
		return false
	}
	for f := range strings.FieldsSeq(attr(n, "class")) {
		switch f {
		case "twitter-tweet", "instagram-media", "tiktok-embed", "bluesky-embed", "mastodon-embed":
			return true
		}
	}
	return false
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// furnitureLine matches a short paragraph of furniture that no class gave
// away: advert labels, "read more" lines, share and caption controls,
// reading times, publication stamps and copyright lines.
var furnitureLine = regexp.MustCompile(`(?i)^(?:advertisement|advert|sponsored|story continues below(?: the)? advert(?:isement)?|(?:read more|see also|also read|related|more on this story|recommended)\s*:|share this(?: article| story)?:?$|share$|you may also like|promoted stories|listen to this article|follow us on|leave a reply|(?:proudly )?powered by |copyright|©|\d+:\d\d$|copy link$|hide caption$|show caption$|enlarge (?:this )?image$|continue reading\b|load more\b|(?:published|updated|posted) \d|\d+ min(?:ute)?s? read$|live$|image:|photo:|credit:|watch:|video:)`)

// invisible are format characters that pages put inside words (soft
// hyphens, zero-width spaces and joiners' kin) and that split them for
// search and summaries. U+200D is kept: emoji sequences need it.
var invisible = strings.NewReplacer("\u00ad", "", "\u200b", "", "\u200c", "", "\u2060", "", "\ufeff", "")

// maxRepeatChecks bounds how many short paragraphs cleanParagraphs looks
// for elsewhere in the text, so that a page of thousands of short lines
// costs no more than a few hundred searches of it.
const maxRepeatChecks = 500

// cleanParagraphs drops from text's paragraphs the invisible characters,
// the paragraphs left empty, furniture lines (see furnitureLine), any
// paragraph said before (a caption repeated under a gallery), and short
// ones that repeat part of another (a pull quote, a "key events" line cut
// short with an ellipsis).
func cleanParagraphs(text string) string {
	seen := map[string]bool{}
	var out, keys []string
	for p := range strings.SplitSeq(text, "\n\n") {
		p = strings.TrimSpace(invisible.Replace(p))
		key := strings.ToLower(strings.Join(strings.Fields(p), " "))
		if key == "" || seen[key] || (len(p) < 120 && furnitureLine.MatchString(strings.TrimLeft(p, "-–—•·* "))) {
			continue
		}
		seen[key] = true
		out = append(out, p)
		keys = append(keys, key)
	}
	all := strings.Join(keys, "\n")
	kept, checks := out[:0], 0
	for i, p := range out {
		key := strings.TrimRight(keys[i], ".… ")
		if len(key) >= 40 && len(key) < 300 && checks < maxRepeatChecks {
			checks++
			if strings.Count(all, key) > 1 {
				continue
			}
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "\n\n")
}
