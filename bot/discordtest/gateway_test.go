package discordtest_test

import (
	"errors"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/newsbot/newsbot/bot/discordtest"
)

const (
	guildID   = "300000000000000001"
	channelID = "300000000000000002"
)

var alice = discordtest.UserSpec{ID: "400000000000000001", Name: "alice", Admin: true}

// newSession returns a discordgo session pointed at srv, with handlers run
// in order so that tests see events as the gateway sent them.
func newSession(t *testing.T, srv *discordtest.Server, token string) *discordgo.Session {
	t.Helper()
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		t.Fatal(err)
	}
	s.Client = srv.HTTPClient()
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages |
		discordgo.IntentsDirectMessages | discordgo.IntentMessageContent
	s.SyncEvents = true
	s.LogLevel = -1 // the resume test drops sockets on purpose
	return s
}

// open opens s and closes it when the test ends (before the fake stops).
func open(t *testing.T, s *discordgo.Session) {
	t.Helper()
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
}

// recv waits for a value from ch, failing t after 10s.
func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		var zero T
		t.Fatalf("timed out waiting for %T", zero)
		return zero
	}
}

// collect registers a handler that forwards events of type T to a channel.
func collect[T any](s *discordgo.Session) <-chan T {
	ch := make(chan T, 64)
	s.AddHandler(func(_ *discordgo.Session, e T) { ch <- e })
	return ch
}

func TestReadyAndGuilds(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{Token: "tok", Guilds: []string{guildID}})
	srv.AddChannel(guildID, channelID, "news")
	s := newSession(t, srv, "tok")
	// The session's state keeps and later updates these objects, so the
	// handlers copy what the test checks.
	type readyView struct {
		sessionID, userID, appID string
		bot                      bool
		guilds                   []discordgo.Guild
	}
	ready := make(chan readyView, 1)
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		v := readyView{sessionID: r.SessionID}
		if r.User != nil {
			v.userID, v.bot = r.User.ID, r.User.Bot
		}
		if r.Application != nil {
			v.appID = r.Application.ID
		}
		for _, g := range r.Guilds {
			v.guilds = append(v.guilds, discordgo.Guild{ID: g.ID, Unavailable: g.Unavailable})
		}
		ready <- v
	})
	guilds := make(chan []string, 1)
	s.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) {
		ids := []string{g.ID}
		for _, c := range g.Channels {
			ids = append(ids, c.ID)
		}
		guilds <- ids
	})
	open(t, s)

	r := recv(t, ready)
	if r.sessionID == "" || r.userID != srv.BotUserID() || !r.bot || r.appID != srv.AppID() {
		t.Errorf("READY = %+v", r)
	}
	if len(r.guilds) != 1 || r.guilds[0].ID != guildID || !r.guilds[0].Unavailable {
		t.Errorf("READY guilds = %+v", r.guilds)
	}
	if g := recv(t, guilds); len(g) != 2 || g[0] != guildID || g[1] != channelID {
		t.Errorf("GUILD_CREATE guild and channels = %v", g)
	}
	srv.WaitConnected(t)
	id, ok := srv.LastIdentify()
	if !ok || int(id["intents"].(float64)) != int(s.Identify.Intents) || id["token"] != "Bot tok" {
		t.Errorf("IDENTIFY = %v", id)
	}
	if srv.Identifies() != 1 || srv.Resumes() != 0 {
		t.Errorf("identifies %d resumes %d, want 1 0", srv.Identifies(), srv.Resumes())
	}
}

func TestInteractionReachesHandlerAndResponsesAreRecorded(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	s := newSession(t, srv, discordtest.DefaultToken)
	interactions := collect[*discordgo.InteractionCreate](s)
	open(t, s)
	srv.WaitConnected(t)

	sent := srv.SlashCommand(guildID, channelID, alice, "ask", discordtest.StringOption("question", "who won?"))
	got := recv(t, interactions)
	if got.ID != sent.ID || got.Token != sent.Token || got.AppID != srv.AppID() || got.Type != discordgo.InteractionApplicationCommand {
		t.Fatalf("interaction = %+v, sent %+v", got.Interaction, sent)
	}
	data := got.ApplicationCommandData()
	if data.Name != "ask" || data.GetOption("question") == nil || data.GetOption("question").StringValue() != "who won?" {
		t.Errorf("data = %+v", data)
	}
	if got.GuildID != guildID || got.ChannelID != channelID || got.Member == nil || got.Member.User.ID != alice.ID {
		t.Errorf("interaction context = guild %q channel %q member %+v", got.GuildID, got.ChannelID, got.Member)
	}
	if got.Member.Permissions&discordgo.PermissionAdministrator == 0 {
		t.Errorf("admin member permissions = %d", got.Member.Permissions)
	}

	err := s.InteractionRespond(got.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	if err != nil {
		t.Fatalf("defer: %v", err)
	}
	orig, ok := srv.OriginalResponse(got.Token)
	if !ok || int(orig["flags"].(float64))&(1<<7) == 0 {
		t.Errorf("deferred original = %v, want loading flag", orig)
	}
	edited, err := s.InteractionResponseEdit(got.Interaction, &discordgo.WebhookEdit{
		Content:         ptr("The Hawks won [1]."),
		AllowedMentions: &discordgo.MessageAllowedMentions{},
	})
	if err != nil {
		t.Fatalf("edit: %v", err)
	}
	orig, _ = srv.OriginalResponse(got.Token)
	if orig["content"] != "The Hawks won [1]." || int(orig["flags"].(float64)) != 0 || edited.ID != orig["id"] {
		t.Errorf("original after edit = %v (edit returned %q)", orig, edited.ID)
	}

	cb := srv.WaitFor(t, func(r discordtest.Request) bool { return r.Callback() != 0 })
	if cb.Callback() != 5 || cb.Method != "POST" || cb.Path != "/interactions/"+got.ID+"/"+got.Token+"/callback" {
		t.Errorf("callback request = %s %s type %d", cb.Method, cb.Path, cb.Callback())
	}
	patch := srv.WaitFor(t, func(r discordtest.Request) bool { return r.Method == "PATCH" })
	if patch.Path != "/webhooks/"+srv.AppID()+"/"+got.Token+"/messages/@original" || patch.Content() != "The Hawks won [1]." || patch.MayPing() {
		t.Errorf("edit request = %s body %v", patch.Path, patch.Body)
	}

	// Discord allows one callback per interaction.
	err = s.InteractionRespond(got.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "again"}})
	if code := restCode(err); code != 40060 {
		t.Errorf("second callback error = %v, want code 40060", err)
	}
	f, err := s.FollowupMessageCreate(got.Interaction, true, &discordgo.WebhookParams{Content: "more"})
	if err != nil || f.ID == "" || f.Content != "more" {
		t.Fatalf("followup = %+v, %v", f, err)
	}
	if fs := srv.Followups(got.Token); len(fs) != 1 || fs[0]["id"] != f.ID {
		t.Errorf("followups = %v", fs)
	}
}

