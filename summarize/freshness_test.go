package summarize_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// sourceURLs are the URLs of a prompt's sources, in their order.
func sourceURLs(user string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<source n="\d+"[^>]* url="([^"]*)">`).FindAllStringSubmatch(user, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestAskPrefersFreshEvidence(t *testing.T) {
	arts := corpus()
	fresh, storm := arts[0], arts[5]
	// An earlier reopening of the same bridge, two months before.
	stale := data.Article{URL: "https://ledger.example/bridge-2025", Title: "Harbor Bridge reopens after repairs", Source: "Ledger", FeedID: 1,
		Published: svcNow.Add(-60 * 24 * time.Hour),
		Text:      "The Harbor Bridge reopened to traffic on Friday evening after repairs to its deck.\nThe repairs took three weeks."}
	stale.Normalize()
	tests := []struct {
		name string
		// hits are what the search finds, best first.
		hits []data.Article
		// until is the end of the window the search read from the
		// question; zero when none.
		until time.Time
		// want are the URLs of the sources, in order.
		want []string
	}{
		{
			name: "fresh coverage of the story goes before old news that matches better",
			hits: []data.Article{stale, fresh, storm},
			want: []string{fresh.URL, storm.URL, stale.URL},
		},
		{
			name: "old news stays first when nothing fresh is about the question",
			hits: []data.Article{stale, storm},
			want: []string{stale.URL, storm.URL},
		},
		{
			name:  "old news is fresh for a question about its time",
			hits:  []data.Article{stale, fresh},
			until: svcNow.Add(-50 * 24 * time.Hour),
			want:  []string{stale.URL, fresh.URL},
		},
		{
			name: "the search's order stands among fresh hits",
			hits: []data.Article{arts[1], fresh, arts[2]},
			want: []string{arts[1].URL, fresh.URL, arts[2].URL},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := &fakeSearcher{search: func(ctx context.Context, q retrieval.Query) (retrieval.Results, error) {
				res := retrieval.Results{Searched: 42, Until: tc.until}
				for i, a := range tc.hits {
					res.Hits = append(res.Hits, hitOf(a, float64(10-i)))
				}
				return res, nil
			}}
			f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyJSON(w, "The Harbor Bridge reopened to traffic on Friday evening [1].", 10)
			})
			l, _ := newTestLLM(t, f, nil)
			svc := newService(t, fs, nil, l, nil)
			if _, err := svc.Ask(context.Background(), summarize.AskRequest{Question: bridgeQ}); err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if got := sourceURLs(userPrompt(f.request(t, 0))); !slices.Equal(got, tc.want) {
				t.Errorf("sources in the prompt %q, want %q", got, tc.want)
			}
			a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: bridgeQ, Extractive: true})
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if len(a.Citations) == 0 || a.Citations[0].URL != tc.want[0] {
				t.Errorf("extractive answer %q cites %v first, want %s", a.Text, a.Citations, tc.want[0])
			}
		})
	}
}

func TestAskOldNewsIsNotCovered(t *testing.T) {
	arts := corpus()
	fresh, storm := arts[0], arts[5]
	// The same bridge reopened a year before: history, not the news.
	old := data.Article{URL: "https://ledger.example/bridge-2025", Title: "Harbor Bridge reopens after repairs", Source: "Ledger", FeedID: 1,
		Published: svcNow.Add(-365 * 24 * time.Hour),
		Text:      "The Harbor Bridge reopened to traffic on Friday evening after repairs to its deck.\nThe repairs took three weeks."}
	old.Normalize()
	tests := []struct {
		name  string
		hits  []data.Article
		until time.Time
		// want is the URL the answer cites first; "" for not covered.
		want string
	}{
		{name: "only old news holds the answer", hits: []data.Article{old, storm}},
		{name: "fresh coverage answers instead", hits: []data.Article{old, fresh, storm}, want: fresh.URL},
		{name: "old news answers a question about its time", hits: []data.Article{old, storm},
			until: svcNow.Add(-300 * 24 * time.Hour), want: old.URL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := &fakeSearcher{search: func(ctx context.Context, q retrieval.Query) (retrieval.Results, error) {
				res := retrieval.Results{Searched: 42, Until: tc.until}
				for i, a := range tc.hits {
					res.Hits = append(res.Hits, hitOf(a, float64(10-i)))
				}
				return res, nil
			}}
			svc := newService(t, fs, nil, nil, nil)
			a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: bridgeQ})
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if tc.want == "" {
				if !a.NotCovered || len(a.Citations) > 0 {
					t.Fatalf("answer %q (not covered %v, citations %v), want not covered", a.Text, a.NotCovered, a.Citations)
				}
				return
			}
			if a.NotCovered || len(a.Citations) == 0 || a.Citations[0].URL != tc.want {
				t.Errorf("answer %q cites %v first, want %s", a.Text, a.Citations, tc.want)
			}
		})
	}
}
