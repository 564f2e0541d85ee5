package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// alertWorld is the real stack with three outlets' feeds followed by
// server A and one by server B, and a way to publish articles into them.
type alertWorld struct {
	stack            *answerStack
	in               *ingest.Ingester
	ledger, courier  data.Feed
	herald, wire     data.Feed
	alertsA, alertsB string
	srv              *discordtest.Server
}

func openAlertWorld(t *testing.T) *alertWorld {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := data.OpenStore(ctx, filepath.Join(dir, "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := retrieval.Open(ctx, filepath.Join(dir, "index"), st, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := &alertWorld{stack: &answerStack{Store: st, Index: ix}, in: &ingest.Ingester{Store: st, Index: ix},
		alertsA: "610000000000000011", alertsB: "610000000000000012"}
	t.Cleanup(func() { w.stack.Close() })
	w.stack.Service, err = summarize.New(summarize.Config{Search: ix, Store: st, Now: func() time.Time { return asOf }})
	if err != nil {
		t.Fatal(err)
	}
	feed := func(url, title, gid string) data.Feed {
		f, err := st.AddFeed(ctx, data.Feed{URL: url, Title: title, Interval: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddGuildFeed(ctx, gid, f.ID); err != nil {
			t.Fatal(err)
		}
		return f
	}
	w.ledger = feed("https://ledger.example/feed.xml", "The Daily Ledger", guild)
	w.courier = feed("https://courier.example/feed.xml", "The Courier", guild)
	w.herald = feed("https://herald.example/feed.xml", "The Herald", guild)
	w.wire = feed("https://wire.example/feed.xml", "Wire", guildB)
	w.srv = discordtest.New(t, discordtest.Options{Guilds: []string{guild, guildB}})
	w.srv.AddChannel(guild, channel, "news")
	w.srv.AddChannel(guild, w.alertsA, "alerts")
	w.srv.AddChannel(guildB, channelB, "news")
	w.srv.AddChannel(guildB, w.alertsB, "alerts")
	return w
}

// publish stores articles as the poller would.
func (w *alertWorld) publish(t *testing.T, arts ...data.Article) {
	t.Helper()
	if _, err := w.in.StoreArticles(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
}

// harbour is one outlet's article about the harbour strike, published at.
func harbour(f data.Feed, outlet, slug string, at time.Time) data.Article {
	return data.Article{
		URL: strings.TrimSuffix(f.URL, "feed.xml") + slug, Title: "Zephyr harbour dockers strike over night shifts", Source: outlet, FeedID: f.ID, Published: at,
		Text: "Dockers at the Zephyr harbour walked out on Tuesday over new night shifts. The strike halted the loading of forty ships, the harbour authority said. " +
			"Union leaders said the walkout would last until the shift rota is withdrawn.",
	}
}

// start connects a bot to the world's fake Discord, its alert loop off so
// that the test ticks it.
func (w *alertWorld) start(t *testing.T) *harness {
	t.Helper()
	return startBot(t, w.srv, w.stack.Service, w.stack.Store, func(c *bot.Config) {
		c.GuildID = ""
		c.AlertEvery = -1
	})
}

// alertCmd runs /newsbot-admin alerts <sub> and returns the reply's text:
// the final reply, or a refusal before any work (an immediate ephemeral
// callback).
func alertCmd(t *testing.T, h *harness, gid, cid string, user discordtest.UserSpec, sub string, opts ...discordtest.Option) string {
	t.Helper()
	in := h.srv.SlashCommand(gid, cid, user, "newsbot-admin", discordtest.SubCommandGroup("alerts", discordtest.SubCommand(sub, opts...)))
	r := h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return strings.Contains(r.Path, in.Token) && r.Callback() == 4 ||
			r.Method == "PATCH" && strings.Contains(r.Path, "/"+in.Token+"/messages/@original") && !isPartial(r.Body) ||
			r.Method == "POST" && strings.HasPrefix(r.Path, "/webhooks/") && strings.HasSuffix(r.Path, "/"+in.Token)
	})
	if r.Callback() == 4 {
		d, _ := r.Body["data"].(map[string]any)
		return embedText(d)
	}
	return embedText(r.Body)
}

func channelOption(id string) discordtest.Option {
	return discordtest.Option{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: id}
}

// texts are the texts of a channel's messages.
func texts(srv *discordtest.Server, cid string) []string {
	var out []string
	for _, m := range srv.ChannelMessages(cid) {
		out = append(out, embedText(m))
	}
	return out
}

func TestAlertPostsAStoryOnceAndAddsLaterCoverage(t *testing.T) {
	ctx := context.Background()
	w := openAlertWorld(t)
	h := w.start(t)

	// Only admins may add alerts, also when a member calls the command.
	if got := alertCmd(t, h, guild, channel, alice, "add", channelOption(w.alertsA), discordtest.IntegerOption("min_outlets", 2)); !strings.Contains(got, "You need the Manage Server permission") {
		t.Fatalf("non-admin alerts add: %q", got)
	}
	if got := alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA), discordtest.IntegerOption("min_outlets", 2)); !strings.Contains(got, "Alert #1 added") ||
		!strings.Contains(got, "stories covered by at least 2 outlets in <#"+w.alertsA+">") {
		t.Fatalf("alerts add: %q", got)
	}
	// Server B wants every story of its own feeds.
	if got := alertCmd(t, h, guildB, channelB, admin, "add", channelOption(w.alertsB), discordtest.IntegerOption("min_outlets", 1)); !strings.Contains(got, "Alert #2 added") {
		t.Fatalf("server B's alerts add: %q", got)
	}
	if as, _ := w.stack.Store.GuildAlerts(ctx, guild); len(as) != 1 {
		t.Fatalf("server A has %d alerts after a member's refused add, want 1", len(as))
	}

	// A story breaks in two of A's outlets; B's feed has news of its own.
	at := asOf.Add(10 * time.Minute)
	w.publish(t,
		harbour(w.ledger, "The Daily Ledger", "harbour-strike", at),
		harbour(w.courier, "The Courier", "zephyr-dockers", at.Add(10*time.Minute)),
		data.Article{URL: "https://ledger.example/budget", Title: "City council passes the budget", Source: "The Daily Ledger", FeedID: w.ledger.ID, Published: at,
			Text: "The city council passed next year's budget on Tuesday after a long debate about bus fares and libraries."},
		data.Article{URL: "https://wire.example/quillon-melt", Title: "Quillon glacier melt sets a record", Source: "Wire", FeedID: w.wire.ID, Published: at,
			Text: "The Quillon glacier melted faster this year than in any year on record, scientists at the new observatory said. The glacier lost twelve metres of ice."},
	)
	tick := asOf.Add(time.Hour)
	if got := h.bot.TickAlerts(ctx, tick); got.Posted != 2 || got.Updated != 0 {
		t.Fatalf("first tick = %+v, want 2 posted (one per server)", got)
	}
	a := texts(w.srv, w.alertsA)
	if len(a) != 1 {
		t.Fatalf("server A's alert channel has %d messages, want 1: %q", len(a), a)
	}
	for _, want := range []string{"Zephyr harbour dockers strike", "Covered by 2 outlets", "The Daily Ledger", "The Courier",
		"https://ledger.example/harbour-strike", "https://courier.example/zephyr-dockers"} {
		if !strings.Contains(a[0], want) {
			t.Errorf("server A's alert lacks %q:\n%s", want, a[0])
		}
	}
	if strings.Contains(a[0], "budget") || strings.Contains(a[0], "Quillon") {
		t.Errorf("server A's alert shows a story it should not:\n%s", a[0])
	}
	b := texts(w.srv, w.alertsB)
	if len(b) != 1 || !strings.Contains(b[0], "Quillon glacier") {
		t.Fatalf("server B's alert channel = %q, want the glacier story", b)
	}
	for _, mark := range []string{"harbour", "Ledger", "Courier", "ledger.example", "budget"} {
		if strings.Contains(b[0], mark) {
			t.Errorf("server B's alert shows server A's %q:\n%s", mark, b[0])
		}
	}

	// A second check posts nothing new.
	if got := h.bot.TickAlerts(ctx, tick.Add(time.Minute)); got != (bot.AlertTick{}) {
		t.Fatalf("second tick = %+v, want nothing", got)
	}
	if n := len(w.srv.ChannelMessages(w.alertsA)); n != 1 {
		t.Fatalf("after the second tick server A's channel has %d messages", n)
	}

	// A third outlet covers the story: the post is edited, not repeated.
	posted := w.srv.ChannelMessages(w.alertsA)[0]["id"].(string)
	w.publish(t, harbour(w.herald, "The Herald", "harbour-walkout", at.Add(80*time.Minute)))
	if got := h.bot.TickAlerts(ctx, tick.Add(time.Hour)); got.Posted != 0 || got.Updated != 1 {
		t.Fatalf("tick after later coverage = %+v, want 1 updated", got)
	}
	msgs := w.srv.ChannelMessages(w.alertsA)
	if len(msgs) != 1 || msgs[0]["id"] != posted {
		t.Fatalf("later coverage made %d messages, want the one post edited", len(msgs))
	}
	edited := embedText(msgs[0])
	for _, want := range []string{"Covered by 3 outlets", "The Herald", "https://herald.example/harbour-walkout", "The Courier", "Updated <t:"} {
		if !strings.Contains(edited, want) {
			t.Errorf("edited alert lacks %q:\n%s", want, edited)
		}
	}
	w.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && r.Path == "/channels/"+w.alertsA+"/messages/"+posted
	})

	// A restart on the same store posts nothing again.
	h.shutdown()
	h2 := w.start(t)
	if got := h2.bot.TickAlerts(ctx, tick.Add(time.Hour+time.Minute)); got != (bot.AlertTick{}) {
		t.Fatalf("tick after restart = %+v, want nothing", got)
	}
	if n := len(w.srv.ChannelMessages(w.alertsA)); n != 1 {
		t.Fatalf("after restart server A's channel has %d messages", n)
	}
	checkNoPings(t, w.srv)
}