func TestHeartbeatsAreAcked(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{HeartbeatInterval: 100 * time.Millisecond})
	s := newSession(t, srv, discordtest.DefaultToken)
	open(t, s)
	s.RLock()
	opened := s.LastHeartbeatAck
	s.RUnlock()

	srv.WaitHeartbeats(t, 4)
	// The client records every ACK; without them it would reconnect after
	// five intervals.
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		s.RLock()
		acked := s.LastHeartbeatAck.After(opened)
		s.RUnlock()
		if acked {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("client never saw a heartbeat ACK")
		}
		<-tick.C
	}
	if srv.Identifies() != 1 || srv.Resumes() != 0 {
		t.Errorf("identifies %d resumes %d: the client reconnected", srv.Identifies(), srv.Resumes())
	}
}

func TestDroppedConnectionResumes(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	s := newSession(t, srv, discordtest.DefaultToken)
	messages := collect[*discordgo.MessageCreate](s)
	resumed := collect[*discordgo.Resumed](s)
	open(t, s)
	srv.WaitConnected(t)

	srv.Message(guildID, channelID, alice, "before", false)
	if m := recv(t, messages); m.Content != "before" {
		t.Fatalf("first message = %q", m.Content)
	}

	srv.DropConnections()
	// Sent while the client is away: it must come in the RESUME replay.
	srv.Message(guildID, channelID, alice, "during", false)
	srv.WaitConnected(t)
	recv(t, resumed)
	srv.Message(guildID, channelID, alice, "after", false)

	for _, want := range []string{"during", "after"} {
		if m := recv(t, messages); m.Content != want {
			t.Errorf("message = %q, want %q", m.Content, want)
		}
	}
	select {
	case m := <-messages:
		t.Errorf("unexpected extra message %q (replayed twice?)", m.Content)
	default:
	}
	if srv.Resumes() != 1 || srv.Identifies() != 1 {
		t.Errorf("resumes %d identifies %d, want 1 and 1", srv.Resumes(), srv.Identifies())
	}
}

func TestBadTokenIsRefused(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{Token: "right"})
	s := newSession(t, srv, "wrong")

	err := s.Open()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4004 {
		t.Fatalf("Open with a bad token = %v, want close 4004", err)
	}
	if srv.Identifies() != 1 {
		t.Errorf("identifies = %d", srv.Identifies())
	}
	_, err = s.User("@me")
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response.StatusCode != 401 {
		t.Errorf("REST with a bad token = %v, want 401", err)
	}
}

func TestDispatchBeforeIdentifyIsDeliveredAfterReady(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	in := srv.SlashCommand(guildID, channelID, alice, "digest")
	s := newSession(t, srv, discordtest.DefaultToken)
	interactions := collect[*discordgo.InteractionCreate](s)
	open(t, s)
	if got := recv(t, interactions); got.ID != in.ID {
		t.Errorf("interaction %q, want %q", got.ID, in.ID)
	}
}

func TestEchoBotMessages(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{EchoBotMessages: true})
	srv.AddChannel(guildID, channelID, "news")
	s := newSession(t, srv, discordtest.DefaultToken)
	messages := collect[*discordgo.MessageCreate](s)
	open(t, s)
	srv.WaitConnected(t)

	sent, err := s.ChannelMessageSend(channelID, "digest of the day")
	if err != nil {
		t.Fatal(err)
	}
	m := recv(t, messages)
	if m.ID != sent.ID || m.Author == nil || m.Author.ID != srv.BotUserID() || !m.Author.Bot {
		t.Errorf("echo = %+v author %+v", m.Message, m.Author)
	}
}

func ptr[T any](v T) *T { return &v }

// restCode is the Discord error code in a REST error, or 0.
func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}
