package summarize_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/summarize"
)

// TestFinishCitationsKeepsTrueParaphrases checks that heavy but true
// paraphrases keep their citations: numbers spelled another way, dates
// resolved from the article's Published date, names shortened or
// abbreviated, directions and negations said with other words, and
// sentences citing several sources at once.
func TestFinishCitationsKeepsTrueParaphrases(t *testing.T) {
	split := citeSplitter(t)
	tests := []struct {
		name, in string
		wantIDs  []string
	}{
		{"amount and verb paraphrased", "Brightwater Dairy has agreed to purchase Kestrel Foods for $412 million [1].", []string{"merger"}},
		{"amount written out", "The deal is valued at $412,000,000 and still requires the approval of regulators [1].", []string{"merger"}},
		{"amount abbreviated", "Brightwater will pay $412m for Kestrel [1].", []string{"merger"}},
		{"percent spelled out, other verbs of the same direction", "Kestrel shares jumped 18 percent after the announcement, while Brightwater's slid 2.5% [1].", []string{"merger"}},
		{"count that refers back", "Together the two companies would have 3,400 workers [1].", []string{"merger"}},
		{"superlative with synonym and possessive scope", "Brightwater, Harlow County's biggest employer, agreed to the deal on Tuesday [1].", []string{"merger"}},
		{"negation kept in other words", "Chief executive Nadia Okafor said the Harlow plant would not cut any jobs [1].", []string{"merger"}},
		{"hedged count and year", "Kestrel, which was founded in 1987, employs roughly 900 people [1].", []string{"merger"}},
		{"weekday resolved to a date", "Brightwater agreed to buy Kestrel Foods on June 9 [1].", []string{"merger"}},
		{"outlet named", "According to the Valley Ledger, Kestrel employs about 900 people [1].", []string{"merger"}},
		{"winner and loser, other verb", "The Harriers defeated Millbrook Rovers 3-1 to win the county cup final on Saturday [2].", []string{"cup"}},
		{"twice as two", "Tom Ashby scored two goals before 6,200 fans at Eastfield Park [2].", []string{"cup"}},
		{"first name dropped, plural possessive", "It was the Harriers' first title since 2019, with Ashby scoring twice [2].", []string{"cup"}},
		{"negation with other words", "Rovers manager Dee Quinn admitted her team did not play well enough [2].", []string{"cup"}},
		{"decision and direction together", "On Wednesday the council voted 7-2 to reject a 40-cent increase in bridge tolls [3].", []string{"tolls"}},
		{"antonym of a negation is not a contradiction", "Tolls on the Weir Bridge have stayed the same since 2021 [3].", []string{"tolls"}},
		{"weekday resolved to a date, other order", "On June 10, the council rejected the proposal to raise bridge tolls [3].", []string{"tolls"}},
		{"a negated question left open", "The council did not say when it would take up the tolls again [3].", []string{"tolls"}},
		{"percent sign and other verb", "Unemployment across the state dropped to 3.9% in May, from 4.3 percent in April [4].", []string{"jobs"}},
		{"other verb, hedge-free count", "Employers created 12,600 jobs, mostly in construction and health care [4].", []string{"jobs"}},
		{"lost as shed", "Manufacturing shed 1,100 jobs [4].", []string{"jobs"}},
		{"went up before a number", "Average hourly pay went up 0.3% [4].", []string{"jobs"}},
		{"declined for dropped", "Enrollment at Harlow public schools declined 6% this year to 11,800 students [5].", []string{"schools"}},
		{"two directions in one clause are not judged", "Superintendent Mark Ellison blamed the decline on rising rents that pushed families out of the county [5].", []string{"schools"}},
		{"institution by its distinctive word", "Researchers at Dartmouth found similar declines across the region [5].", []string{"schools"}},
		{"spelled count and year", "The district plans to close two elementary schools by 2028 [5].", []string{"schools"}},
		{"approval in other words", "St. Anne's Hospital won approval for a $58.5 million expansion from state regulators on Monday [6].", []string{"hospital"}},
		{"month and counts", "The project will add 120 beds and a new emergency department, with construction starting in September [6].", []string{"hospital"}},
		{"hedged count", "The hospital said it would hire roughly 300 nurses [6].", []string{"hospital"}},
		{"no one for no injuries", "Police said no one was injured [7].", []string{"storm"}},
		{"night and count", "The storm cut power to 48,000 homes in Harlow County on Thursday night [7].", []string{"storm"}},
		{"acronym of an agency spelled out", "The NWS had issued a warning on Wednesday, before winds of up to 95 km/h hit the county [7].", []string{"storm"}},
		{"US for U.S.", "Quillon notified the US Department of Labor of the layoffs [8].", []string{"layoffs"}},
		{"hedged percent and other noun", "Quillon Software will lay off 240 workers, about 8% of its staff [8].", []string{"layoffs"}},
		{"last year resolved", "Quillon's revenue decreased 11% in 2025 to $2.9 billion [8].", []string{"layoffs"}},
		{"two sources in one marker", "Kestrel's shares rose 18%, and unemployment in the state fell to 3.9% [1, 4].", []string{"merger", "jobs"}},
		{"two sources in two markers", "Brightwater plans to buy Kestrel Foods, while the council rejected higher bridge tolls [1][3].", []string{"merger", "tolls"}},
		{"a range of markers keeps the ones that support", "Quillon will cut 240 jobs while Arcwell keeps hiring [6-8].", []string{"layoffs"}},
	}
	kept := 0
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fin := summarize.FinishCitations(tc.in, checkSources(), split)
			if got := citedIDs(fin); strings.Join(got, ",") != strings.Join(tc.wantIDs, ",") {
				t.Errorf("%q\ncites %v, want %v (text %q, stats %+v)", tc.in, got, tc.wantIDs, fin.Text, fin.Stats)
				return
			}
			if fin.Stats.DroppedSentences != 0 || fin.Stats.Contradicted != 0 {
				t.Errorf("stats %+v, want nothing dropped or contradicted", fin.Stats)
				return
			}
			kept++
		})
	}
	t.Logf("true paraphrases kept: %d of %d", kept, len(tests))
}

