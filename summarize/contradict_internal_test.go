package summarize

import "testing"

// TestContradictions checks what a passage says of a claim's relations:
// directions, negations, superlatives and contests, said the same way in
// other words or the other way round.
func TestContradictions(t *testing.T) {
	tests := []struct {
		claim, passage string
		want           verdict // conflicts if any relation conflicts, else agrees if any agrees
	}{
		{"Profit rose 3%.", "Revenue rose 5% while profit fell 3%.", conflicts},
		{"Profit fell 3%.", "Revenue rose 5% while profit fell 3%.", agrees},
		{"Revenue increased 5% and profit dropped 3%.", "Revenue rose 5% while profit fell 3%.", agrees},
		{"Sales did not rise.", "Sales fell 4%.", agrees},
		{"Prices went up 2%.", "Prices were down 2% from May.", conflicts},
		{"Winds reached up to 95 km/h as power was cut.", "Winds of up to 95 km/h cut power.", agrees},
		{"Unemployment fell to 3.9%.", "Inflation rose to 3.9%.", unknown}, // a shared number alone is another measure
		{"The council approved the budget.", "The council rejected the budget.", conflicts},
		{"The council turned down the budget.", "The council rejected the budget.", unknown},
		{"The board voted to reject the plan.", "The board did not approve the plan.", agrees},
		{"Injuries were reported.", "No injuries were reported.", conflicts},
		{"The firm said it would not keep hiring.", "The firm said it would keep hiring.", conflicts},
		{"Admission will no longer be free for children.", "Admission will remain free for children.", conflicts},
		{"Tolls have stayed the same since 2021.", "Tolls have not changed since 2021.", unknown},
		{"The mayor said she would stay out of the talks.", "The mayor said she would not intervene in the talks.", unknown},
		{"The bridge will reopen, the council said.", "The council did not say when the bridge would reopen.", agrees},
		{"Kestrel, the largest employer, agreed.", "Brightwater, the largest employer, bought Kestrel.", conflicts},
		{"Brightwater, Harlow's biggest employer, agreed.", "Brightwater, the largest employer in Harlow, agreed.", agrees},
		{"Harlow's largest employer is Brightwater.", "Brightwater is the largest employer in Harlow.", agrees},
		{"Kestrel is the largest exporter.", "Brightwater is the largest employer.", unknown}, // another noun
		{"The Rovers beat the Harriers.", "The Harriers beat the Rovers 3-1.", conflicts},
		{"The Rovers won the cup.", "The Harriers beat the Rovers 3-1 to win the cup.", conflicts},
		{"The Harriers won the cup.", "The Harriers beat the Rovers 3-1 to win the cup.", agrees},
		{"The Rovers lost to the Harriers.", "The Harriers beat the Rovers 3-1.", agrees},
		{"The Harriers were beaten by the Rovers.", "The Harriers beat the Rovers 3-1.", conflicts},
		{"Brandt won the race.", "Haddad won the race, defeating Brandt.", conflicts},
		{"Kestrel lost $5 million.", "Kestrel beat Brightwater to the contract.", unknown}, // money, not a contest
	}
	split, err := NewSplitter()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		set := newEvidenceSet([]Source{{N: 1, Text: tt.passage}}, split)
		c := newClaim(tt.claim, set.isKnown)
		j := judge(c, set.list[0])
		got := unknown
		for _, v := range j.verdicts {
			if v == conflicts || (v == agrees && got == unknown) {
				got = v
			}
		}
		if got != tt.want {
			t.Errorf("%q against %q: %v, want %v", tt.claim, tt.passage, got, tt.want)
		}
	}
}
