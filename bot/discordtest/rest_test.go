package discordtest_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/bot/discordtest"
)

// restSession is a session for REST calls only: no gateway connection.
func restSession(t *testing.T, srv *discordtest.Server) *discordgo.Session {
	t.Helper()
	s := newSession(t, srv, discordtest.DefaultToken)
	s.MaxRestRetries = 0
	s.ShouldRetryOnRateLimit = false
	return s
}

func TestCommandRegistration(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{})
	s := restSession(t, srv)
	cmds := []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask about the news", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "What to ask", Required: true, Autocomplete: true},
		}},
		{Name: "digest", Description: "Today's digest"},
	}
	got, err := s.ApplicationCommandBulkOverwrite(srv.AppID(), guildID, cmds)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID == "" || got[0].ID == got[1].ID || got[0].ApplicationID != srv.AppID() || got[0].GuildID != guildID {
		t.Fatalf("registered = %+v", got)
	}
	req := srv.WaitFor(t, func(r discordtest.Request) bool { return r.Method == "PUT" })
	if req.Path != "/applications/"+srv.AppID()+"/guilds/"+guildID+"/commands" || len(req.Items) != 2 {
		t.Errorf("request = %s %s items %d", req.Method, req.Path, len(req.Items))
	}
	stored := srv.Commands(guildID)
	if len(stored) != 2 || stored[0].Name != "ask" || stored[1].Name != "digest" || len(srv.Commands("")) != 0 {
		t.Errorf("stored = %+v", stored)
	}

	// Overwriting keeps the IDs of commands that keep their name.
	again, err := s.ApplicationCommandBulkOverwrite(srv.AppID(), guildID, cmds[:1])
	if err != nil || len(again) != 1 || again[0].ID != got[0].ID {
		t.Errorf("overwrite = %+v, %v; want ID %s", again, err, got[0].ID)
	}
	if in := srv.SlashCommand(guildID, channelID, alice, "ask"); in.ApplicationCommandData().ID != got[0].ID {
		t.Errorf("interaction command ID = %s, want %s", in.ApplicationCommandData().ID, got[0].ID)
	}
	list, err := s.ApplicationCommands(srv.AppID(), guildID)
	if err != nil || len(list) != 1 {
		t.Errorf("list = %+v, %v", list, err)
	}
	global, err := s.ApplicationCommandCreate(srv.AppID(), "", &discordgo.ApplicationCommand{Name: "sources", Description: "List sources"})
	if err != nil || global.GuildID != "" || len(srv.Commands("")) != 1 {
		t.Errorf("global create = %+v, %v", global, err)
	}
}

func TestCommandValidation(t *testing.T) {
	tests := []struct {
		name string
		cmd  discordgo.ApplicationCommand
	}{
		{"upper-case name", discordgo.ApplicationCommand{Name: "Ask", Description: "d"}},
		{"no description", discordgo.ApplicationCommand{Name: "ask"}},
		{"long description", discordgo.ApplicationCommand{Name: "ask", Description: strings.Repeat("x", 101)}},
		{"required after optional", discordgo.ApplicationCommand{Name: "ask", Description: "d", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "a", Description: "a"},
			{Type: discordgo.ApplicationCommandOptionString, Name: "b", Description: "b", Required: true},
		}}},
		{"unknown context", discordgo.ApplicationCommand{Name: "ask", Description: "d", Contexts: &[]discordgo.InteractionContextType{3}}},
		{"unknown integration type", discordgo.ApplicationCommand{Name: "ask", Description: "d", IntegrationTypes: &[]discordgo.ApplicationIntegrationType{2}}},
	}
	srv := discordtest.New(t, discordtest.Options{})
	s := restSession(t, srv)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.ApplicationCommandBulkOverwrite(srv.AppID(), "", []*discordgo.ApplicationCommand{&tc.cmd})
			if restCode(err) != 50035 {
				t.Errorf("error = %v, want 50035 Invalid Form Body", err)
			}
		})
	}
	if n := len(srv.Commands("")); n != 0 {
		t.Errorf("%d commands stored after invalid registrations", n)
	}
	dup := []*discordgo.ApplicationCommand{{Name: "a", Description: "a"}, {Name: "a", Description: "b"}}
	if _, err := s.ApplicationCommandBulkOverwrite(srv.AppID(), "", dup); restCode(err) != 50035 {
		t.Errorf("duplicate names: %v", err)
	}
	if _, err := s.ApplicationCommandBulkOverwrite("999", "", nil); restCode(err) != 20012 {
		t.Errorf("other application: %v", err)
	}
}

