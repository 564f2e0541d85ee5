package summarize_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/summarize"
)

func citeSources() []summarize.Source {
	return []summarize.Source{
		{N: 1, ArticleID: "a1", URL: "https://ledger.example/1", Title: "Bridge reopens", Outlet: "Ledger",
			Published: time.Date(2026, 3, 13, 18, 0, 0, 0, time.UTC),
			Text:      "The Harbor Bridge reopened to traffic on Friday evening after six weeks of repairs. The city said the work cost $4.2 million."},
		{N: 2, ArticleID: "a2", URL: "https://courier.example/2", Title: "Commuters cheer", Outlet: "Courier",
			Text: "Commuters said their trips were 20 minutes shorter on the first evening. Bus operators restored three routes across the river."},
		{N: 3, ArticleID: "a3", URL: "https://notes.example/3", Title: "Tolls review", Outlet: "Notes",
			Text: "The council will review bridge tolls in April. Councillor Maria Ortiz proposed cutting tolls for residents."},
		{N: 4, ArticleID: "a4", URL: "https://wire.example/4", Title: "Cracks found", Outlet: "Wire",
			Text: "Engineers found cracks in a steel support beam in January, forcing the closure."},
	}
}

func citeSplitter(tb testing.TB) *summarize.Splitter {
	tb.Helper()
	s, err := summarize.NewSplitter()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestFinishCitations(t *testing.T) {
	split := citeSplitter(t)
	tests := []struct {
		name      string
		in        string
		want      string
		wantIDs   []string // article IDs of the returned citations, in order
		wantStats summarize.FinishStats
	}{
		{
			name:    "renumbered in order of first use",
			in:      "Councillor Maria Ortiz proposed cutting bridge tolls for residents [3]. The Harbor Bridge reopened on Friday evening [1].",
			want:    "Councillor Maria Ortiz proposed cutting bridge tolls for residents [1]. The Harbor Bridge reopened on Friday evening [2].",
			wantIDs: []string{"a3", "a1"},
		},
		{
			name:      "a marker to a source that does not exist is removed",
			in:        "The Harbor Bridge reopened on Friday evening [1][7].",
			want:      "The Harbor Bridge reopened on Friday evening [1].",
			wantIDs:   []string{"a1"},
			wantStats: summarize.FinishStats{Removed: 1},
		},
		{
			name:      "a sentence citing only a missing source and supported nowhere is dropped",
			in:        "The Harbor Bridge reopened on Friday evening [1]. The mayor resigned over the scandal [7].",
			want:      "The Harbor Bridge reopened on Friday evening [1].",
			wantIDs:   []string{"a1"},
			wantStats: summarize.FinishStats{Removed: 1, DroppedSentences: 1},
		},
		{
			name:    "lists and ranges",
			in:      "Commuters saved 20 minutes as bus operators restored three routes [2, 4]. Engineers found cracks in a steel support beam in January [1-4].",
			want:    "Commuters saved 20 minutes as bus operators restored three routes [1]. Engineers found cracks in a steel support beam in January [2].",
			wantIDs: []string{"a2", "a4"},
			// [2, 4]: 4 does not support; [1-4]: 1, 2, 3 do not.
			wantStats: summarize.FinishStats{Unsupported: 4},
		},
		{
			name:      "a wrongly attributed sentence moves to the source that supports it",
			in:        "Engineers found cracks in a steel support beam in January [3].",
			want:      "Engineers found cracks in a steel support beam in January [1].",
			wantIDs:   []string{"a4"},
			wantStats: summarize.FinishStats{Unsupported: 1, Repointed: 1},
		},
		{
			name:      "an unsupported cited claim is dropped",
			in:        "The Harbor Bridge reopened on Friday evening [1]. Protesters blocked the highway for three days [1].",
			want:      "The Harbor Bridge reopened on Friday evening [1].",
			wantIDs:   []string{"a1"},
			wantStats: summarize.FinishStats{Unsupported: 1, DroppedSentences: 1},
		},
		{
			name:      "a sentence saying the sources lack something stays",
			in:        "The Harbor Bridge reopened on Friday evening [1]. The sources do not say when the tolls will change [3].",
			want:      "The Harbor Bridge reopened on Friday evening [1]. The sources do not say when the tolls will change.",
			wantIDs:   []string{"a1"},
			wantStats: summarize.FinishStats{Unsupported: 1},
		},
		{
			name:      "an uncited not-covered sentence stays uncited",
			in:        "There is no information about casualties in the indexed news.",
			want:      "There is no information about casualties in the indexed news.",
			wantStats: summarize.FinishStats{},
		},
		{
			name:      "uncited sentences: supported ones get their source, claims without support go",
			in:        "The Harbor Bridge reopened to traffic on Friday evening. The governor praised the quick repairs and promised more funding.",
			want:      "The Harbor Bridge reopened to traffic on Friday evening [1].",
			wantIDs:   []string{"a1"},
			wantStats: summarize.FinishStats{DroppedSentences: 1},
		},
		{
			name:    "markers after the period belong to the sentence before",
			in:      "The Harbor Bridge reopened on Friday evening. [1] Commuters said their trips were 20 minutes shorter. [2]",
			want:    "The Harbor Bridge reopened on Friday evening [1]. Commuters said their trips were 20 minutes shorter [2].",
			wantIDs: []string{"a1", "a2"},
		},
		{
			name:    "a marker after a number and a period stays with its sentence",
			in:      "The city said the work cost $4.2 million. [1] Commuters said their trips were 20 minutes shorter [2].",
			want:    "The city said the work cost $4.2 million [1]. Commuters said their trips were 20 minutes shorter [2].",
			wantIDs: []string{"a1", "a2"},
		},
		{
			name:      "adjacent markers after the period",
			in:        "The city said the work cost $4.2 million. [1][2] Bus operators restored three routes across the river [2].",
			want:      "The city said the work cost $4.2 million [1]. Bus operators restored three routes across the river [2].",
			wantIDs:   []string{"a1", "a2"},
			wantStats: summarize.FinishStats{Unsupported: 1},
		},
		{
			name:      "a list of markers after the period",
			in:        "Engineers found cracks in a steel support beam in January. [1, 4] The council will review bridge tolls in April [3].",
			want:      "Engineers found cracks in a steel support beam in January [1]. The council will review bridge tolls in April [2].",
			wantIDs:   []string{"a4", "a3"},
			wantStats: summarize.FinishStats{Unsupported: 1},
		},
		{
			name:      "a range of markers after the period, then one at the end",
			in:        "The council will review bridge tolls in April. [1-3] Engineers found cracks in a steel support beam. [4]",
			want:      "The council will review bridge tolls in April [1]. Engineers found cracks in a steel support beam [2].",
			wantIDs:   []string{"a3", "a4"},
			wantStats: summarize.FinishStats{Unsupported: 2},
		},
		{
			name:      "an uncited sentence says the sources do not break something down",
			in:        "The city said the work cost $4.2 million [1]. The sources do not break down the cost by contractor.",
			want:      "The city said the work cost $4.2 million [1]. The sources do not break down the cost by contractor.",
			wantIDs:   []string{"a1"},
			wantStats: summarize.FinishStats{},
		},
		{
			name:    "a short line without a claim stays, lines are kept",
			in:      "In short:\n- The Harbor Bridge reopened on Friday evening [Source 1].\n- The work cost $4.2 million [1].",
			want:    "In short:\n- The Harbor Bridge reopened on Friday evening [1].\n- The work cost $4.2 million [1].",
			wantIDs: []string{"a1"},
		},
		{
			name:    "duplicate markers collapse",
			in:      "The city said the work cost $4.2 million [1][1].",
			want:    "The city said the work cost $4.2 million [1].",
			wantIDs: []string{"a1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fin := summarize.FinishCitations(tc.in, citeSources(), split)
			got, cits, st := fin.Text, fin.Citations, fin.Stats
			if got != tc.want {
				t.Errorf("text\n got %q\nwant %q", got, tc.want)
			}
			var ids []string
			for i, c := range cits {
				ids = append(ids, c.ArticleID)
				if c.N != i+1 {
					t.Errorf("citation %d numbered %d", i, c.N)
				}
			}
			if strings.Join(ids, ",") != strings.Join(tc.wantIDs, ",") {
				t.Errorf("citations %v, want %v", ids, tc.wantIDs)
			}
			if st != tc.wantStats {
				t.Errorf("stats %+v, want %+v", st, tc.wantStats)
			}
		})
	}
}

func TestFinishCitationsMetadataAndQuote(t *testing.T) {
	split := citeSplitter(t)
	cits := summarize.FinishCitations("The work on the bridge cost $4.2 million, the city said [1].", citeSources(), split).Citations
	if len(cits) != 1 {
		t.Fatalf("got %d citations, want 1", len(cits))
	}
	c := cits[0]
	if c.URL != "https://ledger.example/1" || c.Title != "Bridge reopens" || c.Source != "Ledger" ||
		!c.Published.Equal(time.Date(2026, 3, 13, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("citation metadata = %+v", c)
	}
	if c.Quote != "The city said the work cost $4.2 million." {
		t.Errorf("Quote = %q, want the sentence about the cost", c.Quote)
	}
}

func TestFinishCitationsEverythingUnsupported(t *testing.T) {
	fin := summarize.FinishCitations("Aliens landed in the harbor on Tuesday [1]. Markets crashed worldwide [2].", citeSources(), citeSplitter(t))
	got, cits, st := fin.Text, fin.Citations, fin.Stats
	if got != "" || len(cits) != 0 || st.DroppedSentences != 2 {
		t.Errorf("got %q, %v, %+v; want nothing left", got, cits, st)
	}
}
