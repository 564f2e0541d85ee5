package main

import (
	"context"
	"encoding/json"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
)

// freeAddr returns a loopback address whose port was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestRunServesHealthAndMetrics runs the bot with NEWSBOT_HTTP_ADDR and
// JSON logs: /readyz turns ready once Discord is connected, a question
// shows in /metrics, and every line on stderr is a JSON object.
func TestRunServesHealthAndMetrics(t *testing.T) {
	addr := freeAddr(t)
	rb := startRun(t, map[string]string{
		"NEWSBOT_DATA_DIR":   t.TempDir(),
		"NEWSBOT_HTTP_ADDR":  addr,
		"NEWSBOT_LOG_FORMAT": "json",
		"NEWSBOT_LOG_LEVEL":  "info",
	})
	base := "http://" + addr
	if code, _ := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	// Ready follows the command registration the start waited for.
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, body := get(t, base+"/readyz")
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d: %s", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	rb.ask(t, "Why is the Eastgate Bridge closed?")
	_, body := get(t, base+"/metrics")
	if got := metricValue(t, body, "newsbot_questions_total"); got != "1" {
		t.Errorf("newsbot_questions_total = %s, want 1", got)
	}
	if got := metricValue(t, body, "newsbot_store_articles"); got != "0" {
		t.Errorf("newsbot_store_articles = %s, want 0 (run seeds nothing)", got)
	}
	if code := rb.stop(); code != 0 {
		t.Fatalf("run exited %d:\n%s", code, rb.stderr.String())
	}
	logged := 0
	for _, line := range strings.Split(strings.TrimSpace(rb.stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("log line is not JSON: %q", line)
			continue
		}
		if rec["msg"] == nil || rec["level"] == nil {
			t.Errorf("log line lacks msg or level: %q", line)
		}
		logged++
	}
	if logged == 0 {
		t.Errorf("no JSON log line:\n%s", rb.stderr.String())
	}
}

// TestRunDeletesArticlesPastRetention runs the bot with NEWSBOT_RETENTION
// on a store holding an old and a new article: the old one goes at start.
func TestRunDeletesArticlesPastRetention(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := data.OpenStore(ctx, filepath.Join(dir, "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	arts := []data.Article{
		{URL: "https://old.example/a", Title: "Old news", Text: "Something happened long ago.", Published: time.Now().AddDate(-2, 0, 0)},
		{URL: "https://new.example/a", Title: "New news", Text: "Something happened today.", Published: time.Now().Add(-time.Hour)},
	}
	if _, err := (&ingest.Ingester{Store: st}).StoreArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	st.Close()
	addr := freeAddr(t)
	startRun(t, map[string]string{"NEWSBOT_DATA_DIR": dir, "NEWSBOT_HTTP_ADDR": addr, "NEWSBOT_RETENTION": "30d"})
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := get(t, "http://"+addr+"/metrics")
		if metricValue(t, body, "newsbot_store_articles") == "1" && metricValue(t, body, "newsbot_index_articles") == "1" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the old article was not deleted:\n%s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
