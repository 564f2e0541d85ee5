// Package fetch is newsbot's one safe outbound HTTP client for feeds, pages and
// articles: it refuses non-public addresses and turns failures into errors a
// user can act on.
package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// version is the version announced in the default User-Agent.
const version = "0.1"

// Options configures a Client. The zero value gives safe defaults.
type Options struct {
	// UserAgent defaults to "newsbot/<version> (+https://github.com/newsbot/newsbot)".
	UserAgent string
	// ConnectTimeout bounds the TCP connect and the TLS handshake, default 10s.
	ConnectTimeout time.Duration
	// Timeout bounds a whole request, body included, default 30s.
	Timeout time.Duration
	// MaxBytes limits the body AFTER decompression, default 10 MiB.
	MaxBytes int64
	// MaxRedirects is how many redirects are followed, default 5.
	MaxRedirects int
	// AllowPrivate allows loopback, private, link-local and unique-local
	// targets (self-hosted feeds, tests). Without it they are refused.
	AllowPrivate bool
	// AllowAddrs lets through the listed ranges even when AllowPrivate is
	// false, for instance one self-hosted feed at 192.168.1.10/32, while the
	// rest of the private space stays refused.
	AllowAddrs []netip.Prefix
	// AllowHosts lets through connections to the named hosts (compared
	// without case or a trailing dot, exactly: "feeds.lan" does not allow
	// "x.feeds.lan") whatever address they resolve to, while every other
	// name and address stays guarded. A redirect to an unnamed host is
	// judged afresh. The operator vouches for what these names resolve to.
	AllowHosts []string
	// Now is the clock used to read Retry-After dates, default time.Now.
	Now func() time.Time
}

// Client is the one outbound HTTP client for feeds, pages and articles. It
// refuses non-http(s) URLs and non-public addresses, limits body size,
// redirects and time, and turns failures into a Error whose Reason a
// user can act on. It is safe for concurrent use.
type Client struct {
	opts   Options
	client *http.Client
}

// New returns a Client with o's zero fields set to their defaults.
func New(o Options) *Client {
	if o.UserAgent == "" {
		o.UserAgent = "newsbot/" + version + " (+https://github.com/newsbot/newsbot)"
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 10 << 20
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 5
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.AllowAddrs = unmapPrefixes(o.AllowAddrs)
	o.AllowHosts = append([]string(nil), o.AllowHosts...)

	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	dial := dialer.DialContext
	if !o.AllowPrivate {
		guarded := *dialer
		guarded.Control = dialGuard(o.AllowAddrs)
		dial = hostGuard(o.AllowHosts, dialer.DialContext, guarded.DialContext)
	}
	transport := &http.Transport{
		// Never take a proxy from the environment: a proxy would make the
		// dial guard judge the proxy's address instead of the target's.
		Proxy:                  nil,
		DialContext:            dial,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    o.ConnectTimeout,
		MaxIdleConns:           32,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        90 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	f := &Client{opts: o}
	f.client = &http.Client{
		Transport:     &userAgentTransport{base: transport, ua: o.UserAgent},
		CheckRedirect: f.checkRedirect,
		Timeout:       o.Timeout,
	}
	return f
}

// Request is one GET. ETag and LastModified are the validators of the
// last good fetch, sent as If-None-Match and If-Modified-Since.
type Request struct {
	URL, ETag, LastModified string
}

// Result is a successful fetch: a 2xx body, or a 304.
type Result struct {
	// URL is the final URL after redirects, without user info.
	URL        string
	StatusCode int
	Body       []byte
	// ContentType, ETag and LastModified are the response's headers. On a
	// 304 that omits them, ETag and LastModified are the request's.
	ContentType, ETag, LastModified string
	// NotModified is true for a 304; Body is then empty.
	NotModified bool
}

// Error is a failed fetch with a short reason a user can act on, such
// as "the server answered 404 Not Found" or "timed out after 30s".
type Error struct {
	// URL is the requested URL without user info or secret-looking query
	// values.
	URL    string
	Reason string
	// Temporary says whether retrying later may help.
	Temporary bool
	// RetryAfter is set from a 429 or 503 response's Retry-After header.
	RetryAfter time.Duration
	// Err is the underlying error, if any, for logs and errors.Is.
	Err error
}

// Error returns "URL: Reason".
func (e *Error) Error() string { return e.URL + ": " + e.Reason }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// errTimeout is the cause of a request context whose own deadline, the
// Client's Timeout, expired.
var errTimeout = errors.New("fetch: timed out")

// Fetch GETs req.URL. Non-2xx answers other than 304, and every failure, are
// returned as a *Error.
func (f *Client) Fetch(ctx context.Context, req Request) (Result, error) {
	u, err := url.Parse(strings.TrimSpace(req.URL))
	if err != nil {
		return Result{}, &Error{URL: "(invalid URL)", Reason: "not a valid URL"}
	}
	shown := redactURL(u)
	if u.Scheme != "http" && u.Scheme != "https" {
		return Result{}, &Error{URL: shown, Reason: "only http and https URLs can be fetched"}
	}
	if u.Hostname() == "" {
		return Result{}, &Error{URL: shown, Reason: "the URL has no host"}
	}

	rctx, cancel := context.WithTimeoutCause(ctx, f.opts.Timeout, errTimeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Result{}, &Error{URL: shown, Reason: "not a valid URL", Err: err}
	}
	hreq.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, "+
		"application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.9, text/html;q=0.8, */*;q=0.5")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}

	resp, err := f.client.Do(hreq)
	if err != nil {
		return Result{}, f.failure(ctx, rctx, shown, err)
	}
	defer resp.Body.Close()

	res := Result{
		URL:          redactUserInfo(resp.Request.URL),
		StatusCode:   resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		res.NotModified = true
		if res.ETag == "" {
			res.ETag = req.ETag
		}
		if res.LastModified == "" {
			res.LastModified = req.LastModified
		}
		return res, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return Result{}, f.statusError(shown, resp)
	}

	if resp.ContentLength > f.opts.MaxBytes {
		return Result{}, f.tooLarge(shown)
	}
	// The transport has already undone any gzip encoding, so the limit
	// counts decompressed bytes and a gzip bomb stops at MaxBytes+1.
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBytes+1))
	if err != nil {
		return Result{}, f.failure(ctx, rctx, shown, err)
	}
	if int64(len(body)) > f.opts.MaxBytes {
		return Result{}, f.tooLarge(shown)
	}
	res.Body = body
	return res, nil
}

