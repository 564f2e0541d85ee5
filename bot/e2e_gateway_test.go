package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
)

func TestGatewayCloseCodesAreOneClearError(t *testing.T) {
	tests := []struct {
		code int
		want error
	}{
		{4004, bot.ErrBadToken},
		{4014, bot.ErrDisallowedIntents},
	}
	for _, tc := range tests {
		srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}, CloseIdentify: tc.code})
		b, err := bot.New(bot.Config{Token: discordtest.DefaultToken, HTTPClient: srv.HTTPClient(), DigestEvery: -1}, newRecordingService(), openStore(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = b.Run(ctx)
		cancel()
		if !errors.Is(err, tc.want) || strings.Count(err.Error(), "\n") > 0 || !strings.Contains(err.Error(), "DISCORD_TOKEN") && tc.code == 4004 {
			t.Errorf("close %d: Run = %v, want %v in one line", tc.code, err, tc.want)
		}
	}
}

func TestWorksWithoutMessageContentIntent(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}, MessageContentDenied: true})
	srv.AddChannel(guild, channel, "news")
	logs := &syncBuffer{}
	svc := newRecordingService()
	h := startBot(t, srv, svc, openStore(t), func(c *bot.Config) {
		c.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	})
	// Refused with 4014, the bot identified again without the intent.
	id, _ := srv.LastIdentify()
	if n := srv.Identifies(); n != 2 || int64(id["intents"].(float64))&int64(discordgo.IntentMessageContent) != 0 {
		t.Fatalf("%d identifies, last intents %v: want a second IDENTIFY without Message Content", n, id["intents"])
	}
	if l := logs.String(); strings.Count(l, "\n") != 1 || !strings.Contains(l, "Message Content intent (close 4014)") {
		t.Errorf("want one line explaining 4014, logged:\n%s", l)
	}
	// Slash commands work.
	in := srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "what happened at the port?"))
	if text := embedText(h.waitFinal(t, in.Token)); !strings.Contains(text, "Answer to what happened at the port?") {
		t.Errorf("slash command: %s", text)
	}
	// A mention starts a thread and is answered there.
	q := srv.Message(guild, channel, alice, "what happened at the port?", true)
	srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+q.ID+"/messages/") && strings.Contains(embedText(r.Body), "Answer to what happened at the port?")
	})
	// In the thread, a follow-up that does not mention the bot arrives
	// without its text and is left alone; one that mentions it is answered.
	srv.Message(guild, q.ID, alice, "and when did it happen?", false)
	srv.Message(guild, q.ID, alice, "and who paid?", true)
	srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(embedText(r.Body), "Answer to and who paid?")
	})
	// A reply to the bot's answer reaches it while the reply keeps its @;
	// without the @, it arrives empty too.
	var answer string
	for _, m := range srv.ChannelMessages(q.ID) {
		if a, _ := m["author"].(map[string]any); a["id"] == srv.BotUserID() {
			answer = m["id"].(string)
		}
	}
	srv.Reply(guild, q.ID, alice, "and where exactly?", answer, false)
	srv.Reply(guild, q.ID, alice, "and how much?", answer, true)
	srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(embedText(r.Body), "Answer to and how much?")
	})
	for _, a := range svc.requests() {
		if a.Question == "" || strings.Contains(a.Question, "when did") || strings.Contains(a.Question, "where exactly") {
			t.Errorf("asked %q, which the bot could not read", a.Question)
		}
	}
	for _, m := range srv.ChannelMessages(q.ID) {
		if text := embedText(m); strings.Contains(text, "Ask me a question") {
			t.Errorf("the unreadable follow-up got an answer: %s", text)
		}
	}
	if n := len(svc.requests()); n != 4 {
		t.Errorf("%d questions asked, want 4", n)
	}
}
