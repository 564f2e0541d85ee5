package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/newsbot/newsbot/data/fetch"
)

func TestCheckAddr(t *testing.T) {
	tests := []struct {
		addr string
		want string // substring of the error; "" means allowed
	}{
		{"127.0.0.1", "127.0.0.1 is a loopback address"},
		{"127.255.0.9", "loopback"},
		{"::1", "::1 is a loopback address"},
		{"10.0.0.5", "10.0.0.5 is a private address"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.10", "private"},
		{"169.254.169.254", "169.254.169.254 is a link-local address"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"fc00::1", "a unique-local address"},
		{"fd12:3456::1", "unique-local"},
		{"224.0.0.1", "multicast"},
		{"ff02::1", "multicast"},
		{"0.0.0.0", "0.0.0.0 is an unspecified address"},
		{"::", "unspecified"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.254", "carrier-grade NAT"},
		{"100.100.100.200", "100.100.100.200 is a shared"},
		{"192.168.0.1", "192.168.0.1 is a private address"},
		{"10.1.2.3", "10.1.2.3 is a private address"},
		{"fd00::5", "fd00::5 is a unique-local address"},
		{"255.255.255.255", "reserved"},
		{"0.1.2.3", "reserved"},
		{"::ffff:127.0.0.1", "127.0.0.1 is a loopback address"},
		{"::ffff:10.1.2.3", "private"},
		{"::ffff:169.254.169.254", "link-local"},
		{"64:ff9b::a01:203", "private"},     // NAT64 of 10.1.2.3
		{"64:ff9b::7f00:1", "loopback"},     // NAT64 of 127.0.0.1
		{"2002:a9fe:a9fe::1", "link-local"}, // 6to4 of 169.254.169.254
		{"::7f00:1", "reserved"},            // IPv4-compatible 127.0.0.1

		{"8.8.8.8", ""},
		{"93.184.215.14", ""},
		{"172.32.0.1", ""},
		{"100.128.0.1", ""},
		{"169.255.0.1", ""},
		{"2606:4700:4700::1111", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""}, // NAT64 of 8.8.8.8
		{"2002:808:808::1", ""},  // 6to4 of 8.8.8.8
	}
	for _, tt := range tests {
		err := fetch.CheckAddr(netip.MustParseAddr(tt.addr))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckAddr(%s) = %v, want allowed", tt.addr, err)
		case tt.want != "" && err == nil:
			t.Errorf("CheckAddr(%s) allowed, want %q", tt.addr, tt.want)
		case tt.want != "" && !strings.Contains(err.Error(), tt.want):
			t.Errorf("CheckAddr(%s) = %q, want it to contain %q", tt.addr, err, tt.want)
		}
	}
	if err := fetch.CheckAddr(netip.Addr{}); err == nil {
		t.Error("CheckAddr(zero Addr) allowed")
	}
}

// countingServer counts the requests that reach it; it listens on host, a
// loopback address.
func countingServer(t *testing.T, host string) (*atomic.Int32, string) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("internal secrets"))
	}))
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Fatalf("listen on %s: %v", host, err)
	}
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &hits, srv.URL
}

// Every target below is a loopback listener of the test, so that a broken
// guard connects to this machine and nowhere else. Which ranges count as
// private, link-local, unique-local or shared is TestCheckAddr's, which
// dials nothing; these tests check that the guard judges the address
// actually dialled, whatever the URL names.