func (f *Client) tooLarge(shown string) *Error {
	return &Error{URL: shown, Reason: "body larger than " + formatBytes(f.opts.MaxBytes)}
}

// statusError turns a non-2xx answer into a Error. The reason phrase
// comes from net/http, not from the server, whose text is untrusted.
func (f *Client) statusError(shown string, resp *http.Response) *Error {
	code := resp.StatusCode
	status := fmt.Sprint(code)
	if t := http.StatusText(code); t != "" {
		status += " " + t
	}
	e := &Error{
		URL:       shown,
		Reason:    "the server answered " + status,
		Temporary: code == http.StatusRequestTimeout || code == http.StatusTooEarly || code == http.StatusTooManyRequests || code >= 500,
	}
	if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
		ra, _ := ParseRetryAfter(resp.Header.Get("Retry-After"), f.opts.Now())
		e.RetryAfter = ra.Round(time.Second)
	}
	if code == http.StatusTooManyRequests {
		e.Reason = "rate limited by the server"
	}
	if e.RetryAfter > 0 {
		e.Reason += "; retry after " + e.RetryAfter.String()
	}
	return e
}

// ParseRetryAfter reads a Retry-After value, a delay in seconds or an HTTP
// date, as the time to wait from now; ok is false when v is empty or
// unreadable. Fractions of a second, which some LLM servers send, are kept.
// A delay is capped at a year, longer than any caller waits, so that it
// cannot overflow; a date in the past is no wait.
func ParseRetryAfter(v string, now time.Time) (wait time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		// !(secs >= 0) also refuses NaN.
		if !(secs >= 0) {
			return 0, false
		}
		return time.Duration(min(secs, maxRetryAfter.Seconds()) * float64(time.Second)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// maxRetryAfter caps ParseRetryAfter's delays.
const maxRetryAfter = 365 * 24 * time.Hour

// formatBytes writes n as "10 MiB", "512 KiB" or "1000 bytes".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// userAgentTransport sets the User-Agent on requests that lack one, so that
// every request through the guarded *http.Client announces itself.
type userAgentTransport struct {
	base http.RoundTripper
	ua   string
}

func (t *userAgentTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get("User-Agent") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("User-Agent", t.ua)
	}
	return t.base.RoundTrip(r)
}

// redirectError is a redirect the fetcher refused to follow.
type redirectError struct{ reason string }

func (e *redirectError) Error() string { return e.reason }

func (f *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return &redirectError{fmt.Sprintf("too many redirects (more than %d)", f.opts.MaxRedirects)}
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return &redirectError{"redirected to a non-http URL; only http and https URLs can be fetched"}
	}
	return nil
}

