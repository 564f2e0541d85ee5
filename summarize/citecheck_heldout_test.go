package summarize_test

import (
	"strings"
	"testing"

	"github.com/newsbot/newsbot/summarize"
)

// TestFinishCitationsHeldOutParaphrases checks true paraphrases of the
// held-out articles keep their citations.
func TestFinishCitationsHeldOutParaphrases(t *testing.T) {
	split := citeSplitter(t)
	tests := []struct {
		name, in string
		wantIDs  []string
	}{
		{"strike after talks", "Eastport bus drivers went on strike on Sunday after negotiations with the transit authority broke down [1].", []string{"strike"}},
		{"hedged counts", "Roughly 1,450 drivers have walked out, leaving around 210,000 riders a day without buses [1].", []string{"strike"}},
		{"two percentages", "The union is asking for a 14 percent raise over three years, while the authority has offered 9 percent [1].", []string{"strike"}},
		{"negation said positively", "Mayor Brandt said she would stay out of the talks [1].", []string{"strike"}},
		{"first since", "This is the first strike by the drivers since 2011 [1].", []string{"strike"}},
		{"weekday as date, defeat", "Amir Haddad defeated Mayor Leonie Brandt on March 10 to become Eastport's next mayor [2].", []string{"election"}},
		{"percent sign", "Haddad won with 52.4% of the vote against 45.1% for Brandt [2].", []string{"election"}},
		{"increase for rose", "Turnout increased to 38 percent from 31 percent four years ago [2].", []string{"election"}},
		{"night", "Brandt conceded on Tuesday night [2].", []string{"election"}},
		{"future date", "Haddad takes office on April 1 [2].", []string{"election"}},
		{"record profit", "Northwind Airways posted a record $1.3 billion annual profit, 27% more than a year earlier [3].", []string{"airline"}},
		{"revenue rose", "Northwind's revenue rose 8 percent to $14.6 billion [3].", []string{"airline"}},
		{"superlative with loss", "Skyline Air, the largest carrier in the country by passengers, posted a $220 million loss [3].", []string{"airline"}},
		{"purchase", "Northwind plans to purchase 30 new Airbus jets [3].", []string{"airline"}},
		{"ban as decision", "On Thursday, the water board banned lawn watering between 10 a.m. and 6 p.m. [4].", []string{"water"}},
		{"lowest level", "Reservoirs are at 41% of capacity, their lowest level since 2015 [4].", []string{"water"}},
		{"as much as", "Households that break the rules could be fined up to $500 [4].", []string{"water"}},
		{"turned down", "The board turned down a proposal to increase water rates by 12 percent [4].", []string{"water"}},
		{"renovation", "The Eastport Museum of Art reopened on Friday following a $36 million renovation that took two years [5].", []string{"museum"}},
		{"counts of wing", "The new wing adds 18 galleries and room for 2,000 more works [5].", []string{"museum"}},
		{"more than", "More than 5,000 people visited on the first day, director Helena Vos said [5].", []string{"museum"}},
		{"under 12", "Admission will stay free for children under 12 [5].", []string{"museum"}},
		{"blocked", "On Monday a federal judge blocked the city's plan to close the Harbor Street shelter [6].", []string{"shelter"}},
		{"negation in that-clause", "The judge ruled that the city had not given residents enough notice [6].", []string{"shelter"}},
		{"until at least", "Judge Carla Mendes ordered the shelter to stay open until at least June 30 [6].", []string{"shelter"}},
		{"each night", "Roughly 160 people sleep at the shelter each night [6].", []string{"shelter"}},
		{"pound amount", "Eastport United paid a club-record £18 million to sign Jonas Berg from Riverside FC [7].", []string{"transfer"}},
		{"age and goals", "Berg, who is 24, scored 21 goals last season, more than any other player in the league [7].", []string{"transfer"}},
		{"defeated", "United defeated Riverside 2-0 in December [7].", []string{"transfer"}},
		{"soared", "Lumio's shares soared 41% in their trading debut on Thursday [8].", []string{"ipo"}},
		{"IPO spelled out", "The IPO raised $640 million and valued Lumio at roughly $5.2 billion [8].", []string{"ipo"}},
		{"lost money", "Lumio lost $95 million last year on revenue of $310 million [8].", []string{"ipo"}},
		{"CEO", "Chief executive Rosa Lind said the money would pay for a second factory in Texas [8].", []string{"ipo"}},
		{"two sources", "Bus drivers walked off the job on Sunday, days after Amir Haddad won the mayoral race [1][2].", []string{"strike", "election"}},
	}
	kept := 0
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fin := summarize.FinishCitations(tc.in, heldOutSources(), split)
			if got := citedIDs(fin); strings.Join(got, ",") != strings.Join(tc.wantIDs, ",") || fin.Stats.DroppedSentences != 0 {
				t.Errorf("%q\ncites %v, want %v (text %q, stats %+v)", tc.in, got, tc.wantIDs, fin.Text, fin.Stats)
				return
			}
			kept++
		})
	}
	t.Logf("held-out true paraphrases kept: %d of %d", kept, len(tests))
}

