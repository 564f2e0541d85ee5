package bot

import (
	"net/http"
	"net/url"
	"strings"
)

// discordHosts are the hosts whose REST requests a rewrite transport
// redirects. discordgo addresses its REST API as https://discord.com/api/vN/.
var discordHosts = map[string]bool{
	"discord.com":     true,
	"www.discord.com": true,
}

// NewRewriteTransport returns a RoundTripper that sends requests addressed to
// discord.com to base instead, keeping the method, path (appended to base's
// path), query, headers and body; every other request goes to next
// unchanged. It lets a discordgo session talk to another Discord-compatible
// API (DISCORD_API_URL, or a fake in tests) without touching discordgo's
// package-level endpoint variables. A nil base rewrites nothing; a nil next
// means http.DefaultTransport. The returned RoundTripper is safe for
// concurrent use when next is.
func NewRewriteTransport(base *url.URL, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &rewriteTransport{base: base, next: next}
}

type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.base == nil || req.URL == nil || !discordHosts[strings.ToLower(req.URL.Hostname())] {
		return t.next.RoundTrip(req)
	}
	// A RoundTripper must not modify the caller's request, so work on a
	// clone that shares the body.
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme = t.base.Scheme
	u.Host = t.base.Host
	u.User = t.base.User
	u.Path = joinPath(t.base.Path, req.URL.Path)
	u.RawPath = ""
	if req.URL.RawPath != "" {
		u.RawPath = joinPath(t.base.EscapedPath(), req.URL.RawPath)
	}
	out.URL = &u
	// The Host header must follow the new URL, not name discord.com.
	out.Host = ""
	return t.next.RoundTrip(out)
}

// joinPath joins a base path and a request path with exactly one slash
// between them.
func joinPath(base, p string) string {
	base = strings.TrimSuffix(base, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return base + p
}