func TestChannelMessagesAndFailures(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{})
	srv.AddChannel(guildID, channelID, "news")
	s := restSession(t, srv)

	m, err := s.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
		Content:         "Morning digest",
		Embeds:          []*discordgo.MessageEmbed{{Title: "Top story", Description: "Details [1]"}},
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	})
	if err != nil {
		t.Fatal(err)
	}
	if m.ID == "" || m.ChannelID != channelID || m.GuildID != guildID || m.Author.ID != srv.BotUserID() || len(m.Embeds) != 1 {
		t.Errorf("message = %+v", m)
	}
	if _, err := s.ChannelMessageEdit(channelID, m.ID, "Morning digest (updated)"); err != nil {
		t.Fatal(err)
	}
	msgs := srv.ChannelMessages(channelID)
	if len(msgs) != 1 || msgs[0]["content"] != "Morning digest (updated)" || msgs[0]["edited_timestamp"] == nil {
		t.Errorf("stored = %v", msgs)
	}

	srv.FailChannel(channelID, http.StatusForbidden)
	_, err = s.ChannelMessageSend(channelID, "again")
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response.StatusCode != 403 || re.Message == nil || re.Message.Code != 50001 || re.Message.Message != "Missing Access" {
		t.Errorf("failing channel: %v", err)
	}
	if last := srv.Requests()[len(srv.Requests())-1]; last.Status != 403 || last.Content() != "again" {
		t.Errorf("failed request recorded as status %d content %q", last.Status, last.Content())
	}
	srv.ClearFailures()
	if _, err := s.ChannelMessageSend(channelID, "again"); err != nil {
		t.Errorf("after ClearFailures: %v", err)
	}
	if _, err := s.ChannelMessageSend("123", "lost"); restCode(err) != 10003 {
		t.Errorf("unknown channel: %v", err)
	}

	srv.FailChannel(channelID, http.StatusTooManyRequests)
	var rl *discordgo.RateLimitError
	if _, err := s.ChannelMessageSend(channelID, "slow down"); !errors.As(err, &rl) {
		t.Errorf("rate-limited channel: %v", err)
	}
	srv.ClearFailures()

	srv.FailWhen(func(r discordtest.Request) bool { return r.Callback() != 0 }, 500, 0, "boom")
	in := srv.SlashCommand(guildID, channelID, alice, "ask")
	err = s.InteractionRespond(in, respondText("hi"))
	if !errors.As(err, &re) || re.Response.StatusCode != 500 {
		t.Errorf("injected callback failure: %v", err)
	}
	if _, _, ok := srv.Callback(in.Token); ok {
		t.Error("a failed callback was stored as the interaction's answer")
	}
}

