//go:build ignore

// Command gen writes the pages of the extraction evaluation: each story of
// stories.go laid out by several page templates and dressed in furniture
// (share bars, listing blocks, sign-ups, banners, comments...), with the
// body text a reader came for beside it. Run it from this directory:
//
//	go run gen.go stories.go
//
// It writes NN-layout-slug.html, NN-layout-slug.txt and manifest.jsonl.
package main

import (
	"encoding/json"
	"fmt"
	"html"
	"log"
	"os"
	"slices"
	"strings"
	"time"
)

type tweet struct{ text, name, handle string }

type story struct {
	slug, head, author, date, section string
	paras                             []string
	sub                               string   // a subheading before the third paragraph
	bullets                           []string // a list after the fourth paragraph
	caption, credit                   string
	tweet                             tweet // embedded after the second paragraph
}

var layouts = []string{"article", "divs", "amp", "live", "jsonld", "table", "sections"}

// featureSets are the furniture of page i (i modulo their number).
var featureSets = [][]string{
	{"share", "related", "byline", "tags"},
	{"newsletter", "mostread", "captions", "ads"},
	{"tweet", "zerowidth", "cookie", "bio"},
	{"comments", "readmore", "figure", "share"},
	{"pagination", "related", "zerowidth", "newsletter", "captions"},
	{"tweet", "ads", "comments", "mostread", "readmore"},
}

var sites = []string{"Fellside Gazette", "Harbour Herald", "Northern Lantern", "County Echo"}

type manifestLine struct {
	ID       string   `json:"id"`
	URL      string   `json:"url"`
	Layout   string   `json:"layout"`
	Features []string `json:"features"`
}

type page struct {
	i        int
	s        story
	layout   string
	features []string
	site     string
	url      string
}

func (p page) has(f string) bool { return slices.Contains(p.features, f) }

// block is one piece of the body: a paragraph, a subheading, a list or a
// tweet. kind is "p", "h2", "ul" or "tweet".
type block struct {
	kind  string
	text  string
	items []string
	tw    tweet
}

// body is the story's body as blocks, the same for the page and the
// expected text.
func (p page) body() []block {
	var bs []block
	for j, para := range p.s.paras {
		if j == 2 && p.s.sub != "" && p.layout != "jsonld" {
			bs = append(bs, block{kind: "h2", text: p.s.sub})
		}
		bs = append(bs, block{kind: "p", text: para})
		if j == 1 && p.has("tweet") && p.s.tweet.text != "" && p.layout != "jsonld" {
			bs = append(bs, block{kind: "tweet", tw: p.s.tweet})
		}
		if j == 3 && len(p.s.bullets) > 0 && p.layout != "jsonld" {
			bs = append(bs, block{kind: "ul", items: p.s.bullets})
		}
	}
	return bs
}

func (p page) expected() string {
	var out []string
	for _, b := range p.body() {
		switch b.kind {
		case "ul":
			out = append(out, b.items...)
		case "tweet":
			out = append(out, b.tw.text)
		default:
			out = append(out, b.text)
		}
	}
	return strings.Join(out, "\n\n") + "\n"
}

func esc(s string) string { return html.EscapeString(s) }

// softened puts a soft hyphen inside the first long word of s and a
// zero-width space inside the second: invisible on screen, they split
// words for anything that keeps them.
func softened(s string) string {
	words := strings.Split(esc(s), " ")
	n := 0
	for k, w := range words {
		if len(w) >= 9 && !strings.ContainsAny(w, "&;") {
			mark := "&shy;"
			if n == 1 {
				mark = "&#8203;"
			}
			words[k] = w[:4] + mark + w[4:]
			if n++; n == 2 {
				break
			}
		}
	}
	return strings.Join(words, " ")
}

func (p page) date() time.Time {
	t, err := time.Parse(time.RFC3339, p.s.date)
	if err != nil {
		log.Fatal(err)
	}
	return t
}

func (p page) head(extra string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\"%s>\n<head>\n<meta charset=\"utf-8\">\n", map[bool]string{true: " amp", false: ""}[p.layout == "amp"])
	fmt.Fprintf(&b, "<title>%s | %s</title>\n", esc(p.s.head), esc(p.site))
	fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=\"%s\">\n<meta property=\"og:title\" content=\"%s\">\n", esc(p.site), esc(p.s.head))
	fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=\"%s\">\n<meta name=\"author\" content=\"%s\">\n", p.s.date, esc(p.s.author))
	fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\">\n", p.url)
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<script>window.dataLayer = window.dataLayer || []; dataLayer.push({section: 'news'});</script>\n")
	b.WriteString("<style>body{font-family:Georgia,serif}.hidden{display:none}</style>\n")
	b.WriteString(extra)
	b.WriteString("</head>\n")
	return b.String()
}

func (p page) nav() string {
	return fmt.Sprintf(`<header class="site-header"><a class="logo" href="/">%s</a>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/weather">Weather</a></li><li><a href="/subscribe">Subscribe</a></li><li><a href="/login">Sign in</a></li></ul></nav>
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/news">News</a> &rsaquo; <a href="/news/%s">%s</a></div></header>
`, esc(p.site), strings.ToLower(p.s.section), esc(p.s.section))
}

func (p page) footer() string {
	return fmt.Sprintf(`<footer class="site-footer"><p>&copy; %d %s. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/cookies">Cookie settings</a></li><li><a href="/terms">Terms and conditions</a></li></ul>
<p>%s is a member of the Independent Press Standards Organisation.</p></footer>
`, p.date().Year(), esc(p.site), esc(p.site))
}

