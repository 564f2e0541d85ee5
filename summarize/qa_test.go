package summarize_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/summarize"
)

// answerSources reads the invented sources of testdata/answer: each
// question's right sentence sits among sentences that share its words but
// do not answer it (a closure given as the reason for something else, a
// schedule instead of a launch, an old figure, the same fact from a second
// outlet).
func answerSources(tb testing.TB) []summarize.Source {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "answer", "sources.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var srcs []summarize.Source
	if err := json.Unmarshal(b, &srcs); err != nil {
		tb.Fatal(err)
	}
	return srcs
}

// checkClaims fails unless every claim is a sentence of the source it
// cites.
func checkClaims(t *testing.T, srcs []summarize.Source, claims []summarize.Claim) {
	t.Helper()
	for _, c := range claims {
		i := slices.IndexFunc(srcs, func(s summarize.Source) bool { return s.N == c.N })
		if i < 0 || !strings.Contains(srcs[i].Text, c.Sentence) {
			t.Errorf("claim %+v is not a sentence of source %d", c, c.N)
		}
	}
}

func TestAnswerDirect(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	srcs := answerSources(t)
	tests := []struct {
		question string
		// The first claim must cite one of wantN and contain wantIn.
		wantN  []int
		wantIn string
	}{
		// The trap is "Buses will run ... because the Kingsway Tunnel is
		// closed", from a more recent, better-ranked source.
		{"Why is the Kingsway Tunnel closed?", []int{12}, "found water leaking"},
		{"Why was the Gull Island ferry cancelled?", []int{29}, "due to high winds"},
		// The traps are the schedule and the scrubbed attempt, which
		// repeat "launch".
		{"When did the Lumen satellite launch?", []int{15}, "6:12 a.m. on Thursday"},
		{"Who won the Wrenford marathon?", []int{17}, "Kenji Abara won"},
		// 4,500 people and 6 percent are numbers too, but do not count
		// jobs cut; both outlets give the right figure.
		{"How many jobs will Orrin Motors cut?", []int{20, 21}, "1,200 jobs"},
		{"How much did the council pay for the new library?", []int{23}, "£14 million"},
		// The trap has "the council decided" in a clause about traders.
		{"What did the council decide about the Dock Road market?", []int{24}, "voted on Tuesday to close"},
		// Present tense: the newer figure wins over the older one.
		{"What is the speed limit on the coast road?", []int{27}, "40 mph"},
		{"Where will the 2027 Coastal Games be held?", []int{32}, "held in Ferrow Bay"},
		{"What happened to the Harrow Street warehouse?", []int{30}, "A fire destroyed"},
		{"When will the Dock Road market close?", []int{24}, "by the end of June"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got := eng.Answer(tt.question, srcs, 4)
			if len(got) == 0 {
				t.Fatal("no claims")
			}
			if !strings.Contains(got[0].Sentence, tt.wantIn) || !slices.Contains(tt.wantN, got[0].N) {
				t.Errorf("first claim = %+v, want a sentence with %q from source %v; all: %+v", got[0], tt.wantIn, tt.wantN, got)
			}
			if len(got) > 4 {
				t.Errorf("%d claims, want at most 4", len(got))
			}
			checkClaims(t, srcs, got)
		})
	}
}

func TestAnswerRedundancy(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	srcs := answerSources(t)
	// Two outlets report the 1,200 job cuts: the answer says it once.
	got := eng.Answer("How many jobs will Orrin Motors cut?", srcs, 4)
	n := 0
	for _, c := range got {
		if strings.Contains(c.Sentence, "1,200") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d claims give the 1,200 figure, want 1: %+v", n, got)
	}
	// The answer stops at n.
	if got := eng.Answer("Why is the Kingsway Tunnel closed?", srcs, 1); len(got) != 1 {
		t.Errorf("n=1: got %d claims: %+v", len(got), got)
	}
	// No claim repeats another one's words.
	for _, q := range []string{"Why is the Kingsway Tunnel closed?", "When did the Lumen satellite launch?", "What is the speed limit on the coast road?"} {
		got := eng.Answer(q, srcs, 4)
		for i, c := range got {
			for _, o := range got[:i] {
				if overlap(c.Sentence, o.Sentence) > 0.75 {
					t.Errorf("%q: near-duplicate claims %q and %q", q, o.Sentence, c.Sentence)
				}
			}
		}
	}
}

func TestAnswerUnrelated(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	srcs := answerSources(t)
	for _, q := range []string{"How tall is the Eiffel Tower?", "", "Why?"} {
		if got := eng.Answer(q, srcs, 4); len(got) != 0 {
			t.Errorf("%q: got %+v, want no claims", q, got)
		}
	}
	if got := eng.Answer("Why is the Kingsway Tunnel closed?", srcs, 0); len(got) != 0 {
		t.Errorf("n=0: got %+v", got)
	}
}

