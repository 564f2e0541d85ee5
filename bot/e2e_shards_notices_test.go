package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
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

func TestAlertsAndFeedNoticesComeFromTheServersShard(t *testing.T) {
	const servers = 12
	ctx := context.Background()
	srv := shardedDiscord(t, servers, discordtest.Options{})
	store := openStore(t)
	feed, err := store.AddFeed(ctx, data.Feed{URL: "https://wire.example/feed.xml", Title: "Wire"})
	if err != nil {
		t.Fatal(err)
	}
	ownA := 0
	for i := range servers {
		if _, err := store.AddAlert(ctx, data.Alert{GuildID: shardGuild(i), ChannelID: shardChannel(i), CreatedBy: admin.ID, MinOutlets: 1, CreatedAt: asOf.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := store.AddGuildFeedFrom(ctx, data.GuildFeed{GuildID: shardGuild(i), FeedID: feed.ID, ChannelID: shardChannel(i), AddedBy: admin.ID}); err != nil {
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
	// Both processes poll the feed and see it disabled; each tells its
	// own servers.
	feed.Disabled, feed.Failures, feed.LastError = true, 8, "HTTP 503"
	a.bot.FeedDisabled(ctx, feed)
	b.bot.FeedDisabled(ctx, feed)
	for i := range servers {
		var stories, notices int
		for _, text := range texts(srv, shardChannel(i)) {
			switch {
			case strings.Contains(text, "Dockers strike"):
				stories++
			case strings.Contains(text, "Feed disabled: Wire"):
				notices++
			}
		}
		if stories != 1 || notices != 1 {
			t.Errorf("server %d (shard %d): %d alert posts and %d feed notices, want 1 and 1", i, discordtest.ShardOf(shardGuild(i), 4), stories, notices)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if summarisedA != ownA || summarisedB != servers-ownA {
		t.Errorf("stories summarised %d and %d, want %d and %d", summarisedA, summarisedB, ownA, servers-ownA)
	}
}