// TestFinishCitationsCatchesPlantedDefects checks that a sentence with one
// planted defect loses its citation: an amount, count, percentage, date or
// name the source does not have, a contradiction (the opposite direction,
// an added or removed negation, a superlative or a win given to the other
// party), or a citation of the wrong source. Sentences that no source
// backs are dropped; true ones cited to the wrong source move to the
// right one.
func TestFinishCitationsCatchesPlantedDefects(t *testing.T) {
	split := citeSplitter(t)
	tests := []struct {
		name, in string
		// wantIDs is nil when the sentence must go, else the sources it
		// must move to.
		wantIDs []string
		// contradiction is set when the defect is a contradiction, so the
		// stats must count it.
		contradiction bool
	}{
		{"made-up amount", "Brightwater agreed to buy Kestrel Foods for $450 million [1].", nil, false},
		{"made-up percentage", "Kestrel's shares rose 25% after the announcement [1].", nil, false},
		{"made-up count", "The merged group would employ 4,300 workers [1].", nil, false},
		{"wrong year", "Kestrel was founded in 1978 and employs about 900 people [1].", nil, false},
		{"wrong date against the published date", "Brightwater agreed to buy Kestrel Foods on June 2 [1].", nil, false},
		{"swapped superlative", "Kestrel Foods, the largest employer in Harlow County, agreed to be bought by Brightwater [1].", nil, true},
		{"opposite direction of one of two", "Brightwater's shares rose 2.5% after the announcement [1].", nil, true},
		{"opposite direction", "Kestrel's shares fell 18% after the announcement [1].", nil, true},
		{"made-up amount among two sources", "Kestrel's shares rose 18% as Brightwater paid $500 million [1][4].", nil, false},
		{"swapped winner and loser", "The Millbrook Rovers beat the Harlow Harriers 3-1 in the county cup final [2].", nil, true},
		{"loser named as winner", "The Millbrook Rovers won the county cup final on Saturday [2].", nil, true},
		{"negation removed", "Rovers manager Dee Quinn said her team had played well enough [2].", nil, true},
		{"made-up crowd", "Tom Ashby scored twice before a crowd of 9,600 at Eastfield Park [2].", nil, false},
		{"opposite decision", "The Harlow County council approved a proposal to raise bridge tolls by 40 cents [3].", nil, true},
		{"made-up vote", "The council voted 8-1 against raising bridge tolls [3].", nil, false},
		{"negation removed from a state", "Tolls on the Weir Bridge have changed since 2021 [3].", nil, true},
		{"opposite direction of a rate", "Unemployment in the state rose to 3.9% in May [4].", nil, true},
		{"made-up count of jobs", "Employers added 16,200 jobs in health care and construction [4].", nil, false},
		{"gained for lost", "Manufacturing gained 1,100 jobs [4].", nil, true},
		{"made-up percentage of a fall", "Enrollment at Harlow public schools fell by 9 percent this year [5].", nil, false},
		{"opposite direction of enrollment", "Enrollment at Harlow public schools rose by 6 percent this year [5].", nil, true},
		{"wrong first name", "Superintendent Sarah Ellison blamed rising rents that pushed families out of the county [5].", nil, false},
		{"made-up institution", "Yale researchers found similar declines across the region [5].", nil, false},
		{"opposite decision of regulators", "State regulators rejected a $58.5 million expansion of St. Anne's Hospital [6].", nil, true},
		{"made-up cost", "The expansion of St. Anne's Hospital will cost $85 million [6].", nil, false},
		{"negation removed from a report", "Injuries were reported, police said [7].", nil, true},
		{"wrong weekday", "The storm knocked out power to 48,000 homes across Harlow County on Tuesday night [7].", nil, false},
		{"made-up count of homes", "A storm knocked out power to 84,000 homes across Harlow County [7].", nil, false},
		{"made-up utility", "Utility company Voltline said most customers would have power back by Saturday [7].", nil, false},
		{"superlative given to the rival", "Arcwell, the region's biggest tech firm, said it would keep hiring [8].", nil, true},
		{"opposite direction of revenue", "Quillon's revenue rose 11% last year to $2.9 billion [8].", nil, true},
		{"negation added", "Its smaller rival Arcwell said it would not keep hiring [8].", nil, true},
		{"made-up share of staff", "Quillon Software will cut 240 jobs, about 20% of its staff [8].", nil, false},
		{"true sentence, wrong source", "Striker Tom Ashby scored twice before a crowd of 6,200 at Eastfield Park [5].", []string{"cup"}, false},
		{"true vote, wrong source", "The Harlow County council voted 7-2 against raising bridge tolls [1].", []string{"tolls"}, false},
		{"true count, wrong source", "Employers added 12,600 jobs, most of them in health care and construction [8].", []string{"jobs"}, false},
		{"true amount, one wrong source of two", "State regulators approved a $58.5 million expansion of St. Anne's Hospital [3][6].", []string{"hospital"}, false},
	}
	caught := 0
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fin := summarize.FinishCitations(tc.in, checkSources(), split)
			got := citedIDs(fin)
			switch {
			case tc.wantIDs == nil && (fin.Text != "" || fin.Stats.DroppedSentences != 1):
				t.Errorf("%q\nkept as %q citing %v (stats %+v), want it dropped", tc.in, fin.Text, got, fin.Stats)
				return
			case tc.wantIDs != nil && (strings.Join(got, ",") != strings.Join(tc.wantIDs, ",") || fin.Stats.Unsupported == 0):
				t.Errorf("%q\ncites %v (stats %+v), want it moved to %v", tc.in, got, fin.Stats, tc.wantIDs)
				return
			case tc.contradiction && fin.Stats.Contradicted == 0:
				t.Errorf("%q\nstats %+v, want the contradiction counted", tc.in, fin.Stats)
				return
			}
			caught++
		})
	}
	t.Logf("planted defects caught: %d of %d", caught, len(tests))
}

