package summarize

import (
	"testing"
	"time"
)

// TestFactsMatch checks that a claim's numbers, dates and names are found
// in a passage however either spells them, and that near misses are not.
func TestFactsMatch(t *testing.T) {
	wed := time.Date(2026, 6, 10, 15, 0, 0, 0, time.UTC) // a Wednesday
	tests := []struct {
		claim, passage string
		published      time.Time
		want           bool
	}{
		{"It cost $12.6 million.", "It cost $12,600,000.", time.Time{}, true},
		{"It cost $12,600,000.", "It cost $12.6 million.", time.Time{}, true},
		{"It cost 12.6m.", "It cost $12.6 million.", time.Time{}, true},
		{"It cost $12.6m.", "It cost 12,600,000 dollars.", time.Time{}, true},
		{"It cost $13 million.", "It cost $12.6 million.", time.Time{}, true}, // rounded at the written precision
		{"It cost $12 million.", "It cost $12.6 million.", time.Time{}, false},
		{"It cost $16.2 million.", "It cost $12.6 million.", time.Time{}, false},
		{"It took six weeks.", "It took 6 weeks.", time.Time{}, true},
		{"It took 6 weeks.", "It took six weeks.", time.Time{}, true},
		{"It took seven weeks.", "It took six weeks.", time.Time{}, false},
		{"Turnout was 68%.", "Turnout was 68 percent.", time.Time{}, true},
		{"Turnout was 68 per cent.", "Turnout was 68%.", time.Time{}, true},
		{"Turnout was 86%.", "Turnout was 68 percent.", time.Time{}, false},
		{"It has 2.9 million users.", "It has 2,900,000 users.", time.Time{}, true},
		{"It has 2.9bn users.", "It has 2.9 billion users.", time.Time{}, true},
		{"About 1,500 came.", "Some 1,450 came.", time.Time{}, true},
		{"About 1,540 came.", "Some 1,450 came.", time.Time{}, false},
		{"More than 5,000 came.", "Attendance exceeded 5,000.", time.Time{}, true},
		{"Fewer than 500 came.", "Attendance exceeded 5,000.", time.Time{}, false},
		{"It came 3rd.", "It came third.", time.Time{}, true},
		{"He scored two goals.", "He scored twice.", time.Time{}, true},
		{"It opened on June 12.", "It opened on 12 June.", time.Time{}, true},
		{"It opened on Jun. 12th.", "It opened on June 12.", time.Time{}, true},
		{"It opened in Sept.", "It opened in September.", time.Time{}, true},
		{"It opened on June 13.", "It opened on June 12.", time.Time{}, false},
		{"It opened on June 9.", "It opened on Tuesday.", wed, true},
		{"It opened on Tuesday.", "It opened yesterday.", wed, true},
		{"It opened on June 10.", "It opened today.", wed, true},
		{"It opened on Monday.", "It opened yesterday.", wed, false},
		{"It opened in 2025.", "It opened last year.", wed, true},
		{"It opened in 2024.", "It opened last year.", wed, false},
		{"Aid came from the U.S.", "Aid came from the US.", time.Time{}, true},
		{"Aid came from the US.", "Aid came from the United States.", time.Time{}, true},
		{"Chinese officials agreed.", "Officials in China agreed.", time.Time{}, true},
		{"President Joe Biden signed it.", "Biden signed it.", time.Time{}, true},
		{"Sarah Chen signed it.", "Mayor Alice Chen signed it, Chen said.", time.Time{}, false},
		{"A study by Dartmouth found it.", "A Dartmouth College study found it.", time.Time{}, true},
		{"The NTSB is investigating.", "The National Transportation Safety Board is investigating.", time.Time{}, true},
		{"Kestrel's shares rose.", "Shares of Kestrel rose.", time.Time{}, true},
		{"Yale researchers found it.", "Researchers found it.", time.Time{}, false},
		{"Kestrel Foods' shares rose.", "Shares of Kestrel Foods rose.", time.Time{}, true},
	}
	split, err := NewSplitter()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		set := newEvidenceSet([]Source{{N: 1, Text: tt.passage, Published: tt.published}}, split)
		c := newClaim(tt.claim, set.isKnown)
		if len(c.facts) == 0 {
			t.Errorf("%q: no facts read", tt.claim)
			continue
		}
		got := true
		for _, f := range c.facts {
			got = got && set.list[0].has(f)
		}
		if got != tt.want {
			t.Errorf("%q in %q: %v, want %v (facts %v)", tt.claim, tt.passage, got, tt.want, c.facts)
		}
	}
}