// TestFinishCitationsHeldOutDefects checks planted defects in sentences
// about the held-out articles lose their citations.
func TestFinishCitationsHeldOutDefects(t *testing.T) {
	split := citeSplitter(t)
	tests := []struct {
		name, in string
		wantIDs  []string // nil: dropped; else the sources it moves to
	}{
		{"drivers count", "About 1,540 drivers are on strike [1].", nil},
		{"raise", "The union is seeking a 16% raise over three years [1].", nil},
		{"negation removed", "Mayor Leonie Brandt said she would intervene in the talks [1].", nil},
		{"year", "It is the first strike by Eastport bus drivers since 2001 [1].", nil},
		{"loser as winner", "Leonie Brandt won the Eastport mayoral race on Tuesday [2].", nil},
		{"swapped result", "Brandt defeated Amir Haddad by 3,212 votes [2].", nil},
		{"turnout direction", "Turnout fell to 38% from 31% four years ago [2].", nil},
		{"date", "Haddad will take office on May 1 [2].", nil},
		{"profit as loss", "Northwind Airways reported an annual loss of $1.3 billion [3].", nil},
		{"profit direction", "Northwind's annual profit fell 27% from a year earlier [3].", nil},
		{"swapped superlative", "Northwind Airways is the country's largest carrier by passengers [3].", nil},
		{"revenue amount", "Revenue grew 8% to $16.4 billion [3].", nil},
		{"jet maker", "Northwind said it would buy 30 new Boeing jets [3].", nil},
		{"restrictions rejected", "The Eastport water board rejected new restrictions on lawn watering [4].", nil},
		{"rates approved", "The board approved a proposal to raise water rates by 12% [4].", nil},
		{"reservoir direction", "Reservoir levels have risen to 41 percent of capacity [4].", nil},
		{"fine amount", "Households that break the rules face fines of up to $5,000 [4].", nil},
		{"renovation cost", "The Eastport Museum of Art reopened after a $63 million renovation [5].", nil},
		{"visitors", "Director Helena Vos said fewer than 500 people came on the first day [5].", nil},
		{"negation added", "Admission will no longer be free for children under 12 [5].", nil},
		{"blocked as approved", "A federal judge approved Eastport's plan to close the Harbor Street homeless shelter [6].", nil},
		{"open as close", "Judge Carla Mendes ordered the shelter to close by June 30 [6].", nil},
		{"appeal negated", "The city said it would not appeal the decision [6].", nil},
		{"swapped match", "Riverside FC beat Eastport United 2-0 in December [7].", nil},
		{"goals", "Berg scored 12 goals last season [7].", nil},
		{"other club", "Eastport United signed Jonas Berg from Lakeside FC [7].", nil},
		{"debut direction", "Lumio shares fell 41% in their trading debut [8].", nil},
		{"loss as profit", "Lumio made a profit of $95 million last year [8].", nil},
		{"factory place", "Lumio plans to build a second factory in Arizona [8].", nil},
		{"valuation", "The offering valued Lumio at about $2.5 billion [8].", nil},
		{"winner, wrong source", "Amir Haddad won the Eastport mayoral race [1].", []string{"election"}},
		{"debut, wrong source", "Shares of Lumio jumped 41% in their trading debut [3].", []string{"ipo"}},
		{"ruling, wrong source", "Judge Carla Mendes ordered the shelter to stay open until at least June 30 [2].", []string{"shelter"}},
	}
	caught := 0
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fin := summarize.FinishCitations(tc.in, heldOutSources(), split)
			got := citedIDs(fin)
			switch {
			case tc.wantIDs == nil && fin.Text != "":
				t.Errorf("%q\nkept as %q citing %v (stats %+v), want it dropped", tc.in, fin.Text, got, fin.Stats)
				return
			case tc.wantIDs != nil && strings.Join(got, ",") != strings.Join(tc.wantIDs, ","):
				t.Errorf("%q\ncites %v (stats %+v), want it moved to %v", tc.in, got, fin.Stats, tc.wantIDs)
				return
			}
			caught++
		})
	}
	t.Logf("held-out planted defects caught: %d of %d", caught, len(tests))
}
