package summarize_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/summarize"
)

// groupFixture is an article of testdata/group with the story it belongs to.
type groupFixture struct {
	data.Article
	Story string `json:"story"`
}

func loadGroupFixtures(t *testing.T) ([]data.Article, map[string]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "group", "articles.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fx []groupFixture
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	arts := make([]data.Article, len(fx))
	story := make(map[string]string, len(fx))
	for i, f := range fx {
		a := f.Article
		a.Normalize()
		arts[i] = a
		story[a.ID] = f.Story
	}
	return arts, story
}

func TestGroupStories(t *testing.T) {
	arts, story := loadGroupFixtures(t)
	now := time.Date(2025, 3, 10, 18, 0, 0, 0, time.UTC)
	// Input order must not matter.
	rev := slices.Clone(arts)
	slices.Reverse(rev)
	for name, in := range map[string][]data.Article{"fixture order": arts, "reversed": rev} {
		t.Run(name, func(t *testing.T) {
			groups := summarize.GroupStories(in, now)
			var got []string
			total := 0
			for _, g := range groups {
				total += len(g.Articles)
				want := story[g.Articles[0].ID]
				for _, a := range g.Articles {
					if story[a.ID] != want {
						t.Errorf("story %q contains %q (%s)", want, a.Title, story[a.ID])
					}
				}
				got = append(got, want)
			}
			if total != len(arts) {
				t.Errorf("groups hold %d articles, want %d", total, len(arts))
			}
			// One group per story, ranked by outlets (floods: 4), then
			// recency (football is newer than the recall), then
			// singletons by recency.
			want := []string{"floods", "football", "recall", "layoffs", "frog", "library"}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("stories = %v, want %v", got, want)
			}
			if len(groups) == 0 {
				return
			}
			floods := groups[0]
			outlets := slices.Clone(floods.Outlets)
			sort.Strings(outlets)
			if strings.Join(outlets, ",") != "Daily Ledger,Metro Times,Northern Courier,Valley Public Radio" {
				t.Errorf("flood outlets = %v", floods.Outlets)
			}
			if !floods.Latest.Equal(time.Date(2025, 3, 10, 12, 15, 0, 0, time.UTC)) {
				t.Errorf("flood Latest = %v", floods.Latest)
			}
			// The excerpt-only article is never the representative one.
			if floods.Articles[0].ExcerptOnly {
				t.Errorf("representative article is an excerpt: %q", floods.Articles[0].Title)
			}
			if len(groups) > 2 && len(groups[2].Outlets) != 2 {
				t.Errorf("recall outlets = %v, want 2 distinct", groups[2].Outlets)
			}
		})
	}
}

func TestGroupStoriesEdgeCases(t *testing.T) {
	now := time.Date(2025, 3, 10, 18, 0, 0, 0, time.UTC)
	if got := summarize.GroupStories(nil, now); len(got) != 0 {
		t.Errorf("nil input: %d groups", len(got))
	}
	// The same article twice (same canonical URL) is one story; an
	// article without text or time still gets its own group.
	a := data.Article{URL: "https://x.example/a?utm_source=feed", Title: "Dam opens", Text: "The dam opened.", Source: "X"}
	b := data.Article{URL: "https://x.example/a", Title: "Dam opens to visitors", Text: "", Source: "X"}
	c := data.Article{Title: "", Text: "", Source: "Y"}
	for _, p := range []*data.Article{&a, &b, &c} {
		p.Normalize()
	}
	got := summarize.GroupStories([]data.Article{a, b, c}, now)
	if len(got) != 2 || len(got[0].Articles)+len(got[1].Articles) != 3 {
		t.Fatalf("got %d groups: %+v", len(got), got)
	}
	for _, g := range got {
		if g.Outlets[0] == "X" && len(g.Articles) != 2 {
			t.Errorf("duplicate URLs not grouped: %+v", g)
		}
	}
}
