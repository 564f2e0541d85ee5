package data

import (
	"net/url"
	"sort"
	"strings"
)

// An article's URL is kept in two forms. CleanURL is the URL as stored and
// shown: only changes that never break a link. CanonicalURL is the key that
// the article's ID derives from: it also folds the variants under which
// sites publish one story (www and mobile hosts, AMP editions, directory
// index files, trailing slashes), and is never fetched or shown, as a
// folded URL need not load (not every site serves its bare domain).

// CleanURL returns raw with its scheme and host lower-cased, and its default
// port, user info, fragment and tracking parameters (see isTrackingParam)
// removed; the remaining query parameters are sorted and an empty path
// becomes "/". It returns "" when raw is not an absolute http(s) URL.
func CleanURL(raw string) string {
	u, ok := cleanURL(raw)
	if !ok {
		return ""
	}
	return u.String()
}

// cleanFeedURL returns raw cleaned as CleanURL does, but with its user
// info kept: a feed's credentials are what the poller fetches it with, so
// the stored URL keeps them and every place that shows it redacts them.
func cleanFeedURL(raw string) string {
	u, ok := cleanURL(raw)
	if !ok {
		return ""
	}
	if orig, err := url.Parse(strings.TrimSpace(raw)); err == nil {
		u.User = orig.User
	}
	return u.String()
}

// CanonicalURL returns the form that every URL variant of one page shares:
// CleanURL's, with https for http, no "www.", "m.", "mobile." or "amp." in
// front of the host (as long as a domain with a dot remains), no AMP
// markers ("amp" path segments, ".amp" and ".amp.html" endings, amp=1 and
// outputType=amp), no directory index file ("index.html", "default.aspx"
// and the like) and no trailing slash. Other subdomains, the path's case
// and every other query parameter stay, as they may name another page. It
// returns "" when raw is not an absolute http(s) URL.
func CanonicalURL(raw string) string {
	u, ok := cleanURL(raw)
	if !ok {
		return ""
	}
	foldVariants(u)
	return u.String()
}

