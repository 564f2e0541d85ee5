package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

// TestFeedsRetry disables a followed feed, then retries it with
// "newsbot feeds retry ID": while its server fails the feed stays
// disabled and the command fails with the reason; once it works the feed
// is enabled again.
func TestFeedsRetry(t *testing.T) {
	var down atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Quay Times</title>
<item><title>Ferry back</title><link>https://quay.example/ferry</link><description>The ferry sails again.</description></item></channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	env := map[string]string{"NEWSBOT_DATA_DIR": dir, "NEWSBOT_LOG_LEVEL": "error", "NEWSBOT_ALLOW_PRIVATE": "true"}
	if _, stderr, code := runCLIEnv(t, env, "feeds", "add", srv.URL+"/rss"); code != 0 {
		t.Fatalf("feeds add: exit %d: %s", code, stderr)
	}
	disable(t, filepath.Join(dir, "newsbot.db"))

	down.Store(true)
	_, stderr, code := runCLIEnv(t, env, "feeds", "retry", "1")
	if code != 1 || !strings.Contains(stderr, "feed 1 still fails: ") || !strings.Contains(stderr, "502 Bad Gateway") || !strings.Contains(stderr, "It stays disabled") {
		t.Errorf("retry while down: exit %d: %s", code, stderr)
	}
	down.Store(false)
	stdout, stderr, code := runCLIEnv(t, env, "feeds", "retry", "1")
	if code != 0 || !strings.Contains(stdout, "Feed 1 works again and is enabled") {
		t.Errorf("retry once up: exit %d: %s%s", code, stdout, stderr)
	}
	if stdout, _, _ := runCLIEnv(t, env, "feeds", "list"); strings.Contains(stdout, "disabled") {
		t.Errorf("feeds list after the retry:\n%s", stdout)
	}
	for _, args := range [][]string{{"feeds", "retry", "9"}, {"feeds", "retry", "x"}} {
		if _, stderr, code := runCLIEnv(t, env, args...); code == 0 || !strings.Contains(stderr, "feeds list") {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

// disable marks feed 1 of the store at path disabled, as the poller does
// after repeated failures.
func disable(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	st, err := data.OpenStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f, err := st.Feed(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	f.Disabled, f.Failures, f.LastError = true, 8, "disabled after 8 failures: the server answered 502 Bad Gateway"
	f.NextPoll = time.Now().Add(6 * time.Hour)
	if err := st.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
}

func TestProbeAndAttachmentSettings(t *testing.T) {
	for _, tt := range []struct {
		env        map[string]string
		probe      time.Duration
		attachment int
		err        string
	}{
		{env: map[string]string{}},
		{env: map[string]string{"NEWSBOT_FEED_PROBE_INTERVAL": "2h", "NEWSBOT_MAX_ATTACHMENT_BYTES": "4096"}, probe: 2 * time.Hour, attachment: 4096},
		{env: map[string]string{"NEWSBOT_FEED_PROBE_INTERVAL": "-1", "NEWSBOT_MAX_ATTACHMENT_BYTES": "-1"}, probe: -1, attachment: -1},
		{env: map[string]string{"NEWSBOT_FEED_PROBE_INTERVAL": "0"}, err: "NEWSBOT_FEED_PROBE_INTERVAL: must not be 0; leave it empty for the default, or -1 never to probe"},
		{env: map[string]string{"NEWSBOT_FEED_PROBE_INTERVAL": "soon"}, err: "NEWSBOT_FEED_PROBE_INTERVAL: \"soon\" is not a duration"},
		{env: map[string]string{"NEWSBOT_MAX_ATTACHMENT_BYTES": "0"}, err: "NEWSBOT_MAX_ATTACHMENT_BYTES: must not be 0; leave it empty for the default, or -1 for no limit"},
	} {
		c, err := LoadConfig(envMap(tt.env))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%v: err = %v, want %q", tt.env, err, tt.err)
			}
			continue
		}
		if err != nil || c.ProbeInterval != tt.probe || c.MaxAttachmentBytes != tt.attachment {
			t.Errorf("%v: probe %v, attachment %d, err %v", tt.env, c.ProbeInterval, c.MaxAttachmentBytes, err)
		}
	}
}
