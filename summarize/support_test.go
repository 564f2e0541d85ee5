package summarize_test

import (
	"strings"
	"testing"

	"github.com/newsbot/newsbot/summarize"
)

func TestContentWords(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"The cats were running to the stores.", "cat run stor"},
		{"Prices rated, rates, rating", "pric rat rat rat"},
		{"It is what it is, and they said so.", ""},
		{"The U.S. sent 1,000 troops and $3.5 billion.", "us sent 1000 troop 3.5 billion"},
		{"Britain's prime minister didn't resign", "britain prim minister resign"},
		{"Studies carried boxes", "study carry box"},
	}
	for _, tt := range tests {
		got := strings.Join(summarize.ContentWords(tt.in), " ")
		if got != tt.want {
			t.Errorf("ContentWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSupport(t *testing.T) {
	passage := "The city council of Springfield voted 7-2 on Tuesday to approve a new budget of $4.2 million for road repairs, Mayor Alice Chen said."
	tests := []struct {
		name     string
		sentence string
		min, max float64
	}{
		{"paraphrase of the passage", "Springfield's council approved a $4.2 million budget for road repairs [1].", 1, 1},
		{"inflected forms match", "The council votes to approve repairing roads.", 1, 1},
		{"unsupported claim", "The governor vetoed a school funding bill in Ohio.", 0, 0.2},
		{"wrong number", "The council approved a budget of $9.9 million.", 0.4, 0.7},
		{"wrong name counts double", "Mayor Bob Smith approved the budget.", 0, 0.5},
		{"no content words", "It was.", 0, 0},
		{"markers ignored", "[2] [3, 4]", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize.Support(tt.sentence, passage)
			if got < tt.min || got > tt.max {
				t.Errorf("Support(%q) = %.3f, want in [%.2f, %.2f]", tt.sentence, got, tt.min, tt.max)
			}
		})
	}
	// A supported sentence must score higher than an unsupported one.
	if a, b := summarize.Support("Springfield approved a road budget.", passage), summarize.Support("Shelbyville approved a road budget.", passage); a <= b {
		t.Errorf("supported %.3f <= unsupported %.3f", a, b)
	}
}
