package bot_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
)

func TestInviteURL(t *testing.T) {
	u, err := url.Parse(bot.InviteURL("123"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "https" || u.Host != "discord.com" || u.Path != "/oauth2/authorize" {
		t.Errorf("invite address %s", u)
	}
	// Add Reactions 1<<6, View Channel 1<<10, Send Messages 1<<11, Embed Links 1<<14, Read
	// Message History 1<<16, Create Public Threads 1<<35, Send Messages
	// in Threads 1<<38.
	for k, want := range map[string]string{"client_id": "123", "scope": "bot applications.commands", "permissions": "309237730368", "integration_type": "0"} {
		if got := q.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

func TestLookupApplication(t *testing.T) {
	for _, denied := range []bool{false, true} {
		srv := discordtest.New(t, discordtest.Options{MessageContentDenied: denied})
		app, err := bot.LookupApplication(context.Background(), bot.Config{Token: discordtest.DefaultToken, HTTPClient: srv.HTTPClient()})
		if err != nil {
			t.Fatal(err)
		}
		if app.ID != srv.AppID() || app.Name != discordtest.DefaultBotUsername || !app.Public || app.MessageContent == denied {
			t.Errorf("denied %v: application %+v", denied, app)
		}
	}
	srv := discordtest.New(t, discordtest.Options{})
	_, err := bot.LookupApplication(context.Background(), bot.Config{Token: "wrong", HTTPClient: srv.HTTPClient()})
	if !errors.Is(err, bot.ErrBadToken) {
		t.Errorf("wrong token: %v, want ErrBadToken", err)
	}
}
