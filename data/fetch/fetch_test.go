package fetch_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data/fetch"
)

var fetchTestNow = time.Date(2025, 11, 5, 12, 0, 0, 0, time.UTC)

// serveFetch starts an httptest server that is closed when the test ends.
func serveFetch(tb testing.TB, h http.HandlerFunc) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv
}

// localFetcher returns a fetcher allowed to reach the loopback test servers.
func localFetcher(o fetch.Options) *fetch.Client {
	o.AllowPrivate = true
	if o.Now == nil {
		o.Now = func() time.Time { return fetchTestNow }
	}
	return fetch.New(o)
}

// fetchErr fetches raw and returns the *Error it must fail with.
func fetchErr(tb testing.TB, f *fetch.Client, raw string) *fetch.Error {
	tb.Helper()
	res, err := f.Fetch(context.Background(), fetch.Request{URL: raw})
	if err == nil {
		tb.Fatalf("Fetch(%s) = status %d, want an error", raw, res.StatusCode)
	}
	var fe *fetch.Error
	if !errors.As(err, &fe) {
		tb.Fatalf("Fetch(%s) error %T %v, want *fetch.Error", raw, err, err)
	}
	if got, want := err.Error(), fe.URL+": "+fe.Reason; got != want {
		tb.Errorf("Error() = %q, want %q", got, want)
	}
	return fe
}

func readFetchFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestFetchFeedBodies(t *testing.T) {
	tests := []struct {
		file, contentType string
	}{
		{"feed.rss", "application/rss+xml; charset=utf-8"},
		{"feed.atom", "application/atom+xml"},
		{"feed.json", "application/feed+json"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := readFetchFixture(t, tt.file)
			var gotUA, gotAccept string
			srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
				gotUA, gotAccept = r.UserAgent(), r.Header.Get("Accept")
				w.Header().Set("Content-Type", tt.contentType)
				w.Header().Set("ETag", `"abc"`)
				w.Header().Set("Last-Modified", "Tue, 04 Nov 2025 10:00:00 GMT")
				w.Write(body)
			})
			res, err := localFetcher(fetch.Options{}).Fetch(context.Background(), fetch.Request{URL: srv.URL + "/feed"})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(res.Body, body) {
				t.Errorf("body = %q, want the fixture", res.Body)
			}
			if res.StatusCode != 200 || res.NotModified {
				t.Errorf("status %d, NotModified %v", res.StatusCode, res.NotModified)
			}
			if res.ContentType != tt.contentType || res.ETag != `"abc"` || res.LastModified != "Tue, 04 Nov 2025 10:00:00 GMT" {
				t.Errorf("headers = %q %q %q", res.ContentType, res.ETag, res.LastModified)
			}
			if res.URL != srv.URL+"/feed" {
				t.Errorf("URL = %q", res.URL)
			}
			if !strings.HasPrefix(gotUA, "newsbot/") || !strings.Contains(gotUA, "+https://github.com/newsbot/newsbot") {
				t.Errorf("User-Agent = %q", gotUA)
			}
			if !strings.Contains(gotAccept, "application/rss+xml") {
				t.Errorf("Accept = %q", gotAccept)
			}
		})
	}
}

func TestFetchCustomUserAgentAndFinalURL(t *testing.T) {
	var gotUA string
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		gotUA = r.UserAgent()
		io.WriteString(w, "ok")
	})
	f := localFetcher(fetch.Options{UserAgent: "testbot/1"})
	res, err := f.Fetch(context.Background(), fetch.Request{URL: srv.URL + "/old"})
	if err != nil {
		t.Fatal(err)
	}
	if gotUA != "testbot/1" {
		t.Errorf("User-Agent = %q", gotUA)
	}
	if res.URL != srv.URL+"/new" || string(res.Body) != "ok" {
		t.Errorf("URL %q body %q", res.URL, res.Body)
	}
}