// redactUserInfo returns u without user info.
func redactUserInfo(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}

// redactURL returns u without user info and with the values of query
// parameters that look like credentials replaced, for errors and logs.
func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		changed := false
		for k := range q {
			if looksSecret(k) {
				q[k] = []string{"REDACTED"}
				changed = true
			}
		}
		if changed {
			c.RawQuery = q.Encode()
		}
	}
	return c.String()
}

// RedactURL returns raw without user info and with credential-looking query
// values replaced, fit for logs and messages. An unparsable raw gives
// "(invalid URL)".
func RedactURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "(invalid URL)"
	}
	return redactURL(u)
}

func looksSecret(param string) bool {
	p := strings.ToLower(param)
	for _, w := range []string{"token", "key", "secret", "pass", "auth", "sig", "session", "credential"} {
		if strings.Contains(p, w) {
			return true
		}
	}
	return false
}

// failure turns a transport or body-read error into a Error. ctx is the
// caller's context and rctx the request's, whose cause tells our own timeout
// apart from the caller giving up.
func (f *Client) failure(ctx, rctx context.Context, shown string, err error) *Error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		// url.Error repeats the URL, user info included; keep only the cause.
		err = uerr.Err
	}
	e := &Error{URL: shown, Err: err, Temporary: true}
	var (
		blocked   *blockedAddrError
		redirect  *redirectError
		dnsErr    *net.DNSError
		unknownCA x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		certErr   x509.CertificateInvalidError
		recordErr tls.RecordHeaderError
		opErr     *net.OpError
	)
	switch {
	case errors.As(err, &blocked):
		e.Reason = "blocked: " + blocked.Error() + " (to allow a self-hosted feed, name its host in NEWSBOT_ALLOW_HOSTS or its address in NEWSBOT_ALLOW_CIDRS)"
		e.Temporary = false
	case errors.As(err, &redirect):
		e.Reason = redirect.reason
		e.Temporary = false
	case ctx.Err() != nil:
		// The caller gave up (shutdown or its own deadline); say so and keep
		// its error reachable for errors.Is.
		e.Err = ctx.Err()
		e.Reason = "canceled"
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			e.Reason = "timed out"
		}
	case context.Cause(rctx) == errTimeout:
		e.Reason = "timed out after " + f.opts.Timeout.String()
		e.Err = errTimeout
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			e.Reason = "the host " + dnsErr.Name + " could not be found (check the address)"
			e.Temporary = false
		} else {
			e.Reason = "could not look up the host " + dnsErr.Name + " (DNS error)"
		}
	case errors.As(err, &unknownCA):
		e.Reason = "TLS error: the certificate is not signed by a trusted authority"
		e.Temporary = false
	case errors.As(err, &hostErr):
		e.Reason = "TLS error: the certificate is not valid for this host"
		e.Temporary = false
	case errors.As(err, &certErr):
		e.Reason = "TLS error: the certificate is expired or invalid"
		e.Temporary = false
	case errors.As(err, &recordErr),
		// net/http reports this case with an unexported error value.
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		e.Reason = "TLS error: the server did not answer with TLS (try http:// instead of https://)"
		e.Temporary = false
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Reason = "the server refused the connection"
	case errors.Is(err, syscall.ECONNRESET):
		e.Reason = "the connection was reset by the server"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		e.Reason = "the server cannot be reached (network unreachable)"
	case errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Timeout():
		e.Reason = "timed out connecting after " + f.opts.ConnectTimeout.String()
	case isTLSError(err):
		e.Reason = "TLS error: the secure connection could not be set up"
		e.Temporary = false
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		e.Reason = "the server closed the connection unexpectedly"
	default:
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			e.Reason = "timed out after " + f.opts.Timeout.String()
		} else {
			e.Reason = "the request failed"
		}
	}
	return e
}

// isTLSError reports whether err comes from the TLS handshake.
func isTLSError(err error) bool {
	var alert tls.AlertError
	var verify *tls.CertificateVerificationError
	return errors.As(err, &alert) || errors.As(err, &verify) ||
		strings.Contains(err.Error(), "tls: ")
}