// eightSources returns eight sources of a few paragraphs each, as the
// service passes to Answer.
func eightSources(tb testing.TB) []summarize.Source {
	srcs := answerSources(tb)[:8]
	for i := range srcs {
		srcs[i].Text = strings.Repeat(srcs[i].Text+"\n\n", 3)
	}
	return srcs
}

func BenchmarkAnswer(b *testing.B) {
	eng := &summarize.Extractive{Splitter: mustSplitter(b)}
	srcs := eightSources(b)
	b.ResetTimer()
	for b.Loop() {
		eng.Answer("Why is the Kingsway Tunnel closed?", srcs, 4)
	}
}

// TestAnswerNamesWhatIsAsked checks that a sentence that restates the
// question without naming what it asks for is not the answer on its own:
// the neighbour that names it comes with it, and a sentence that says
// "the company" comes with the one that names the company.
func TestAnswerNamesWhatIsAsked(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	srcs := []summarize.Source{
		{N: 1, Title: "Streaming news", Text: "“Harbour Lights” is officially coming back.\n\nThe streaming service said on Monday that the hit drama series was renewed for a third season.\n\nFilming starts in spring."},
		{N: 2, Title: "Retail roundup", Text: "Shoppers have complained for weeks. But Corvane Stores is reportedly dealing with angry customers at its outlets.\n\nA new report claims that the company has switched off air conditioning to cut costs as sales slump."},
	}
	tests := []struct{ q, want string }{
		{"Which hit drama series was renewed for a third season?", "Harbour Lights"},
		{"Which company is accused of switching off air conditioning to cut costs?", "Corvane Stores"},
	}
	for _, tc := range tests {
		got := eng.Answer(tc.q, srcs, 4)
		checkClaims(t, srcs, got)
		if len(got) < 2 || !strings.Contains(got[0].Sentence+" "+got[1].Sentence, tc.want) {
			t.Errorf("%q: the first two claims do not name %q: %+v", tc.q, tc.want, got)
		}
	}
}

// TestAnswerShowsTheAntecedent checks that a sentence whose subject is a
// pronoun is quoted with the sentence that says what the pronoun is.
func TestAnswerShowsTheAntecedent(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	// The sentence before is too long to pair with, so the pronoun
	// sentence cannot be quoted at all; the other source answers.
	long := "The Gull Island ferry company, which has run boats between the island and the mainland harbour at Wrenford since the spring of 1958 and employs more than ninety crew members, engineers, cooks and ticket sellers across its four vessels and two terminals, reviewed its timetable, fares, staffing and fuel contracts this autumn with the help of outside consultants from two firms in the capital and one in Ferrow Bay."
	srcs := []summarize.Source{
		{N: 1, Title: "Ferry news", Text: long + " It cancelled the winter ferry service because of falling passenger numbers."},
		{N: 2, Title: "Island transport", Text: "Gull Island will have no winter ferry this year, the council said."},
	}
	got := eng.Answer("Why was the winter ferry service cancelled?", srcs, 4)
	checkClaims(t, srcs, got)
	for i, c := range got {
		if strings.HasPrefix(c.Sentence, "It cancelled") && (i == 0 || !strings.Contains(got[i-1].Sentence, "ferry company")) {
			t.Errorf("the pronoun sentence is quoted without its antecedent: %+v", got)
		}
	}
	if len(got) == 0 || got[0].N != 2 {
		t.Errorf("the answer must come from the source that says it plainly: %+v", got)
	}
}

