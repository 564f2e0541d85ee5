package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
)

// TestRunSaysWhenDiscordIsUnreachable points the bot at a loopback port
// nothing listens on: run must end at once with a short message that names
// the address, not a Go network error.
func TestRunSaysWhenDiscordIsUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	api := "http://" + l.Addr().String()
	l.Close()
	env := map[string]string{
		"NEWSBOT_DATA_DIR":  t.TempDir(),
		"NEWSBOT_LOG_LEVEL": "error",
		"DISCORD_TOKEN":     "test-token",
		"DISCORD_API_URL":   api,
	}
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"run"}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errb.String())
	}
	// The log has the detail; the message for the user is the last line.
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	msg := lines[len(lines)-1]
	if !strings.Contains(msg, "cannot reach "+api) || !strings.Contains(msg, "DISCORD_API_URL") {
		t.Errorf("message %q does not say Discord at %s is unreachable", msg, api)
	}
	if strings.Contains(msg, "connection refused") {
		t.Errorf("message %q shows the raw network error", msg)
	}
	if strings.Contains(errb.String(), "test-token") {
		t.Errorf("stderr shows the token:\n%s", errb.String())
	}
}