func TestFetchConditionalNotModified(t *testing.T) {
	const etag, lastMod = `"v7"`, "Mon, 03 Nov 2025 08:00:00 GMT"
	tests := []struct {
		name        string
		req         fetch.Request
		respETag    string
		wantETag    string
		wantLastMod string
	}{
		{"both validators echoed", fetch.Request{ETag: etag, LastModified: lastMod}, "", etag, lastMod},
		{"new etag in 304", fetch.Request{ETag: etag, LastModified: lastMod}, `"v8"`, `"v8"`, lastMod},
		{"only last-modified", fetch.Request{LastModified: lastMod}, "", "", lastMod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotINM, gotIMS string
			srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
				gotINM, gotIMS = r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
				if tt.respETag != "" {
					w.Header().Set("ETag", tt.respETag)
				}
				w.WriteHeader(http.StatusNotModified)
			})
			req := tt.req
			req.URL = srv.URL
			res, err := localFetcher(fetch.Options{}).Fetch(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if gotINM != tt.req.ETag || gotIMS != tt.req.LastModified {
				t.Errorf("sent If-None-Match %q If-Modified-Since %q, want %q %q", gotINM, gotIMS, tt.req.ETag, tt.req.LastModified)
			}
			if !res.NotModified || res.StatusCode != 304 || len(res.Body) != 0 {
				t.Errorf("NotModified %v status %d body %q", res.NotModified, res.StatusCode, res.Body)
			}
			if res.ETag != tt.wantETag || res.LastModified != tt.wantLastMod {
				t.Errorf("validators %q %q, want %q %q", res.ETag, res.LastModified, tt.wantETag, tt.wantLastMod)
			}
		})
	}
}

func TestFetchStatusErrors(t *testing.T) {
	tests := []struct {
		name       string
		code       int
		retryAfter string
		wantReason string
		wantTemp   bool
		wantRetry  time.Duration
	}{
		{"not found", 404, "", "the server answered 404 Not Found", false, 0},
		{"gone", 410, "", "the server answered 410 Gone", false, 0},
		{"forbidden", 403, "", "the server answered 403 Forbidden", false, 0},
		{"server error", 500, "", "the server answered 500 Internal Server Error", true, 0},
		{"bad gateway", 502, "", "the server answered 502 Bad Gateway", true, 0},
		{"429 seconds", 429, "120", "rate limited by the server; retry after 2m0s", true, 2 * time.Minute},
		{"429 http date", 429, fetchTestNow.Add(90 * time.Second).Format(http.TimeFormat), "rate limited by the server; retry after 1m30s", true, 90 * time.Second},
		{"429 date in the past", 429, fetchTestNow.Add(-time.Hour).Format(http.TimeFormat), "rate limited by the server", true, 0},
		{"429 garbage", 429, "soon", "rate limited by the server", true, 0},
		{"429 without header", 429, "", "rate limited by the server", true, 0},
		{"503 seconds", 503, "30", "the server answered 503 Service Unavailable; retry after 30s", true, 30 * time.Second},
		{"unknown code", 599, "", "the server answered 599", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.code)
				io.WriteString(w, "<html>@everyone server text</html>")
			})
			fe := fetchErr(t, localFetcher(fetch.Options{}), srv.URL+"/f")
			if fe.Reason != tt.wantReason {
				t.Errorf("Reason = %q, want %q", fe.Reason, tt.wantReason)
			}
			if fe.Temporary != tt.wantTemp {
				t.Errorf("Temporary = %v, want %v", fe.Temporary, tt.wantTemp)
			}
			if fe.RetryAfter != tt.wantRetry {
				t.Errorf("RetryAfter = %v, want %v", fe.RetryAfter, tt.wantRetry)
			}
			if fe.URL != srv.URL+"/f" {
				t.Errorf("URL = %q", fe.URL)
			}
		})
	}
}

func TestFetchTimeout(t *testing.T) {
	tests := []struct {
		name    string
		handler func(release <-chan struct{}) http.HandlerFunc
	}{
		{"no headers", func(release <-chan struct{}) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-release:
				}
			}
		}},
		{"body stalls", func(release <-chan struct{}) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "1000")
				io.WriteString(w, "<rss>")
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
				case <-release:
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			srv := serveFetch(t, tt.handler(release))
			t.Cleanup(func() { close(release) }) // runs before srv.Close
			start := time.Now()
			fe := fetchErr(t, localFetcher(fetch.Options{Timeout: 200 * time.Millisecond}), srv.URL)
			if fe.Reason != "timed out after 200ms" || !fe.Temporary {
				t.Errorf("Reason %q Temporary %v", fe.Reason, fe.Temporary)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v, want about 200ms", d)
			}
		})
	}
}

func TestFetchCallerCanceled(t *testing.T) {
	entered := make(chan struct{})
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-r.Context().Done()
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-entered; cancel() }()
	_, err := localFetcher(fetch.Options{}).Fetch(ctx, fetch.Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var fe *fetch.Error
	if !errors.As(err, &fe) || fe.Reason != "canceled" {
		t.Errorf("err = %#v", err)
	}
}