func (p page) byline() string {
	t := p.date()
	s := fmt.Sprintf(`<div class="byline">By <a rel="author" href="/author/%s">%s</a>, %s correspondent</div>
<time datetime="%s">%s</time>
`, strings.ToLower(strings.ReplaceAll(p.s.author, " ", "-")), esc(p.s.author), strings.ToLower(p.s.section), p.s.date, t.Format("2 January 2006"))
	if p.has("byline") {
		s += fmt.Sprintf("<div class=\"article-meta\"><span>Published %s</span> <span>Updated %s</span> <span>%d min read</span></div>\n",
			t.Format("15:04, 2 January 2006"), t.Add(95*time.Minute).Format("15:04, 2 January 2006"), 2+len(p.s.paras)/2)
	}
	return s
}

func (p page) share() string {
	if !p.has("share") {
		return ""
	}
	return `<div class="share-bar"><span>Share this article</span><ul><li><a href="https://facebook.example/share">Share on Facebook</a></li><li><a href="https://x.example/intent">Share on X</a></li><li><a href="mailto:?subject=story">Email</a></li><li><button>Copy link</button></li></ul></div>
`
}

func (p page) headlineLinks(n, offset int) string {
	var b strings.Builder
	for k := range n {
		h := headlines[(p.i*3+offset+k)%len(headlines)]
		fmt.Fprintf(&b, "<li><a href=\"/news/%d\">%s</a></li>", 1000+p.i*10+k+offset, esc(h))
	}
	return b.String()
}

func (p page) related() string {
	return fmt.Sprintf("<aside class=\"related-articles\"><h3>Related</h3><ul>%s</ul></aside>\n", p.headlineLinks(3, 0))
}

func (p page) mostRead() string {
	if !p.has("mostread") {
		return ""
	}
	return fmt.Sprintf("<section class=\"most-read\"><h2>Most read</h2><ol>%s</ol></section>\n", p.headlineLinks(5, 5))
}

func (p page) readMore(k int) string {
	h := headlines[(p.i+k*7)%len(headlines)]
	return fmt.Sprintf("<p class=\"read-more\"><strong>READ MORE:</strong> <a href=\"/news/%d\">%s</a></p>\n", 2000+p.i*10+k, esc(h))
}

func (p page) newsletter() string {
	return fmt.Sprintf(`<div class="newsletter-signup"><h3>Get the %s briefing</h3><p>Sign up for our free morning newsletter: the day's local news in your inbox at seven, every weekday.</p>
<form action="/newsletter"><input type="email" placeholder="Your email address"><button>Sign up</button></form>
<p class="small">We will never share your email address. You can unsubscribe at any time.</p></div>
`, esc(p.site))
}

func (p page) ad() string {
	return `<div class="ad-slot"><span class="ad-label">Advertisement</span><div id="gpt-ad-1"></div><p class="continue">Story continues below advertisement</p></div>
`
}

func (p page) figure() string {
	if p.s.caption == "" || !(p.has("figure") || p.has("captions")) {
		return ""
	}
	s := fmt.Sprintf(`<figure class="lead-image"><img src="/img/%s.jpg" alt="%s" width="800" height="450"><figcaption>%s <span class="credit">%s</span></figcaption></figure>
`, p.s.slug, esc(p.s.caption), esc(p.s.caption), esc(p.s.credit))
	if p.has("captions") {
		s += fmt.Sprintf(`<div class="image-tools"><button>Enlarge this image</button> <a href="#" class="toggle-caption">hide caption</a></div>
<p class="caption-repeat">%s</p>
`, esc(p.s.caption))
	}
	return s
}

func (p page) lightbox() string {
	if p.s.caption == "" || !p.has("captions") {
		return ""
	}
	return fmt.Sprintf(`<div class="lightbox hidden"><div class="lightbox-caption">%s</div><div class="lightbox-credit">%s</div><button>Close</button></div>
`, esc(p.s.caption), esc(p.s.credit))
}

func (p page) cookie() string {
	if !p.has("cookie") {
		return ""
	}
	return `<div id="cookie-consent" class="cookie-banner"><p>We and our partners use cookies and similar technologies to store and access information on your device, to personalise content and adverts, to measure their performance and to understand how our services are used. You can change your choices at any time by visiting Cookie settings at the foot of every page.</p><button>Accept all</button> <button>Manage preferences</button> <button>Reject non-essential</button></div>
`
}

func (p page) bio() string {
	if !p.has("bio") {
		return ""
	}
	return fmt.Sprintf(`<div class="author-bio"><img src="/img/authors/%d.jpg" alt=""><p><strong>%s</strong> is the %s's %s reporter. She joined the paper in 2016 after working for a news agency, and writes about the people and places of the region. Follow her on X or send a tip by email.</p></div>
`, p.i, esc(p.s.author), esc(p.site), strings.ToLower(p.s.section))
}

func (p page) tags() string {
	if !p.has("tags") {
		return ""
	}
	return fmt.Sprintf("<div class=\"tags\"><span>Topics:</span> <ul><li><a href=\"/tag/%s\">%s</a></li><li><a href=\"/tag/local\">Local news</a></li><li><a href=\"/tag/county\">County</a></li></ul></div>\n",
		strings.ToLower(p.s.section), esc(p.s.section))
}

func (p page) comments() string {
	if !p.has("comments") {
		return ""
	}
	var b strings.Builder
	b.WriteString("<section id=\"comments\" class=\"comments\"><h2>Comments (4)</h2><p>Comments are moderated. Please read our community guidelines before posting.</p>\n")
	names := []string{"valleyreader", "Margaret T", "oldsignalman", "J. Hartley"}
	for k := range 4 {
		fmt.Fprintf(&b, "<div class=\"comment\"><div class=\"comment-author\">%s</div><div class=\"comment-time\">%d hours ago</div><p>%s</p><a href=\"#\">Reply</a> <a href=\"#\">Report</a></div>\n",
			names[k], k+2, esc(comments[(p.i+k)%len(comments)]))
	}
	b.WriteString("<form class=\"comment-form\"><textarea placeholder=\"Join the conversation\"></textarea><button>Post comment</button></form></section>\n")
	return b.String()
}

