package eval_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/eval"
	"github.com/newsbot/newsbot/summarize"
)

func TestContainsChoice(t *testing.T) {
	tests := []struct {
		reply, choice string
		want          bool
	}{
		{"The show is “Squid Game”, Netflix said.", "“Squid Game”", true},
		{"Six people were hurt.", "6", true},
		{"6 people were hurt.", "six", true},
		{"It cost $19 million [1].", "$19 million", true},
		{"It cost $19,000.", "$19 million", false},
		{"Europeans will need USB-C.", "Europe", false},
		{"Rents rose most in Miami.", "miami", true},
		{"New Jersey and Oregon ban it.", "New Jersey & Oregon", false},
		{"The BA.5 variant spreads.", "BA.5", true},
		{"Nothing here.", "", false},
		// Every non-alphanumeric character is a space, as the set's
		// rules say: "13.1" holds the word "13".
		{"Up 13.1% on a year ago.", "13", true},
	}
	for _, tc := range tests {
		if got := eval.ContainsChoice(tc.reply, tc.choice); got != tc.want {
			t.Errorf("ContainsChoice(%q, %q) = %v, want %v", tc.reply, tc.choice, got, tc.want)
		}
	}
}

func TestLoadQuestionsAndBeforeTheNews(t *testing.T) {
	in := `{"id":"a","query":"Who won?","as_of":"2022-07-01","gold_urls":["https://x.test/a"],"choices":["A","B"],"answer":["1"]}
{"id":"b","query":"What rose?","as_of":"2022-07-25","gold_urls":[],"choices":["C","D"],"answer":["0"]}

`
	qs, err := eval.LoadQuestions(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].Answer != 1 || qs[1].Choices[qs[1].Answer] != "C" {
		t.Fatalf("questions = %+v", qs)
	}
	from := time.Date(2022, 7, 21, 0, 0, 0, 0, time.UTC)
	before := eval.BeforeTheNews(qs, from, 35*24*time.Hour)
	if len(before) != 1 || before[0].ID != "b" || !before[0].Before ||
		before[0].AsOf.Format(time.DateOnly) != "2022-06-20" {
		t.Fatalf("before = %+v", before)
	}
	if qs[1].AsOf.Format(time.DateOnly) != "2022-07-25" {
		t.Errorf("BeforeTheNews changed its input: %v", qs[1].AsOf)
	}
	for _, bad := range []string{
		`{"id":"c","query":"Q?","choices":["A"],"answer":["3"]}`,
		`{"id":"c","query":"Q?","choices":["A"]}`,
		`{"id":"c","query":"","choices":["A"],"answer":["0"]}`,
		`{"id":"c","query":"Q?","as_of":"July 1","choices":["A"],"answer":["0"]}`,
		`not json`,
	} {
		if _, err := eval.LoadQuestions(strings.NewReader(bad)); err == nil {
			t.Errorf("LoadQuestions(%s) gave no error", bad)
		}
	}
}

func TestScoreAndSummarize(t *testing.T) {
	q := eval.Question{ID: "q", Question: "Which team won?", Choices: []string{"Avalanche", "Lightning"}, Answer: 0,
		GoldURLs: []string{"https://www.cnn.com/2022/06/27/sport/final/index.html"}}
	right := eval.Score(q, summarize.Answer{
		Text:      "The Avalanche beat the Lightning 2-1 [1].",
		Citations: []summarize.Citation{{N: 1, URL: "https://cnn.com/2022/06/27/sport/final/index.html"}},
	}, 10*time.Millisecond)
	if !right.Right || !right.Wrong || !right.CitesGold || right.NotCovered || right.Words != 6 {
		t.Errorf("right = %+v", right)
	}
	// A "not covered" reply holds no choice, whatever its headlines say.
	nc := eval.Score(q, summarize.Answer{Text: "The indexed news doesn't cover this. Closest headlines: Avalanche win.", NotCovered: true}, 30*time.Millisecond)
	if nc.Right || nc.Wrong || !nc.NotCovered {
		t.Errorf("not covered = %+v", nc)
	}
	furn := eval.Score(q, summarize.Answer{Text: "DENVER (AP) — The Avalanche won [1]."}, 20*time.Millisecond)
	if !furn.Furniture || !furn.Right || furn.Wrong {
		t.Errorf("furniture = %+v", furn)
	}
	dated := q
	dated.AsOf = time.Date(2022, 7, 10, 0, 0, 0, 0, time.UTC)
	old := eval.Score(dated, summarize.Answer{Text: "The Avalanche won [1].",
		Citations: []summarize.Citation{{N: 1, Published: dated.AsOf.AddDate(0, 0, -40)}}}, time.Millisecond)
	fresh := eval.Score(dated, summarize.Answer{Text: "The Avalanche won [1].",
		Citations: []summarize.Citation{{N: 1, Published: dated.AsOf.AddDate(0, 0, -3)}}}, time.Millisecond)
	if !old.Stale || fresh.Stale {
		t.Errorf("stale: 40 days %v, 3 days %v", old.Stale, fresh.Stale)
	}
	m := eval.Summarize([]eval.Result{right, nc, furn})
	if m.N != 3 || m.Right != 2.0/3 || m.Wrong != 1.0/3 || m.NotCovered != 1.0/3 || m.CitesGold != 1.0/3 || m.Furniture != 1 {
		t.Errorf("metrics = %+v", m)
	}
	if m.MedianTook != 20*time.Millisecond || m.MedianWords != 6 {
		t.Errorf("medians = %v, %d", m.MedianTook, m.MedianWords)
	}
}

func TestStartsWithFurniture(t *testing.T) {
	for _, s := range []string{
		"WASHINGTON (AP) — The Senate voted.",
		"KYIV, Ukraine — Shelling resumed.",
		"New York CNN Business — Retailers typically want sales.",
		"(CNN) The storm hit.",
		"Paris (CNN) — Heat engulfed Europe.",
		"By Jane Doe, CNN",
		"JUST WATCHED Replay More Videos",
		"Updated 4:12 PM ET, Tue June 14, 2022",
		"Photos: The storm",
	} {
		if !eval.StartsWithFurniture(s) {
			t.Errorf("StartsWithFurniture(%q) = false", s)
		}
	}
	for _, s := range []string{
		"NASA said Tuesday the launch was scrubbed.",
		"The Senate voted 68-32.",
		"By the end of the year, prices rose.",
		"Washington has long argued for sanctions.",
		"U.S. officials said the talks failed.",
	} {
		if eval.StartsWithFurniture(s) {
			t.Errorf("StartsWithFurniture(%q) = true", s)
		}
	}
}