func TestFetchBodyLimit(t *testing.T) {
	const limit = 1024
	tests := []struct {
		name    string
		size    int
		chunked bool
		wantErr bool
	}{
		{"exactly the limit", limit, false, false},
		{"one over with length", limit + 1, false, true},
		{"one over chunked", limit + 1, true, true},
		{"far over chunked", 50 * limit, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
				body := bytes.Repeat([]byte("a"), tt.size)
				if tt.chunked {
					w.Write(body[:10])
					w.(http.Flusher).Flush()
					w.Write(body[10:])
					return
				}
				w.Write(body)
			})
			f := localFetcher(fetch.Options{MaxBytes: limit})
			if !tt.wantErr {
				res, err := f.Fetch(context.Background(), fetch.Request{URL: srv.URL})
				if err != nil || len(res.Body) != tt.size {
					t.Fatalf("len %d err %v", len(res.Body), err)
				}
				return
			}
			fe := fetchErr(t, f, srv.URL)
			if fe.Reason != "body larger than 1 KiB" || fe.Temporary {
				t.Errorf("Reason %q Temporary %v", fe.Reason, fe.Temporary)
			}
		})
	}
}

func gzipBytes(tb testing.TB, b []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestFetchGzip(t *testing.T) {
	feed := readFetchFixture(t, "feed.rss")
	small := gzipBytes(t, feed)
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("Accept-Encoding = %q", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(small)
	})
	res, err := localFetcher(fetch.Options{}).Fetch(context.Background(), fetch.Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Body, feed) {
		t.Errorf("body not decompressed: %q", res.Body[:min(40, len(res.Body))])
	}
}

func TestFetchGzipBomb(t *testing.T) {
	const unpacked = 10_000_000
	bomb := gzipBytes(t, make([]byte, unpacked))
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(bomb)
	})
	f := localFetcher(fetch.Options{MaxBytes: 1 << 20})

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fe := fetchErr(t, f, srv.URL)
	runtime.ReadMemStats(&after)

	if fe.Reason != "body larger than 1 MiB" {
		t.Errorf("Reason = %q (compressed size %d)", fe.Reason, len(bomb))
	}
	// Reading the whole bomb would allocate at least 10 MB; stopping at the
	// limit allocates a few MiB of growing buffers at most.
	if got := after.TotalAlloc - before.TotalAlloc; got > 8_000_000 {
		t.Errorf("allocated %d bytes while refusing a %d-byte gzip bomb", got, unpacked)
	}
}

func TestFetchRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	// /chain/N redirects N more times before answering.
	mux.HandleFunc("/chain/{n}", func(w http.ResponseWriter, r *http.Request) {
		n := r.PathValue("n")
		if n == "0" {
			io.WriteString(w, "arrived")
			return
		}
		http.Redirect(w, r, "/chain/"+string(rune(n[0]-1)), http.StatusFound)
	})
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://files.example.com/feed.xml", http.StatusFound)
	})
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	f := localFetcher(fetch.Options{})

	res, err := f.Fetch(context.Background(), fetch.Request{URL: srv.URL + "/chain/5"})
	if err != nil || string(res.Body) != "arrived" || res.URL != srv.URL+"/chain/0" {
		t.Errorf("5 redirects: body %q URL %q err %v", res.Body, res.URL, err)
	}

	tests := []struct{ path, want string }{
		{"/loop", "too many redirects (more than 5)"},
		{"/chain/6", "too many redirects (more than 5)"},
		{"/ftp", "redirected to a non-http URL; only http and https URLs can be fetched"},
		{"/file", "redirected to a non-http URL; only http and https URLs can be fetched"},
	}
	for _, tt := range tests {
		fe := fetchErr(t, f, srv.URL+tt.path)
		if fe.Reason != tt.want || fe.Temporary {
			t.Errorf("%s: Reason %q Temporary %v, want %q", tt.path, fe.Reason, fe.Temporary, tt.want)
		}
	}

	two := localFetcher(fetch.Options{MaxRedirects: 2})
	if fe := fetchErr(t, two, srv.URL+"/chain/3"); fe.Reason != "too many redirects (more than 2)" {
		t.Errorf("MaxRedirects 2: Reason %q", fe.Reason)
	}
}