// HostSource returns the host of raw without "www." (and, for an http(s)
// URL, without the other labels CanonicalURL folds, such as "m."), the
// Source of an article when nothing better is known.
func HostSource(raw string) string {
	if canon := CanonicalURL(raw); canon != "" {
		raw = canon
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// isVariantURL reports whether raw is an AMP or mobile edition of a page:
// a URL that CanonicalURL folds for more than its spelling, and that is
// worse to show a reader than the page itself.
func isVariantURL(raw string) bool {
	u, ok := cleanURL(raw)
	if !ok {
		return false
	}
	return foldVariants(u)
}

// displayURL returns which of two clean URLs of one article to show: the
// stored one, unless it is an AMP or mobile variant and next is not. Keeping
// the first URL seen means two sources that spell an article differently
// do not take turns rewriting it.
func displayURL(stored, next string) string {
	if stored == "" || (isVariantURL(stored) && !isVariantURL(next)) {
		return next
	}
	return stored
}

// cleanURL parses raw and applies CleanURL's changes; ok is false when raw
// is not an absolute http(s) URL.
func cleanURL(raw string) (u *url.URL, ok bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return nil, false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, false
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return nil, false
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	u.Host = joinHostPort(host, port)
	u.Fragment, u.RawFragment = "", ""
	u.User = nil
	u.RawQuery = cleanQuery(u.RawQuery, isTrackingParam)
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	return u, true
}

// joinHostPort is net.JoinHostPort without a port when port is empty.
func joinHostPort(host, port string) string {
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6
	}
	if port == "" {
		return host
	}
	return host + ":" + port
}

// cleanQuery returns the query rawQuery without the parameters drop
// selects, the rest sorted by name. A query that does not parse is kept as
// it is: rewriting it could lose a parameter the page needs.
func cleanQuery(rawQuery string, drop func(key, value string) bool) string {
	if rawQuery == "" {
		return ""
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return rawQuery
	}
	keys := make([]string, 0, len(q))
	for k, vs := range q {
		kept := vs[:0]
		for _, v := range vs {
			if !drop(k, v) {
				kept = append(kept, v)
			}
		}
		if len(kept) > 0 {
			q[k] = kept
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
		}
	}
	return b.String()
}

// isTrackingParam reports whether the query parameter key identifies a
// campaign, a click or a share rather than a page: those of analytics, ad
// and newsletter tools (utm_*, and ns_* and at_* of the audience meters
// news sites use) and of news sites' own share links.
func isTrackingParam(key, _ string) bool {
	k := strings.ToLower(key)
	if strings.HasPrefix(k, "utm_") || strings.HasPrefix(k, "ns_") || strings.HasPrefix(k, "at_") {
		return true
	}
	switch k {
	case "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
		"twclid", "ttclid", "li_fat_id", "igshid", "_ga", "_gl",
		"mc_cid", "mc_eid", "mkt_tok", "_hsenc", "_hsmi", "vero_id", "oly_anon_id", "oly_enc_id",
		"ref", "ref_src", "ref_url", "referrer", "cmpid", "cmp", "icid", "ncid", "ocid",
		"smid", "smtyp", "ito", "s_cid", "wt.mc_id", "soc_src", "soc_trk",
		"fb_action_ids", "fb_action_types", "fb_ref", "fb_source",
		"guccounter", "guce_referrer", "guce_referrer_sig", "__twitter_impression":
		return true
	}
	return false
}

// isAMPParam reports whether a query parameter asks for a page's AMP
// edition.
func isAMPParam(key, value string) bool {
	switch strings.ToLower(key) {
	case "amp":
		v := strings.ToLower(value)
		return v == "" || v == "1" || v == "true"
	case "outputtype":
		return strings.EqualFold(value, "amp")
	}
	return false
}

// cutEdition removes from host a first label that names an edition of the
// same site ("www.", "m.", "mobile.", "amp."), as long as a domain with a
// dot remains, and reports whether the edition is a variant (see
// isVariantURL).
func cutEdition(host string) (rest string, variant, ok bool) {
	label, rest, found := strings.Cut(host, ".")
	if !found || !strings.Contains(rest, ".") {
		return host, false, false
	}
	switch label {
	case "www":
		return rest, false, true
	case "m", "mobile", "amp":
		return rest, true, true
	}
	return host, false, false
}

// isIndexFile reports whether name is a file that web servers serve for a
// directory.
func isIndexFile(name string) bool {
	switch strings.ToLower(name) {
	case "index.html", "index.htm", "index.shtml", "index.php", "index.asp", "index.aspx", "index.jsp",
		"default.html", "default.htm", "default.asp", "default.aspx":
		return true
	}
	return false
}

// foldVariants turns a cleaned URL into its canonical form (see
// CanonicalURL) and reports whether it was an AMP or mobile variant.
func foldVariants(u *url.URL) (variant bool) {
	u.Scheme = "https"
	host := strings.TrimSuffix(u.Hostname(), ".")
	for {
		rest, v, ok := cutEdition(host)
		if !ok {
			break
		}
		host, variant = rest, variant || v
	}
	u.Host = joinHostPort(host, u.Port())

	u.RawQuery = cleanQuery(u.RawQuery, func(k, v string) bool {
		amp := isAMPParam(k, v)
		variant = variant || amp
		return amp
	})

	// The escaped path, so that escapes such as %2F in a segment survive;
	// the markers folded are plain ASCII.
	var segs []string
	for _, s := range strings.Split(u.EscapedPath(), "/") {
		if strings.EqualFold(s, "amp") {
			variant = true
			continue
		}
		segs = append(segs, s)
	}
	if n := len(segs); n > 0 && segs[n-1] != "" {
		last := segs[n-1]
		lower := strings.ToLower(last)
		switch {
		case strings.HasSuffix(lower, ".amp.html"):
			last, variant = last[:len(last)-len(".amp.html")]+".html", true
		case strings.HasSuffix(lower, ".amp"):
			last, variant = last[:len(last)-len(".amp")], true
		}
		if isIndexFile(last) {
			last = ""
		}
		segs[n-1] = last
	}
	p := "/" + strings.Trim(strings.Join(segs, "/"), "/")
	if dec, err := url.PathUnescape(p); err == nil {
		u.Path, u.RawPath = dec, p
	}
	return variant
}
