package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/bot/discordtest"
)

func TestInvitePrintsTheTokensInviteAddress(t *testing.T) {
	tests := []struct {
		name     string
		opts     discordtest.Options
		token    string
		guild    string
		code     int
		stdout   string
		stderr   []string
		noStderr string
	}{
		{"intent on", discordtest.Options{}, discordtest.DefaultToken, "", 0,
			"https://discord.com/oauth2/authorize?client_id=" + discordtest.DefaultAppID + "&integration_type=0&permissions=309237730368&scope=bot+applications.commands\n",
			[]string{"add newsbot to a server", "Message Content intent: on", "up to an hour", "DISCORD_GUILD_ID"}, "intent: off"},
		{"intent off, guild set", discordtest.Options{MessageContentDenied: true}, discordtest.DefaultToken, "500000000000000001", 0,
			"client_id=" + discordtest.DefaultAppID,
			[]string{"Message Content intent: off", "mentions and replies"}, "up to an hour"},
		{"bad token", discordtest.Options{}, "wrong", "", 1, "",
			[]string{"Discord rejected the token in DISCORD_TOKEN"}, "wrong"},
		{"no token", discordtest.Options{}, "", "", 2, "",
			[]string{"DISCORD_TOKEN is not set"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := discordtest.New(t, tc.opts)
			env := map[string]string{
				"NEWSBOT_DATA_DIR": t.TempDir(),
				"DISCORD_TOKEN":    tc.token,
				"DISCORD_API_URL":  srv.URL,
				"DISCORD_GUILD_ID": tc.guild,
			}
			var out, errb bytes.Buffer
			code := Run(context.Background(), []string{"invite"}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, errb.String())
			}
			if !strings.Contains(out.String(), tc.stdout) || tc.stdout == "" && out.Len() > 0 {
				t.Errorf("stdout %q, want %q", out.String(), tc.stdout)
			}
			for _, w := range tc.stderr {
				if !strings.Contains(errb.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, errb.String())
				}
			}
			if tc.noStderr != "" && strings.Contains(errb.String(), tc.noStderr) {
				t.Errorf("stderr has %q:\n%s", tc.noStderr, errb.String())
			}
		})
	}
}