func TestAlertsListAndRemoveStayInTheirServer(t *testing.T) {
	w := openAlertWorld(t)
	h := w.start(t)
	if got := alertCmd(t, h, guild, channel, admin, "list"); !strings.Contains(got, "No alerts") {
		t.Errorf("empty list: %q", got)
	}
	if got := alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA), discordtest.StringOption("topic", "harbour strike"), discordtest.IntegerOption("min_outlets", 3)); !strings.Contains(got, "stories about harbour strike covered by at least 3 outlets") {
		t.Fatalf("alerts add: %q", got)
	}
	if got := alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA)); !strings.Contains(got, "Give a topic, a number of outlets") {
		t.Errorf("alerts add without a condition: %q", got)
	}
	if got := alertCmd(t, h, guild, channel, admin, "list"); !strings.Contains(got, "#1") || !strings.Contains(got, "harbour strike") {
		t.Errorf("list: %q", got)
	}
	if got := alertCmd(t, h, guildB, channelB, admin, "list"); !strings.Contains(got, "No alerts") {
		t.Errorf("server B lists server A's alerts: %q", got)
	}
	if got := alertCmd(t, h, guildB, channelB, admin, "remove", discordtest.IntegerOption("alert", 1)); !strings.Contains(got, "This server has no alert #1") {
		t.Errorf("server B removed server A's alert: %q", got)
	}
	if got := alertCmd(t, h, guild, channel, alice, "remove", discordtest.IntegerOption("alert", 1)); !strings.Contains(got, "You need the Manage Server permission") {
		t.Errorf("a member removed an alert: %q", got)
	}
	if got := alertCmd(t, h, guild, channel, admin, "remove", discordtest.IntegerOption("alert", 1)); !strings.Contains(got, "Alert #1 removed") {
		t.Errorf("remove: %q", got)
	}
	if got := alertCmd(t, h, guild, channel, admin, "list"); !strings.Contains(got, "No alerts") {
		t.Errorf("list after remove: %q", got)
	}
}

