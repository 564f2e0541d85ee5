package summarize_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// latestNow is the moment of asking in the tests of what-happened and
// latest-on questions: a Tuesday noon.
var latestNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// newsArticle is an article published ago before latestNow.
func newsArticle(url, title, source string, feed int64, ago time.Duration, text string) data.Article {
	a := data.Article{URL: url, Title: title, Source: source, FeedID: feed, Published: latestNow.Add(-ago), Text: text}
	a.Normalize()
	return a
}

const day = 24 * time.Hour

// The articles of the tests, by story. The bridge story is told by three
// outlets, the election by two; the others by one.
var (
	bridgeLedger = newsArticle("https://ledger.example/bridge", "Harbor Bridge reopens after six weeks of repairs", "Ledger", 1, 30*time.Hour,
		"The Harbor Bridge reopened to traffic on Monday evening after six weeks of repairs.\nThe city said the repair work cost $4.2 million.")
	bridgeCourier = newsArticle("https://courier.example/bridge", "Harbor Bridge reopens to traffic after repairs", "Courier", 2, 28*time.Hour,
		"The Harbor Bridge reopened to traffic on Monday after repairs to a cracked support beam.\nCommuters said their trips were 20 minutes shorter.")
	bridgeWire = newsArticle("https://wire.example/bridge", "Commuters return as Harbor Bridge reopens after repairs", "Wire", 1, 26*time.Hour,
		"Commuters returned to the Harbor Bridge on Monday as it reopened after repairs.\nBus operators restored three routes across the river.")
	electionLedger = newsArticle("https://ledger.example/election", "Ortiz wins mayoral election in Harborville", "Ledger", 1, 3*day,
		"Maria Ortiz won the mayoral election in Harborville with 54 percent of the vote.\nTurnout was 61 percent, the highest in two decades.")
	electionCourier = newsArticle("https://courier.example/election", "Harborville elects Ortiz mayor in mayoral election", "Courier", 2, 3*day-2*time.Hour,
		"Harborville voters elected Maria Ortiz as mayor in Saturday's mayoral election.\nOrtiz promised to cut bridge tolls for residents.")
	storm = newsArticle("https://weather.example/storm", "Storm warning issued for the coast", "Weather Desk", 9, 5*time.Hour,
		"Forecasters issued a storm warning for the coast with gusts up to 90 km/h expected on Wednesday.")
	kestrelNew = newsArticle("https://valley.example/kestrel-swap", "Kestrel to swap recalled e-bike batteries from December 1", "Valley Post", 2, 2*day,
		"Kestrel Labs will begin replacing recalled e-bike batteries on December 1, the company said.\nOwners can swap their packs at about 200 bike shops.")
	kestrelOld = newsArticle("https://ledger.example/kestrel-recall", "Kestrel Labs recalls 48,000 e-bike batteries", "Ledger", 1, 12*day,
		"Kestrel Labs is recalling 48,000 e-bike batteries after reports of packs overheating.\nThe Kestrel battery recall covers the Swift and Swift Plus bicycles.")
	floodOld = newsArticle("https://ledger.example/flood", "Floodwater closes the Harborville waterfront", "Ledger", 1, 20*day,
		"Floodwater closed the Harborville waterfront on Tuesday after a storm surge.")
	fairOld = newsArticle("https://courier.example/fair", "Harborville autumn fair draws record crowds", "Courier", 2, 60*day,
		"The Harborville autumn fair drew a record 40,000 visitors over the weekend.")
)

