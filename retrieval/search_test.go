package retrieval_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/datatest"
	"github.com/newsbot/newsbot/retrieval"
)

// fixtureIndex indexes testdata/news.jsonl and returns the index and the
// articles by URL.
func fixtureIndex(t *testing.T) (stack, map[string]data.Article) {
	t.Helper()
	arts := datatest.Articles(t, "testdata/news.jsonl")
	ix := newStack(t)
	ix.add(t, arts...)
	byURL := make(map[string]data.Article, len(arts))
	for _, a := range arts {
		byURL[a.URL] = a
	}
	return ix, byURL
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// urls lists the hits' URLs, best first.
func urls(res retrieval.Results) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.URL)
	}
	return out
}

const (
	lanesApproved = "https://ledger.example/2024/06/10/bike-lanes-approved"
	lanesDelayed  = "https://herald.example/2024/06/03/bike-lane-vote-delayed"
	stormLedger   = "https://ledger.example/2024/06/11/storm-power"
	stormWire     = "https://wire.example/news/storm-power-valley"
	museum        = "https://herald.example/2024/06/12/museum-dinosaur"
	library       = "https://ledger.example/2024/05/20/library-hours"
	market        = "https://gazette.example/farmers-market-returns"
	bikeShare     = "https://herald.example/2024/06/12/bike-share"
)

func TestSearch(t *testing.T) {
	ix, _ := fixtureIndex(t)
	evening := func(d string) time.Time { return day(d).Add(20 * time.Hour) }
	tests := []struct {
		name string
		q    retrieval.Query
		// first is the URL expected first ("" for no hits at all); absent
		// are URLs that must not appear; present must appear.
		first        string
		absent       []string
		present      []string
		since        time.Time
		wantSearched int
	}{
		{
			name:  "question about yesterday gets that day's story",
			q:     retrieval.Query{Text: "What did the city council decide about the Main Street bike lanes yesterday?", AsOf: evening("2024-06-11")},
			first: lanesApproved, absent: []string{lanesDelayed}, since: day("2024-06-10"),
		},
		{
			name:  "recent story first, older one still found",
			q:     retrieval.Query{Text: "city council Main Street bike lanes vote", AsOf: evening("2024-06-11")},
			first: lanesApproved, present: []string{lanesDelayed},
		},
		{
			name:  "as of an earlier day the older story is all there was",
			q:     retrieval.Query{Text: "city council Main Street bike lanes vote", AsOf: evening("2024-06-05")},
			first: lanesDelayed, absent: []string{lanesApproved},
		},
		{
			name:   "a later article never appears",
			q:      retrieval.Query{Text: "Which museum unveiled a dinosaur skeleton?", AsOf: evening("2024-06-11")},
			absent: []string{museum, bikeShare},
		},
		{
			name:  "the later article is found once published",
			q:     retrieval.Query{Text: "Which museum unveiled a dinosaur skeleton?", AsOf: evening("2024-06-13")},
			first: museum,
		},
		{
			name:  "source filter",
			q:     retrieval.Query{Text: "council bike lanes Main Street", AsOf: evening("2024-06-13"), Sources: []string{"Herald.Example"}},
			first: lanesDelayed, absent: []string{lanesApproved, stormLedger, library},
		},
		{
			name:  "feed scope",
			q:     retrieval.Query{Text: "bike lanes bike share stations", AsOf: evening("2024-06-13"), FeedIDs: []int64{2}},
			first: bikeShare, present: []string{lanesDelayed}, absent: []string{lanesApproved},
		},
		{
			name:    "feed 0 is articles from no feed",
			q:       retrieval.Query{Text: "summer hours library farmers market", AsOf: evening("2024-06-13"), FeedIDs: []int64{0}, Scoped: true},
			present: []string{library, market}, absent: []string{lanesApproved, museum},
		},
		{
			name: "empty scope finds nothing",
			q:    retrieval.Query{Text: "bike lanes", AsOf: evening("2024-06-13"), Scoped: true},
		},
		{
			name:  "in May",
			q:     retrieval.Query{Text: "What did the library decide in May?", AsOf: evening("2024-06-13")},
			first: library, since: day("2024-05-01"),
		},
		{
			name:   "in June excludes May and undated articles",
			q:      retrieval.Query{Text: "library summer hours farmers market in June", AsOf: evening("2024-06-13")},
			absent: []string{library, market}, since: day("2024-06-01"),
		},
		{
			name:    "undated articles are kept without a date filter",
			q:       retrieval.Query{Text: "farmers market stalls honey", AsOf: evening("2024-06-13")},
			first:   market,
			present: []string{market},
		},
		{
			name:  "a day's news includes the next day's reports",
			q:     retrieval.Query{Text: "What did the council decide about the bike lanes on June 9?", AsOf: evening("2024-06-13")},
			first: lanesApproved, absent: []string{lanesDelayed, bikeShare}, since: day("2024-06-09"),
		},
		{
			name:    "a day more than a month back is only a lower bound",
			q:       retrieval.Query{Text: "library summer hours council bike lanes vote on May 25", AsOf: evening("2024-07-01")},
			present: []string{lanesDelayed, lanesApproved}, absent: []string{library}, since: day("2024-05-25"),
		},
		{
			name:  "a question with nothing but a past day gets that day's news",
			q:     retrieval.Query{Text: "What happened on May 19?", AsOf: evening("2024-07-01")},
			first: library, absent: []string{lanesDelayed, lanesApproved, bikeShare, museum}, since: day("2024-05-19"),
		},
		{
			name:  "explicit window",
			q:     retrieval.Query{Text: "bike", AsOf: evening("2024-06-13"), Since: day("2024-06-01"), Until: day("2024-06-05")},
			first: lanesDelayed, absent: []string{lanesApproved, bikeShare}, since: day("2024-06-01"),
		},
		{
			name:         "searched counts the articles in scope",
			q:            retrieval.Query{Text: "storm", AsOf: evening("2024-06-11")},
			absent:       []string{museum, bikeShare},
			wantSearched: 6,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := urls(res)
			if tt.first == "" && len(tt.present) == 0 && len(tt.absent) == 0 && len(got) != 0 {
				t.Errorf("hits %v, want none", got)
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("hits %v, want %s first", got, tt.first)
			}
			for _, u := range tt.absent {
				if slices.Contains(got, u) {
					t.Errorf("hits %v include %s", got, u)
				}
			}
			for _, u := range tt.present {
				if !slices.Contains(got, u) {
					t.Errorf("hits %v lack %s", got, u)
				}
			}
			if !tt.since.IsZero() && !res.Since.Equal(tt.since) {
				t.Errorf("Since = %v, want %v", res.Since, tt.since)
			}
			for _, h := range res.Hits {
				if !h.Published.IsZero() && h.Published.After(tt.q.AsOf) {
					t.Errorf("hit %s published %v, after AsOf %v", h.URL, h.Published, tt.q.AsOf)
				}
			}
			if tt.wantSearched > 0 && res.Searched != tt.wantSearched {
				t.Errorf("Searched = %d, want %d", res.Searched, tt.wantSearched)
			}
		})
	}
}