func TestMessageValidation(t *testing.T) {
	many := make([]*discordgo.MessageEmbed, 11)
	for i := range many {
		many[i] = &discordgo.MessageEmbed{Title: "t"}
	}
	tests := []struct {
		name     string
		msg      discordgo.MessageSend
		wantCode int // 0: accepted
	}{
		{"ok", discordgo.MessageSend{Content: "hello"}, 0},
		{"2000 characters", discordgo.MessageSend{Content: strings.Repeat("é", 2000)}, 0},
		{"2001 characters", discordgo.MessageSend{Content: strings.Repeat("é", 2001)}, 50035},
		{"empty", discordgo.MessageSend{}, 50006},
		{"eleven embeds", discordgo.MessageSend{Embeds: many}, 50035},
		{"long description", discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Description: strings.Repeat("x", 4097)}}}, 50035},
		{"embeds over 6000", discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{
			{Description: strings.Repeat("x", 4000)}, {Description: strings.Repeat("x", 2001)}}}, 50035},
		{"empty field value", discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Fields: []*discordgo.MessageEmbedField{{Name: "n"}}}}}, 50035},
	}
	srv := discordtest.New(t, discordtest.Options{})
	srv.AddChannel(guildID, channelID, "news")
	s := restSession(t, srv)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.ChannelMessageSendComplex(channelID, &tc.msg)
			if tc.wantCode == 0 && err != nil {
				t.Errorf("rejected: %v", err)
			}
			if tc.wantCode != 0 && restCode(err) != tc.wantCode {
				t.Errorf("error = %v, want code %d", err, tc.wantCode)
			}
		})
	}
}

func TestThreadsDMsAndMembers(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{})
	srv.AddChannel(guildID, channelID, "news")
	s := restSession(t, srv)

	q := srv.Message(guildID, channelID, alice, "what happened?", true)
	th, err := s.MessageThreadStart(channelID, q.ID, "what happened?", 60)
	if err != nil {
		t.Fatal(err)
	}
	if th.ID != q.ID || th.Type != discordgo.ChannelTypeGuildPublicThread || th.ParentID != channelID || th.GuildID != guildID {
		t.Errorf("thread = %+v", th)
	}
	if _, err := s.MessageThreadStart(channelID, q.ID, "twice", 60); restCode(err) != 160004 {
		t.Errorf("second thread on a message: %v", err)
	}
	if _, err := s.ChannelMessageSend(th.ID, "answer in thread"); err != nil {
		t.Errorf("post in thread: %v", err)
	}
	if ms := srv.ChannelMessages(th.ID); len(ms) != 1 || ms[0]["guild_id"] != guildID {
		t.Errorf("thread messages = %v", ms)
	}
	free, err := s.ThreadStartComplex(channelID, &discordgo.ThreadStart{Name: "digest", Type: discordgo.ChannelTypeGuildPublicThread})
	if err != nil || free.ID == q.ID || free.Type != discordgo.ChannelTypeGuildPublicThread {
		t.Errorf("thread without message = %+v, %v", free, err)
	}
	if _, err := s.MessageThreadStart(th.ID, q.ID, "nested", 60); restCode(err) != 50024 {
		t.Errorf("thread in a thread: %v", err)
	}

	dm, err := s.UserChannelCreate(alice.ID)
	if err != nil || dm.Type != discordgo.ChannelTypeDM || len(dm.Recipients) != 1 || dm.Recipients[0].Username != "alice" {
		t.Fatalf("DM = %+v, %v", dm, err)
	}
	if again, _ := s.UserChannelCreate(alice.ID); again == nil || again.ID != dm.ID {
		t.Errorf("second DM channel = %+v, want %s", again, dm.ID)
	}
	if _, err := s.ChannelMessageSend(dm.ID, "your digest"); err != nil {
		t.Errorf("post to DM: %v", err)
	}

	mem, err := s.GuildMember(guildID, alice.ID)
	if err != nil || mem.User.ID != alice.ID || mem.User.Username != "alice" {
		t.Errorf("member = %+v, %v", mem, err)
	}
	if _, err := s.GuildMember(guildID, "5"); restCode(err) != 10007 {
		t.Errorf("unknown member: %v", err)
	}
	ch, err := s.Channel(channelID)
	if err != nil || ch.Name != "news" || ch.GuildID != guildID {
		t.Errorf("channel = %+v, %v", ch, err)
	}
}

