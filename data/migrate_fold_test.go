package data_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

// v3Row is an article as a version-3 store held it: under the ID of its
// clean URL, which was all that version canonicalised.
type v3Row struct {
	url, title, text, source string
	authors                  []string
	published                time.Time
	feed                     int64
	excerptOnly              bool
	rev                      int64
	// storedID, when set, is the row's ID instead of the one version 3
	// would have given it.
	storedID string
}

// id is the ID version 3 gave the row.
func (r v3Row) id() string {
	if r.storedID != "" {
		return r.storedID
	}
	if r.url == "" {
		return data.ContentID(r.title, r.text)
	}
	return data.URLID(data.CleanURL(r.url))
}

// foldFixture is a version-3 store with stories stored more than once,
// and bot state and feeds that refer to them.
type foldFixture struct {
	path                 string
	feed1, feed2         int64
	a1, a2, a3           v3Row // one story: a1 has the most text
	b1, b2               v3Row // b1 has the most text, at an AMP URL
	c1, c2               v3Row // the same text; c2 is newer
	d, e, f, g           v3Row // one each: d is re-keyed, e, f and g are not
	oldMaxRev            int64
	citations, unrelated string // bot_sources payloads
	threadWithID         string // a bot_threads payload naming an article
}

var foldT0 = time.Date(2022, 6, 12, 8, 0, 0, 0, time.UTC)

// newFoldFixture writes a store as version 3 left it, with duplicates.
func newFoldFixture(t *testing.T) foldFixture {
	t.Helper()
	ctx := t.Context()
	s, path := openTestStore(t)
	fx := foldFixture{path: path}
	for i, u := range []string{"https://feeds.cnn.example/rss", "https://feeds.guardian.example/rss"} {
		f, err := s.AddFeed(ctx, data.Feed{URL: u})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddGuildFeed(ctx, fmt.Sprintf("guild%d", i+1), f.ID); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			fx.feed1 = f.ID
		} else {
			fx.feed2 = f.ID
		}
	}
	long := strings.Repeat("The bridge reopened on Sunday after six weeks of repairs. ", 10)
	fx.a1 = v3Row{url: "https://www.cnn.com/2022/06/12/x/index.html", title: "Bridge reopens", text: long,
		source: "cnn.com", published: foldT0, feed: fx.feed1, rev: 1}
	fx.a2 = v3Row{url: "https://www.cnn.com/2022/06/12/x/", title: "Bridge reopens", text: "The bridge reopened.",
		source: "cnn.com", published: foldT0, feed: fx.feed2, excerptOnly: true, rev: 2}
	fx.b1 = v3Row{url: "https://amp.theguardian.com/world/2022/jun/12/y", title: "Ferry strike ends",
		text: strings.Repeat("The ferry strike ended after talks. ", 8), source: "amp.theguardian.com", rev: 3}
	fx.b2 = v3Row{url: "https://www.theguardian.com/world/2022/jun/12/y", title: "Ferry strike ends",
		text: "The ferry strike ended.", source: "theguardian.com", authors: []string{"Ann Writer"},
		published: foldT0.Add(time.Hour), feed: fx.feed1, rev: 4}
	fx.a3 = v3Row{url: "https://m.cnn.com/2022/06/12/x/amp", title: "Bridge reopens", text: "The bridge reopened on Sunday.",
		source: "m.cnn.com", published: foldT0, rev: 5}
	fx.c1 = v3Row{url: "https://news.example/story?id=7", title: "Council vote", text: "The council voted.",
		source: "news.example", rev: 6}
	fx.c2 = v3Row{url: "https://news.example/story/?id=7", title: "Council vote", text: "The council voted.",
		source: "The News", rev: 7}
	fx.d = v3Row{url: "https://www.bbc.co.uk/news/world-1", title: "Storm", text: "A storm hit.", source: "bbc.co.uk", rev: 8}
	fx.e = v3Row{url: "https://plain.example/e", title: "Plain", text: "Nothing to fold.", source: "plain.example", rev: 9}
	fx.f = v3Row{url: "https://news.example/story?id=8", title: "Another vote", text: "Another page.", source: "news.example", rev: 10}
	fx.g = v3Row{title: "No URL", text: "Keyed on its content.", rev: 11}
	fx.oldMaxRev = 11
	for _, r := range fx.rows() {
		insertV3Article(t, s, r)
	}
	if _, err := s.DB().Exec(`UPDATE counters SET value = ? WHERE name = 'rev'`, fx.oldMaxRev); err != nil {
		t.Fatal(err)
	}

	cites := []map[string]any{
		{"n": 1, "article_id": fx.a2.id(), "url": data.CleanURL(fx.a2.url), "title": "Bridge reopens", "quote": "The bridge reopened."},
		{"n": 2, "article_id": fx.b1.id(), "url": data.CleanURL(fx.b1.url), "title": "Ferry strike ends", "quote": "It ended."},
		{"n": 3, "article_id": fx.e.id(), "url": fx.e.url, "title": "Plain", "quote": "Nothing."},
	}
	b, err := json.Marshal(cites)
	if err != nil {
		t.Fatal(err)
	}
	fx.citations = string(b)
	fx.unrelated = `[{"n":1,"article_id":"` + fx.f.id() + `","url":"https://news.example/story?id=8","quote":"Another page."}]`
	fx.threadWithID = `{"turns":[{"q":"Tell me more","a":"Sure."}],"article":"` + fx.d.id() + `"}`
	for key, payload := range map[string]string{"k1": fx.citations, "k2": fx.unrelated} {
		if err := s.PutBotSources(ctx, key, []byte(payload), 0); err != nil {
			t.Fatal(err)
		}
	}
	for id, payload := range map[string]string{"t1": `[{"q":"What happened?","a":"A bridge reopened [1]."}]`, "t2": fx.threadWithID} {
		if err := s.SaveBotThread(ctx, id, []byte(payload), 0); err != nil {
			t.Fatal(err)
		}
	}
	// What a version-3 database lacks.
	for _, q := range []string{"DROP TABLE article_aliases", "PRAGMA user_version = 3"} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	return fx
}

