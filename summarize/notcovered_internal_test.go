package summarize

import "testing"

func TestSaysNotCovered(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"The sources do not break down the cost by year.", true},
		{"None of the articles mention a date for the vote.", true},
		{"It is not clear from the reports whether anyone was hurt.", true},
		{"The provided sources don't say who will pay.", true},
		{"I couldn't find anything on the mayor's response.", true},
		{"There's no information about the second plant.", true},
		{"The articles did not specify how many workers are affected.", true},
		{"Neither source names the buyer.", true},
		{"No article mentions the price.", true},
		{"I don't have details on the timeline.", true},
		{"How many were hurt is not mentioned in the coverage.", true},
		{"The sources are silent on the cause.", true},
		// Claims, even negated ones, are not about the sources.
		{"The council did not say when it would vote again.", false},
		{"The bridge reopened on Friday after six weeks of repairs.", false},
		{"Police said no one was injured.", false},
		{"The company did not confirm the layoffs.", false},
	}
	for _, tt := range tests {
		if got := saysNotCovered(tt.s); got != tt.want {
			t.Errorf("saysNotCovered(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
