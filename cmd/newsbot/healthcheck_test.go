package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealthcheck(t *testing.T) {
	ready := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("ok\n"))
	}))
	defer ready.Close()
	notReady := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "discord: not connected to Discord", http.StatusServiceUnavailable)
	}))
	defer notReady.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := l.Addr().String()
	l.Close()
	_, readyPort, _ := net.SplitHostPort(ready.Listener.Addr().String())

	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"ready, by NEWSBOT_HTTP_ADDR's port", map[string]string{"NEWSBOT_HTTP_ADDR": ":" + readyPort}, nil, 0, "ready"},
		{"ready, by URL", nil, []string{"--url", ready.URL + "/readyz"}, 0, "ready"},
		{"not ready", nil, []string{"--url", notReady.URL + "/readyz"}, 1, "not ready (503 Service Unavailable): discord: not connected to Discord"},
		{"not running", nil, []string{"--url", "http://" + down + "/readyz"}, 1, "cannot reach http://" + down + "/readyz: is newsbot running?"},
		{"no address", nil, nil, 2, "NEWSBOT_HTTP_ADDR is not set"},
	} {
		env := map[string]string{"NEWSBOT_DATA_DIR": t.TempDir()}
		for k, v := range tt.env {
			env[k] = v
		}
		var out, errb bytes.Buffer
		code := Run(context.Background(), append([]string{"healthcheck"}, tt.args...), strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
		if code != tt.code || !strings.Contains(out.String()+errb.String(), tt.want) {
			t.Errorf("%s: exit %d, out %q, stderr %q; want exit %d with %q", tt.name, code, out.String(), errb.String(), tt.code, tt.want)
		}
	}
}
