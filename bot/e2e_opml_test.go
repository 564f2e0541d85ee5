package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
)

// opmlOf is an OPML file listing the URLs, one of them nested in a folder.
func opmlOf(urls ...string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body><outline text="News">`)
	for _, u := range urls {
		b.WriteString(`<outline type="rss" text="` + u + `" xmlUrl="` + u + `"/>`)
	}
	b.WriteString(`</outline></body></opml>`)
	return []byte(b.String())
}

// TestFeedsImportAttachment imports an OPML file attached to
// /newsbot-admin feeds import on the fake Discord: the server follows
// every usable feed listed, those another server added first included,
// and is told what was skipped. The file comes from the CDN (served by the
// fake on loopback) without the bot's token.
func TestFeedsImportAttachment(t *testing.T) {
	hb := startHealBot(t, nil)
	ctx := context.Background()
	shared, err := hb.st.AddFeed(ctx, data.Feed{URL: "https://shared.example/rss", Title: "Shared"})
	if err != nil {
		t.Fatal(err)
	}
	if err := hb.st.AddGuildFeed(ctx, guildB, shared.ID); err != nil {
		t.Fatal(err)
	}
	file := hb.srv.Attachment("file", discordtest.AttachmentSpec{Filename: "subs.opml", ContentType: "text/x-opml",
		Body: opmlOf("https://one.example/rss", "https://two.example/atom", "https://shared.example/rss", "ftp://old.example/feed")})
	got := hb.admin(t, guild, channel, admin, discordtest.SubCommand("import", file))
	for _, want := range []string{"Imported feeds", "now follows 3 more feeds", "skipped 1 entry", "ftp://old.example/feed", "not an http(s) URL"} {
		if !strings.Contains(got, want) {
			t.Errorf("import reply lacks %q:\n%s", want, got)
		}
	}
	feeds, err := hb.st.GuildFeeds(ctx, guild)
	if err != nil || len(feeds) != 3 {
		t.Fatalf("server A follows %d feeds (%v), want 3", len(feeds), err)
	}
	one, _ := hb.st.FeedByURL(ctx, "https://one.example/rss")
	subs, _ := hb.st.FeedFollowers(ctx, one.ID)
	if len(subs) != 1 || subs[0].ChannelID != channel || subs[0].AddedBy != admin.ID {
		t.Errorf("imported feed's followers = %+v, want server A's channel and admin", subs)
	}
	// Importing it again adds nothing.
	got = hb.admin(t, guild, channel, admin, discordtest.SubCommand("import", file))
	if !strings.Contains(got, "This server already follows the 3 feeds of the file.") {
		t.Errorf("second import: %s", got)
	}
	for _, r := range hb.srv.Requests() {
		if strings.HasPrefix(r.Path, "/attachments/") && (r.Header.Get("Authorization") != "" || r.Status != 200) {
			t.Errorf("download %s: status %d, Authorization %q", r.Path, r.Status, r.Header.Get("Authorization"))
		}
	}
}

func TestFeedsImportRefusals(t *testing.T) {
	hb := startHealBot(t, func(c *bot.Config) { c.MaxAttachmentBytes = 1000 })
	for _, tt := range []struct {
		name string
		file discordtest.AttachmentSpec
		want string
	}{
		{"too big", discordtest.AttachmentSpec{Filename: "big.opml", Body: make([]byte, 1001)}, "That file is 1001 bytes; I take files of up to 1000 bytes."},
		{"bigger than it says", discordtest.AttachmentSpec{Filename: "liar.opml", Body: make([]byte, 5000), Size: 10}, "bigger than the 1000 bytes I take"},
		{"not OPML", discordtest.AttachmentSpec{Filename: "notes.txt", Body: []byte("buy milk")}, "isn't an OPML subscription list"},
		{"no feeds", discordtest.AttachmentSpec{Filename: "empty.opml", Body: opmlOf()}, "lists no feeds"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := hb.admin(t, guild, channel, admin, discordtest.SubCommand("import", hb.srv.Attachment("file", tt.file)))
			if !strings.Contains(got, tt.want) {
				t.Errorf("reply %q lacks %q", got, tt.want)
			}
		})
	}
	if feeds, _ := hb.st.Feeds(context.Background()); len(feeds) != 0 {
		t.Errorf("%d feeds stored", len(feeds))
	}
	// A member may not import.
	in := hb.srv.SlashCommand(guild, channel, alice, "newsbot-admin", discordtest.SubCommandGroup("feeds",
		discordtest.SubCommand("import", hb.srv.Attachment("file", discordtest.AttachmentSpec{Filename: "a.opml", Body: opmlOf("https://x.example/rss")}))))
	hb.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, in.Token) && r.Callback() == 4 })
	for _, r := range hb.srv.Requests() {
		if strings.HasPrefix(r.Path, "/attachments/") && strings.HasSuffix(r.Path, "/a.opml") {
			t.Error("a member's file was downloaded")
		}
	}
}