// TestAnswerGivesWhatIsAsked checks questions whose right sentence loses
// to another on the question's words alone. Each answer's first claims
// (one or two) must hold want, and every claim must be a sentence of the
// source (no headline is quoted: the titles are a plain one, whose
// sentence holds nothing new, and a roundup's).
func TestAnswerGivesWhatIsAsked(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	tests := []struct {
		name, title, text, q string
		// first is how many leading claims must hold want.
		first int
		want  string
	}{{
		// The sentence that retells the scene in the question's own
		// words does not answer it; the one that names what the asking
		// sentence asks for does, though the scene's names sit in a
		// clause of it.
		name:  "a scene-setting first sentence",
		title: "Grain trucks reach a second town",
		text: "A fierce critic of the Northshore council, the mayor of Calder began sending trucks of grain to Wrenford earlier this year as a rebuke to the council.\n\n" +
			"The mayor's office said that Ferrow Bay is now a designated depot for the grain, as part of the mayor's answer to the Northshore council's trade rules, in a statement released Friday.\n\n" +
			"Farmers in Calder have sold more grain this year than last.",
		q:     "The mayor of Calder began sending trucks of grain to Wrenford earlier this year as a rebuke to the Northshore council. Which additional town did she recently designate as a depot?",
		first: 1, want: "Ferrow Bay",
	}, {
		// The holder of the opposite superlative ("the cheapest" for
		// "the highest price") is not the answer while a paraphrase of
		// the asked one ("the most expensive") is there.
		name:  "a superlative paraphrased",
		title: "Fuel prices by state",
		text: "Arden has the cheapest average gas price in the country, at $3.10 a gallon.\n\n" +
			"Belmar has the most expensive average gas price in the country, at $5.90 a gallon.",
		q:     "Which state has the highest average gas price?",
		first: 1, want: "Belmar",
	}, {
		// A name that starts every sentence it is in ("Corla is coming
		// back") still counts as a name when the sources never write it
		// in lower case, so that the sentence that only says "the
		// singer" does not answer alone.
		name:  "a name that starts its sentences",
		title: "Corla sets new Harlow dates",
		text: "Corla is coming back.\n\n" +
			"After postponing her Harlow concert residency a day before it was to start in January, the singer announced on Monday that she has rescheduled her shows.\n\n" +
			"Tickets sold out within an hour, the venue said.",
		q:     "Which popular singer will launch a residency in Harlow later this year?",
		first: 2, want: "Corla",
	}, {
		// A question that restates a sentence and asks for a name: the
		// sentence after the restating one, which names it, comes with
		// it, and a roundup's headline is no context for either.
		name:  "a name after a restated sentence",
		title: "5 things to know for May 3: Floods, Vale trial, Harlow vote",
		text: "Nearly three years since the outbreak began, the fastest-spreading strain yet has arrived. " +
			"The latest version of the shape-shifting KX.2 strain, an offshoot of Veltra, is fueling a surge in cases across Marlow. " +
			"Repeated outbreak waves have left hospitals in Marlow short of beds.",
		q:     "Nearly three years since the outbreak began, the fastest-spreading strain yet has arrived. What is it called?",
		first: 2, want: "KX.2",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs := []summarize.Source{{N: 1, Title: tt.title, Text: tt.text}}
			got := eng.Answer(tt.q, srcs, 4)
			checkClaims(t, srcs, got)
			if len(got) < tt.first {
				t.Fatalf("%d claims, want at least %d: %+v", len(got), tt.first, got)
			}
			var lead []string
			for _, c := range got[:tt.first] {
				lead = append(lead, c.Sentence)
			}
			if !strings.Contains(strings.Join(lead, " "), tt.want) {
				t.Errorf("the first %d claims do not name %q: %+v", tt.first, tt.want, got)
			}
		})
	}
}

// TestAnswerListGoesOn checks that when the answer gives one item of a
// list and the next sentence adds another ("Also absent is …"), the
// answer gives that one too, right after.
func TestAnswerListGoesOn(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	srcs := []summarize.Source{{N: 1, Title: "Harlow transit deal", Text: "The Harlow council agreed a transit deal on Sunday after months of talks. " +
		"A few major reforms were left out of the proposed deal, including a cap on fares. " +
		"Also absent is a ban on diesel buses in the old town. " +
		"The deal goes to a vote next month."}}
	got := eng.Answer("The Harlow council agreed a transit deal this week, but a few major reforms were not included. Which measure did councillors leave out?", srcs, 4)
	checkClaims(t, srcs, got)
	i := slices.IndexFunc(got, func(c summarize.Claim) bool { return strings.Contains(c.Sentence, "cap on fares") })
	if i < 0 || i+1 >= len(got) || !strings.Contains(got[i+1].Sentence, "diesel buses") {
		t.Errorf("the answer does not give the list's second item right after the first: %+v", got)
	}
}

// TestAnswerQuotesNoSlugTitle checks that a title the store made from the
// URL's slug, for an article that came without one, is not quoted as a
// headline: "Marlow bankrupt fuel crisis." reads as no sentence.
func TestAnswerQuotesNoSlugTitle(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	srcs := []summarize.Source{{N: 1, URL: "https://news.example/2022/07/05/europe/marlow-bankrupt-fuel-crisis/index.html", Title: "Marlow bankrupt fuel crisis",
		Text: "The island's finance minister said on Tuesday that the country cannot pay for fuel imports. Queues for petrol stretched for miles."}}
	got := eng.Answer("Which country said it is bankrupt and out of fuel?", srcs, 4)
	checkClaims(t, srcs, got)
	if len(got) == 0 {
		t.Fatal("no answer")
	}
	for _, c := range got {
		if strings.HasPrefix(c.Sentence, "Marlow bankrupt") {
			t.Errorf("the slug title is quoted: %+v", got)
		}
	}
}

// TestAnswerOneCopyOfAWireSentence checks that two outlets' copies of one
// wire sentence, with different endings, are not both quoted.
func TestAnswerOneCopyOfAWireSentence(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	srcs := []summarize.Source{
		{N: 1, Title: "Veland leader flees", Text: "Veland has plunged into chaos and its president has fled to Marlow, before emailing his resignation to parliament."},
		{N: 2, Title: "Veland leader flees", Text: "Veland has plunged into chaos and its President has fled to Marlow as protesters occupy his official residence."},
	}
	got := eng.Answer("Which nation plunged into chaos this week, prompting its leader to flee?", srcs, 4)
	checkClaims(t, srcs, got)
	n := 0
	for _, c := range got {
		if strings.HasPrefix(c.Sentence, "Veland has plunged into chaos") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d copies of the wire sentence are quoted, want 1: %+v", n, got)
	}
}