// newsStack is a Service over a real store and bleve index holding arts,
// with latestNow as its clock.
func newsStack(tb testing.TB, arts ...data.Article) *summarize.Service {
	tb.Helper()
	ctx := context.Background()
	st, err := data.OpenStore(ctx, filepath.Join(tb.TempDir(), "news.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if _, errs, err := st.PutArticles(ctx, arts); err != nil || firstError(errs) != nil {
		tb.Fatalf("PutArticles: %v %v", err, errs)
	}
	ix, err := retrieval.Open(ctx, tb.TempDir(), st, retrieval.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	if err := ix.Add(ctx, arts); err != nil {
		tb.Fatal(err)
	}
	svc, err := summarize.New(summarize.Config{Search: ix, Store: st, Now: func() time.Time { return latestNow }})
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

// firstError is the first of errs that is not nil.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// allNews is every article of the tests.
func allNews() []data.Article {
	return []data.Article{bridgeLedger, bridgeCourier, bridgeWire, electionLedger, electionCourier, storm, kestrelNew, kestrelOld, floodOld, fairOld}
}

// cited is the article IDs an answer cites, in order.
func cited(a summarize.Answer) []string {
	var ids []string
	for _, c := range a.Citations {
		ids = append(ids, c.ArticleID)
	}
	return ids
}

func TestAskWhatHappened(t *testing.T) {
	svc := newsStack(t, allNews()...)
	recent := []string{bridgeLedger.ID, bridgeCourier.ID, bridgeWire.ID, electionLedger.ID, electionCourier.ID, storm.ID, kestrelNew.ID}
	tests := []struct {
		name string
		req  summarize.AskRequest
		// want are the items' headlines, in order.
		want []string
		// from names the window in the heading.
		from string
	}{
		{
			name: "this week: most covered first, old news left out",
			req:  summarize.AskRequest{Question: "What happened this week?"},
			want: []string{bridgeWire.Title + " (3 outlets)", electionCourier.Title + " (2 outlets)", storm.Title, kestrelNew.Title},
			from: "the past week (Nov 17–24)",
		},
		{
			name: "a question naming no window gets the freshest span with a few stories",
			req:  summarize.AskRequest{Question: "any news?"},
			want: []string{bridgeWire.Title + " (3 outlets)", electionCourier.Title + " (2 outlets)", storm.Title, kestrelNew.Title},
			from: "the past week (Nov 17–24)",
		},
		{
			name: "yesterday",
			req:  summarize.AskRequest{Question: "What happened yesterday?"},
			want: []string{bridgeWire.Title + " (3 outlets)"},
			from: "yesterday (Nov 23)",
		},
		{
			name: "a greeting before it is no subject",
			req:  summarize.AskRequest{Question: "hi bot! what's new today?"},
			want: []string{storm.Title},
			from: "today (Nov 24)",
		},
		{
			name: "the server's feeds only",
			req:  summarize.AskRequest{Question: "What's the latest?", FeedIDs: []int64{2}, Scoped: true},
			want: []string{bridgeCourier.Title, kestrelNew.Title, electionCourier.Title},
			from: "the past week (Nov 17–24)",
		},
		{
			name: "one outlet only",
			req:  summarize.AskRequest{Question: "latest news", Sources: []string{"courier"}},
			want: []string{bridgeCourier.Title, electionCourier.Title},
			from: "the past week (Nov 17–24)",
		},
		{
			name: "a week of few stories widens to the past 30 days",
			req:  summarize.AskRequest{Question: "latest news", Sources: []string{"Ledger"}},
			want: []string{bridgeLedger.Title, electionLedger.Title, kestrelOld.Title, floodOld.Title},
			from: "the past 30 days (Oct 25 – Nov 24)",
		},
		{
			name: "as of an earlier day",
			req:  summarize.AskRequest{Question: "What happened yesterday?", AsOf: latestNow.Add(-2 * day)},
			want: []string{electionCourier.Title + " (2 outlets)"},
			from: "yesterday (Nov 21)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := svc.Ask(context.Background(), tc.req)
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			lines := strings.Split(a.Text, "\n")
			if head := "Top stories from " + tc.from + ":"; lines[0] != head {
				t.Errorf("heading %q, want %q", lines[0], head)
			}
			items := lines[1:]
			if len(items) != len(tc.want) || len(a.Citations) != len(tc.want) {
				t.Fatalf("items %q with %d citations, want %q", items, len(a.Citations), tc.want)
			}
			for i, w := range tc.want {
				c := a.Citations[i]
				if want := "- " + w + " [" + string(rune('1'+i)) + "]"; items[i] != want {
					t.Errorf("item %d = %q, want %q", i+1, items[i], want)
				}
				if c.N != i+1 || c.URL == "" || c.Quote == "" || !slices.Contains(recent, c.ArticleID) && c.ArticleID != kestrelOld.ID && c.ArticleID != floodOld.ID {
					t.Errorf("citation %d = %+v, want a recent article with its lead quoted", i+1, c)
				}
			}
			if a.NotCovered || a.SmallTalk || a.Engine != summarize.EngineExtractive || a.Searched == 0 {
				t.Errorf("answer meta: not covered %v, small talk %v, engine %q, searched %d", a.NotCovered, a.SmallTalk, a.Engine, a.Searched)
			}
		})
	}
}

func TestAskWhatHappenedInAnEmptyWindow(t *testing.T) {
	// Nothing was published on Monday, Nov 23.
	svc := newsStack(t, storm, electionLedger, electionCourier, fairOld)
	tests := []struct{ question, want string }{
		{"What happened yesterday?", "Nothing in the indexed news from yesterday (Nov 23)."},
		// A day's news is that day's and the next's, as Ask reads it.
		{"What happened on November 22?", "Nothing in the indexed news from Nov 22–23."},
		{"Any news from last month?", "Nothing in the indexed news from Oct 1–31."},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: tc.question})
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if a.Text != tc.want || !a.NotCovered || len(a.Citations) != 0 || len(a.Headlines) != 0 {
				t.Errorf("answer %q (not covered %v, citations %v, headlines %v), want %q, not covered, nothing cited",
					a.Text, a.NotCovered, a.Citations, a.Headlines, tc.want)
			}
		})
	}
}

func TestAskLatestOnASubject(t *testing.T) {
	svc := newsStack(t, allNews()...)
	tests := []struct {
		question string
		notice   string
	}{
		{"What's the latest on the Kestrel battery recall?", ""},
		{"latest news about the Kestrel recall", ""},
		{"what's new with the Kestrel e-bike batteries", ""},
		{"Kestrel battery recall news this week", ""},
		// Nothing on Kestrel today: the latest before it, and a word on it.
		{"Kestrel battery recall news today", "Nothing on this from today (Nov 24); this is the latest coverage."},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: tc.question})
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			ids := cited(a)
			if a.NotCovered || len(ids) == 0 || ids[0] != kestrelNew.ID {
				t.Fatalf("answer %q cites %v (not covered %v), want the newest Kestrel article %s first", a.Text, ids, a.NotCovered, kestrelNew.ID)
			}
			if slices.Contains(ids, kestrelOld.ID) {
				t.Errorf("answer %q cites the Kestrel article ten days older than the newest", a.Text)
			}
			if a.Notice != tc.notice {
				t.Errorf("notice %q, want %q", a.Notice, tc.notice)
			}
		})
	}
}

func TestAsksLatest(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"What's the latest on the Kestrel recall?", true},
		{"latest news about Kestrel", true},
		{"what's new with the Meridian probe", true},
		{"Kestrel news this week", true},
		{"any updates on the bridge?", true},
		{"What's happening with the rail link?", true},
		{"Which app updates its terms every year?", false},
		{"Why is the Eastgate Bridge closed?", false},
		{"Who won the Northern Cup this week?", false},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			if got := summarize.AsksLatest(tc.q); got != tc.want {
				t.Errorf("AsksLatest(%q) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}
