package bot

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// maxErrorBody is how much of a Discord error body is kept. Discord's own
// errors are short JSON; a longer body is a proxy's page, and the first
// part says enough.
const maxErrorBody = 2048

// tokenRE matches what looks like a Discord bot token (three base64url
// parts separated by dots), whoever's it is.
var tokenRE = regexp.MustCompile(`[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}`)

// redactingTransport trims the body of every Discord error response and
// removes the bot token (and anything shaped like one) from it, before
// discordgo puts it into its errors and so into the logs: a proxy that
// echoes the request's headers would otherwise print the token.
type redactingTransport struct {
	next  http.RoundTripper
	token string
}

// withRedactedErrors returns a copy of c (nil: a default client) whose
// error responses carry no token.
func withRedactedErrors(c *http.Client, token string) *http.Client {
	cp := &http.Client{}
	if c != nil {
		*cp = *c
	}
	next := cp.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	cp.Transport = &redactingTransport{next: next, token: token}
	return cp
}

// RoundTrip implements http.RoundTripper.
func (t *redactingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	// Read past the cut, so that a token across it is whole when it is
	// redacted (tokens are about 72 characters).
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody+256))
	resp.Body.Close()
	if rerr != nil {
		body = nil
	}
	clean := redactToken(string(body), t.token)
	if len(clean) > maxErrorBody {
		clean = strings.ToValidUTF8(clean[:maxErrorBody], "") + "…"
	}
	resp.Body = io.NopCloser(bytes.NewReader([]byte(clean)))
	resp.ContentLength = int64(len(clean))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// redactToken replaces token, with or without its "Bot " prefix, and
// anything shaped like a bot token in s.
func redactToken(s, token string) string {
	if token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(token), "Bot ")); token != "" {
		s = strings.ReplaceAll(s, token, "[redacted]")
	}
	return tokenRE.ReplaceAllString(s, "[redacted]")
}