func TestComponentsAndAutocomplete(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{})
	srv.AddChannel(guildID, channelID, "news")
	s := restSession(t, srv)

	page, err := s.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
		Content: "page 1",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Next", CustomID: "next", Style: discordgo.PrimaryButton}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	click := srv.ButtonClick(guildID, channelID, alice, "next", page.ID)
	if click.Type != discordgo.InteractionMessageComponent || click.MessageComponentData().CustomID != "next" ||
		click.Message == nil || click.Message.Content != "page 1" {
		t.Fatalf("click = %+v", click)
	}
	err = s.InteractionRespond(click, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: "page 2"}})
	if err != nil {
		t.Fatal(err)
	}
	if ms := srv.ChannelMessages(channelID); len(ms) != 1 || ms[0]["content"] != "page 2" {
		t.Errorf("after update = %v", ms)
	}
	if o, ok := srv.OriginalResponse(click.Token); !ok || o["id"] != page.ID {
		t.Errorf("component original = %v", o)
	}

	ac := srv.SlashCommand(guildID, channelID, alice, "ask", discordtest.Focused("question", "elec"))
	if ac.Type != discordgo.InteractionApplicationCommandAutocomplete || !ac.ApplicationCommandData().Options[0].Focused {
		t.Fatalf("autocomplete = %+v", ac)
	}
	wrong := s.InteractionRespond(ac, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "no"}})
	if restCode(wrong) != 50035 {
		t.Errorf("message answer to autocomplete: %v", wrong)
	}
	err = s.InteractionRespond(ac, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "election results", Value: "election results"}}}})
	if err != nil {
		t.Fatal(err)
	}
	typ, data, ok := srv.Callback(ac.Token)
	if !ok || typ != 8 || len(data["choices"].([]any)) != 1 {
		t.Errorf("callback = %d %v", typ, data)
	}

	sub := srv.SlashCommand(guildID, channelID, alice, "sources", discordtest.SubCommand("add", discordtest.StringOption("url", "https://example.com/feed")))
	opt := sub.ApplicationCommandData().Options[0]
	if opt.Type != discordgo.ApplicationCommandOptionSubCommand || opt.Name != "add" || opt.GetOption("url").StringValue() != "https://example.com/feed" {
		t.Errorf("sub-command = %+v", opt)
	}
}