// citedIDs returns the article IDs of fin's citations, in order.
func citedIDs(fin summarize.FinishResult) []string {
	var ids []string
	for _, c := range fin.Citations {
		ids = append(ids, c.ArticleID)
	}
	return ids
}

// BenchmarkFinishCitations measures the check of an eight-sentence answer
// against eight sources of about 600 words: it runs on every answer.
func BenchmarkFinishCitations(b *testing.B) {
	split := citeSplitter(b)
	srcs := longSources()
	answer := "Brightwater Dairy has agreed to purchase Kestrel Foods for $412 million [1]. " +
		"Kestrel shares jumped 18 percent, while Brightwater's slid 2.5% [1]. " +
		"The Harriers defeated Millbrook Rovers 3-1 on Saturday [2]. " +
		"On Wednesday the council voted 7-2 to reject a 40-cent increase in bridge tolls [3]. " +
		"Unemployment across the state dropped to 3.9% in May [4]. " +
		"The district plans to close two elementary schools by 2028 [5]. " +
		"The storm cut power to 48,000 homes in Harlow County on Thursday night [7]. " +
		"Quillon's revenue rose 11% last year [8]."
	for b.Loop() {
		summarize.FinishCitations(answer, srcs, split)
	}
}

// TestFinishCitationsKeepsVerbatimSentences checks that every sentence of
// every source, cited to its own source, keeps its citation: the
// extractive engine's answers are such sentences, and no check may find a
// source contradicting itself.
func TestFinishCitationsKeepsVerbatimSentences(t *testing.T) {
	split := citeSplitter(t)
	for _, set := range [][]summarize.Source{checkSources(), heldOutSources()} {
		for _, src := range set {
			for _, s := range split.Split(src.Text) {
				in := strings.TrimSuffix(s, ".") + " [" + strconv.Itoa(src.N) + "]."
				fin := summarize.FinishCitations(in, set, split)
				if got := citedIDs(fin); len(got) != 1 || got[0] != src.ArticleID {
					t.Errorf("%q\ncites %v (stats %+v), want [%s]", in, got, fin.Stats, src.ArticleID)
				}
			}
		}
	}
}

