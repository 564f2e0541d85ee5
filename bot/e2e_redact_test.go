package bot_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
)

// realToken is shaped like a Discord bot token; otherToken too, as a
// proxy may echo any.
const (
	realToken  = "MTAwMDAwMDAwMDAwMDAwMDAx.GxYzAb.abcdefghijklmnopqrstuvwxyz0123456789AB"
	otherToken = "OTk5OTk5OTk5OTk5OTk5OTk5.Hq1w2e.ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zz"
)

// proxyEcho is an error body of a proxy that echoes the request's
// headers, with a long page after them.
func proxyEcho(token string) string {
	return "upstream error; request headers: Authorization: Bot " + token + " X-Other: " + otherToken + " " + strings.Repeat("<p>padding</p>", 20000)
}

func TestDiscordErrorBodiesAreRedactedAndCut(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}, Token: realToken})
	srv.AddChannel(guild, channel, "news")
	logs := &syncBuffer{}
	h := startBot(t, srv, newRecordingService(), openStore(t), func(c *bot.Config) {
		c.Token = realToken
		c.Logger = slog.New(slog.NewTextHandler(logs, nil))
	})
	srv.FailWhen(func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.HasSuffix(r.Path, "/messages/@original")
	}, 400, 0, proxyEcho(realToken))
	in := srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "anything?"))
	srv.WaitFor(t, func(r discordtest.Request) bool { return r.Method == "PATCH" && strings.Contains(r.Path, in.Token) })
	h.shutdown()
	out := logs.String()
	if !strings.Contains(out, "bot: deliver reply") || !strings.Contains(out, "[redacted]") {
		t.Fatalf("the failed delivery was not logged with its redacted body:\n%.2000s", out)
	}
	for _, secret := range []string{realToken, otherToken, "GxYzAb.abcdefgh"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
	if n := len(out); n > 8000 {
		t.Errorf("the log is %d bytes: the error body was not cut", n)
	}
}

func TestRunErrorCarriesNoToken(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild}, Token: realToken})
	srv.FailWhen(func(r discordtest.Request) bool { return r.Path == "/users/@me" }, 500, 0, proxyEcho(realToken))
	b, err := bot.New(bot.Config{Token: realToken, HTTPClient: srv.HTTPClient(), DigestEvery: -1}, newRecordingService(), openStore(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = b.Run(ctx)
	if err == nil {
		t.Fatal("Run succeeded against a failing Discord")
	}
	msg := err.Error()
	if strings.Contains(msg, realToken) || strings.Contains(msg, otherToken) || len(msg) > 2200 || !strings.Contains(msg, "[redacted]") {
		t.Errorf("Run error (%d bytes) = %.300s", len(msg), msg)
	}
}
