package data_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

var testOutlets = []data.Outlet{
	{Name: "cnn.com", Domain: "cnn.com", Articles: 40},
	{Name: "usatoday.com", Domain: "usatoday.com", Articles: 30},
	{Name: "BBC", Domain: "bbc.co.uk", Articles: 20},
	{Name: "The Daily Ledger", Domain: "dailyledger.example", Articles: 10},
	{Name: "Metro Wire", Domain: "metrowire.example", Articles: 5},
	{Name: "cbc.ca", Domain: "cbc.ca", Articles: 3},
	{Name: "Notes", Articles: 1},
}

func outletNames(os []data.Outlet) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Name)
	}
	return out
}

// Issue 12: --source CNN searched 0 articles because the outlet is cnn.com.
func TestMatchOutlets(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"CNN", []string{"cnn.com"}},
		{"cnn.com", []string{"cnn.com"}},
		{"www.CNN.com", []string{"cnn.com"}},
		{"https://edition.cnn.com/", []string{"cnn.com"}},
		{"USA Today", []string{"usatoday.com"}},
		{"bbc", []string{"BBC"}},
		{"bbc.co.uk", []string{"BBC"}},
		{"Daily Ledger", []string{"The Daily Ledger"}},
		{"the daily ledger", []string{"The Daily Ledger"}},
		{"dailyledger.example", []string{"The Daily Ledger"}},
		{"metrowire", []string{"Metro Wire"}},
		{"notes", []string{"Notes"}},
		{"Fox News", nil},
		{"cn", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := outletNames(data.MatchOutlets(tt.name, testOutlets)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("MatchOutlets(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNearOutlets(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"cn", []string{"cnn.com"}},
		{"cnnn", []string{"cnn.com"}},
		{"metro", []string{"Metro Wire"}},
		{"usatodya", []string{"usatoday.com"}},
		{"cbs", []string{"cbc.ca"}},
		{"Fox News", nil},
	}
	for _, tt := range tests {
		if got := outletNames(data.NearOutlets(tt.name, testOutlets, 3)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("NearOutlets(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestStoreOutlets(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		storePutAll(t, s,
			data.Article{URL: "https://www.cnn.com/2026/11/24/a-story", Title: "A", Text: "a", Published: now},
			data.Article{URL: "https://www.cnn.com/2026/11/24/b-story", Title: "B", Text: "b", Published: now},
			data.Article{URL: "https://metrowire.example/c-story", Title: "C", Text: "c", Source: "Metro Wire", Published: now},
			data.Article{Title: "D", Text: "d", Source: "Notes"},
		)
		got, err := s.Outlets(t.Context(), "", nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []data.Outlet{
			{Name: "cnn.com", Domain: "cnn.com", Articles: 2},
			{Name: "Metro Wire", Domain: "metrowire.example", Articles: 1},
			{Name: "Notes", Articles: 1},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Outlets = %+v, want %+v", got, want)
		}
	})
}
