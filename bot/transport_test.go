package bot_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/bot"
)

// roundTripFunc is a RoundTripper made of a function, to capture what the
// rewrite transport hands on.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRewriteTransport(t *testing.T) {
	tests := []struct {
		name    string
		base    string // "" means a nil base
		in      string
		wantURL string
	}{
		{"api request", "http://127.0.0.1:8080", "https://discord.com/api/v9/users/@me", "http://127.0.0.1:8080/api/v9/users/@me"},
		{"base with path", "http://fake.test/prefix/", "https://discord.com/api/v9/gateway", "http://fake.test/prefix/api/v9/gateway"},
		{"query kept", "http://127.0.0.1:1", "https://discord.com/api/v9/webhooks/1/tok?wait=true", "http://127.0.0.1:1/api/v9/webhooks/1/tok?wait=true"},
		{"host case ignored", "http://127.0.0.1:1", "https://Discord.COM/api/v9/x", "http://127.0.0.1:1/api/v9/x"},
		{"escaped path kept", "http://127.0.0.1:1", "https://discord.com/api/v9/channels/1/messages/2/reactions/a%2Fb/@me", "http://127.0.0.1:1/api/v9/channels/1/messages/2/reactions/a%2Fb/@me"},
		{"cdn untouched", "http://127.0.0.1:1", "https://cdn.discordapp.com/avatars/1/2.png", "https://cdn.discordapp.com/avatars/1/2.png"},
		{"status host untouched", "http://127.0.0.1:1", "https://status.discord.com/api/v2/x.json", "https://status.discord.com/api/v2/x.json"},
		{"look-alike host untouched", "http://127.0.0.1:1", "https://discord.com.evil.test/api/v9/x", "https://discord.com.evil.test/api/v9/x"},
		{"nil base passes through", "", "https://discord.com/api/v9/users/@me", "https://discord.com/api/v9/users/@me"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var base *url.URL
			if tc.base != "" {
				var err error
				if base, err = url.Parse(tc.base); err != nil {
					t.Fatal(err)
				}
			}
			var got *http.Request
			next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				got = r
				return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
			})
			req, err := http.NewRequest("POST", tc.in, strings.NewReader(`{"a":1}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bot secret")
			before := req.URL.String()

			resp, err := bot.NewRewriteTransport(base, next).RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got == nil {
				t.Fatal("next transport was not called")
			}
			if got.URL.String() != tc.wantURL {
				t.Errorf("URL = %q, want %q", got.URL.String(), tc.wantURL)
			}
			if got.Method != "POST" || got.Header.Get("Authorization") != "Bot secret" {
				t.Errorf("method/header not kept: %s %v", got.Method, got.Header)
			}
			body, _ := io.ReadAll(got.Body)
			if string(body) != `{"a":1}` {
				t.Errorf("body = %q", body)
			}
			if req.URL.String() != before {
				t.Errorf("caller's request was modified: %q", req.URL.String())
			}
		})
	}
}

func TestRewriteTransportReachesServer(t *testing.T) {
	var gotPath, gotHost string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotHost = r.URL.Path, r.Host
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	base, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: bot.NewRewriteTransport(base, srv.Client().Transport)}

	resp, err := client.Get("https://discord.com/api/v9/gateway")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if string(body) != `{"ok":true}` || gotPath != "/api/v9/gateway" {
		t.Errorf("got body %q path %q", body, gotPath)
	}
	if gotHost != base.Host {
		t.Errorf("Host header = %q, want %q", gotHost, base.Host)
	}
}