func TestMentionsAndAttachments(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{})
	s := restSession(t, srv)

	q := srv.Message(guildID, channelID, alice, "any news on the port strike?", true)
	if len(q.Mentions) != 1 || q.Mentions[0].ID != srv.BotUserID() || !strings.HasPrefix(q.Content, "<@"+srv.BotUserID()+"> ") {
		t.Errorf("mention message = %q mentions %+v", q.Content, q.Mentions)
	}
	if q.Member == nil || q.GuildID != guildID || q.Author.ID != alice.ID {
		t.Errorf("message context = %+v", q)
	}
	if _, err := s.ChannelMessageSendReply(channelID, "pinging reply", q.Reference()); err != nil {
		t.Fatal(err)
	}
	_, err := s.ChannelMessageSendComplex(channelID, &discordgo.MessageSend{
		Content: "quiet reply", Reference: q.Reference(), AllowedMentions: &discordgo.MessageAllowedMentions{},
		Files: []*discordgo.File{{Name: "sources.txt", ContentType: "text/plain", Reader: bytes.NewReader([]byte("[1] example"))}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var loud, quiet discordtest.Request
	for _, r := range srv.Requests() {
		switch r.Content() {
		case "pinging reply":
			loud = r
		case "quiet reply":
			quiet = r
		}
	}
	if !loud.MayPing() || quiet.MayPing() {
		t.Errorf("MayPing: loud %v quiet %v", loud.MayPing(), quiet.MayPing())
	}
	if len(quiet.Files) != 1 || quiet.Files[0].Name != "sources.txt" || string(quiet.Files[0].Data) != "[1] example" {
		t.Errorf("files = %+v", quiet.Files)
	}
	ms := srv.ChannelMessages(channelID)
	if len(ms) != 3 || int(ms[1]["type"].(float64)) != 19 || len(ms[2]["attachments"].([]any)) != 1 {
		t.Errorf("messages = %v", ms)
	}
	if _, err := s.ChannelMessageEdit(channelID, q.ID, "hijack"); restCode(err) != 50005 {
		t.Errorf("editing a user's message: %v", err)
	}
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func newClock(t time.Time) *clock    { return &clock{t: t} }
func respondText(s string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: s}}
}

func TestInteractionTimeoutAndClock(t *testing.T) {
	start := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	clk := newClock(start)
	srv := discordtest.New(t, discordtest.Options{Now: clk.Now, InteractionTimeout: 3 * time.Second})
	s := restSession(t, srv)

	fast := srv.SlashCommand(guildID, channelID, alice, "ask")
	slow := srv.SlashCommand(guildID, channelID, alice, "ask")
	clk.Add(2 * time.Second)
	if err := s.InteractionRespond(fast, respondText("in time")); err != nil {
		t.Errorf("answer within 3s: %v", err)
	}
	clk.Add(2 * time.Second)
	if err := s.InteractionRespond(slow, respondText("too late")); restCode(err) != 10062 {
		t.Errorf("answer after 4s: %v, want 10062 Unknown interaction", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || !reqs[0].At.Equal(start.Add(2*time.Second)) {
		t.Errorf("request times = %v", reqs)
	}
	o, _ := srv.OriginalResponse(fast.Token)
	if o["timestamp"] != start.Add(2*time.Second).Format(time.RFC3339Nano) {
		t.Errorf("original timestamp = %v", o["timestamp"])
	}
}

func TestRawRoutes(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{})
	client := srv.HTTPClient()
	tests := []struct {
		method, url, auth string
		want              int
		bodyHas           string
	}{
		{"GET", "https://discord.com/api/v10/users/@me", "Bot " + discordtest.DefaultToken, 200, `"bot":true`},
		{"GET", "https://discord.com/api/v9/users/@me", "", 401, `401: Unauthorized`},
		{"GET", "https://discord.com/api/v9/gateway", "", 200, srv.GatewayURL()},
		{"GET", "https://discord.com/api/v9/gateway/bot", "Bot " + discordtest.DefaultToken, 200, `"shards":1`},
		{"GET", "https://discord.com/api/v9/nowhere", "Bot " + discordtest.DefaultToken, 404, `404: Not Found`},
		{"POST", "https://discord.com/api/v9/interactions/1/nope/callback", "", 404, `10062`},
		{"PATCH", "https://discord.com/api/v9/webhooks/" + srv.AppID() + "/nope/messages/@original", "", 404, `10015`},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.url, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, tc.url, strings.NewReader(`{"type":4,"data":{"content":"x"}}`))
			req.Header.Set("Content-Type", "application/json")
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.want || !strings.Contains(string(body), tc.bodyHas) {
				t.Errorf("got %d %s, want %d containing %q", resp.StatusCode, body, tc.want, tc.bodyHas)
			}
		})
	}
}

func TestReactions(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{})
	srv.AddChannel(guildID, channelID, "news")
	s := restSession(t, srv)
	m := srv.Message(guildID, channelID, discordtest.UserSpec{ID: "700000000000000009", Name: "ann"}, "thanks!", false)
	for range 2 {
		if err := s.MessageReactionAdd(channelID, m.ID, "👍"); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.Reactions(m.ID); len(got) != 1 || got[0] != "👍" {
		t.Errorf("reactions = %q, want one 👍", got)
	}
	var re *discordgo.RESTError
	if err := s.MessageReactionAdd(channelID, "1", "👍"); !errors.As(err, &re) || re.Message == nil || re.Message.Code != 10008 {
		t.Errorf("reaction to an unknown message: %v", err)
	}
	srv.FailChannel(channelID, http.StatusForbidden)
	if err := s.MessageReactionAdd(channelID, m.ID, "🙏"); !errors.As(err, &re) || re.Response.StatusCode != 403 {
		t.Errorf("reaction without access: %v", err)
	}
}