func TestAlertMatchesItsTopicWithAllTheStorysOutlets(t *testing.T) {
	ctx := context.Background()
	w := openAlertWorld(t)
	h := w.start(t)
	if got := alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA), discordtest.StringOption("topic", "dockers strike")); !strings.Contains(got, "Alert #1 added") {
		t.Fatalf("alerts add: %q", got)
	}
	at := asOf.Add(10 * time.Minute)
	w.publish(t,
		harbour(w.ledger, "The Daily Ledger", "harbour-strike", at),
		harbour(w.courier, "The Courier", "zephyr-dockers", at.Add(5*time.Minute)),
		data.Article{URL: "https://herald.example/budget", Title: "City council passes the budget", Source: "The Herald", FeedID: w.herald.ID, Published: at,
			Text: "The city council passed next year's budget on Tuesday after a long debate about bus fares and libraries."},
	)
	if got := h.bot.TickAlerts(ctx, asOf.Add(time.Hour)); got.Posted != 1 {
		t.Fatalf("tick = %+v, want the one story on the topic", got)
	}
	a := texts(w.srv, w.alertsA)
	if len(a) != 1 || !strings.Contains(a[0], "News alert: dockers strike") || !strings.Contains(a[0], "Covered by 2 outlets") || strings.Contains(a[0], "budget") {
		t.Fatalf("alert channel = %q", a)
	}
}