func (fx foldFixture) rows() []v3Row {
	return []v3Row{fx.a1, fx.a2, fx.b1, fx.b2, fx.a3, fx.c1, fx.c2, fx.d, fx.e, fx.f, fx.g}
}

func insertV3Article(t *testing.T, s *data.Store, r v3Row) {
	t.Helper()
	authors, err := json.Marshal(r.authors)
	if err != nil {
		t.Fatal(err)
	}
	if r.authors == nil {
		authors = []byte("[]")
	}
	var published any
	if !r.published.IsZero() {
		published = r.published.UnixNano()
	}
	fetched := foldT0.Add(time.Duration(r.rev) * time.Minute).UnixNano()
	_, err = s.DB().Exec(`INSERT INTO articles
		(id, url, title, title_lower, text, published, source, authors, feed_id, fetched_at, excerpt_only, sort_at, rev)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?6, ?10), ?)`,
		r.id(), data.CleanURL(r.url), r.title, strings.ToLower(r.title), r.text, published, r.source,
		string(authors), r.feed, fetched, r.excerptOnly, r.rev)
	if err != nil {
		t.Fatalf("insert %s: %v", r.url, err)
	}
}

func TestMigrationFoldsStoredURLVariants(t *testing.T) {
	fx := newFoldFixture(t)
	s := openTestStoreAt(t, fx.path)
	ctx := t.Context()
	if v := storeSchemaVersion(t, s); v < 4 {
		t.Fatalf("user_version = %d, want at least 4", v)
	}

	// Exactly one article per story, each under the ID of its canonical URL.
	var all []data.Article
	if err := s.ArticlesAfter(ctx, 0, func(a data.Article) error { all = append(all, a); return nil }); err != nil {
		t.Fatal(err)
	}
	stories := map[string]int{}
	revs := map[int64]bool{}
	for _, a := range all {
		if revs[a.Rev] {
			t.Errorf("rev %d used twice", a.Rev)
		}
		revs[a.Rev] = true
		if a.URL == "" {
			continue
		}
		canon := data.CanonicalURL(a.URL)
		stories[canon]++
		if a.ID != data.URLID(canon) || a.URL != data.CleanURL(a.URL) {
			t.Errorf("article %s at %q: want the ID %s of its canonical URL and a clean URL", a.ID, a.URL, data.URLID(canon))
		}
	}
	for canon, n := range stories {
		if n != 1 {
			t.Errorf("%d articles for %s, want 1", n, canon)
		}
	}
	// 11 stored, of which a2, a3, b2 and c1 were folded away.
	c, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(fx.rows()) - 4; c.Articles != want || len(all) != want {
		t.Errorf("Counts = %+v and %d walked, want %d articles", c, len(all), want)
	}
	// a, b, c and d were rewritten, each at a new revision.
	if want := fx.oldMaxRev + 4; c.MaxRev != want {
		t.Errorf("MaxRev = %d, want %d", c.MaxRev, want)
	}
	var rewritten []string
	if err := s.ArticlesAfter(ctx, fx.oldMaxRev, func(a data.Article) error { rewritten = append(rewritten, a.URL); return nil }); err != nil {
		t.Fatal(err)
	}
	slices.Sort(rewritten)
	wantRewritten := []string{fx.a1.url, fx.b2.url, fx.c2.url, fx.d.url}
	slices.Sort(wantRewritten)
	if !reflect.DeepEqual(rewritten, wantRewritten) {
		t.Errorf("articles after rev %d: %q, want %q", fx.oldMaxRev, rewritten, wantRewritten)
	}

	tests := []struct {
		name string
		// urls and olds are the story's URLs and the IDs its articles had.
		urls []string
		olds []string
		want func(a data.Article) string
	}{
		{"the most text is kept, with its URL and feed",
			[]string{fx.a1.url, fx.a2.url, fx.a3.url}, []string{fx.a1.id(), fx.a2.id(), fx.a3.id()},
			func(a data.Article) string {
				if a.Text != fx.a1.text || a.URL != fx.a1.url || a.FeedID != fx.feed1 || a.ExcerptOnly {
					return fmt.Sprintf("%q at %q feed %d excerpt %v; want a1's full text, URL and feed", a.Text, a.URL, a.FeedID, a.ExcerptOnly)
				}
				return ""
			}},
		{"an AMP edition's text is shown at the page's URL, with what it lacked",
			[]string{fx.b1.url, fx.b2.url}, []string{fx.b1.id(), fx.b2.id()},
			func(a data.Article) string {
				if a.Text != fx.b1.text || a.URL != fx.b2.url || !a.Published.Equal(fx.b2.published) ||
					!reflect.DeepEqual(a.Authors, fx.b2.authors) || a.FeedID != fx.feed1 || a.Source != "theguardian.com" {
					return fmt.Sprintf("%+v; want b1's text with b2's URL, time, authors and feed, from theguardian.com", a)
				}
				return ""
			}},
		{"on equal text the newest is kept",
			[]string{fx.c1.url, fx.c2.url}, []string{fx.c1.id(), fx.c2.id()},
			func(a data.Article) string {
				if a.URL != fx.c2.url || a.Source != "The News" {
					return fmt.Sprintf("at %q from %q; want c2's URL and source", a.URL, a.Source)
				}
				return ""
			}},
		{"a lone article is re-keyed",
			[]string{fx.d.url, "https://bbc.co.uk/news/world-1/"}, []string{fx.d.id()},
			func(a data.Article) string {
				if a.ID == fx.d.id() || a.URL != fx.d.url || a.Rev <= fx.oldMaxRev {
					return fmt.Sprintf("%s at %q rev %d; want a new ID and revision, the same URL", a.ID, a.URL, a.Rev)
				}
				return ""
			}},
		{"an article already canonical is untouched",
			[]string{fx.e.url}, []string{fx.e.id()},
			func(a data.Article) string {
				if a.ID != fx.e.id() || a.Rev != fx.e.rev {
					return fmt.Sprintf("%s rev %d; want %s rev %d", a.ID, a.Rev, fx.e.id(), fx.e.rev)
				}
				return ""
			}},
		{"another page's query is not folded",
			[]string{fx.f.url}, []string{fx.f.id()},
			func(a data.Article) string {
				if a.Text != fx.f.text || a.Rev != fx.f.rev {
					return fmt.Sprintf("%q rev %d; want f untouched", a.Text, a.Rev)
				}
				return ""
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kept, err := s.ArticleByURL(ctx, tt.urls[0])
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.want(kept); msg != "" {
				t.Error(msg)
			}
			for _, u := range tt.urls[1:] {
				if a, err := s.ArticleByURL(ctx, u); err != nil || a.ID != kept.ID {
					t.Errorf("ArticleByURL(%q) = %s, %v; want %s", u, a.ID, err, kept.ID)
				}
			}
			for _, old := range tt.olds {
				if a, err := s.Article(ctx, old); err != nil || a.ID != kept.ID {
					t.Errorf("Article(%s), an ID it had, = %s, %v; want %s", old, a.ID, err, kept.ID)
				}
			}
		})
	}
	if a, err := s.Article(ctx, fx.g.id()); err != nil || a.Rev != fx.g.rev {
		t.Errorf("article without URL = %+v, %v; want it untouched", a, err)
	}

	// Bot state that named folded articles names the kept ones.
	idOf := func(u string) string {
		a, err := s.ArticleByURL(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	raw, err := s.BotSources(ctx, "k1")
	if err != nil {
		t.Fatal(err)
	}
	var cites []struct {
		N         int    `json:"n"`
		ArticleID string `json:"article_id"`
		URL       string `json:"url"`
		Quote     string `json:"quote"`
	}
	if err := json.Unmarshal(raw, &cites); err != nil {
		t.Fatal(err)
	}
	wantIDs := []string{idOf(fx.a1.url), idOf(fx.b1.url), fx.e.id()}
	for i, c := range cites {
		if c.ArticleID != wantIDs[i] || c.N != i+1 || c.Quote == "" || c.URL == "" {
			t.Errorf("citation %d = %+v, want article %s with its number, URL and quote kept", i, c, wantIDs[i])
		}
		if _, err := s.Article(ctx, c.ArticleID); err != nil {
			t.Errorf("citation %d names %s: %v", i, c.ArticleID, err)
		}
	}
	wantBotRow(t, botKinds()[1], s, "k2", fx.unrelated)
	wantBotRow(t, botKinds()[0], s, "t1", `[{"q":"What happened?","a":"A bridge reopened [1]."}]`)
	wantBotRow(t, botKinds()[0], s, "t2", strings.Replace(fx.threadWithID, fx.d.id(), idOf(fx.d.url), 1))

	// Feeds and servers' subscriptions are as they were.
	for guild, feed := range map[string]int64{"guild1": fx.feed1, "guild2": fx.feed2} {
		fs, err := s.GuildFeeds(ctx, guild)
		if err != nil || len(fs) != 1 || fs[0].ID != feed {
			t.Errorf("GuildFeeds(%s) = %+v, %v; want feed %d", guild, fs, err, feed)
		}
	}
	if c.Feeds != 2 {
		t.Errorf("%d feeds, want 2", c.Feeds)
	}
}

// storeDump is every row of every table of the database at path, as text.
func storeDump(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	dump := map[string][]string{"user_version": {fmt.Sprint(version)}}
	tables, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		if err := tables.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	tables.Close()
	for _, n := range names {
		rows, err := db.Query(`SELECT * FROM ` + n)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		dump[n] = []string{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			dump[n] = append(dump[n], fmt.Sprintf("%q", vals))
		}
		rows.Close()
		slices.Sort(dump[n])
	}
	return dump
}

func TestMigrationFoldIsAllOrNothing(t *testing.T) {
	// The fixture folds four stories (a, b, c and d).
	for _, failAfter := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("failing after %d stories", failAfter), func(t *testing.T) {
			fx := newFoldFixture(t)
			before := storeDump(t, fx.path)
			if got := before["user_version"][0]; got != "3" {
				t.Fatalf("fixture at version %s, want 3", got)
			}
			s, err := data.OpenStoreFailingFold(t.Context(), fx.path, failAfter)
			if err == nil {
				s.Close()
				t.Fatal("OpenStore succeeded with a failing step")
			}
			if !strings.Contains(err.Error(), "injected failure") || !strings.Contains(err.Error(), "version 4") {
				t.Errorf("error %q does not say which step failed and why", err)
			}
			after := storeDump(t, fx.path)
			if !reflect.DeepEqual(after, before) {
				t.Errorf("the failed step changed the database:\nbefore %v\n after %v", before, after)
			}
			// The next open applies the step in full.
			s = openTestStoreAt(t, fx.path)
			if c, err := s.Counts(t.Context()); err != nil || c.Articles != len(fx.rows())-4 {
				t.Errorf("after a clean open Counts = %+v, %v; want %d articles", c, err, len(fx.rows())-4)
			}
		})
	}
}

