package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

// TestShowPrintsTheArticleAsStored stores a feed item known only by its
// excerpt and shows it by URL and, as JSON, by ID.
func TestShowPrintsTheArticleAsStored(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := data.OpenStore(ctx, filepath.Join(dir, "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := st.AddFeed(ctx, data.Feed{URL: "https://alice:hunter2@wire.example/rss", Title: "The Wire"})
	if err != nil {
		t.Fatal(err)
	}
	art := data.Article{
		URL: "https://wire.example/2026/11/23/dam?utm_source=rss", Title: "Dam inspection finds no damage",
		Text: "Inspectors found no damage.", Source: "The Wire", Authors: []string{"R. Vale"}, FeedID: f.ID,
		Published: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), FetchedAt: time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC),
		ExcerptOnly: true,
	}
	arts := []data.Article{art}
	if _, _, err := st.PutArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	art = arts[0] // with its ID
	st.Close()

	out, errOut, code := runCLI(t, dir, "show", "http://www.wire.example/2026/11/23/dam/")
	if code != 0 {
		t.Fatalf("show: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"Title:     Dam inspection finds no damage", "Outlet:    The Wire", "URL:       https://wire.example/2026/11/23/dam",
		"Authors:   R. Vale", "Published: 2026-11-23 09:00 UTC", "Fetched:   2026-11-23 09:30 UTC",
		"Feed:      1, The Wire <https://wire.example/rss>", "the feed's excerpt only", "\nInspectors found no damage.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "hunter2") {
		t.Errorf("show reveals the feed's credentials:\n%s", out)
	}

	out, _, code = runCLI(t, dir, "show", "--json", art.ID)
	var got struct {
		ID, Title, Text string
		ExcerptOnly     bool   `json:"excerpt_only"`
		FeedID          int64  `json:"feed_id"`
		FeedTitle       string `json:"feed_title"`
		Published       time.Time
	}
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("show --json: exit %d, %v\n%s", code, err, out)
	}
	if got.ID != art.ID || !got.ExcerptOnly || got.FeedID != f.ID || got.FeedTitle != "The Wire" || !got.Published.Equal(art.Published) || got.Text != art.Text {
		t.Errorf("show --json = %+v", got)
	}

	if _, errOut, code := runCLI(t, dir, "show", "u0000000000000000"); code != 1 || !strings.Contains(errOut, "no stored article") {
		t.Errorf("show of an unknown ID: exit %d, stderr %q", code, errOut)
	}
}