func (p page) pagination() string {
	if !p.has("pagination") {
		return ""
	}
	return fmt.Sprintf(`<nav class="pagination"><span>Page 1 of 3</span> <a href="%s?page=1">1</a> <a href="%s?page=2">2</a> <a href="%s?page=3">3</a> <a rel="next" href="%s?page=2">Next page</a></nav>
<p class="continue-reading"><a href="%s?page=2">Continue reading: what happens next</a></p>
`, p.url, p.url, p.url, p.url, p.url)
}

func (p page) tweetHTML(tw tweet) string {
	return fmt.Sprintf(`<blockquote class="twitter-tweet" data-lang="en"><p lang="en" dir="ltr">%s</p>&mdash; %s (@%s) <a href="https://twitter.com/%s/status/1%d">%s</a></blockquote>
<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>
`, esc(tw.text), esc(tw.name), tw.handle, tw.handle, 7000000+p.i, p.date().Format("January 2, 2006"))
}

// bodyHTML renders the body with the furniture that sits inside it:
// zero-width paragraphs, "read more" lines, adverts, an inline listing
// block and a sign-up. para wraps a paragraph's escaped text.
func (p page) bodyHTML(para func(string) string) string {
	var b strings.Builder
	np := 0
	for _, bl := range p.body() {
		switch bl.kind {
		case "h2":
			fmt.Fprintf(&b, "<h2>%s</h2>\n", esc(bl.text))
		case "ul":
			b.WriteString("<ul>")
			for _, it := range bl.items {
				fmt.Fprintf(&b, "<li>%s</li>", esc(it))
			}
			b.WriteString("</ul>\n")
		case "tweet":
			b.WriteString(p.tweetHTML(bl.tw))
		case "p":
			text := esc(bl.text)
			if p.has("zerowidth") && np%2 == 0 {
				text = softened(bl.text)
			}
			b.WriteString(para(text))
			np++
			if p.has("zerowidth") && np == 2 {
				b.WriteString("<p>&#8203;</p>\n<p>&nbsp;</p>\n<p></p>\n<p><br></p>\n")
			}
			if p.has("readmore") && (np == 1 || np == 3) {
				b.WriteString(p.readMore(np))
			}
			if p.has("ads") && np == 2 {
				b.WriteString(p.ad())
			}
			if p.has("related") && np == 3 {
				b.WriteString(p.related())
			}
			if p.has("newsletter") && np == 4 {
				b.WriteString(p.newsletter())
			}
		}
	}
	return b.String()
}

func plainPara(text string) string { return "<p>" + text + "</p>\n" }