func TestMigrationsUpgradeVersion3StoreToFoldedURLs(t *testing.T) {
	s, path := openTestStore(t)
	v := storeSchemaVersion(t, s)
	if v < 4 {
		t.Fatalf("user_version = %d, want at least 4 (URL folding)", v)
	}
	storePutAll(t, s, storeArticle(1))
	// A database written before URL folding gets the alias table, and an
	// article stored then is found by its variants.
	s = downgradeAndReopen(t, s, path, v, "DROP TABLE article_aliases", "PRAGMA user_version = 3")
	a := storeArticle(1)
	a.Normalize()
	for _, u := range []string{a.URL, a.URL + "/", "https://www.news.example/story/1/index.html", "https://m.news.example/story/1/amp"} {
		if got, err := s.ArticleByURL(t.Context(), u); err != nil || got.ID != a.ID {
			t.Errorf("ArticleByURL(%q) after upgrade = %s, %v; want %s", u, got.ID, err, a.ID)
		}
	}
	if _, err := s.DB().Exec(`INSERT INTO article_aliases (alias, id) VALUES ('uold', ?)`, a.ID); err != nil {
		t.Errorf("article_aliases after upgrade: %v", err)
	}
	if got, err := s.Article(t.Context(), "uold"); err != nil || got.ID != a.ID {
		t.Errorf("Article(alias) = %s, %v; want %s", got.ID, err, a.ID)
	}
}