func TestFetchRefusesSchemesAndBadURLs(t *testing.T) {
	tests := []struct{ url, want string }{
		{"ftp://files.example.com/feed.xml", "only http and https URLs can be fetched"},
		{"file:///etc/passwd", "only http and https URLs can be fetched"},
		{"gopher://example.com/", "only http and https URLs can be fetched"},
		{"javascript:alert(1)", "only http and https URLs can be fetched"},
		{"example.com/feed", "only http and https URLs can be fetched"},
		{"http:///feed", "the URL has no host"},
		{"http://exa mple.com/%zz", "not a valid URL"},
	}
	f := fetch.New(fetch.Options{})
	for _, tt := range tests {
		fe := fetchErr(t, f, tt.url)
		if fe.Reason != tt.want || fe.Temporary {
			t.Errorf("%s: Reason %q Temporary %v, want %q", tt.url, fe.Reason, fe.Temporary, tt.want)
		}
	}
}

func TestFetchConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	fe := fetchErr(t, localFetcher(fetch.Options{}), "http://"+addr+"/feed")
	if fe.Reason != "the server refused the connection" || !fe.Temporary {
		t.Errorf("Reason %q Temporary %v", fe.Reason, fe.Temporary)
	}
}

func TestFetchUntrustedCertificate(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "secret")
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	fe := fetchErr(t, localFetcher(fetch.Options{}), srv.URL)
	if fe.Reason != "TLS error: the certificate is not signed by a trusted authority" || fe.Temporary {
		t.Errorf("Reason %q Temporary %v", fe.Reason, fe.Temporary)
	}
}

func TestFetchPlainHTTPOnHTTPS(t *testing.T) {
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "plain") })
	fe := fetchErr(t, localFetcher(fetch.Options{}), strings.Replace(srv.URL, "http://", "https://", 1))
	if !strings.HasPrefix(fe.Reason, "TLS error: the server did not answer with TLS") {
		t.Errorf("Reason %q (%v)", fe.Reason, fe.Err)
	}
}

func TestClientHTTPClientKeepsGuards(t *testing.T) {
	var hits atomic.Int32
	var gotUA atomic.Value
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		gotUA.Store(r.UserAgent())
		io.WriteString(w, "ok")
	})

	resp, err := localFetcher(fetch.Options{UserAgent: "clientbot/2"}).HTTPClient().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ua, _ := gotUA.Load().(string); ua != "clientbot/2" {
		t.Errorf("User-Agent via HTTPClient() = %q", ua)
	}

	guarded := fetch.New(fetch.Options{}).HTTPClient()
	if guarded.Transport == nil || guarded.Timeout != 30*time.Second {
		t.Errorf("HTTPClient() transport %v timeout %v", guarded.Transport, guarded.Timeout)
	}
	if _, err := guarded.Get(srv.URL); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("HTTPClient().Get(loopback) err = %v, want refused as loopback", err)
	}
	if hits.Load() != 1 {
		t.Errorf("server hit %d times, want 1", hits.Load())
	}
}

// TestFetchSendsURLCredentials checks that user:pw in a feed URL becomes
// basic auth for that host only, and that the result's URL drops it.
func TestFetchSendsURLCredentials(t *testing.T) {
	var otherAuth atomic.Value
	other := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		otherAuth.Store(r.Header.Get("Authorization"))
		w.Write([]byte("elsewhere"))
	})
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		user, pw, ok := r.BasicAuth()
		if !ok || user != "alice" || pw != "hunter2" {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		if r.URL.Query().Get("away") != "" {
			// Another host: the credentials must not follow.
			http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/", http.StatusFound)
			return
		}
		w.Write([]byte("private feed"))
	})
	f := localFetcher(fetch.Options{})
	withCreds := strings.Replace(srv.URL, "http://", "http://alice:hunter2@", 1)
	res, err := f.Fetch(t.Context(), fetch.Request{URL: withCreds + "/feed"})
	if err != nil || string(res.Body) != "private feed" {
		t.Fatalf("Fetch with credentials: body %q err %v", res.Body, err)
	}
	if strings.Contains(res.URL, "hunter2") || strings.Contains(res.URL, "alice") {
		t.Errorf("Result.URL %q keeps the credentials", res.URL)
	}
	if fe := fetchErr(t, f, srv.URL+"/feed"); !strings.Contains(fe.Reason, "401") {
		t.Errorf("without credentials: Reason %q, want 401", fe.Reason)
	}
	res, err = f.Fetch(t.Context(), fetch.Request{URL: withCreds + "/feed?away=1"})
	if err != nil || string(res.Body) != "elsewhere" {
		t.Fatalf("redirected fetch: body %q err %v", res.Body, err)
	}
	if got, _ := otherAuth.Load().(string); got != "" {
		t.Errorf("the redirect target got Authorization %q, want none", got)
	}
}