func (p page) article() string {
	var b strings.Builder
	b.WriteString(p.head(""))
	b.WriteString("<body>\n" + p.cookie() + p.nav())
	b.WriteString("<main class=\"page\">\n<article class=\"story\">\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(p.s.head))
	b.WriteString(p.byline() + p.share() + p.figure())
	b.WriteString(p.bodyHTML(plainPara))
	b.WriteString(p.lightbox() + p.share() + p.tags() + p.bio() + p.pagination())
	b.WriteString("</article>\n" + p.comments() + p.mostRead() + "</main>\n" + p.footer() + "</body>\n</html>\n")
	return b.String()
}

func (p page) divs() string {
	var b strings.Builder
	b.WriteString(p.head(""))
	b.WriteString("<body>\n<div id=\"wrapper\">\n" + p.cookie())
	fmt.Fprintf(&b, `<div id="top"><div class="logo"><a href="/">%s</a></div><div class="menu"><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a> | <a href="/whats-on">What's on</a> | <a href="/jobs">Jobs</a> | <a href="/notices">Notices</a></div></div>
`, esc(p.site))
	b.WriteString("<div id=\"content\"><div class=\"col-main\">\n")
	fmt.Fprintf(&b, "<div class=\"headline\">%s</div>\n", esc(p.s.head))
	b.WriteString(p.byline() + p.share() + p.figure())
	b.WriteString("<div class=\"story-text\">\n" + p.bodyHTML(plainPara) + "</div>\n")
	b.WriteString(p.lightbox() + p.share() + p.tags() + p.bio() + p.pagination() + p.comments())
	b.WriteString("</div>\n<div class=\"col-side\">\n" + p.mostRead())
	fmt.Fprintf(&b, "<div class=\"promo\"><h4>In pictures</h4><ul>%s</ul></div>\n", p.headlineLinks(3, 11))
	b.WriteString("</div></div>\n" + p.footer() + "</div>\n</body>\n</html>\n")
	return b.String()
}

func (p page) amp() string {
	var b strings.Builder
	b.WriteString(p.head(`<script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-social-share" src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>
<style amp-boilerplate>body{visibility:hidden}</style><noscript><style amp-boilerplate>body{visibility:visible}</style></noscript>
<style amp-custom>.article-body p{line-height:1.5}</style>
`))
	b.WriteString("<body>\n" + p.cookie())
	fmt.Fprintf(&b, `<amp-sidebar id="menu" layout="nodisplay"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/puzzles">Puzzles</a></li></ul></amp-sidebar>
<header class="amp-header"><button on="tap:menu.toggle">Menu</button> <a href="/">%s</a></header>
`, esc(p.site))
	b.WriteString("<div class=\"amp-article\">\n")
	fmt.Fprintf(&b, "<h1 class=\"amp-title\">%s</h1>\n", esc(p.s.head))
	b.WriteString(p.byline())
	if p.has("share") {
		b.WriteString("<div class=\"amp-share\"><amp-social-share type=\"facebook\"></amp-social-share><amp-social-share type=\"twitter\"></amp-social-share><amp-social-share type=\"email\"></amp-social-share><span>Share</span></div>\n")
	}
	if p.s.caption != "" && (p.has("figure") || p.has("captions")) {
		fmt.Fprintf(&b, "<figure><amp-img src=\"/img/%s.jpg\" width=\"800\" height=\"450\" layout=\"responsive\" alt=\"%s\"></amp-img><figcaption>%s <span>%s</span></figcaption></figure>\n",
			p.s.slug, esc(p.s.caption), esc(p.s.caption), esc(p.s.credit))
	}
	b.WriteString("<div class=\"article-body\">\n" + p.bodyHTML(plainPara) + "</div>\n")
	b.WriteString("<amp-ad width=\"300\" height=\"250\" type=\"doubleclick\" data-slot=\"/123/news\"><div fallback>Advertisement</div></amp-ad>\n")
	b.WriteString(p.tags() + p.bio() + p.pagination() + "</div>\n" + p.comments() + p.mostRead())
	fmt.Fprintf(&b, "<a class=\"full-site\" href=\"%s\">View the full site</a>\n", p.url)
	b.WriteString(p.footer() + "</body>\n</html>\n")
	return b.String()
}

func (p page) live() string {
	var b strings.Builder
	b.WriteString(p.head(""))
	b.WriteString("<body>\n" + p.cookie() + p.nav())
	b.WriteString("<main>\n<article class=\"liveblog\">\n")
	fmt.Fprintf(&b, "<h1>Live: %s</h1>\n<span class=\"live-badge\">LIVE</span>\n", esc(p.s.head))
	b.WriteString(p.byline() + p.share())
	// Key events repeat the start of each entry, as live blogs do.
	b.WriteString("<div class=\"key-events\"><h2>Key events</h2><ul>")
	for k, para := range p.s.paras[:3] {
		words := strings.Fields(para)
		fmt.Fprintf(&b, "<li><a href=\"#entry-%d\">%s…</a></li>", k, esc(strings.Join(words[:6], " ")))
	}
	b.WriteString("</ul></div>\n<div class=\"live-entries\">\n")
	t := p.date()
	np := 0
	bs := p.body()
	// Newest first, as live blogs are shown.
	slices.Reverse(bs)
	for k, bl := range bs {
		at := t.Add(time.Duration(len(bs)-k) * 12 * time.Minute)
		fmt.Fprintf(&b, "<div class=\"live-entry\" id=\"entry-%d\"><div class=\"entry-meta\"><time datetime=\"%s\">%s</time> <span class=\"entry-author\">%s</span></div>\n",
			k, at.Format(time.RFC3339), at.Format("15:04"), esc(p.s.author))
		switch bl.kind {
		case "h2":
			fmt.Fprintf(&b, "<h3>%s</h3>\n", esc(bl.text))
		case "ul":
			b.WriteString("<ul>")
			for _, it := range bl.items {
				fmt.Fprintf(&b, "<li>%s</li>", esc(it))
			}
			b.WriteString("</ul>\n")
		case "tweet":
			b.WriteString(p.tweetHTML(bl.tw))
		case "p":
			text := esc(bl.text)
			if p.has("zerowidth") && np%2 == 0 {
				text = softened(bl.text)
			}
			np++
			fmt.Fprintf(&b, "<p>%s</p>\n", text)
		}
		b.WriteString("<div class=\"entry-share\"><a href=\"#\">Share</a> <a href=\"#\">Copy link</a></div></div>\n")
		if p.has("ads") && k == 1 {
			b.WriteString(p.ad())
		}
	}
	b.WriteString("</div>\n<button class=\"load-more\">Load more updates</button>\n")
	b.WriteString(p.tags() + "</article>\n" + p.comments() + p.mostRead() + "</main>\n" + p.footer() + "</body>\n</html>\n")
	return b.String()
}

// expectedLive is the live blog's body in the order the page shows it.
func (p page) expectedLive() string {
	bs := p.body()
	slices.Reverse(bs)
	var out []string
	for _, b := range bs {
		switch b.kind {
		case "ul":
			out = append(out, b.items...)
		case "tweet":
			out = append(out, b.tw.text)
		default:
			out = append(out, b.text)
		}
	}
	return strings.Join(out, "\n\n") + "\n"
}

func (p page) jsonld() string {
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "NewsArticle",
		"headline": p.s.head, "datePublished": p.s.date,
		"author":              map[string]any{"@type": "Person", "name": p.s.author},
		"publisher":           map[string]any{"@type": "Organization", "name": p.site},
		"articleBody":         strings.Join(p.s.paras, "\n\n"),
		"isAccessibleForFree": false,
	}
	js, err := json.Marshal(ld)
	if err != nil {
		log.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(p.head("<script type=\"application/ld+json\">" + string(js) + "</script>\n"))
	b.WriteString("<body>\n" + p.cookie() + p.nav())
	b.WriteString("<main>\n<article>\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(p.s.head))
	b.WriteString(p.byline() + p.share())
	fmt.Fprintf(&b, "<div class=\"article-body paywalled\">\n<p>%s</p>\n</div>\n", esc(p.s.paras[0]))
	b.WriteString(`<div class="paywall"><h3>This article is for subscribers</h3><p>Subscribe today for unlimited access to local journalism you can trust, from just one pound a week for the first three months.</p><a href="/subscribe">Subscribe now</a> <p>Already a subscriber? <a href="/login">Log in</a></p></div>
`)
	b.WriteString("</article>\n" + p.mostRead())
	fmt.Fprintf(&b, "<aside class=\"more\"><h3>More from %s</h3><ul>%s</ul></aside>\n", esc(p.site), p.headlineLinks(4, 2))
	b.WriteString("</main>\n" + p.footer() + "</body>\n</html>\n")
	return b.String()
}

// table is a page of the early web: a layout table, <font> and paragraphs
// that are only <br><br> apart.
func (p page) table() string {
	var b strings.Builder
	b.WriteString(p.head(""))
	b.WriteString("<body bgcolor=\"#ffffff\">\n" + p.cookie())
	fmt.Fprintf(&b, "<table width=\"100%%\" border=\"0\"><tr><td colspan=\"2\"><font size=\"5\"><b>%s</b></font></td></tr>\n", esc(p.site))
	b.WriteString("<tr><td width=\"160\" valign=\"top\"><font size=\"2\"><a href=\"/\">Front page</a><br><a href=\"/news\">News</a><br><a href=\"/letters\">Letters</a><br><a href=\"/archive\">Archive</a><br><a href=\"/contact\">Contact</a></font></td>\n<td valign=\"top\">\n")
	fmt.Fprintf(&b, "<font size=\"4\"><b>%s</b></font><br>\n<font size=\"2\">By %s &middot; %s</font><br><br>\n", esc(p.s.head), esc(p.s.author), p.date().Format("2 January 2006"))
	b.WriteString("<font face=\"Verdana\" size=\"2\">\n")
	for k, bl := range p.body() {
		switch bl.kind {
		case "h2":
			fmt.Fprintf(&b, "<b>%s</b><br><br>\n", esc(bl.text))
		case "ul":
			for _, it := range bl.items {
				fmt.Fprintf(&b, "&bull; %s<br>\n", esc(it))
			}
			b.WriteString("<br>\n")
		case "tweet":
			b.WriteString(p.tweetHTML(bl.tw))
		case "p":
			text := esc(bl.text)
			if p.has("zerowidth") && k%2 == 0 {
				text = softened(bl.text)
			}
			fmt.Fprintf(&b, "%s<br><br>\n", text)
		}
	}
	b.WriteString("</font>\n")
	if p.has("readmore") {
		fmt.Fprintf(&b, "<font size=\"2\"><b>See also:</b> <a href=\"/x\">%s</a></font><br>\n", esc(headlines[p.i%len(headlines)]))
	}
	b.WriteString(p.comments() + "</td></tr>\n")
	fmt.Fprintf(&b, "<tr><td colspan=\"2\"><font size=\"1\">&copy; %d %s. Reproduction without permission is prohibited.</font></td></tr></table>\n", p.date().Year(), esc(p.site))
	b.WriteString("</body>\n</html>\n")
	return b.String()
}

// sections splits the body into several sibling blocks with adverts and
// promotions between them, as templates that insert units do.
func (p page) sections() string {
	var b strings.Builder
	b.WriteString(p.head(""))
	b.WriteString("<body>\n" + p.cookie() + p.nav())
	b.WriteString("<main>\n<div class=\"article-container\">\n")
	fmt.Fprintf(&b, "<header class=\"article-header\"><h1>%s</h1>\n%s</header>\n", esc(p.s.head), p.byline())
	b.WriteString(p.share() + p.figure())
	k := 0
	b.WriteString("<section class=\"text-block\">\n")
	b.WriteString(p.bodyHTML(func(text string) string {
		k++
		s := "<p>" + text + "</p>\n"
		if k == 2 || k == 4 {
			s += fmt.Sprintf("</section>\n<div class=\"inline-promo\"><a href=\"/offers\">Subscribe for %d%% off</a> <span>Limited time</span></div>\n<section class=\"text-block\">\n", 30+10*k)
		}
		return s
	}))
	b.WriteString("</section>\n")
	b.WriteString(p.lightbox() + p.share() + p.tags() + p.bio() + p.pagination() + "</div>\n")
	b.WriteString(p.comments() + p.mostRead() + "</main>\n" + p.footer() + "</body>\n</html>\n")
	return b.String()
}

// wordpress is a blog theme's page: Jetpack's share and related blocks,
// captions and embeds in WordPress's markup, a widget sidebar, and
// furniture named in ways the main pages do not use. It is only in the
// held-out pages, written after the cleaner was tuned.
func (p page) wordpress() string {
	var b strings.Builder
	b.WriteString(p.head(""))
	fmt.Fprintf(&b, "<body class=\"post-template-default single single-post\">\n<div id=\"page\" class=\"site\"><div class=\"site-branding\"><p class=\"site-title\"><a href=\"/\">%s</a></p><p class=\"site-description\">News from the valley since 1998</p></div>\n", esc(p.site))
	b.WriteString("<div id=\"primary\" class=\"content-area\"><article class=\"post type-post status-publish hentry\">\n")
	fmt.Fprintf(&b, "<header class=\"entry-header\"><h1 class=\"entry-title\">%s</h1><div class=\"entry-meta\"><span class=\"posted-on\">Posted on <time class=\"entry-date published\" datetime=\"%s\">%s</time></span> <span class=\"byline\">by %s</span></div></header>\n",
		esc(p.s.head), p.s.date, p.date().Format("January 2, 2006"), esc(p.s.author))
	b.WriteString("<div class=\"entry-content\">\n")
	b.WriteString("<div class=\"audio-player\"><p>Listen to this article</p><audio src=\"/a.mp3\"></audio><span>4:12</span></div>\n")
	if p.s.caption != "" {
		fmt.Fprintf(&b, "<div class=\"wp-caption aligncenter\"><img src=\"/wp-content/uploads/%s.jpg\" alt=\"\"><p class=\"wp-caption-text\">%s (%s)</p></div>\n", p.s.slug, esc(p.s.caption), esc(p.s.credit))
	}
	for k, bl := range p.body() {
		switch bl.kind {
		case "h2":
			fmt.Fprintf(&b, "<h2 class=\"wp-block-heading\">%s</h2>\n", esc(bl.text))
		case "ul":
			b.WriteString("<ul class=\"wp-block-list\">")
			for _, it := range bl.items {
				fmt.Fprintf(&b, "<li>%s</li>", esc(it))
			}
			b.WriteString("</ul>\n")
		case "tweet":
			fmt.Fprintf(&b, "<figure class=\"wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter\"><div class=\"wp-block-embed__wrapper\">\n%s</div></figure>\n", p.tweetHTML(bl.tw))
		case "p":
			fmt.Fprintf(&b, "<p>%s</p>\n", esc(bl.text))
			if k == 1 {
				fmt.Fprintf(&b, "<p><strong>Also read:</strong> <a href=\"/x\">%s</a></p>\n", esc(headlines[(p.i+3)%len(headlines)]))
			}
			if k == 3 {
				b.WriteString("<div class=\"code-block code-block-4\"><div id=\"div-gpt-ad-123\"></div></div>\n<p>Follow us on Google News for the latest updates.</p>\n")
			}
		}
	}
	b.WriteString("<div class=\"sharedaddy sd-sharing-enabled\"><h3 class=\"sd-title\">Share this:</h3><ul><li><a href=\"#\">Click to share on Facebook (Opens in new window)</a></li><li><a href=\"#\">Click to share on WhatsApp (Opens in new window)</a></li><li><a href=\"#\">Click to print (Opens in new window)</a></li></ul></div>\n")
	fmt.Fprintf(&b, "<div id=\"jp-relatedposts\" class=\"jp-relatedposts\"><h3 class=\"jp-relatedposts-headline\"><em>Related</em></h3><div class=\"jp-relatedposts-items\"><p><a href=\"/1\">%s</a></p><p><a href=\"/2\">%s</a></p></div></div>\n",
		esc(headlines[(p.i+5)%len(headlines)]), esc(headlines[(p.i+6)%len(headlines)]))
	b.WriteString("</div>\n")
	fmt.Fprintf(&b, "<footer class=\"entry-footer\"><span class=\"cat-links\">Posted in <a href=\"/c\">%s</a></span></footer>\n</article>\n", esc(p.s.section))
	b.WriteString("<div id=\"comments\" class=\"comments-area\"><h2 class=\"comments-title\">3 thoughts on this story</h2><ol class=\"comment-list\">")
	for k := range 3 {
		fmt.Fprintf(&b, "<li class=\"comment\"><article class=\"comment-body\"><div class=\"comment-content\"><p>%s</p></div></article></li>", esc(comments[(p.i+k+2)%len(comments)]))
	}
	b.WriteString("</ol><div id=\"respond\" class=\"comment-respond\"><h3>Leave a Reply</h3><p>Your email address will not be published. Required fields are marked *</p></div></div>\n")
	fmt.Fprintf(&b, "</div>\n<div id=\"secondary\" class=\"widget-area\"><section class=\"widget widget_recent_entries\"><h2 class=\"widget-title\">Recent Posts</h2><ul>%s</ul></section></div>\n", p.headlineLinks(5, 1))
	b.WriteString("<div class=\"site-info\">Proudly powered by WordPress</div></div>\n</body>\n</html>\n")
	return b.String()
}

// newsroom is a large newsroom's page: furniture marked by data-component
// attributes and utility classes rather than telling names, a promoted
// stories block, an inline card and a standfirst that is the story's.
func (p page) newsroom() string {
	var b strings.Builder
	b.WriteString(p.head(""))
	b.WriteString("<body>\n<div id=\"__next\">\n")
	b.WriteString("<div data-component=\"consent-banner\" class=\"fixed bottom-0 p-4\"><p>Your privacy matters to us. We use data to give you a better experience, to show you relevant adverts and to improve our site. Choose Agree to accept, or see our privacy notice to change your settings.</p><a href=\"#\">Agree</a></div>\n")
	fmt.Fprintf(&b, "<div class=\"flex items-center\"><a href=\"/\">%s</a><ul class=\"flex gap-2\"><li><a href=\"/uk\">UK</a></li><li><a href=\"/world\">World</a></li><li><a href=\"/money\">Money</a></li><li><a href=\"/video\">Video</a></li></ul></div>\n", esc(p.site))
	b.WriteString("<div role=\"main\"><div class=\"mx-auto max-w-3xl\">\n")
	fmt.Fprintf(&b, "<h1 class=\"text-4xl\">%s</h1>\n<div data-component=\"byline-block\" class=\"text-sm\"><span>%s</span><span>%s</span></div>\n", esc(p.s.head), esc(p.s.author), p.date().Format("Mon 2 Jan 2006 15.04 MST"))
	b.WriteString("<div data-component=\"text-block\" class=\"prose\">\n")
	for k, bl := range p.body() {
		switch bl.kind {
		case "h2":
			fmt.Fprintf(&b, "<h2>%s</h2>\n", esc(bl.text))
		case "ul":
			b.WriteString("<ul>")
			for _, it := range bl.items {
				fmt.Fprintf(&b, "<li>%s</li>", esc(it))
			}
			b.WriteString("</ul>\n")
		case "tweet":
			b.WriteString(p.tweetHTML(bl.tw))
		case "p":
			fmt.Fprintf(&b, "<p>%s</p>\n", esc(bl.text))
			if k == 2 {
				fmt.Fprintf(&b, "<div data-component=\"links-block\" class=\"border-l-4 pl-2\"><span>You may also like:</span><ul><li><a href=\"/a\">%s</a></li><li><a href=\"/b\">%s</a></li></ul></div>\n",
					esc(headlines[(p.i+8)%len(headlines)]), esc(headlines[(p.i+9)%len(headlines)]))
			}
		}
	}
	b.WriteString("</div>\n")
	fmt.Fprintf(&b, "<div class=\"OUTBRAIN\" data-widget-id=\"AR_1\"><span>Promoted stories</span><ul>%s</ul></div>\n", p.headlineLinks(3, 4))
	b.WriteString("</div></div>\n<div class=\"bg-gray-100\"><p>Copyright " + fmt.Sprint(p.date().Year()) + ". Terms &amp; Conditions. Privacy. Accessibility help.</p></div>\n</div>\n</body>\n</html>\n")
	return b.String()
}

// plainBody renders the body's blocks with para wrapping each escaped
// paragraph and after called once after paragraph k (from 0).
func (p page) plainBody(after func(k int) string) string {
	var b strings.Builder
	k := 0
	for _, bl := range p.body() {
		switch bl.kind {
		case "h2":
			fmt.Fprintf(&b, "<h2>%s</h2>\n", esc(bl.text))
		case "ul":
			b.WriteString("<ul>")
			for _, it := range bl.items {
				fmt.Fprintf(&b, "<li>%s</li>", esc(it))
			}
			b.WriteString("</ul>\n")
		case "tweet":
			b.WriteString(p.tweetHTML(bl.tw))
		case "p":
			fmt.Fprintf(&b, "<p>%s</p>\n", esc(bl.text))
			b.WriteString(after(k))
			k++
		}
	}
	return b.String()
}

// magazine is a long-read page: a pull quote repeating a sentence of the
// story, a call to action, author cards and an image description.
// It is only in the unseen pages, written before the cleaner saw them.
func (p page) magazine() string {
	var b strings.Builder
	b.WriteString(p.head(""))
	fmt.Fprintf(&b, "<body>\n<div class=\"masthead\"><a href=\"/\">%s</a> <span>The long read</span></div>\n<div class=\"post\">\n", esc(p.site))
	fmt.Fprintf(&b, "<h1 class=\"post-title\">%s</h1>\n<p class=\"dek-author\">Words by %s &middot; %s</p>\n", esc(p.s.head), esc(p.s.author), p.date().Format("January 2006"))
	if p.s.caption != "" {
		fmt.Fprintf(&b, "<picture><img src=\"/i/%s.jpg\" alt=\"\"></picture><div class=\"img-desc\">%s %s</div>\n", p.s.slug, esc(p.s.caption), esc(p.s.credit))
	}
	b.WriteString("<div class=\"post-body\">\n")
	first := strings.SplitAfter(p.s.paras[2], ". ")[0]
	b.WriteString(p.plainBody(func(k int) string {
		switch k {
		case 1:
			return fmt.Sprintf("<blockquote class=\"pullquote\"><p>%s</p></blockquote>\n", esc(strings.TrimSpace(first)))
		case 2:
			return "<div class=\"cta-box\"><p>Enjoying this story? Get our weekly long read in your inbox every Sunday morning.</p><input type=\"email\"><a href=\"/join\">Join free</a></div>\n"
		}
		return ""
	}))
	b.WriteString("</div>\n")
	fmt.Fprintf(&b, "<div class=\"more-by-author\"><h4>More by %s</h4>", esc(p.s.author))
	for k := range 3 {
		fmt.Fprintf(&b, "<div class=\"card\"><a href=\"/r/%d\">%s</a><span>%d min</span></div>", k, esc(headlines[(p.i+k*4)%len(headlines)]), 6+k)
	}
	b.WriteString("</div>\n</div>\n<div class=\"colophon\"><p>Illustrations and photography used with permission. Our long reads are funded by readers like you.</p></div>\n</body>\n</html>\n")
	return b.String()
}

// tdtheme is a page of a popular newspaper theme: prefixed classes, a
// share row with network names, an inline advert, tabs of related posts
// and a popular-posts widget.
func (p page) tdtheme() string {
	var b strings.Builder
	b.WriteString(p.head(""))
	fmt.Fprintf(&b, "<body class=\"td-standard-pack\">\n<div class=\"td-header-wrap\"><div class=\"td-header-sp-logo\"><a href=\"/\">%s</a></div><div class=\"td-header-menu-wrap\"><ul class=\"sf-menu\"><li><a href=\"/\">Home</a></li><li><a href=\"/local\">Local</a></li><li><a href=\"/region\">Region</a></li><li><a href=\"/events\">Events</a></li></ul></div></div>\n", esc(p.site))
	b.WriteString("<div class=\"td-main-content-wrap\"><div class=\"td-ss-main-content\">\n")
	fmt.Fprintf(&b, "<div class=\"td-post-header\"><ul class=\"td-category\"><li><a href=\"/c\">%s</a></li></ul><h1 class=\"entry-title\">%s</h1><div class=\"td-module-meta-info\"><div class=\"td-post-author-name\">By %s</div><span class=\"td-post-date\">%s</span><div class=\"td-post-views\">1,204</div></div></div>\n",
		esc(p.s.section), esc(p.s.head), esc(p.s.author), p.date().Format("January 2, 2006"))
	b.WriteString("<div class=\"td-post-sharing-top\"><a href=\"#\">Facebook</a><a href=\"#\">Twitter</a><a href=\"#\">Pinterest</a><a href=\"#\">WhatsApp</a></div>\n")
	b.WriteString("<div class=\"td-post-content\">\n")
	b.WriteString(p.plainBody(func(k int) string {
		if k == 1 {
			return "<div class=\"td-a-rec td-a-rec-id-content_inline\"><span class=\"td-adspot-title\">- Advertisement -</span><ins class=\"adsbygoogle\"></ins></div>\n"
		}
		return ""
	}))
	b.WriteString("</div>\n<div class=\"td-post-source-tags\"><ul class=\"td-tags\"><li><span>TAGS</span></li><li><a href=\"/t\">news</a></li><li><a href=\"/t2\">" + esc(p.s.section) + "</a></li></ul></div>\n")
	fmt.Fprintf(&b, "<div class=\"td_block_wrap td_block_related_posts\"><h4 class=\"td-related-title\"><a>Related articles</a><a>More from author</a></h4><div class=\"td_module_related_posts\">%s</div></div>\n", strings.ReplaceAll(p.headlineLinks(3, 6), "li>", "h3>"))
	fmt.Fprintf(&b, "</div>\n<div class=\"td-pb-span4 td-main-sidebar\"><div class=\"td_block_wrap td_block_9\"><h4 class=\"block-title\"><span>Popular</span></h4>%s</div></div></div>\n", strings.ReplaceAll(p.headlineLinks(4, 9), "li>", "h3>"))
	b.WriteString("<div class=\"td-sub-footer-container\"><div class=\"td-sub-footer-copy\">&copy; Newspaper theme. All rights reserved.</div></div>\n</body>\n</html>\n")
	return b.String()
}

// portal is a large portal's page: itemprop markup, an inline video with
// its own headline, a consent platform's banner, trending links and
// sponsored content after the story.
func (p page) portal() string {
	var b strings.Builder
	b.WriteString(p.head(""))
	b.WriteString("<body>\n<div class=\"cmp-container\"><div class=\"cmp-body\"><p>This site asks for consent to use your data for personalised advertising and content, measurement, audience insights and product development. Some partners process data on the basis of legitimate interest.</p><a class=\"cmp-btn\">Consent</a><a class=\"cmp-btn\">Do not consent</a></div></div>\n")
	fmt.Fprintf(&b, "<div class=\"topbar\"><a href=\"/\">%s</a><a href=\"/mail\">Mail</a><a href=\"/weather\">Weather</a><a href=\"/search\">Search</a></div>\n", esc(p.site))
	b.WriteString("<div class=\"article\" itemscope itemtype=\"https://schema.org/NewsArticle\">\n")
	fmt.Fprintf(&b, "<h1 itemprop=\"headline\">%s</h1>\n<div class=\"caas-attr\"><span itemprop=\"author\">%s</span> <span>%s</span> <span>&middot; 3 min read</span></div>\n", esc(p.s.head), esc(p.s.author), p.date().Format("Mon, January 2, 2006 at 3:04 PM"))
	b.WriteString("<section itemprop=\"articleBody\">\n")
	b.WriteString(p.plainBody(func(k int) string {
		switch k {
		case 0:
			return fmt.Sprintf("<div class=\"inline-video\"><p class=\"video-title\">Watch: %s</p><video src=\"/v.mp4\"></video></div>\n", esc(headlines[(p.i+2)%len(headlines)]))
		case 2:
			return fmt.Sprintf("<div class=\"article__recirc\"><p>Trending now</p><ul>%s</ul></div>\n", p.headlineLinks(2, 12))
		}
		return ""
	}))
	b.WriteString("</section>\n</div>\n")
	fmt.Fprintf(&b, "<div class=\"native-ad\"><p>Sponsored content</p><ul>%s</ul></div>\n", p.headlineLinks(3, 3))
	b.WriteString("<div class=\"portal-footer\"><a href=\"/tos\">Terms</a> <a href=\"/privacy\">Privacy</a> <a href=\"/ads\">About our ads</a></div>\n</body>\n</html>\n")
	return b.String()
}

func main() {
	writeSet(".", "", 3*len(stories), func(i int) string { return layouts[i%len(layouts)] })
	holdout := []string{"wordpress", "newsroom"}
	writeSet("../extract-holdout", "h", 10, func(i int) string { return holdout[i%len(holdout)] })
	unseen := []string{"magazine", "tdtheme", "portal"}
	writeSet("../extract-unseen", "u", 12, func(i int) string { return unseen[i%len(unseen)] })
}

// writeSet writes n pages, their expected bodies and manifest.jsonl to
// dir, each page's layout given by layout.
func writeSet(dir, prefix string, n int, layout func(int) string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	m, err := os.Create(dir + "/manifest.jsonl")
	if err != nil {
		log.Fatal(err)
	}
	enc := json.NewEncoder(m)
	enc.SetEscapeHTML(false)
	for i := range n {
		ns := len(stories)
		s := stories[(i+i/ns)%ns]
		switch prefix {
		case "h":
			// Held-out pages take the stories in another order.
			s = stories[(i*5+3)%ns]
		case "u":
			s = unseenStories[i%len(unseenStories)]
		}
		p := page{i: i, s: s, layout: layout(i), features: featureSets[i%len(featureSets)], site: sites[i%len(sites)]}
		if prefix != "" {
			p.features = []string{"tweet"}
		}
		p.url = fmt.Sprintf("https://%s.example/%s/%s", strings.ToLower(strings.ReplaceAll(p.site, " ", "")), strings.ToLower(s.section), s.slug)
		id := fmt.Sprintf("%s%02d-%s-%s", prefix, i+1, p.layout, s.slug)
		var page string
		want := p.expected()
		switch p.layout {
		case "article":
			page = p.article()
		case "divs":
			page = p.divs()
		case "amp":
			page = p.amp()
		case "live":
			page, want = p.live(), p.expectedLive()
		case "jsonld":
			page = p.jsonld()
		case "table":
			page = p.table()
		case "sections":
			page = p.sections()
		case "wordpress":
			page = p.wordpress()
		case "newsroom":
			page = p.newsroom()
		case "magazine":
			page = p.magazine()
		case "tdtheme":
			page = p.tdtheme()
		case "portal":
			page = p.portal()
		}
		if err := os.WriteFile(dir+"/"+id+".html", []byte(page), 0o644); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(dir+"/"+id+".txt", []byte(want), 0o644); err != nil {
			log.Fatal(err)
		}
		if err := enc.Encode(manifestLine{ID: id, URL: p.url, Layout: p.layout, Features: p.features}); err != nil {
			log.Fatal(err)
		}
	}
	if err := m.Close(); err != nil {
		log.Fatal(err)
	}
}