func TestFetchBlocksPrivateTargets(t *testing.T) {
	hits, base := countingServer(t, "127.0.0.1")
	port := mustPort(t, base)
	tests := []struct{ url, wantAddr string }{
		{fmt.Sprintf("http://127.0.0.1:%s/", port), "127.0.0.1 is a loopback"},
		{fmt.Sprintf("http://[::1]:%s/", port), "::1 is a loopback"},
		{fmt.Sprintf("http://localhost:%s/feed", port), "is a loopback"}, // a name resolving to loopback
		{fmt.Sprintf("http://[::ffff:127.0.0.1]:%s/", port), "127.0.0.1 is a loopback"},
		{fmt.Sprintf("http://0.0.0.0:%s/", port), "0.0.0.0 is an unspecified"},
	}
	f := fetch.New(fetch.Options{})
	for _, tt := range tests {
		fe := fetchErr(t, f, tt.url)
		if !strings.HasPrefix(fe.Reason, "blocked: ") || !strings.Contains(fe.Reason, tt.wantAddr) ||
			!strings.HasSuffix(fe.Reason, "(to allow a self-hosted feed, name its host in NEWSBOT_ALLOW_HOSTS or its address in NEWSBOT_ALLOW_CIDRS)") {
			t.Errorf("%s: Reason %q, want blocked as %q", tt.url, fe.Reason, tt.wantAddr)
		}
		if fe.Temporary {
			t.Errorf("%s: blocked fetch marked Temporary", tt.url)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("guarded fetcher reached the loopback server %d times", n)
	}
}

func TestFetchBlocksRedirectToPrivate(t *testing.T) {
	// The first hop is a loopback test server let through by AllowAddrs
	// (127.0.0.1 only). The redirect targets are a second loopback
	// listener, on 127.0.0.2, under the names and forms a redirect may use;
	// the guard refuses them as it refuses every private address, so the
	// redirect target is judged at dial time like any other connection.
	hits, inner := countingServer(t, "127.0.0.2")
	innerPort := mustPort(t, inner)
	redirector := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	f := fetch.New(fetch.Options{AllowAddrs: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})

	tests := []struct{ to, wantAddr string }{
		{inner + "/feed", "127.0.0.2 is a loopback"},
		{fmt.Sprintf("http://[::ffff:127.0.0.2]:%s/", innerPort), "127.0.0.2 is a loopback"},
		{fmt.Sprintf("http://[::1]:%s/", innerPort), "::1 is a loopback"},
	}
	for _, tt := range tests {
		fe := fetchErr(t, f, redirector.URL+"/?to="+url.QueryEscape(tt.to))
		if !strings.HasPrefix(fe.Reason, "blocked: ") || !strings.Contains(fe.Reason, tt.wantAddr) {
			t.Errorf("redirect to %s: Reason %q, want blocked as %q", tt.to, fe.Reason, tt.wantAddr)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("redirect reached the inner server %d times", n)
	}

	// Control: the inner server answers a fetcher that may reach it, so
	// the refusals above come from the guard and not from a broken setup.
	res, err := localFetcher(fetch.Options{}).Fetch(t.Context(), fetch.Request{URL: redirector.URL + "/?to=" + url.QueryEscape(inner+"/ok")})
	if err != nil || string(res.Body) != "internal secrets" {
		t.Fatalf("allowed redirect: body %q err %v", res.Body, err)
	}
}

// TestFetchAllowListsOnlyWhatTheyName checks that AllowAddrs (from
// NEWSBOT_ALLOW_CIDRS) and AllowHosts (NEWSBOT_ALLOW_HOSTS) let through the
// self-hosted server they name and nothing else: a second loopback listener
// on 127.0.0.2 stands for the rest of the private network and must never be
// reached, directly or by redirect.
func TestFetchAllowListsOnlyWhatTheyName(t *testing.T) {
	refusedHits, refused := countingServer(t, "127.0.0.2")
	allowedHits, allowed := countingServer(t, "127.0.0.3")
	// The redirector listens on 127.0.0.1, which "localhost" names.
	redirector := serveFetch(t, func(w http.ResponseWriter, r *http.Request) {
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		w.Write([]byte("self-hosted feed"))
	})
	localhost := "http://localhost:" + mustPort(t, redirector.URL) + "/"
	via := func(to string) string { return localhost + "?to=" + url.QueryEscape(to) }

	cidr := fetch.New(fetch.Options{AllowAddrs: []netip.Prefix{netip.MustParsePrefix("127.0.0.3/32")}})
	mapped := fetch.New(fetch.Options{AllowAddrs: []netip.Prefix{netip.MustParsePrefix("::ffff:127.0.0.3/128")}})
	hosts := fetch.New(fetch.Options{AllowHosts: []string{"LocalHost."}})
	both := fetch.New(fetch.Options{
		AllowAddrs: []netip.Prefix{netip.MustParsePrefix("127.0.0.3/32")},
		AllowHosts: []string{"localhost"},
	})
	tests := []struct {
		name string
		f    *fetch.Client
		url  string
		want string // the body; "" means refused by the guard
	}{
		{"default refuses the second listener", fetch.New(fetch.Options{}), refused + "/", ""},
		{"default refuses localhost", fetch.New(fetch.Options{}), localhost, ""},
		{"CIDR lets its address through", cidr, allowed + "/", "internal secrets"},
		{"CIDR refuses the address next to it", cidr, refused + "/", ""},
		{"IPv4-mapped CIDR lets its address through", mapped, allowed + "/", "internal secrets"},
		{"IPv4-mapped CIDR refuses the address next to it", mapped, refused + "/", ""},
		{"CIDR refuses a name outside it", cidr, localhost, ""},
		{"host lets its name through", hosts, localhost, "self-hosted feed"},
		{"host refuses its address spelled out", hosts, redirector.URL + "/", ""},
		{"host refuses another address", hosts, refused + "/", ""},
		{"host refuses its name as user info", hosts, strings.Replace(refused, "http://", "http://localhost@", 1) + "/", ""},
		{"host does not extend to a redirect's target", hosts, via(refused + "/"), ""},
		{"host and CIDR together", both, via(allowed + "/"), "internal secrets"},
		{"host and CIDR refuse a redirect elsewhere", both, via(refused + "/"), ""},
		{"host and CIDR refuse IPv6 loopback", both, "http://[::1]:" + mustPort(t, refused) + "/", ""},
	}
	for _, tt := range tests {
		res, err := tt.f.Fetch(t.Context(), fetch.Request{URL: tt.url})
		if tt.want != "" {
			if err != nil || string(res.Body) != tt.want {
				t.Errorf("%s: body %q err %v, want %q", tt.name, res.Body, err, tt.want)
			}
			continue
		}
		var fe *fetch.Error
		if !errors.As(err, &fe) || !strings.HasPrefix(fe.Reason, "blocked: ") {
			t.Errorf("%s: body %q err %v, want blocked by the guard", tt.name, res.Body, err)
		}
	}
	if n := refusedHits.Load(); n != 0 {
		t.Errorf("the refused listener got %d requests, want 0", n)
	}
	if n := allowedHits.Load(); n != 3 {
		t.Errorf("the allowed listener got %d requests, want 3", n)
	}
}

func mustPort(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

func TestFetchErrorHidesSecrets(t *testing.T) {
	srv := serveFetch(t, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	raw := strings.Replace(srv.URL, "http://", "http://alice:hunter2@", 1) + "/feed?api_key=s3cr3t&q=news"
	fe := fetchErr(t, localFetcher(fetch.Options{}), raw)
	for _, secret := range []string{"alice", "hunter2", "s3cr3t"} {
		if strings.Contains(fe.Error(), secret) {
			t.Errorf("error %q reveals %q", fe.Error(), secret)
		}
	}
	if !strings.Contains(fe.Error(), "q=news") || !strings.Contains(fe.Error(), "/feed") {
		t.Errorf("error %q lost the harmless parts of the URL", fe.Error())
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = localFetcher(fetch.Options{}).Fetch(context.Background(), fetch.Request{URL: "http://bob:pa55word@" + addr + "/?token=t0k"})
	if err == nil {
		t.Fatal("want an error")
	}
	// The whole chain, as a log would print it with %v of the cause.
	full := err.Error()
	if u := errors.Unwrap(err); u != nil {
		full += " " + u.Error()
	}
	for _, secret := range []string{"bob", "pa55word", "t0k"} {
		if strings.Contains(full, secret) {
			t.Errorf("error chain %q reveals %q", full, secret)
		}
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://u:p@example.com/feed?token=x&page=2", "https://example.com/feed?page=2&token=REDACTED"},
		{"https://example.com/feed", "https://example.com/feed"},
		{"https://example.com/f?Signature=abc", "https://example.com/f?Signature=REDACTED"},
		{"http://[::1", "(invalid URL)"},
	}
	for _, tt := range tests {
		if got := fetch.RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
