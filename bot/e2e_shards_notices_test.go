package bot_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/summarize"
)

// storyService is a fakeService with one story breaking at asOf, which
// counts the stories it summarises.
func storyService(mu *sync.Mutex, summarised *int) *recordingService {
	svc := newRecordingService()
	art := data.Article{ID: "story-1", URL: "https://wire.example/strike", Title: "Dockers strike", Source: "Wire", Published: asOf}
	svc.StoriesFn = func(context.Context, summarize.StoriesRequest) ([]summarize.StoryGroup, error) {
		return []summarize.StoryGroup{{Articles: []data.Article{art}, Outlets: []string{"Wire"}, Latest: asOf}}, nil
	}
	svc.StoryFn = func(_ context.Context, g summarize.StoryGroup, _ time.Time, _ bool) (summarize.Story, error) {
		mu.Lock()
		*summarised++
		mu.Unlock()
		return summarize.Story{Headline: "Dockers strike", URL: art.URL, Summary: summarize.Answer{Text: "Dockers walked out."},
			Outlets: []string{"Wire"}, ArticleIDs: []string{art.ID}, Latest: asOf}, nil
	}
	return svc
}

func TestAlertsComeFromTheServersShard(t *testing.T) {
	const servers = 12
	ctx := context.Background()
	srv := shardedDiscord(t, servers, discordtest.Options{})
	store := openStore(t)
	ownA := 0
	for i := range servers {
		if _, err := store.AddAlert(ctx, data.Alert{GuildID: shardGuild(i), ChannelID: shardChannel(i), CreatedBy: admin.ID, MinOutlets: 1, CreatedAt: asOf.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if discordtest.ShardOf(shardGuild(i), 4) < 2 {
			ownA++
		}
	}
	if ownA == 0 || ownA == servers {
		t.Fatalf("%d of %d servers on shards 0-1; want both processes to have some", ownA, servers)
	}
	var mu sync.Mutex
	var summarisedA, summarisedB int
	now := func() time.Time { return asOf }
	a := startShards(t, srv, storyService(&mu, &summarisedA), store, 4, []int{0, 1}, now, nil)
	b := startShards(t, srv, storyService(&mu, &summarisedB), store, 4, []int{2, 3}, now, nil)

	// The second process checks first; it leaves the first's servers alone.
	if got := b.bot.TickAlerts(ctx, asOf).Posted; got != servers-ownA {
		t.Errorf("the bot of shards 2-3 posted %d alert stories, want %d", got, servers-ownA)
	}
	if got := a.bot.TickAlerts(ctx, asOf).Posted; got != ownA {
		t.Errorf("the bot of shards 0-1 posted %d alert stories, want %d", got, ownA)
	}
	for i := range servers {
		stories := 0
		for _, text := range texts(srv, shardChannel(i)) {
			if strings.Contains(text, "Dockers strike") {
				stories++
			}
		}
		if stories != 1 {
			t.Errorf("server %d (shard %d): %d alert posts, want 1", i, discordtest.ShardOf(shardGuild(i), 4), stories)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if summarisedA != ownA || summarisedB != servers-ownA {
		t.Errorf("stories summarised %d and %d, want %d and %d", summarisedA, summarisedB, ownA, servers-ownA)
	}
}

// TestFeedNoticesReachEveryServerOnce: two processes of two shards each
// poll the same store, each with its leased poller telling its bot. The
// feed fails and is disabled: one process polled it (its lease), and that
// one tells every server that follows it, on its shards or the other's.
func TestFeedNoticesReachEveryServerOnce(t *testing.T) {
	const servers = 12
	ctx := context.Background()
	var fetches atomic.Int32
	feedSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fetches.Add(1)
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	defer feedSrv.Close()
	srv := shardedDiscord(t, servers, discordtest.Options{})
	store := openStore(t)
	feed, err := store.AddFeed(ctx, data.Feed{URL: feedSrv.URL + "/feed.xml", Title: "Wire"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range servers {
		if err := store.AddGuildFeedFrom(ctx, data.GuildFeed{GuildID: shardGuild(i), FeedID: feed.ID, ChannelID: shardChannel(i), AddedBy: admin.ID}); err != nil {
			t.Fatal(err)
		}
	}
	now := func() time.Time { return asOf }
	a := startShards(t, srv, newRecordingService(), store, 4, []int{0, 1}, now, nil)
	b := startShards(t, srv, newRecordingService(), store, 4, []int{2, 3}, now, nil)
	fetcher := fetch.New(fetch.Options{AllowPrivate: true})
	poller := func(owner string, notify ingest.Notifier) *ingest.Poller {
		return &ingest.Poller{Store: store, Fetcher: fetcher, Leases: store, Owner: owner, Notify: notify, MaxFailures: 1,
			Handle: func(context.Context, data.Feed, fetch.Result) error { return nil }}
	}
	var wg sync.WaitGroup
	reports := make([]ingest.PollReport, 2)
	for i, p := range []*ingest.Poller{poller("process-a", a.bot), poller("process-b", b.bot)} {
		wg.Go(func() {
			rep, err := p.PollOnce(ctx)
			if err != nil {
				t.Error(err)
			}
			reports[i] = rep
		})
	}
	wg.Wait()
	if n := fetches.Load(); n != 1 || reports[0].Disabled+reports[1].Disabled != 1 {
		t.Fatalf("the feed was fetched %d times and disabled by %d pollers, want 1 and 1", n, reports[0].Disabled+reports[1].Disabled)
	}
	for i := range servers {
		notices := 0
		for _, text := range texts(srv, shardChannel(i)) {
			if strings.Contains(text, "Feed disabled: Wire") {
				notices++
			}
		}
		if notices != 1 {
			t.Errorf("server %d (shard %d): %d feed notices, want 1", i, discordtest.ShardOf(shardGuild(i), 4), notices)
		}
	}
}
