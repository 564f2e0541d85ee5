package summarize

import "testing"

// TestFitKindReportedPlan checks that a plan announced in the past counts
// as the finished event a past question asks about, while a bare plan or
// a prediction does not.
func TestFitKindReportedPlan(t *testing.T) {
	q := parseQuestion("Which airline announced a deal to buy Northwind Air?")
	fit := func(s string) float64 { return fitKind(q, s, tokenize(s)) }
	announced := fit("Skyline Airways on Thursday announced it would buy Northwind Air for $3 billion.")
	plan := fit("Skyline Airways will buy Northwind Air for $3 billion.")
	said := fit("Analysts said Skyline Airways would buy Northwind Air.")
	if announced <= plan || announced <= said {
		t.Errorf("fit announced %.2f, plan %.2f, prediction %.2f: the announcement must fit best", announced, plan, said)
	}
}

// TestAskedThing checks which noun a which/what question asks to name and
// whether that makes it ask for a name.
func TestAskedThing(t *testing.T) {
	tests := []struct {
		q     string
		thing string
		kind  qKind
	}{
		{"Which wildly popular show was recently renewed?", "show", kindWho},
		{"Which Ivy League school announced it will drop loans?", "school", kindWho},
		{"What country elected a new leader this week?", "country", kindWho},
		{"Which measure did lawmakers leave out?", "measur", kindWhat},
		{"What did the images show?", "", kindWhat},
		{"What caused the fire?", "", kindWhy},
		{"The new variant has arrived. What is it called?", "", kindWho},
		{"A volcano eruption in which country recently prompted an alert?", "country", kindWho},
		{"The striker was suspended for six games. Which team does he play for?", "team", kindWho},
		{"Voters rejected the plan, which surprised many. Why?", "", kindWhy},
		{"According to a new estimate, approximately how much does it cost to raise a child?", "", kindCount},
		{"Which product remains difficult to find in stores?", "product", kindWho},
		{"The speaker made a visit to which area this week, angering a nearby power?", "area", kindWhat},
		{"Which nearby region hosting the summit saw protests?", "region", kindWho},
	}
	for _, tc := range tests {
		q := parseQuestion(tc.q)
		if q.thing != tc.thing || q.kind != tc.kind {
			t.Errorf("%q: thing %q kind %d, want %q %d", tc.q, q.thing, q.kind, tc.thing, tc.kind)
		}
	}
}

// TestPlaceAnswers checks that a which-country question prefers the
// sentence that names a country over one that names only other things.
func TestPlaceAnswers(t *testing.T) {
	q := parseQuestion("In which country did the Marlow volcano erupt on Sunday?")
	fit := func(s string) float64 { return fitKind(q, s, tokenize(s)) }
	country := fit("The Marlow volcano in Chile erupted on Sunday, officials said.")
	agency := fit("The Marlow volcano erupted on Sunday, the National Geology Office said.")
	if country <= agency {
		t.Errorf("fit with a country %.2f, with an agency %.2f: the country must fit better", country, agency)
	}
	if !namesPlace(q, "country", tokenize("Floods hit New Zealand.")) || namesPlace(q, "country", tokenize("He said georgia on my mind.")) {
		t.Error("namesPlace must match capitalised multi-word names only")
	}
	s := parseQuestion("Which state voted first?")
	if !namesPlace(s, "state", tokenize("Voters in New Hampshire voted first.")) {
		t.Error("New Hampshire is a state")
	}
	for q, want := range map[string]string{
		"Which country was shaken by an earthquake?":     "country",
		"Which nation won the most medals?":              "country",
		"Which state has the highest gas prices?":        "state",
		"Which continent will require a common charger?": "continent",
		"Which company was shaken by the news?":          "",
	} {
		if got := parseQuestion(q).placeKind(); got != want {
			t.Errorf("placeKind(%q) = %q, want %q", q, got, want)
		}
	}
	// A which-state question is not answered by other names alone.
	g := parseQuestion("Which state has the highest average price of gas?")
	other := "Bank of America saw the average price of gas fall in January."
	if f := fitKind(g, other, tokenize(other)); f > 1 {
		t.Errorf("fit of a sentence naming no state %.2f, want at most 1", f)
	}
}

// TestAnswerableSkipsLeadIns checks that questions and colon-ended
// lead-ins are never quoted as answers.
func TestAnswerableSkipsLeadIns(t *testing.T) {
	for s, want := range map[string]bool{
		"Here are the highest gas prices in the US:":       false,
		"Why are gas prices rising so quickly?":            false,
		"California has the highest gas prices in the US.": true,
	} {
		if got := answerable(s); got != want {
			t.Errorf("answerable(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestAgeAnswers checks that a how-old question prefers a sentence that
// gives someone's age over one with another number.
func TestAgeAnswers(t *testing.T) {
	q := parseQuestion("How old is the pilot who flew around the world?")
	fit := func(s string) float64 { return fitKind(q, s, tokenize(s)) }
	for _, age := range []string{
		"The 17-year-old pilot landed on Monday.",
		"Pilot Mara Quint, 17, landed on Monday.",
		"The pilot, aged 17, landed on Monday.",
	} {
		if other := fit("The pilot flew 52,000 kilometres in 5 months."); fit(age) <= other {
			t.Errorf("fit(%q) = %.2f, not above %.2f for a sentence without an age", age, fit(age), other)
		}
	}
}

// TestYesNoFollowUp checks that a yes/no follow-up opened by a
// conjunction finds its verb, so that its paraphrases count.
func TestYesNoFollowUp(t *testing.T) {
	q := parseQuestion("And did the rail bill pass?")
	if !q.syn["approv"] {
		t.Errorf("verbs %v, syn %v: want the paraphrases of pass", q.verbs, q.syn)
	}
}

// TestDependence checks that sentences that lean on an unseen antecedent,
// contracted or not, are marked as dependent, and others are not.
func TestDependence(t *testing.T) {
	for s, dependent := range map[string]bool{
		"It said the bridge would reopen.":          true,
		"That's how much a gallon now costs.":       true,
		"They’re expected to vote on Friday.":       true,
		"All of that could change soon.":            true,
		"All 50 states have prices above $4.":       false,
		"The council said the bridge would reopen.": false,
	} {
		if got := dependence(s) < 0.6; got != dependent {
			t.Errorf("dependence(%q) = %.2f, dependent %v, want %v", s, dependence(s), got, dependent)
		}
	}
}

// TestCamelCaseWordsAreNames checks that product names that start with a
// small letter ("iPhone") count as names, and ordinary words do not.
func TestCamelCaseWordsAreNames(t *testing.T) {
	for w, want := range map[string]bool{"iPhone": true, "eBay": true, "iPad": true, "phone": false, "Phone": true, "iOS": false} {
		if got := tokenize(w)[0].cap; got != want {
			t.Errorf("tokenize(%q).cap = %v, want %v", w, got, want)
		}
	}
}
