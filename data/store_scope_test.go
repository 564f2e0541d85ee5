package data_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

// scopedStore holds articles of feed 0 (local), feed a and feed b.
func scopedStore(t *testing.T, be backend) (s *data.Store, a, b int64) {
	t.Helper()
	s, _ = be.open(t)
	fa, err := s.AddFeed(t.Context(), data.Feed{URL: "https://a.example/feed", Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	fb, err := s.AddFeed(t.Context(), data.Feed{URL: "https://b.example/feed", Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	storePutAll(t, s,
		data.Article{URL: "https://local.example/1", Title: "Local harbour news", Text: "x", Published: day},
		data.Article{URL: "https://www.ledger.example/1", Title: "Harbour strike ends", Source: "The Daily Ledger", Text: "x", FeedID: fa.ID, Published: day.Add(time.Hour)},
		data.Article{URL: "https://www.ledger.example/2", Title: "Harbour pay deal", Source: "The Daily Ledger", Text: "x", FeedID: fa.ID, Published: day.Add(2 * time.Hour)},
		data.Article{URL: "https://wire.example/1", Title: "Glacier harbour opens", Source: "Wire", Text: "x", FeedID: fb.ID, Published: day.Add(3 * time.Hour)},
	)
	return s, fa.ID, fb.ID
}

func TestHeadlinesOfFeeds(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, a, b := scopedStore(t, be)
		tests := []struct {
			name  string
			feeds []int64
			want  []string
		}{
			{"every feed", nil, []string{"Glacier harbour opens", "Harbour pay deal", "Harbour strike ends", "Local harbour news"}},
			{"local and a", []int64{0, a}, []string{"Harbour pay deal", "Harbour strike ends", "Local harbour news"}},
			{"b only", []int64{b}, []string{"Glacier harbour opens"}},
			{"no feed", []int64{}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.Headlines(t.Context(), "harbour", tt.feeds, 0)
				if err != nil {
					t.Fatal(err)
				}
				var titles []string
				for _, a := range got {
					titles = append(titles, a.Title)
				}
				if !reflect.DeepEqual(titles, tt.want) {
					t.Errorf("Headlines(harbour, %v) = %q, want %q", tt.feeds, titles, tt.want)
				}
			})
		}
	})
}

func TestOutlets(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, a, b := scopedStore(t, be)
		tests := []struct {
			name     string
			contains string
			feeds    []int64
			limit    int
			want     []data.Outlet
		}{
			{"every feed, most articles first", "", nil, 0, []data.Outlet{
				{Name: "The Daily Ledger", Domain: "ledger.example", Articles: 2},
				{Name: "Wire", Domain: "wire.example", Articles: 1},
				{Name: "local.example", Domain: "local.example", Articles: 1},
			}},
			{"by name, any case", "daily", nil, 0, []data.Outlet{{Name: "The Daily Ledger", Domain: "ledger.example", Articles: 2}}},
			{"by domain", "LEDGER.EX", nil, 0, []data.Outlet{{Name: "The Daily Ledger", Domain: "ledger.example", Articles: 2}}},
			{"another server's outlet is not offered", "wire", []int64{0, a}, 0, nil},
			{"own feed", "wire", []int64{b}, 0, []data.Outlet{{Name: "Wire", Domain: "wire.example", Articles: 1}}},
			{"limit", "", nil, 1, []data.Outlet{{Name: "The Daily Ledger", Domain: "ledger.example", Articles: 2}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.Outlets(t.Context(), tt.contains, tt.feeds, tt.limit)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("Outlets(%q, %v, %d) = %+v, want %+v", tt.contains, tt.feeds, tt.limit, got, tt.want)
				}
			})
		}
	})
}