// TestFinishCitationsAnswer checks a whole answer as a model writes it:
// a lead-in, markers after the period, a list, a sentence saying what the
// sources leave out, and two planted defects among true sentences.
func TestFinishCitationsAnswer(t *testing.T) {
	in := "Here is what the coverage says:\n\n" +
		"- **The merger**: Brightwater Dairy agreed to buy Kestrel Foods for $412 million. [1] Kestrel's shares jumped 18%, while Brightwater's rose 2.5% [1].\n" +
		"- **Jobs**: Employers added 12,600 jobs in May [4][8], and Manufacturing shed 1,100 jobs. [4]\n" +
		"- **Tolls**: The council rejected a 40-cent toll increase on June 10 [3]; Councillor Priya Raman said residents already pay too much [3].\n\n" +
		"The sources do not break down how many of the new jobs were in Harlow County. The Harriers won the county cup 3-1 [7]."
	fin := summarize.FinishCitations(in, checkSources(), citeSplitter(t))
	want := "Here is what the coverage says:\n\n" +
		"- **The merger**: Brightwater Dairy agreed to buy Kestrel Foods for $412 million [1].\n" +
		"- **Jobs**: Employers added 12,600 jobs in May, and Manufacturing shed 1,100 jobs [2].\n" +
		"- **Tolls**: The council rejected a 40-cent toll increase on June 10; Councillor Priya Raman said residents already pay too much [3].\n\n" +
		"The sources do not break down how many of the new jobs were in Harlow County. The Harriers won the county cup 3-1 [4]."
	if fin.Text != want {
		t.Errorf("text\n got %q\nwant %q", fin.Text, want)
	}
	if got := strings.Join(citedIDs(fin), ","); got != "merger,jobs,tolls,cup" {
		t.Errorf("citations %s, want merger,jobs,tolls,cup", got)
	}
	// Markers inside a sentence cite the whole sentence. Brightwater's
	// shares fell: that sentence goes. [8] does not report the jobs: that
	// citation goes. The cup is in [2], not [7]: it moves.
	wantStats := summarize.FinishStats{Unsupported: 3, Contradicted: 1, Repointed: 1, DroppedSentences: 1}
	if fin.Stats != wantStats {
		t.Errorf("stats %+v, want %+v", fin.Stats, wantStats)
	}
	if len(fin.Support) != 4 {
		t.Fatalf("support for %d sentences, want 4: %+v", len(fin.Support), fin.Support)
	}
	first := fin.Support[0]
	if first.Sentence != "**The merger**: Brightwater Dairy agreed to buy Kestrel Foods for $412 million." ||
		len(first.Quotes) != 1 || first.Quotes[0].N != 1 || !strings.Contains(first.Quotes[0].Quote, "$412 million") {
		t.Errorf("support of the first sentence = %+v", first)
	}
}