func TestAlertSkipsStoriesFromBeforeIt(t *testing.T) {
	ctx := context.Background()
	w := openAlertWorld(t)
	// The story broke an hour before the alert was set.
	before := asOf.Add(-time.Hour)
	w.publish(t, harbour(w.ledger, "The Daily Ledger", "harbour-strike", before), harbour(w.courier, "The Courier", "zephyr-dockers", before))
	h := w.start(t)
	alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA), discordtest.IntegerOption("min_outlets", 2))
	if got := h.bot.TickAlerts(ctx, asOf.Add(time.Minute)); got.Posted != 0 {
		t.Fatalf("tick = %+v, want the backlog left alone", got)
	}
	if n := len(w.srv.ChannelMessages(w.alertsA)); n != 0 {
		t.Fatalf("alert channel has %d messages", n)
	}
}

func TestAlertInAForbiddenChannelTellsItsAdminOnceAndPostsWhenAllowed(t *testing.T) {
	ctx := context.Background()
	w := openAlertWorld(t)
	w.srv.AddMember(guild, admin)
	h := w.start(t)
	alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA), discordtest.IntegerOption("min_outlets", 2))
	at := asOf.Add(10 * time.Minute)
	w.publish(t, harbour(w.ledger, "The Daily Ledger", "harbour-strike", at), harbour(w.courier, "The Courier", "zephyr-dockers", at))
	w.srv.FailChannel(w.alertsA, 403)
	for i := range 2 {
		if got := h.bot.TickAlerts(ctx, asOf.Add(time.Hour+time.Duration(i)*time.Minute)); got.Posted != 0 {
			t.Fatalf("tick %d in a forbidden channel = %+v", i, got)
		}
	}
	var dms []string
	for _, r := range w.srv.Requests() {
		if r.Method == "POST" && strings.Contains(r.Content(), "alert #1") {
			dms = append(dms, r.Content())
		}
	}
	want := "I can't post alert #1's stories in <#" + w.alertsA + ">: Missing Access."
	if len(dms) != 1 || !strings.HasPrefix(dms[0], want) {
		t.Fatalf("DMs to the admin = %q, want one starting %q", dms, want)
	}
	// Once allowed, the story is posted: the failed post was not kept.
	w.srv.ClearFailures()
	if got := h.bot.TickAlerts(ctx, asOf.Add(2*time.Hour)); got.Posted != 1 {
		t.Fatalf("tick once allowed = %+v, want the story posted", got)
	}
}

func TestAlertCaps(t *testing.T) {
	ctx := context.Background()
	w := openAlertWorld(t)
	h := startBot(t, w.srv, w.stack.Service, w.stack.Store, func(c *bot.Config) {
		c.GuildID = ""
		c.AlertEvery = -1
		c.MaxAlerts = 1
		c.AlertsPerTick = 1
	})
	alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA), discordtest.IntegerOption("min_outlets", 1))
	if got := alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA), discordtest.StringOption("topic", "rail")); !strings.Contains(got, "This server has 1 alerts, the most it may have") {
		t.Errorf("alert over MaxAlerts: %q", got)
	}
	if got := alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA), discordtest.IntegerOption("min_outlets", 99)); !strings.Contains(got, "from 1 to 50") {
		t.Errorf("min_outlets 99: %q", got)
	}
	// Two stories break at once: one per check.
	at := asOf.Add(10 * time.Minute)
	w.publish(t, harbour(w.ledger, "The Daily Ledger", "harbour-strike", at),
		data.Article{URL: "https://courier.example/budget", Title: "City council passes the budget", Source: "The Courier", FeedID: w.courier.ID, Published: at,
			Text: "The city council passed next year's budget on Tuesday after a long debate about bus fares and libraries."})
	for i, want := range []int{1, 1, 0} {
		if got := h.bot.TickAlerts(ctx, asOf.Add(time.Hour+time.Duration(i)*time.Minute)); got.Posted != want {
			t.Errorf("tick %d posted %d, want %d", i, got.Posted, want)
		}
	}
	if n := len(w.srv.ChannelMessages(w.alertsA)); n != 2 {
		t.Errorf("channel has %d posts, want 2", n)
	}
}

