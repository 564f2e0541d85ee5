package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/datatest"
)

// emptyPostgres returns the URL of a new, empty schema in the PostgreSQL
// server of NEWSBOT_TEST_DATABASE_URL, dropped when t ends, or skips t.
func emptyPostgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv(datatest.Env)
	if base == "" {
		t.Skip(datatest.Env + " is not set; skipping the PostgreSQL test (see .ci/postgres.sh)")
	}
	return datatest.Schema(t, base)
}

// populateStore gives the store at path a row in every table a server's
// use fills.
func populateStore(t *testing.T, path string) {
	t.Helper()
	ctx := t.Context()
	s, err := data.OpenStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	var feeds []data.Feed
	for _, u := range []string{"https://a.example/rss", "https://b.example/rss"} {
		f, err := s.AddFeed(ctx, data.Feed{URL: u, Title: u, NextPoll: at})
		if err != nil {
			t.Fatal(err)
		}
		feeds = append(feeds, f)
	}
	f := feeds[1]
	f.Disabled, f.Failures, f.LastError = true, 8, "gone"
	if err := s.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	arts := []data.Article{
		{URL: "https://a.example/1", Title: "Harbour dredging starts", Text: "The port began dredging.", FeedID: feeds[0].ID, Published: at, ExcerptOnly: true},
		{URL: "https://a.example/2", Title: "Tram line approved", Text: "The council approved it.", FeedID: feeds[0].ID, Authors: []string{"Ann"}},
	}
	if _, _, err := s.PutArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	steps := []error{
		s.AddGuildFeedFrom(ctx, data.GuildFeed{GuildID: "g1", FeedID: feeds[0].ID, ChannelID: "c1", AddedBy: "u1"}),
		s.SetDigestSchedule(ctx, data.DigestSchedule{GuildID: "g1", ChannelID: "c1", Clock: "07:30", TimeZone: "UTC"}),
		s.SaveBotThread(ctx, "th1", []byte(`[{"q":"x"}]`), 0),
		s.PutBotSources(ctx, "k1", []byte(`["`+arts[0].ID+`"]`), 0),
	}
	if _, err := s.ClaimDigestSlot(ctx, "g1", at); err != nil {
		steps = append(steps, err)
	}
	if _, err := s.AddTokenUsage(ctx, "g1", "2026-11-20", 42); err != nil {
		steps = append(steps, err)
	}
	a, err := s.AddAlert(ctx, data.Alert{GuildID: "g1", ChannelID: "c1", Topic: "harbour"})
	steps = append(steps, err)
	c, err := s.ClaimAlertStory(ctx, a.ID, []string{arts[1].ID, arts[0].ID}, at, time.Time{})
	steps = append(steps, err, s.SetAlertPost(ctx, c.Post.ID, "m1", []byte{0, 1, 2, 255}))
	// A member's rate limit, spent for an hour.
	if _, err := s.TakeToken(ctx, "user:u1", at, time.Hour, 1); err != nil {
		steps = append(steps, err)
	}
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// storeView is what a store holds, read through its API.
type storeView struct {
	ID, Token, FirstToken string
	Counts                data.Counts
	Articles              []data.Article
	Feeds                 []data.Feed
	Followers             []data.GuildFeed
	Schedules             []data.DigestSchedule
	LastSlot              time.Time
	Tokens                int
	Thread, Sources       []byte
	Alerts                []data.Alert
	Post                  data.AlertPost
}

func viewStore(t *testing.T, s *data.Store) storeView {
	t.Helper()
	ctx := t.Context()
	var v storeView
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	v.ID, _ = s.StoreID(ctx)
	v.Counts, _ = s.Counts(ctx)
	v.Token, _ = s.RevToken(ctx, v.Counts.MaxRev)
	v.FirstToken, _ = s.RevToken(ctx, 1)
	add(s.ArticlesAfter(ctx, 0, func(a data.Article) error { v.Articles = append(v.Articles, a); return nil }))
	var err error
	v.Feeds, err = s.Feeds(ctx)
	add(err)
	v.Followers, err = s.FeedFollowers(ctx, v.Feeds[0].ID)
	add(err)
	v.Schedules, err = s.DigestSchedules(ctx)
	add(err)
	v.LastSlot, err = s.LastDigestSlot(ctx, "g1")
	add(err)
	v.Tokens, err = s.TokenUsage(ctx, "g1", "2026-11-20")
	add(err)
	v.Thread, err = s.BotThread(ctx, "th1")
	add(err)
	v.Sources, err = s.BotSources(ctx, "k1")
	add(err)
	v.Alerts, err = s.Alerts(ctx)
	add(err)
	v.Post, err = s.AlertPost(ctx, 1)
	add(err)
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return v
}

func TestMigrateStoreCopiesEveryTable(t *testing.T) {
	target := emptyPostgres(t)
	dir := t.TempDir()
	run := func(env map[string]string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
		return code, out.String(), errb.String()
	}
	sqliteEnv := map[string]string{"NEWSBOT_DATA_DIR": dir, "NEWSBOT_LOG_LEVEL": "error"}
	srcDir := t.TempDir()
	writeFile(t, srcDir, "a.md", "# Glacier harbour opens\n\nThe new glacier harbour opened to ferries on Tuesday.\n")
	if code, _, errs := run(sqliteEnv, "ingest", srcDir); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	path := filepath.Join(dir, "newsbot.db")
	populateStore(t, path)
	src, err := data.OpenStore(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	want := viewStore(t, src)
	src.Close()

	code, out, errs := run(sqliteEnv, "migrate-store", "--to", target)
	if code != 0 {
		t.Fatalf("migrate-store: exit %d: %s", code, errs)
	}
	counts := map[string]int{}
	for _, m := range regexp.MustCompile(`(?m)^\s+(\w+)\s+(\d+)$`).FindAllStringSubmatch(out, -1) {
		counts[m[1]], _ = strconv.Atoi(m[2])
	}
	sum := 0
	for table, n := range counts {
		if table != "total" {
			sum += n
		}
	}
	if counts["total"] != sum || counts["articles"] != 3 || counts["feeds"] != 2 || counts["alert_articles"] != 2 || counts["commits"] != 2 || counts["rate_buckets"] != 1 {
		t.Errorf("counts %v (sum %d) do not add up to what was stored:\n%s", counts, sum, out)
	}

	dst, err := data.Open(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if got := viewStore(t, dst); !reflect.DeepEqual(got, want) {
		t.Errorf("the copy differs:\n got %+v\nwant %+v", got, want)
	}
	// The member's spent rate limit came along.
	if wait, err := dst.TakeToken(t.Context(), "user:u1", time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC), time.Hour, 1); err != nil || wait != 30*time.Minute {
		t.Errorf("the copied rate limit: wait %v, %v; want 30m", wait, err)
	}
	// The sequences continue after the copied IDs.
	f, err := dst.AddFeed(t.Context(), data.Feed{URL: "https://c.example/rss"})
	if err != nil || f.ID != want.Feeds[len(want.Feeds)-1].ID+1 {
		t.Errorf("new feed after the copy: ID %d, %v; want %d", f.ID, err, want.Feeds[len(want.Feeds)-1].ID+1)
	}
	if a, err := dst.AddAlert(t.Context(), data.Alert{GuildID: "g2", ChannelID: "c", MinOutlets: 2}); err != nil || a.ID != want.Alerts[0].ID+1 {
		t.Errorf("new alert after the copy: ID %d, %v", a.ID, err)
	}

	// The index in the data directory belongs to the copy: it catches up
	// rather than being rebuilt.
	pgEnv := map[string]string{"NEWSBOT_DATA_DIR": dir, "NEWSBOT_LOG_LEVEL": "error", "NEWSBOT_DATABASE_URL": target}
	code, out, errs = run(pgEnv, "search", "glacier harbour ferries")
	if code != 0 || !strings.Contains(out, "Glacier harbour opens") {
		t.Errorf("search on the copy: exit %d\n%s\n%s", code, out, errs)
	}
	if strings.Contains(errs, "building it from the store") {
		t.Errorf("the index was rebuilt for the copy:\n%s", errs)
	}

	if code, out, errs := run(pgEnv, "stats"); code != 0 || !strings.Contains(out, "Store:          PostgreSQL") || !strings.Contains(out, "Articles:       3 ") {
		t.Errorf("stats on the copy: exit %d\n%s\n%s", code, out, errs)
	}

	code, _, errs = run(sqliteEnv, "migrate-store", "--to", target)
	if code != 1 || !strings.Contains(errs, "is not empty") {
		t.Errorf("migrate-store into a full database: exit %d, %q; want 1 and a refusal", code, errs)
	}
}

func TestMigrateStoreNeedsAPostgresURL(t *testing.T) {
	env := map[string]string{"NEWSBOT_DATA_DIR": t.TempDir(), "NEWSBOT_LOG_LEVEL": "error"}
	for _, args := range [][]string{{"migrate-store"}, {"migrate-store", "--to", "/tmp/other.db"}} {
		var out, errb bytes.Buffer
		code := Run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage): %s", args, code, errb.String())
		}
	}
}
