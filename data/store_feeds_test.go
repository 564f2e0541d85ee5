package data_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

func TestFeedCRUD(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		before := time.Now().UTC()
		f, err := s.AddFeed(ctx, data.Feed{URL: "HTTPS://Feeds.Example/news.rss?utm_medium=x", Title: "News"})
		if err != nil {
			t.Fatalf("AddFeed: %v", err)
		}
		if f.ID == 0 || f.URL != "https://feeds.example/news.rss" || f.Interval != 30*time.Minute {
			t.Errorf("AddFeed = %+v, want an ID, the canonical URL and a 30m interval", f)
		}
		if f.NextPoll.Before(before) || f.NextPoll.After(time.Now()) || f.CreatedAt.IsZero() {
			t.Errorf("AddFeed NextPoll %v CreatedAt %v, want now", f.NextPoll, f.CreatedAt)
		}
		if _, err := s.AddFeed(ctx, data.Feed{URL: "https://feeds.example/news.rss#x"}); !errors.Is(err, data.ErrExists) {
			t.Errorf("duplicate AddFeed error %v, want ErrExists", err)
		}
		if _, err := s.AddFeed(ctx, data.Feed{URL: "ftp://feeds.example/x"}); err == nil {
			t.Error("AddFeed of an ftp URL succeeded")
		}
		g, err := s.AddFeed(ctx, data.Feed{URL: "https://other.example/atom", Interval: time.Hour})
		if err != nil || g.Interval != time.Hour || g.ID <= f.ID {
			t.Fatalf("second AddFeed = %+v, %v; want a later ID and its own interval", g, err)
		}

		byURL, err := s.FeedByURL(ctx, "https://FEEDS.example/news.rss?fbclid=1")
		if err != nil || byURL.ID != f.ID {
			t.Errorf("FeedByURL = %+v, %v; want feed %d", byURL, err, f.ID)
		}
		if _, err := s.FeedByURL(ctx, "https://nope.example/"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("FeedByURL(unknown) error %v, want ErrNotFound", err)
		}

		polled := time.Date(2026, 11, 20, 10, 0, 0, 5, time.UTC)
		f.Title, f.ETag, f.LastModified = "News (renamed)", `"abc"`, "Thu, 19 Nov 2026 10:00:00 GMT"
		f.LastPolled, f.LastSuccess, f.NextPoll = polled, polled, polled.Add(f.Interval)
		f.Failures, f.LastError = 2, "timeout"
		if err := s.UpdateFeed(ctx, f); err != nil {
			t.Fatalf("UpdateFeed: %v", err)
		}
		got, err := s.Feed(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, f) {
			t.Errorf("after UpdateFeed:\n got %+v\nwant %+v", got, f)
		}
		if err := s.UpdateFeed(ctx, data.Feed{ID: 999}); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("UpdateFeed(999) error %v, want ErrNotFound", err)
		}

		all, err := s.Feeds(ctx)
		if err != nil || len(all) != 2 || all[0].ID != f.ID || all[1].ID != g.ID {
			t.Errorf("Feeds = %+v, %v; want feeds %d, %d", all, err, f.ID, g.ID)
		}

		a := storeArticle(1)
		a.FeedID = f.ID
		storePutAll(t, s, a)
		if err := s.RemoveFeed(ctx, f.ID); err != nil {
			t.Fatalf("RemoveFeed: %v", err)
		}
		if _, err := s.Feed(ctx, f.ID); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Feed after RemoveFeed error %v, want ErrNotFound", err)
		}
		if err := s.RemoveFeed(ctx, f.ID); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("second RemoveFeed error %v, want ErrNotFound", err)
		}
		if _, err := s.ArticleByURL(ctx, a.URL); err != nil {
			t.Errorf("RemoveFeed lost the feed's article: %v", err)
		}
		// IDs are never reused, so old articles cannot point at a new feed.
		h, err := s.AddFeed(ctx, data.Feed{URL: "https://third.example/rss"})
		if err != nil || h.ID <= g.ID {
			t.Errorf("AddFeed after RemoveFeed = %d, %v; want an ID above %d", h.ID, err, g.ID)
		}
	})
}

func TestDueFeeds(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
		feeds := []struct {
			name     string
			nextPoll time.Time
			disabled bool
		}{
			{"overdue", now.Add(-time.Hour), false},
			{"exactly-now", now, false},
			{"future", now.Add(time.Nanosecond), false},
			{"disabled-overdue", now.Add(-2 * time.Hour), true},
			{"most-overdue", now.Add(-3 * time.Hour), false},
		}
		for _, f := range feeds {
			added, err := s.AddFeed(ctx, data.Feed{URL: "https://due.example/" + f.name, Title: f.name,
				NextPoll: f.nextPoll, Disabled: f.disabled})
			if err != nil {
				t.Fatal(err)
			}
			if added.Disabled != f.disabled {
				t.Errorf("%s: Disabled %v not stored", f.name, f.disabled)
			}
		}
		due, err := s.DueFeeds(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range due {
			names = append(names, f.Title)
		}
		// A disabled feed is due too: its NextPoll is its next probe.
		if want := []string{"most-overdue", "disabled-overdue", "overdue", "exactly-now"}; !reflect.DeepEqual(names, want) {
			t.Errorf("DueFeeds = %q, want %q", names, want)
		}
	})
}

// TestFeedKeepsCredentials checks that a feed URL's user info survives
// storing, since the poller authenticates with it, and that the store's
// errors never quote it.
func TestFeedKeepsCredentials(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		raw := "https://alice:hunter2@Feeds.Example/private.rss?token=t0k"
		f, err := s.AddFeed(ctx, data.Feed{URL: raw})
		if err != nil {
			t.Fatal(err)
		}
		if want := "https://alice:hunter2@feeds.example/private.rss?token=t0k"; f.URL != want {
			t.Errorf("stored URL %q, want %q", f.URL, want)
		}
		if got, err := s.FeedByURL(ctx, raw); err != nil || got.ID != f.ID {
			t.Errorf("FeedByURL(with credentials) = %+v, %v; want feed %d", got, err, f.ID)
		}
		if _, err := s.FeedByURL(ctx, "https://feeds.example/private.rss?token=t0k"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("FeedByURL(without credentials) err %v, want ErrNotFound: other credentials are another feed", err)
		}
		_, err = s.AddFeed(ctx, data.Feed{URL: raw})
		for _, secret := range []string{"alice", "hunter2", "t0k"} {
			if err == nil || strings.Contains(err.Error(), secret) {
				t.Errorf("duplicate AddFeed error %v: want ErrExists without %q", err, secret)
			}
		}
	})
}

// TestPutArticleErrorsDoNotQuoteTheURL checks that a rejected article's
// error, which ingest reports, leaves its URL's secrets out: the report
// names the item with its URL redacted.
func TestPutArticleErrorsDoNotQuoteTheURL(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		_, errs, err := s.PutArticles(t.Context(), []data.Article{{URL: "https://news.example/a?token=t0k"}})
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(errs[0], data.ErrEmptyArticle) || strings.Contains(errs[0].Error(), "t0k") {
			t.Errorf("per-item error %v, want ErrEmptyArticle without the URL's token", errs[0])
		}
	})
}
