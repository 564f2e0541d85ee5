package summarize_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/summarize"
)

func TestStories(t *testing.T) {
	arts := corpus() // bridge: 3 outlets; election: 2; storm: 1
	tests := []struct {
		name string
		r    summarize.StoriesRequest
		hits []int // the articles a topic search finds
		want []string
		// wantArticles is the first story's article count.
		wantArticles int
	}{
		{"every story", summarize.StoriesRequest{}, nil, []string{"Harbor Bridge", "Ortiz", "Storm"}, 3},
		{"two outlets or more", summarize.StoriesRequest{MinOutlets: 2}, nil, []string{"Harbor Bridge", "Ortiz"}, 3},
		{"three outlets or more", summarize.StoriesRequest{MinOutlets: 3}, nil, []string{"Harbor Bridge"}, 3},
		// One bridge article is found; the story keeps all three.
		{"a topic", summarize.StoriesRequest{Topic: "Harbor Bridge"}, []int{0}, []string{"Harbor Bridge"}, 3},
		{"a topic and outlets", summarize.StoriesRequest{Topic: "Harbor Bridge", MinOutlets: 4}, []int{0}, nil, 0},
		{"a server's feeds", summarize.StoriesRequest{FeedIDs: []int64{2}, Scoped: true}, nil, []string{"Ortiz", "Harbor Bridge"}, 1},
		{"a window", summarize.StoriesRequest{Since: svcNow.Add(-12 * time.Hour), Until: svcNow.Add(-6 * time.Hour)}, nil, []string{"Ortiz"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var found = arts[:0:0]
			for _, i := range tt.hits {
				found = append(found, arts[i])
			}
			svc := newService(t, searchReturning(found...), storeOf(arts), nil, nil)
			groups, err := svc.Stories(context.Background(), tt.r)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, g := range groups {
				got = append(got, g.Articles[0].Title)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("stories %q, want %q", got, tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("story %d = %q, want %q", i, got[i], w)
				}
			}
			if len(groups) > 0 && len(groups[0].Articles) != tt.wantArticles {
				t.Errorf("first story has %d articles, want %d", len(groups[0].Articles), tt.wantArticles)
			}
		})
	}
}

func TestStorySummary(t *testing.T) {
	arts := corpus()
	svc := newService(t, searchReturning(), storeOf(arts), nil, nil)
	groups, err := svc.Stories(context.Background(), summarize.StoriesRequest{MinOutlets: 3})
	if err != nil || len(groups) != 1 {
		t.Fatalf("Stories = %d, %v", len(groups), err)
	}
	st, err := svc.StorySummary(context.Background(), groups[0], svcNow, false)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(st.Headline, "Harbor Bridge") || len(st.Outlets) != 3 || len(st.ArticleIDs) != 3 ||
		st.Summary.Text == "" || len(st.Summary.Citations) == 0 || st.Summary.Engine != summarize.EngineExtractive {
		t.Errorf("story summary %+v", st)
	}
	if _, err := svc.StorySummary(context.Background(), summarize.StoryGroup{}, svcNow, false); err == nil {
		t.Error("summarised a story of no articles")
	}
}