func TestSearchFoldsDuplicates(t *testing.T) {
	ix, byURL := fixtureIndex(t)
	res, err := ix.Search(context.Background(), retrieval.Query{
		Text: "thunderstorm power outage valley", AsOf: day("2024-06-12"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	first := res.Hits[0]
	other := stormWire
	if first.URL == stormWire {
		other = stormLedger
	} else if first.URL != stormLedger {
		t.Fatalf("first hit %s, want a storm story", first.URL)
	}
	if !slices.Contains(first.Duplicates, byURL[other].ID) {
		t.Errorf("Duplicates = %v, want %s (%s)", first.Duplicates, byURL[other].ID, other)
	}
	for _, h := range res.Hits[1:] {
		if h.URL == other {
			t.Errorf("duplicate %s listed again", other)
		}
	}
}

func TestSearchResultFields(t *testing.T) {
	ix, byURL := fixtureIndex(t)
	res, err := ix.Search(context.Background(), retrieval.Query{Text: "dinosaur skeleton paleontologists", AsOf: day("2024-06-14")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	h, want := res.Hits[0], byURL[museum]
	if h.ArticleID != want.ID || h.Title != want.Title || h.Source != want.Source || h.FeedID != want.FeedID || !h.Published.Equal(want.Published) {
		t.Errorf("hit %+v does not match article %+v", h, want)
	}
	if len(h.Passages) == 0 || h.Passages[0].ArticleID != want.ID || !strings.Contains(want.Text, h.Passages[0].Text[:40]) {
		t.Errorf("passages %+v are not the article's", h.Passages)
	}
	if !strings.Contains(h.Snippet, "«skeleton»") || !strings.Contains(h.Snippet, "«Paleontologists»") {
		t.Errorf("Snippet %q lacks highlighted terms", h.Snippet)
	}
	if h.Score <= 0 {
		t.Errorf("Score = %v", h.Score)
	}
}

func TestSearchK(t *testing.T) {
	ix, _ := fixtureIndex(t)
	res, err := ix.Search(context.Background(), retrieval.Query{Text: "the city council and the library and the museum and the storm", K: 2, AsOf: day("2024-06-14")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 {
		t.Errorf("%d hits, want 2", len(res.Hits))
	}
}

func TestSearchWithoutTermsListsLatest(t *testing.T) {
	ix, _ := fixtureIndex(t)
	res, err := ix.Search(context.Background(), retrieval.Query{Text: "What happened yesterday?", AsOf: day("2024-06-12").Add(9 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	got := urls(res)
	slices.Sort(got)
	want := []string{stormLedger}
	// The two storm copies fold into one.
	if len(got) != 1 || (got[0] != stormLedger && got[0] != stormWire) {
		t.Errorf("hits %v, want %v (or its duplicate)", got, want)
	}
}

func TestAddReplacesPassages(t *testing.T) {
	ix, byURL := fixtureIndex(t)
	ctx := context.Background()
	a := byURL[lanesApproved]
	a.Text = "The council meeting was cancelled."
	ix.add(t, a)
	res, err := ix.Search(ctx, retrieval.Query{Text: "cyclists chamber loading zones university campus", AsOf: day("2024-06-14")})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(urls(res), lanesApproved) {
		t.Errorf("old text of %s still found: %v", lanesApproved, urls(res))
	}
	res, err = ix.Search(ctx, retrieval.Query{Text: "meeting cancelled", AsOf: day("2024-06-14")})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(res); len(got) == 0 || got[0] != lanesApproved {
		t.Errorf("new text not found first: %v", got)
	}
	if res.Searched != len(byURL) {
		t.Errorf("Searched = %d after an update, want %d", res.Searched, len(byURL))
	}
}

func TestSearchUnknownWords(t *testing.T) {
	ix, _ := fixtureIndex(t)
	res, err := ix.Search(context.Background(), retrieval.Query{Text: "zyzzyva quokka", AsOf: day("2024-06-14")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 0 {
		t.Errorf("hits %v for words no article has", urls(res))
	}
}

// TestSearchWhileIndexing runs searches during Add and Rebuild; run with
// -race to check the index's locking.
func TestSearchWhileIndexing(t *testing.T) {
	ix, byURL := fixtureIndex(t)
	ctx := context.Background()
	done := make(chan struct{})
	errs := make(chan error, 1)
	go func() {
		defer close(done)
		for range 20 {
			a := byURL[stormLedger]
			if err := ix.Add(ctx, []data.Article{a}); err != nil {
				errs <- err
				return
			}
		}
		if _, err := ix.Rebuild(ctx, ix.st); err != nil {
			errs <- err
		}
	}()
	for searching := true; searching; {
		select {
		case <-done:
			searching = false
		default:
		}
		if _, err := ix.Search(ctx, retrieval.Query{Text: "storm power", AsOf: day("2024-06-12")}); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	findsStorm(t, ix.Index)
}

// TestAddSameArticleTwiceInBatch adds a batch, split between concurrent
// bleve batches, that holds two versions of one article: the later one is
// indexed, and the article counts once.
func TestAddSameArticleTwiceInBatch(t *testing.T) {
	ix := newStack(t)
	ctx := context.Background()
	var batch []data.Article
	for i := range 9 {
		a := data.Article{URL: fmt.Sprintf("https://filler.example/%d", i), Title: fmt.Sprintf("Filler story %d", i),
			Text: "Nothing much happened at the county fair.", Published: day("2024-06-10"), Rev: int64(i + 1)}
		a.Normalize()
		batch = append(batch, a)
	}
	first := data.Article{URL: "https://twice.example/a", Title: "Harbour report", Text: strings.Repeat("The harbour crane was painted blue. ", 60), Published: day("2024-06-11"), Rev: 10}
	first.Normalize()
	second := first
	second.Text, second.Rev = "The harbour crane was sold to a museum.", 11
	batch = append([]data.Article{first}, batch...)
	batch = append(batch, second)
	// The store keeps the later version; the index is given both.
	put(t, ix.st, slices.Clone(batch)...)
	if err := ix.Add(ctx, batch); err != nil {
		t.Fatal(err)
	}
	st := mustState(t, ix.Index)
	if st.Articles != 10 || st.IndexedRev != 11 || st.Passages != 20 {
		t.Errorf("state %+v, want 10 articles, rev 11, 20 documents", st)
	}
	res, err := ix.Search(ctx, retrieval.Query{Text: "harbour crane museum", AsOf: day("2024-06-14")})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(res); len(got) != 1 || got[0] != second.URL {
		t.Fatalf("hits %v, want %s alone", got, second.URL)
	}
	if p := res.Hits[0].Passages; len(p) == 0 || !strings.Contains(p[0].Text, "museum") {
		t.Errorf("passages %+v, want the second version's", p)
	}
	res, err = ix.Search(ctx, retrieval.Query{Text: "crane painted blue", AsOf: day("2024-06-14")})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		for _, p := range h.Passages {
			if strings.Contains(p.Text, "painted blue") {
				t.Errorf("the first version's text is still indexed: %q", p.Text)
			}
		}
	}
}

func TestSearchFindsUntitledArticleByURLSlug(t *testing.T) {
	ix, _ := fixtureIndex(t)
	ctx := context.Background()
	const untitled = "https://ledger.example/2024/06/12/ferry-service-suspended-harbor/index.html"
	a := data.Article{
		URL:       untitled,
		Text:      "Sign up for our newsletter. Advertisement. Share this story.",
		Published: day("2024-06-12"),
	}
	a.Normalize()
	ix.add(t, a)
	res, err := ix.Search(ctx, retrieval.Query{Text: "Why was the harbor ferry suspended?", AsOf: day("2024-06-13")})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(res); len(got) == 0 || got[0] != untitled {
		t.Errorf("hits %v, want %s first", got, untitled)
	}
	// Issue 12: an untitled article takes its title from its slug.
	if len(res.Hits) > 0 && res.Hits[0].Title != "Ferry service suspended harbor" {
		t.Errorf("title %q, want the slug's", res.Hits[0].Title)
	}
}

func TestSearchMatchesURLSlugOfShortenedTitle(t *testing.T) {
	ix, _ := fixtureIndex(t)
	ctx := context.Background()
	const shortened = "https://ledger.example/2024/06/12/county-approves-ferry-fare-increase"
	a := data.Article{
		URL:       shortened,
		Title:     "County approves ...",
		Text:      "Commissioners voted 4-1 on Tuesday. The new prices start in July.",
		Published: day("2024-06-12"),
	}
	a.Normalize()
	ix.add(t, a)
	res, err := ix.Search(ctx, retrieval.Query{Text: "ferry fare increase", AsOf: day("2024-06-13")})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(res); len(got) == 0 || got[0] != shortened {
		t.Errorf("hits %v, want %s first", got, shortened)
	}
	if len(res.Hits) > 0 && res.Hits[0].Title != a.Title {
		t.Errorf("title %q, want %q", res.Hits[0].Title, a.Title)
	}
}

// TestSearchSkipsArticlesNotStored checks that an article the index has
// but the store does not (deleted since it was indexed) is not shown, as
// there is no text to show for it.
func TestSearchSkipsArticlesNotStored(t *testing.T) {
	ix, _ := fixtureIndex(t)
	ctx := context.Background()
	gone := data.Article{URL: "https://gone.example/quokka", Title: "Quokka census counts record numbers",
		Text: "A quokka census on the island counted record numbers.", Published: day("2024-06-11"), Rev: 100}
	gone.Normalize()
	if err := ix.Add(ctx, []data.Article{gone}); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, retrieval.Query{Text: "quokka census", AsOf: day("2024-06-14")})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(res); slices.Contains(got, gone.URL) {
		t.Errorf("hits %v include an article the store does not have", got)
	}
	ix.add(t, gone)
	res, err = ix.Search(ctx, retrieval.Query{Text: "quokka census", AsOf: day("2024-06-14")})
	if err != nil {
		t.Fatal(err)
	}
	if got := urls(res); len(got) == 0 || got[0] != gone.URL {
		t.Errorf("hits %v, want %s once it is stored", got, gone.URL)
	}
}

// TestSearchWithoutWordsGivesNewest checks that a question with no words
// to match lists the newest articles as of its moment, whether they are
// from the last days or months before.
func TestSearchWithoutWordsGivesNewest(t *testing.T) {
	ix, byURL := fixtureIndex(t)
	for _, asOf := range []time.Time{day("2024-06-14"), day("2024-09-30")} {
		var newestDay time.Time
		for _, a := range byURL {
			if !a.Published.After(asOf) && a.Published.After(newestDay) {
				newestDay = a.Published
			}
		}
		res, err := ix.Search(context.Background(), retrieval.Query{Text: "What's the latest news?", AsOf: asOf, K: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 3 {
			t.Fatalf("as of %s: %d hits, want 3", asOf.Format(time.DateOnly), len(res.Hits))
		}
		// Undated articles count as a month old; the dated ones come
		// newest first, starting with the newest day's.
		var dated []time.Time
		for _, h := range res.Hits {
			if !h.Published.IsZero() {
				dated = append(dated, h.Published)
			}
		}
		if len(dated) == 0 || !dated[0].Equal(newestDay) {
			t.Errorf("as of %s: dated hits %v, want the first from %s", asOf.Format(time.DateOnly), dated, newestDay.Format(time.DateOnly))
		}
		if !slices.IsSortedFunc(dated, func(a, b time.Time) int { return b.Compare(a) }) {
			t.Errorf("as of %s: dated hits %v not newest first", asOf.Format(time.DateOnly), dated)
		}
	}
}

// TestSearchTermStatistics checks that a search says which of the
// question's terms each hit and each passage holds, with rarer terms
// weighing more.
func TestSearchTermStatistics(t *testing.T) {
	s := newStack(t)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	var arts []data.Article
	for i := range 6 {
		arts = append(arts, data.Article{
			URL: fmt.Sprintf("https://news.test/council-%d", i), Title: fmt.Sprintf("Council meets, week %d", i),
			Text: "The city council met on Monday to discuss the budget.", Published: now.AddDate(0, 0, -i-1), Source: "news.test",
		})
	}
	arts = append(arts, data.Article{
		URL: "https://news.test/quarry", Title: "Council rejects quarry",
		Text: "The city council met on Monday.\n\n" + strings.Repeat("Residents spoke for hours about traffic and noise. ", 12) +
			"\n\nIn the end the council rejected the Brindle quarry expansion by seven votes to two.",
		Published: now.AddDate(0, 0, -1), Source: "news.test",
	})
	s.add(t, arts...)
	res, err := s.Search(context.Background(), retrieval.Query{Text: "Why did the council reject the Brindle quarry?", AsOf: now, K: 10})
	if err != nil {
		t.Fatal(err)
	}
	idf := map[string]float64{}
	for _, term := range res.Terms {
		idf[term.Word] = term.IDF
	}
	if idf["council"] <= 0 || idf["Brindle"] <= idf["council"] {
		t.Fatalf("terms %+v: Brindle must be rarer than council", res.Terms)
	}
	var quarry *retrieval.Result
	for i := range res.Hits {
		if res.Hits[i].URL == "https://news.test/quarry" {
			quarry = &res.Hits[i]
		}
	}
	if quarry == nil {
		t.Fatalf("quarry story not found: %+v", res.Hits)
	}
	if !slices.ContainsFunc(quarry.Passages, func(p retrieval.Passage) bool { return slices.Contains(p.Matched, "brindl") }) {
		t.Errorf("quarry story's passages %+v: none holds brindl", quarry.Passages)
	}
	for _, p := range quarry.Passages {
		// Every passage holds the title's terms; only the one that
		// names the quarry holds "brindl".
		if !slices.Contains(p.Matched, "council") {
			t.Errorf("passage %d matched %v: the title's council is missing", p.Ord, p.Matched)
		}
		if got, want := slices.Contains(p.Matched, "brindl"), strings.Contains(p.Text, "Brindle"); got != want {
			t.Errorf("passage %d %q: holds brindl %v, want %v", p.Ord, p.Text, got, want)
		}
	}
}

// TestSearchKeepsJoinedNumbers checks that a question's "7.0-magnitude" is
// searched as the term 7.0 the index holds, not as 7 and 0, so that the
// article that has it is found with all of its terms.
func TestSearchKeepsJoinedNumbers(t *testing.T) {
	s := newStack(t)
	pub := day("2024-07-27")
	s.add(t,
		data.Article{URL: "https://news.example/quake", Title: "Quake strikes the north", Source: "Example News", Published: pub,
			Text: "A 7.0-magnitude earthquake struck the northern province on Wednesday, officials said. Roads were closed."},
		data.Article{URL: "https://news.example/other", Title: "Storm season begins", Source: "Example News", Published: pub,
			Text: "Forecasters expect 7 storms and 0 hurricanes this month, with the magnitude of the season unclear."},
	)
	res, err := s.Search(context.Background(), retrieval.Query{Text: "Which country was shaken by a 7.0-magnitude earthquake this week?", AsOf: pub.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	var terms []string
	for _, tm := range res.Terms {
		terms = append(terms, tm.Text)
	}
	if !slices.Contains(terms, "7.0") || slices.Contains(terms, "0") {
		t.Errorf("terms %v, want 7.0 and no 0", terms)
	}
	if len(res.Hits) == 0 || res.Hits[0].URL != "https://news.example/quake" {
		t.Fatalf("hits %v, want the quake first", res.Hits)
	}
	if m := res.Hits[0].Passages[0].Matched; !slices.Contains(m, "7.0") {
		t.Errorf("the quake's passage matched %v, want 7.0 among them", m)
	}
}
