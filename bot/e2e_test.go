package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot/discordtest"
)

func TestSlashCommandsEndToEnd(t *testing.T) {
	stack := sampleStack(t, func() time.Time { return asOf })
	h := startBot(t, nil, stack.Service, stack.Store, nil)

	// Commands are registered in the guild.
	if cmds := h.srv.Commands(guild); len(cmds) != 8 {
		t.Fatalf("registered %d guild commands, want 8", len(cmds))
	}
	tests := []struct {
		name string
		cmd  string
		opts []discordtest.Option
		want []string // all must appear in the final response
		eph  bool
	}{
		{"ask", "ask", []discordtest.Option{discordtest.StringOption("question", "What happened to the Eastgate bridge?")},
			[]string{"[1]", "Sources", "Searched", "](<http"}, false},
		{"summarize topic", "summarize", []discordtest.Option{discordtest.StringOption("topic", "rail bill"), discordtest.StringOption("since", "2w")},
			[]string{"Summary: rail bill", "[1]", "Sources"}, false},
		{"search", "search", []discordtest.Option{discordtest.StringOption("query", "cracked pier")},
			[]string{"Search: cracked pier", "Coastal Press · <t:", ":R>*", "Searched"}, false},
		{"digest now", "digest", []discordtest.Option{discordtest.SubCommand("now", discordtest.StringOption("since", "1w"))},
			[]string{"News digest", "Sources"}, false},
		{"feeds", "feeds", nil,
			[]string{"No feeds yet"}, false},
		{"help", "help", nil, []string{"/ask question", "/digest now"}, true},
		{"digest status", "digest", []discordtest.Option{discordtest.SubCommand("status")},
			[]string{"No daily digest is scheduled"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := h.srv.SlashCommand(guild, channel, alice, tc.cmd, tc.opts...)
			m := h.waitFinal(t, in.Token)
			typ, data, ok := h.srv.Callback(in.Token)
			if !ok || typ != 5 {
				t.Fatalf("callback type %d, want 5 (deferred)", typ)
			}
			flags, _ := data["flags"].(float64)
			if gotEph := int(flags)&64 != 0; gotEph != tc.eph {
				t.Errorf("deferred ephemeral = %v, want %v", gotEph, tc.eph)
			}
			text := embedText(m)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("final response lacks %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, "went wrong") {
				t.Errorf("error reply: %s", text)
			}
		})
	}
	checkNoPings(t, h.srv)
}
