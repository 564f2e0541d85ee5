package bot

import (
	"net/url"
	"regexp"
	"strings"
)

// Text from a model or an article is drawn as Discord markdown, so it can
// use markdown to look like something else: a masked link whose text is
// one address and whose target is another, a heading or subtext that
// looks like an announcement, a role or channel pill, a command link. A
// prompt-injected article could make the bot post a phishing link that
// looks like Discord's own. safeMarkdown takes those apart and keeps the
// rest (emphasis, lists, quotes, code, [n] citation markers).

var (
	// maskedLinkRE matches [text](target), with the target in angle
	// brackets or not, an optional "title", and one level of parentheses
	// inside the target (as in Wikipedia addresses).
	maskedLinkRE = regexp.MustCompile(`\[((?:\\.|[^\[\]\n\\])*)\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]*\))*)>?(?:\s+"[^"\n]*")?\s*\)`)
	// headingRE matches a line's heading or subtext marker ("# ", "### ",
	// "-# "), after any block-quote or list markers.
	headingRE = regexp.MustCompile(`(?m)^([ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+|\d+[.)][ \t]+)?)(?:#{1,6}|-#)[ \t]+`)
	// pillRE matches what Discord draws as a pill or a live link: user,
	// role and channel mentions, slash-command links, server guide links
	// and timestamps.
	pillRE = regexp.MustCompile(`<(@[!&]?|#|/|id:|t:)`)
	// everyoneRE matches mass mentions, which look like pings even when
	// they do not ping.
	everyoneRE = regexp.MustCompile(`@(everyone|here)\b`)
	// urlRE matches a web address, bare or in angle brackets.
	urlRE = regexp.MustCompile(`https?://[^\s<>()]+`)
	// markerTextRE matches a citation marker's text, such as 1 or 1, 2.
	markerTextRE = regexp.MustCompile(`^\d+(?:\s*,\s*\d+)*$`)
	// domainRE matches text that reads as an address: a domain name,
	// perhaps with a path.
	domainRE = regexp.MustCompile(`(?i)^(?:[a-z][a-z0-9+.-]*:/*)?(?:[^\s/@]+@)?(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]+\.?(?::\d+)?(?:[/?#]\S*)?$`)
	// bidiControls are the characters that reorder text on screen, so an
	// address can be drawn backwards.
	bidiControls = strings.NewReplacer(
		"\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "",
		"\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "", "\u200e", "", "\u200f", "",
	)
)

// maxLinkPasses bounds the rounds of taking masked links apart: each
// round opens one level of links nested in a link's text.
const maxLinkPasses = 4

// safeMarkdown returns s, text from a model or an article, with its
// masked links shown as their real targets, its headings and subtext as
// plain lines, its mentions and command links as text, and the
// credentials that disguise an address ("https://discord.com@evil.example")
// removed.
func safeMarkdown(s string) string {
	s = bidiControls.Replace(s)
	for range maxLinkPasses {
		t := maskedLinkRE.ReplaceAllStringFunc(s, unmaskLink)
		if t == s {
			break
		}
		s = t
	}
	// What the rewriting above did not recognise (brackets nested
	// deeper, escapes in the target) is taken apart by breaking the
	// syntax itself: Discord's masked links need "](" with nothing
	// between.
	s = strings.ReplaceAll(s, "](", "] (")
	s = urlRE.ReplaceAllStringFunc(s, withoutUserinfo)
	s = headingRE.ReplaceAllString(s, "$1")
	// A zero-width space, not a backslash: a backslash the text put
	// before ours would escape ours instead.
	s = pillRE.ReplaceAllString(s, "<\u200b$1")
	s = everyoneRE.ReplaceAllString(s, "@\u200b$1")
	return s
}

// unmaskLink rewrites one masked link: "text (<target>)", or only
// "<target>" when the text reads as an address (which could only be there
// to be mistaken for the target), or only the text when the target is not
// a web address.
func unmaskLink(m string) string {
	sub := maskedLinkRE.FindStringSubmatch(m)
	text, target := strings.TrimSpace(sub[1]), strings.TrimSpace(sub[2])
	u, err := url.Parse(target)
	web := err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
	switch {
	case !web && text == "":
		return ""
	case !web:
		return text
	case text == "" || looksLikeAddress(text):
		return "<" + target + ">"
	case markerTextRE.MatchString(text):
		return "[" + text + "] (<" + target + ">)"
	}
	return text + " (<" + target + ">)"
}

// looksLikeAddress reports whether link text reads as a web address or a
// domain, such as "https://discord.com/verify" or "discord.com".
func looksLikeAddress(text string) bool {
	t := strings.Trim(text, "<>`*_~ ")
	return strings.Contains(t, "://") || strings.HasPrefix(strings.ToLower(t), "www.") || domainRE.MatchString(t)
}

// withoutUserinfo drops the user:password@ part of an address, which only
// serves to make "https://discord.com@evil.example/" look like
// discord.com.
func withoutUserinfo(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}
