package bot_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/ingest"
)

// healFollower is the real ingester and poller behind the bot's
// FeedFollower, FeedRetrier and OPMLImporter, as cmd/newsbot wires them.
type healFollower struct {
	in *ingest.Ingester
	p  *ingest.Poller
}

var (
	_ bot.FeedRetrier  = healFollower{}
	_ bot.OPMLImporter = healFollower{}
)

func (f healFollower) FollowFeed(ctx context.Context, raw string) (data.Feed, error) {
	feed, _, err := f.in.FollowFeed(ctx, raw)
	return feed, err
}

func (f healFollower) RetryFeed(ctx context.Context, id int64) (data.Feed, error) {
	return f.p.Retry(ctx, id)
}

func (f healFollower) ImportOPMLFeeds(ctx context.Context, r io.Reader) ([]data.Feed, []ingest.Failure, error) {
	return f.in.ImportOPMLFeeds(ctx, r)
}

// flakyFeed is a feed server on loopback that answers 503 while down is
// set, and counts its requests.
type flakyFeed struct {
	srv  *httptest.Server
	down atomic.Bool
	hits atomic.Int32
}

func newFlakyFeed(t *testing.T) *flakyFeed {
	t.Helper()
	ff := &flakyFeed{}
	ff.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ff.hits.Add(1)
		if ff.down.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Ledger</title>
<item><title>Dock strike ends</title><link>https://ledger.example/strike</link><description>The dockers went back to work on Monday.</description></item>
</channel></rss>`)
	}))
	t.Cleanup(ff.srv.Close)
	return ff
}

// healBot is a bot on the fake Discord in two servers, over a real store,
// ingester and poller whose clock the test moves.
type healBot struct {
	*harness
	st     *data.Store
	poller *ingest.Poller
	feed   *flakyFeed
}

func startHealBot(t *testing.T, tweak func(*bot.Config)) *healBot {
	t.Helper()
	st := openStore(t)
	c := newClock(asOf)
	fetcher := fetch.New(fetch.Options{AllowPrivate: true, Now: c.Now, Timeout: 5 * time.Second})
	in := &ingest.Ingester{Store: st, Fetcher: fetcher}
	p := &ingest.Poller{Store: st, Fetcher: fetcher, Handle: in.HandleFeed, Now: c.Now, Rand: func() float64 { return 0.5 }, MaxFailures: 2}
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{guild, guildB}})
	srv.AddChannel(guild, channel, "news")
	srv.AddChannel(guildB, channelB, "news")
	cfg := bot.Config{Token: discordtest.DefaultToken, HTTPClient: srv.HTTPClient(), Now: c.Now, DigestEvery: -1, UserRate: -1, GuildRate: -1}
	if tweak != nil {
		tweak(&cfg)
	}
	b, err := bot.New(cfg, newRecordingService(), st, healFollower{in, p})
	if err != nil {
		t.Fatal(err)
	}
	p.Notify = b
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{srv: srv, bot: b, store: st, clock: c, stop: cancel, done: make(chan error, 1)}
	go func() { h.done <- b.Run(ctx) }()
	<-b.Ready()
	t.Cleanup(h.shutdown)
	return &healBot{harness: h, st: st, poller: p, feed: newFlakyFeed(t)}
}

// admin runs /newsbot-admin feeds <sub> in a server and returns the reply.
func (hb *healBot) admin(t *testing.T, guildID, channelID string, user discordtest.UserSpec, sub discordtest.Option) string {
	t.Helper()
	in := hb.srv.SlashCommand(guildID, channelID, user, "newsbot-admin", discordtest.SubCommandGroup("feeds", sub))
	return hb.waitReply(t, in.Token)
}

// pollDue moves the clock to the feed's next poll and polls.
func (hb *healBot) pollDue(t *testing.T, id int64) data.Feed {
	t.Helper()
	f, err := hb.st.Feed(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	hb.clock.Set(f.NextPoll)
	if _, err := hb.poller.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	f, err = hb.st.Feed(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// posted returns the texts of the bot's messages in a channel that
// contain want.
func posted(srv *discordtest.Server, channelID, want string) []string {
	var out []string
	for _, m := range srv.ChannelMessages(channelID) {
		if s := embedText(m); strings.Contains(s, want) {
			out = append(out, s)
		}
	}
	return out
}

var adminB = discordtest.UserSpec{ID: "700000000000000003", Name: "rootb", Admin: true}

// TestFeedDisabledThenRecovers follows one feed in two servers; it fails
// until the poller disables it, keeps failing its probes and an admin's
// retry, then works again at a probe. Each server is told once that it was
// disabled and once that it recovered: server A in the channel where it
// added the feed, server B, whose channel the bot may no longer post in,
// by a direct message to the admin who added it.
func TestFeedDisabledThenRecovers(t *testing.T) {
	hb := startHealBot(t, nil)
	url := hb.feed.srv.URL + "/rss"
	add := discordtest.SubCommand("add", discordtest.StringOption("url", url))
	if got := hb.admin(t, guild, channel, admin, add); !strings.Contains(got, "Following Harbour Ledger") {
		t.Fatalf("add in A: %s", got)
	}
	if got := hb.admin(t, guildB, channelB, adminB, add); !strings.Contains(got, "Following Harbour Ledger") {
		t.Fatalf("add in B: %s", got)
	}
	f, err := hb.st.FeedByURL(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	hb.srv.FailChannel(channelB, http.StatusForbidden)

	hb.feed.down.Store(true)
	hb.pollDue(t, f.ID)
	if f = hb.pollDue(t, f.ID); !f.Disabled {
		t.Fatalf("after 2 failures: %+v", f)
	}
	// Probes that fail tell nobody again.
	hb.pollDue(t, f.ID)
	if got := hb.admin(t, guild, channel, admin, discordtest.SubCommand("retry", discordtest.StringOption("feed", strconv.FormatInt(f.ID, 10)))); !strings.Contains(got, "still fails: the server answered 503 Service Unavailable. It stays disabled") {
		t.Errorf("retry while down: %s", got)
	}
	list := hb.waitReply(t, hb.srv.SlashCommand(guild, channel, alice, "feeds").Token)
	if !strings.Contains(list, "⛔ disabled: disabled after 4 failures") {
		t.Errorf("feeds list: %s", list)
	}

	hb.feed.down.Store(false)
	if f = hb.pollDue(t, f.ID); f.Disabled || f.Failures != 0 {
		t.Fatalf("after the probe that worked: %+v", f)
	}
	hb.pollDue(t, f.ID)

	if got := posted(hb.srv, channel, "Feed disabled: Harbour Ledger"); len(got) != 1 ||
		!strings.Contains(got[0], "after 2 failed attempts: disabled after 2 failures: the server answered 503") ||
		!strings.Contains(got[0], "/newsbot-admin feeds retry") {
		t.Errorf("server A told of the disabling %d times: %q", len(got), got)
	}
	if got := posted(hb.srv, channel, "Feed back: Harbour Ledger"); len(got) != 1 {
		t.Errorf("server A told of the recovery %d times: %q", len(got), got)
	}
	dm := dmChannel(t, hb.srv, adminB.ID)
	if got := posted(hb.srv, dm, "Feed disabled: Harbour Ledger"); len(got) != 1 {
		t.Errorf("admin B told of the disabling %d times: %q", len(got), got)
	}
	if got := posted(hb.srv, dm, "Feed back: Harbour Ledger"); len(got) != 1 {
		t.Errorf("admin B told of the recovery %d times: %q", len(got), got)
	}
	if got := posted(hb.srv, dmChannel(t, hb.srv, admin.ID), "Feed"); len(got) != 0 {
		t.Errorf("admin A, told in the channel, was sent DMs too: %q", got)
	}
	checkNoPings(t, hb.srv)
}

// TestFeedsAddOfDisabledFeedReprobes checks that adding a disabled feed
// fetches it again at once: while it fails the server follows it and is
// told it is disabled; once it works it is enabled again.
func TestFeedsAddOfDisabledFeedReprobes(t *testing.T) {
	hb := startHealBot(t, nil)
	url := hb.feed.srv.URL + "/rss"
	add := discordtest.SubCommand("add", discordtest.StringOption("url", url))
	hb.admin(t, guild, channel, admin, add)
	f, _ := hb.st.FeedByURL(context.Background(), url)
	hb.feed.down.Store(true)
	hb.pollDue(t, f.ID)
	hb.pollDue(t, f.ID)

	before := hb.feed.hits.Load()
	got := hb.admin(t, guildB, channelB, adminB, add)
	if !strings.Contains(got, "it is disabled: disabled after 3 failures: the server answered 503") || !strings.Contains(got, "tried it again just now and it still fails") {
		t.Errorf("add of a disabled feed that still fails: %s", got)
	}
	if hb.feed.hits.Load() != before+1 {
		t.Errorf("add fetched the feed %d times, want once", hb.feed.hits.Load()-before)
	}
	if feeds, _ := hb.st.GuildFeeds(context.Background(), guildB); len(feeds) != 1 {
		t.Errorf("server B follows %d feeds, want the disabled one", len(feeds))
	}

	hb.feed.down.Store(false)
	hb.srv.AddChannel(guildB, "600000000000000009", "other")
	got = hb.admin(t, guildB, "600000000000000009", adminB, add)
	if !strings.Contains(got, "already follows") {
		t.Errorf("second add in B: %s", got)
	}
	if f, _ = hb.st.Feed(context.Background(), f.ID); f.Disabled {
		t.Errorf("the add that found it working left it disabled: %+v", f)
	}
	// Both servers hear of the recovery where they added the feed.
	hb.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "POST" && r.Path == "/channels/"+channelB+"/messages" && strings.Contains(embedText(r.Body), "Feed back")
	})
	if got := posted(hb.srv, channel, "Feed back: Harbour Ledger"); len(got) != 1 {
		t.Errorf("server A told of the recovery %d times", len(got))
	}
}

// TestFeedsRetryNeedsAdminAndAutocompletes checks the retry subcommand's
// registration: admin only, with the server's feeds offered.
func TestFeedsRetryNeedsAdminAndAutocompletes(t *testing.T) {
	hb := startHealBot(t, nil)
	url := hb.feed.srv.URL + "/rss"
	hb.admin(t, guild, channel, admin, discordtest.SubCommand("add", discordtest.StringOption("url", url)))
	ac := hb.srv.SlashCommand(guild, channel, admin, "newsbot-admin", discordtest.SubCommandGroup("feeds", discordtest.SubCommand("retry", discordtest.Focused("feed", "harbour"))))
	hb.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, ac.Token) && r.Callback() == 8 })
	_, d, _ := hb.srv.Callback(ac.Token)
	if choices, _ := d["choices"].([]any); len(choices) != 1 {
		t.Errorf("retry choices = %v", d)
	}
	// Server B follows nothing: it is offered nothing.
	ac = hb.srv.SlashCommand(guildB, channelB, adminB, "newsbot-admin", discordtest.SubCommandGroup("feeds", discordtest.SubCommand("retry", discordtest.Focused("feed", ""))))
	hb.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, ac.Token) && r.Callback() == 8 })
	if _, d, _ = hb.srv.Callback(ac.Token); d["choices"] != nil && len(d["choices"].([]any)) != 0 {
		t.Errorf("server B offered %v", d["choices"])
	}
	in := hb.srv.SlashCommand(guild, channel, alice, "newsbot-admin", discordtest.SubCommandGroup("feeds", discordtest.SubCommand("retry", discordtest.StringOption("feed", "1"))))
	hb.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, in.Token) && r.Callback() == 4 })
	if _, d, _ := hb.srv.Callback(in.Token); !strings.Contains(embedText(d), "Manage Server") {
		t.Errorf("member's retry: %v", d)
	}
	if got := hb.admin(t, guild, channel, admin, discordtest.SubCommand("retry", discordtest.StringOption("feed", "1"))); !strings.Contains(got, "Retried Harbour Ledger") || !strings.Contains(got, "it works") {
		t.Errorf("retry of a healthy feed: %s", got)
	}
}

// dmChannel is the ID of the fake's DM channel with a user that the bot
// posted in, "" when there is none.
func dmChannel(t *testing.T, srv *discordtest.Server, userID string) string {
	t.Helper()
	for _, r := range srv.Requests() {
		rest, isChannel := strings.CutPrefix(r.Path, "/channels/")
		id, isPost := strings.CutSuffix(rest, "/messages")
		if !isChannel || !isPost || r.Method != "POST" {
			continue
		}
		if c, ok := srv.Channel(id); ok && c.Type == discordgo.ChannelTypeDM && len(c.Recipients) == 1 && c.Recipients[0].ID == userID {
			return id
		}
	}
	return ""
}
