package discordtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/bot/discordtest"
)

// postRaw posts body as a message in channelID, as discordgo's
// ChannelMessageSendComplex does, and returns the message Discord
// answered with.
func postRaw(ctx context.Context, s *discordgo.Session, channelID string, body map[string]any) (map[string]any, error) {
	endpoint := discordgo.EndpointChannelMessages(channelID)
	raw, err := s.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(raw, &m)
}

func TestNonceValidation(t *testing.T) {
	tests := []struct {
		name     string
		body     map[string]any
		wantCode int // 0: accepted
	}{
		{"no nonce", map[string]any{"content": "x"}, 0},
		{"25 characters", map[string]any{"content": "x", "nonce": strings.Repeat("é", 25), "enforce_nonce": true}, 0},
		{"26 characters", map[string]any{"content": "x", "nonce": strings.Repeat("é", 26)}, 50035},
		{"integer", map[string]any{"content": "x", "nonce": 1234567890123, "enforce_nonce": true}, 0},
		{"fraction", map[string]any{"content": "x", "nonce": 1.5}, 50035},
		{"boolean", map[string]any{"content": "x", "nonce": true}, 50035},
		{"enforce_nonce not a boolean", map[string]any{"content": "x", "nonce": "n", "enforce_nonce": "yes"}, 50035},
		{"empty with a nonce", map[string]any{"nonce": "n", "enforce_nonce": true}, 50006},
	}
	srv := discordtest.New(t, discordtest.Options{})
	srv.AddChannel(guildID, channelID, "news")
	s := restSession(t, srv)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := postRaw(context.Background(), s, channelID, tc.body)
			if tc.wantCode == 0 && err != nil {
				t.Errorf("rejected: %v", err)
			}
			if tc.wantCode != 0 && restCode(err) != tc.wantCode {
				t.Errorf("error = %v, want code %d", err, tc.wantCode)
			}
		})
	}
}

func TestEnforcedNonceReturnsTheEarlierMessage(t *testing.T) {
	clk := newClock(time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC))
	srv := discordtest.New(t, discordtest.Options{Now: clk.Now})
	srv.AddChannel(guildID, channelID, "news")
	other := "222222222222222222"
	srv.AddChannel(guildID, other, "other")
	s := restSession(t, srv)
	ctx := context.Background()
	post := func(channelID, content string, nonce any, enforce bool) map[string]any {
		t.Helper()
		body := map[string]any{"content": content, "nonce": nonce}
		if enforce {
			body["enforce_nonce"] = true
		}
		m, err := postRaw(ctx, s, channelID, body)
		if err != nil {
			t.Fatalf("post %q: %v", content, err)
		}
		return m
	}

	first := post(channelID, "first", "digest-1", true)
	if first["nonce"] != "digest-1" {
		t.Errorf("created message's nonce = %v, want digest-1", first["nonce"])
	}
	if _, ok := first["enforce_nonce"]; ok {
		t.Errorf("created message has enforce_nonce: %v", first)
	}
	clk.Add(discordtest.NonceWindow - time.Second)
	again := post(channelID, "second", "digest-1", true)
	if again["id"] != first["id"] || again["content"] != "first" {
		t.Errorf("same nonce within the window answered %v %q, want the first message %v", again["id"], again["content"], first["id"])
	}
	if n := len(srv.ChannelMessages(channelID)); n != 1 {
		t.Fatalf("channel has %d messages after the same nonce twice, want 1", n)
	}

	tests := []struct {
		name, channelID string
		nonce           any
		enforce         bool
	}{
		{"the nonce not enforced", channelID, "digest-1", false},
		{"another nonce", channelID, "digest-2", true},
		{"another channel", other, "digest-1", true},
	}
	for _, tc := range tests {
		m := post(tc.channelID, tc.name, tc.nonce, tc.enforce)
		if m["id"] == first["id"] || m["content"] != tc.name {
			t.Errorf("%s: answered %v %q, want a new message", tc.name, m["id"], m["content"])
		}
	}

	// The integer 7 and the string "7" are one nonce to Discord.
	seven := post(channelID, "seven", 7, true)
	if m := post(channelID, "seven again", "7", true); m["id"] != seven["id"] {
		t.Errorf("nonce \"7\" after 7 made message %v, want %v", m["id"], seven["id"])
	}

	// Past the window, or once the first is deleted, the nonce is free.
	clk.Add(time.Second)
	late := post(channelID, "late", "digest-1", true)
	if late["id"] == first["id"] {
		t.Errorf("same nonce after %v answered the first message", discordtest.NonceWindow)
	}
	if err := s.ChannelMessageDelete(channelID, late["id"].(string)); err != nil {
		t.Fatal(err)
	}
	if m := post(channelID, "after delete", "digest-1", true); m["id"] == late["id"] || m["content"] != "after delete" {
		t.Errorf("same nonce after the message was deleted answered %v %q", m["id"], m["content"])
	}
}

func TestDelayWhenRepliesLateAfterActing(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{})
	srv.AddChannel(guildID, channelID, "news")
	s := restSession(t, srv)
	srv.DelayWhen(func(r discordtest.Request) bool { return r.Method == "POST" }, time.Minute)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := postRaw(ctx, s, channelID, map[string]any{"content": "slow"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("delayed post: %v, want the deadline exceeded", err)
	}
	if msgs := srv.ChannelMessages(channelID); len(msgs) != 1 || msgs[0]["content"] != "slow" {
		t.Errorf("a delayed post left %v, want it posted", msgs)
	}

	// A minute's delay would outlast the client's 10s timeout.
	srv.ClearDelays()
	if _, err := postRaw(context.Background(), s, channelID, map[string]any{"content": "fast"}); err != nil {
		t.Errorf("after ClearDelays: %v", err)
	}
}