func TestConcurrentAlertTicksPostAStoryOnce(t *testing.T) {
	ctx := context.Background()
	w := openAlertWorld(t)
	h := w.start(t)
	alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA), discordtest.IntegerOption("min_outlets", 2))
	at := asOf.Add(10 * time.Minute)
	w.publish(t, harbour(w.ledger, "The Daily Ledger", "harbour-strike", at), harbour(w.courier, "The Courier", "zephyr-dockers", at))
	const ticks = 4
	posted := make(chan int, ticks)
	for range ticks {
		go func() { posted <- h.bot.TickAlerts(ctx, asOf.Add(time.Hour)).Posted }()
	}
	total := 0
	for range ticks {
		total += <-posted
	}
	if n := len(w.srv.ChannelMessages(w.alertsA)); total != 1 || n != 1 {
		t.Fatalf("%d concurrent ticks posted %d stories, channel has %d messages; want 1 and 1", ticks, total, n)
	}
}

// TestAlertAbandonedByAProcessIsPostedOnce checks that a story claimed by
// a process that died before posting it (its claim made, no message) is
// posted by the next check once the claim is older than a summary and a
// post take, and only once; before that the claim is left to its owner.
func TestAlertAbandonedByAProcessIsPostedOnce(t *testing.T) {
	ctx := context.Background()
	w := openAlertWorld(t)
	h := w.start(t)
	if got := alertCmd(t, h, guild, channel, admin, "add", channelOption(w.alertsA), discordtest.IntegerOption("min_outlets", 2)); !strings.Contains(got, "Alert #1 added") {
		t.Fatalf("alerts add: %q", got)
	}
	at := asOf.Add(10 * time.Minute)
	arts := []data.Article{harbour(w.ledger, "The Daily Ledger", "harbour-strike", at), harbour(w.courier, "The Courier", "zephyr-dockers", at.Add(10*time.Minute))}
	w.publish(t, arts...)
	als, err := w.stack.Store.GuildAlerts(ctx, guild)
	if err != nil || len(als) != 1 {
		t.Fatalf("alerts %v, %v", als, err)
	}
	// The dead process's claim of the story, an hour after the news.
	tick := asOf.Add(time.Hour)
	var ids []string
	for _, a := range arts {
		a.Normalize()
		ids = append(ids, a.ID)
	}
	if c, err := w.stack.Store.ClaimAlertStory(ctx, als[0].ID, ids, tick, time.Time{}); err != nil || !c.New {
		t.Fatalf("the dead process's claim = %+v, %v", c, err)
	}
	// A minute on, the claim may still be posting: it is left alone.
	if got := h.bot.TickAlerts(ctx, tick.Add(time.Minute)); got != (bot.AlertTick{}) {
		t.Fatalf("tick a minute after the claim = %+v, want nothing", got)
	}
	if n := len(w.srv.ChannelMessages(w.alertsA)); n != 0 {
		t.Fatalf("%d messages while the claim is in time, want none", n)
	}
	// Past a summary's timeout and a post's, it was abandoned: posted.
	if got := h.bot.TickAlerts(ctx, tick.Add(2*time.Minute)); got.Posted != 1 {
		t.Fatalf("tick after the claim was abandoned = %+v, want 1 posted", got)
	}
	for _, next := range []time.Duration{3 * time.Minute, time.Hour} {
		if got := h.bot.TickAlerts(ctx, tick.Add(next)); got.Posted != 0 {
			t.Fatalf("tick %v after the claim = %+v, want nothing posted", next, got)
		}
	}
	if msgs := texts(w.srv, w.alertsA); len(msgs) != 1 || !strings.Contains(msgs[0], "Zephyr harbour dockers strike") {
		t.Fatalf("alert channel = %q, want the story once", msgs)
	}
	checkNoPings(t, w.srv)
}