func TestMigrationFoldReKeysArticlesWhoseIDsCross(t *testing.T) {
	// Each article holds the ID the other one is to get, as no newsbot
	// wrote them but a hand-edited database might: whichever is folded
	// first must wait for the other to move away.
	x := v3Row{url: "https://www.x.example/a", title: "X", text: "Story X.", rev: 1}
	y := v3Row{url: "https://www.y.example/b", title: "Y", text: "Story Y.", rev: 2}
	newX, newY := data.URLID(data.CanonicalURL(x.url)), data.URLID(data.CanonicalURL(y.url))
	x.storedID, y.storedID = newY, newX

	s, path := openTestStore(t)
	insertV3Article(t, s, x)
	insertV3Article(t, s, y)
	s = downgradeAndReopen(t, s, path, storeSchemaVersion(t, s),
		`UPDATE counters SET value = 2 WHERE name = 'rev'`, "DROP TABLE article_aliases", "PRAGMA user_version = 3")
	tests := []struct {
		id, wantText string
	}{{newX, x.text}, {newY, y.text}}
	for _, tt := range tests {
		a, err := s.Article(t.Context(), tt.id)
		if err != nil || a.ID != tt.id || a.Text != tt.wantText {
			t.Errorf("Article(%s) = %s %q, %v; want %s %q", tt.id, a.ID, a.Text, err, tt.id, tt.wantText)
		}
	}
	if c, err := s.Counts(t.Context()); err != nil || c.Articles != 2 || c.MaxRev != 4 {
		t.Errorf("Counts = %+v, %v; want 2 articles at rev 4", c, err)
	}
}
