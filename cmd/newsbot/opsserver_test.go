package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/summarize"
)

// get fetches url from the loopback server and returns its status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(b)
}

// metricValue finds the sample named name (with its labels, as in the
// text format) in a /metrics body.
func metricValue(t *testing.T, body, name string) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Errorf("/metrics has no %s", name)
		return ""
	}
	return m[1]
}

// TestOpsServer serves the health, readiness and metrics endpoints on
// 127.0.0.1:0 over a real store and index with the sample corpus, and
// checks what each says as the parts report.
func TestOpsServer(t *testing.T) {
	ctx := context.Background()
	e := &env{stderr: io.Discard, cfg: Config{DataDir: t.TempDir(), LogLevel: "error", LogFormat: "text"}}
	m := newMetrics()
	a, err := openApp(ctx, e, openOptions{seed: true, quiet: true, llmObserver: m})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	m.watchSizes(a.store, a.index)
	connected := make(chan struct{})
	checks := []readyCheck{
		{"store", func(ctx context.Context) error { _, err := a.store.Counts(ctx); return err }},
		{"discord", func(context.Context) error {
			select {
			case <-connected:
				return nil
			default:
				return errors.New("not connected yet")
			}
		}},
	}
	ops, err := startOps("127.0.0.1:0", opsHandler(m.reg, checks), a.log)
	if err != nil {
		t.Fatal(err)
	}
	defer ops.Close()
	base := "http://" + ops.Addr().String()

	if code, body := get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q, want 200 ok", code, body)
	}
	if code, body := get(t, base+"/readyz"); code != 503 || !strings.Contains(body, "discord: not connected yet") {
		t.Errorf("/readyz before Discord = %d %q, want 503 naming discord", code, body)
	}
	close(connected)
	if code, body := get(t, base+"/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("/readyz = %d %q, want 200 ready", code, body)
	}

	svc := meteredService{a.svc, m}
	if _, err := svc.Ask(ctx, summarize.AskRequest{Question: "Why is the Eastgate Bridge closed?"}); err != nil {
		t.Fatal(err)
	}
	m.ObserveLLM(1500*time.Millisecond, 321, nil)
	m.ObserveLLM(time.Second, 0, errors.New("server error 500"))
	feed, err := a.store.AddFeed(ctx, data.Feed{URL: "https://feeds.example/rss", Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	feeds := meteredFeeds{a.store, m}
	ok, failed := feed, feed
	failed.Failures = 1
	for _, f := range []data.Feed{ok, failed} {
		if err := feeds.UpdateFeed(ctx, f); err != nil {
			t.Fatal(err)
		}
	}

	code, body := get(t, base+"/metrics")
	if code != 200 {
		t.Fatalf("/metrics = %d", code)
	}
	c, _ := a.store.Counts(ctx)
	for name, want := range map[string]string{
		"newsbot_questions_total":                      "1",
		`newsbot_answers_total{engine="extractive"}`:   "1",
		`newsbot_answers_total{engine="llm"}`:          "0",
		"newsbot_llm_request_seconds_count":            "2",
		"newsbot_llm_tokens_total":                     "321",
		"newsbot_llm_errors_total":                     "1",
		"newsbot_feed_polls_total":                     "2",
		"newsbot_feed_poll_failures_total":             "1",
		"newsbot_store_articles":                       strconv.Itoa(c.Articles),
		"newsbot_index_articles":                       strconv.Itoa(c.Articles),
		`newsbot_llm_request_seconds_bucket{le="2"}`:   "2",
		`newsbot_llm_request_seconds_bucket{le="1"}`:   "1",
		`newsbot_llm_request_seconds_bucket{le="0.5"}`: "0",
	} {
		if got := metricValue(t, body, name); got != "" && got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	if got := metricValue(t, body, "newsbot_index_size_bytes"); got == "0" {
		t.Error("newsbot_index_size_bytes is 0")
	}
	if !strings.Contains(body, "go_goroutines") {
		t.Error("/metrics lacks the Go runtime's metrics")
	}
	if err := ops.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// TestStartOpsRefusesABusyAddress: a port in use fails the start with a
// message naming the variable.
func TestStartOpsRefusesABusyAddress(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	e := &env{stderr: io.Discard, cfg: Config{LogLevel: "error"}}
	_, err = startOps(l.Addr().String(), http.NotFoundHandler(), newLogger(e.cfg, io.Discard))
	if err == nil || !strings.Contains(err.Error(), "NEWSBOT_HTTP_ADDR") {
		t.Errorf("startOps on a busy port: %v, want an error naming NEWSBOT_HTTP_ADDR", err)
	}
}
