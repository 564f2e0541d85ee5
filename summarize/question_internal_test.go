package summarize

import (
	"slices"
	"testing"
)

func TestParseQuestion(t *testing.T) {
	tests := []struct {
		q             string
		kind          qKind
		key, verbs    []string
		current, past bool
	}{
		{"Why is the Kingsway Tunnel closed?", kindWhy, []string{"kingsway", "tunnel"}, []string{"clos"}, true, false},
		{"When did the Lumen satellite launch?", kindWhen, []string{"lumen", "satellit"}, []string{"launch"}, false, true},
		{"Who won the Wrenford marathon?", kindWho, []string{"wrenford"}, []string{"won"}, false, true},
		{"How many jobs will Orrin Motors cut?", kindCount, []string{"orrin", "motor"}, []string{"cut"}, false, false},
		{"How many homes were evacuated?", kindCount, []string{"hom"}, []string{"evacuat"}, false, true},
		{"What did the council decide about the market?", kindWhat, []string{"council"}, []string{"decid"}, false, true},
		{"Why did Kestrel recall batteries?", kindWhy, []string{"kestrel"}, []string{"recall", "battery"}, false, true},
		{"What time does the ferry leave?", kindWhen, []string{"ferry"}, []string{"leav"}, true, false},
		{"Where will the games be held?", kindWhere, []string{"gam"}, []string{"held"}, false, false},
		{"What caused the fire?", kindWhy, nil, []string{"caus"}, false, false},
		// A pronoun subject stands for someone named before; the adverb
		// after it is not the verb.
		{"Which additional city did he recently designate as a drop-off point?", kindWho, nil, []string{"designat"}, false, true},
		// The names of a scene-setting sentence are the story's, not the
		// subject of the sentence that answers.
		{"The mayor of Calder sent grain to Wrenford this year. Which town did she name as a depot?", kindWho, nil, []string{"nam"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q := parseQuestion(tt.q)
			if q.kind != tt.kind || !slices.Equal(q.key, tt.key) || !slices.Equal(q.verbs, tt.verbs) || q.current != tt.current || q.past != tt.past {
				t.Errorf("parseQuestion = kind %d key %q verbs %q current %v past %v; want kind %d key %q verbs %q current %v past %v",
					q.kind, q.key, q.verbs, q.current, q.past, tt.kind, tt.key, tt.verbs, tt.current, tt.past)
			}
		})
	}
	if q := parseQuestion("How much did the council pay for the library?"); !q.money || q.kind != kindCount {
		t.Errorf("money question: %+v", q)
	}
	if q := parseQuestion("The mayor of Calder sent grain to Wrenford this year. Which town did she name as a depot?"); !slices.Equal(q.names, []string{"calder", "wrenford"}) {
		t.Errorf("the scene's names are still the question's: %q", q.names)
	}
	if q := parseQuestion("How much snow fell?"); q.money {
		t.Errorf("snow is not money: %+v", q)
	}
}

func TestSubordinateOnly(t *testing.T) {
	q := parseQuestion("Why is the Kingsway Tunnel closed?")
	tests := []struct {
		s    string
		want bool
	}{
		{"Buses will run every ten minutes because the Kingsway Tunnel is closed.", true},
		{"A ferry will sail hourly while the Kingsway Tunnel is closed for repairs.", true},
		{"Engineers shut the Kingsway Tunnel after inspectors found a leak.", false},
		{"The Kingsway Tunnel remains closed while divers inspect its roof.", false},
		{"Gina Holt, who manages the Kingsway Tunnel, will retire in May.", true},
		// A comma ends the subordinate clause: the tunnel is in the
		// main clause that follows.
		{"After the storm passed, the Kingsway Tunnel was closed.", false},
		{"Steel supports go in first, after which the Kingsway Tunnel could reopen.", false},
	}
	for _, tt := range tests {
		if got := subordinateOnly(q, tt.s, tokenize(tt.s)); got != tt.want {
			t.Errorf("subordinateOnly(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
	// The question's verb only in a clause about something else.
	q = parseQuestion("Why did Kestrel recall batteries?")
	s := "Regulators opened an inquiry into Kestrel Labs after the e-bike maker recalled 48,000 batteries."
	if !subordinateOnly(q, s, tokenize(s)) {
		t.Errorf("subordinateOnly(%q) = false, want true", s)
	}
}

func TestStripCapsDateline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"WRENFORD - The council voted to close the market.", "The council voted to close the market."},
		{"GULL ISLAND — Ferries stopped on Monday.", "Ferries stopped on Monday."},
		{"The council voted - narrowly - to close it.", "The council voted - narrowly - to close it."},
		{"NASA - yes.", "NASA - yes."},
	}
	for _, tt := range tests {
		if got := stripCapsDateline(tt.in); got != tt.want {
			t.Errorf("stripCapsDateline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
