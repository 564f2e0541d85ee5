package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/summarize"
)

// hostileAnswer is what a prompt-injected article can make a model write.
const hostileAnswer = "# Discord Security Notice\n" +
	"Your account will be disabled. Verify at [https://discord.com/verify](https://evil.example/login) [1].\n" +
	"-# Sent by Discord Trust & Safety\n" +
	"<@&1234> @everyone see https://discord.com@evil.example/gift"

func TestHostileModelMarkdownIsNeutralised(t *testing.T) {
	svc := newRecordingService()
	svc.AskFn = func(_ context.Context, r summarize.AskRequest) (summarize.Answer, error) {
		r.OnDelta(hostileAnswer)
		return summarize.Answer{Text: hostileAnswer, Engine: summarize.EngineLLM, Citations: []summarize.Citation{{
			N: 1, Title: "https://discord.com/gift", URL: "https://evil.example/article", Source: "[discord.com](https://evil.example/outlet)", Quote: "Q",
		}}}, nil
	}
	h := startBot(t, nil, svc, openStore(t), nil)
	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "is my account safe?"))
	final := embedText(h.waitFinal(t, in.Token))
	var partial string
	for _, r := range h.srv.Requests() {
		if r.Method == "PATCH" && strings.Contains(r.Path, in.Token) && isPartial(r.Body) {
			partial = embedText(r.Body)
		}
	}
	if partial == "" {
		t.Fatal("no streaming edit")
	}
	for name, text := range map[string]string{"final": final, "streamed": partial} {
		for _, bad := range []string{"](https://evil", "\n# ", "-# ", "<@&", "@everyone", "discord.com@"} {
			if strings.Contains(text, bad) {
				t.Errorf("the %s reply holds %q:\n%s", name, bad, text)
			}
		}
		if !strings.Contains(text, "<https://evil.example/login>") || !strings.Contains(text, "Discord Security Notice") {
			t.Errorf("the %s reply does not show the real target and the text:\n%s", name, text)
		}
	}
	// The source line does not let an address-like title or outlet
	// hide where its link goes.
	if !strings.Contains(final, "https://discord.com/gift <https://evil.example/article>") || !strings.Contains(final, "<https://evil.example/outlet>") {
		t.Errorf("sources:\n%s", final)
	}
}

func TestRunawayAnswerIsOneMessage(t *testing.T) {
	svc := newRecordingService()
	svc.AskFn = func(_ context.Context, r summarize.AskRequest) (summarize.Answer, error) {
		// 2 MB in sentences: before the cap it made about 500 messages.
		return summarize.Answer{Text: strings.Repeat("The bridge reopened on Monday after repairs. ", 45000), Engine: summarize.EngineLLM}, nil
	}
	for _, tc := range []struct {
		name  string
		limit int
		want  int // characters of the body at most
	}{
		{"default", 0, bot.DefaultMaxReplyChars},
		{"configured", 1000, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := startBot(t, nil, svc, openStore(t), func(c *bot.Config) { c.MaxReplyChars = tc.limit })
			in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "bridge?"))
			m := h.waitFinal(t, in.Token)
			h.shutdown()
			if n := len(h.srv.Followups(in.Token)); n != 0 {
				t.Errorf("%d follow-up messages, want the answer in one", n)
			}
			es, _ := m["embeds"].([]any)
			desc, _ := es[0].(map[string]any)["description"].(string)
			if n := len([]rune(desc)); n > tc.want || n < tc.want/2 || !strings.HasSuffix(desc, "repairs.\n\n*(This was too long, so I cut it here.)*") {
				t.Errorf("description of %d characters ending %q, want at most %d, cut after a sentence", n, desc[max(0, len(desc)-20):], tc.want)
			}
		})
	}
}
