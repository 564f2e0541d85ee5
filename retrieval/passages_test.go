package retrieval_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

func TestPassages(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "Sentence number %d tells one small fact about the story. ", i)
		if i%5 == 4 {
			b.WriteString("\n\n")
		}
	}
	long := data.Article{ID: "a1", Text: b.String()}
	tests := []struct {
		name string
		a    data.Article
		want int // passages; -1 when several
	}{
		{"empty text still has a passage", data.Article{ID: "a0", Title: "Only a title"}, 1},
		{"short text is one passage", data.Article{ID: "a2", Text: "One sentence. Two sentences here."}, 1},
		{"long text is split", long, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := retrieval.Passages(tt.a)
			if tt.want > 0 && len(ps) != tt.want {
				t.Fatalf("%d passages, want %d", len(ps), tt.want)
			}
			if tt.want < 0 && len(ps) < 3 {
				t.Fatalf("%d passages, want several", len(ps))
			}
			for i, p := range ps {
				if p.Ord != i || p.ArticleID != tt.a.ID {
					t.Errorf("passage %d has Ord %d, ArticleID %q", i, p.Ord, p.ArticleID)
				}
				if n := len(strings.Fields(p.Text)); n > 150 {
					t.Errorf("passage %d has %d words, want at most 150", i, n)
				}
				if i < len(ps)-1 && len(strings.Fields(p.Text)) < 80 {
					t.Errorf("passage %d has %d words, want at least 80", i, len(strings.Fields(p.Text)))
				}
			}
			// Consecutive passages do not overlap: each starts with the
			// sentence after the last one of the passage before it.
			for i := 1; i < len(ps); i++ {
				prev, cur := ps[i-1].Text, ps[i].Text
				var n int
				if _, err := fmt.Sscanf(prev[strings.LastIndex(prev, "Sentence number "):], "Sentence number %d", &n); err != nil {
					t.Fatalf("passage %d: %v", i-1, err)
				}
				if want := fmt.Sprintf("Sentence number %d tells", n+1); !strings.HasPrefix(cur, want) {
					t.Errorf("passage %d starts %.30q, want %q", i, cur, want)
				}
			}
			all := ""
			for _, p := range ps {
				all += " " + p.Text
			}
			for i := range 40 {
				if tt.a.ID == "a1" && !strings.Contains(all, fmt.Sprintf("number %d tells", i)) {
					t.Errorf("sentence %d lost", i)
				}
			}
		})
	}
}

func TestPassagesCapped(t *testing.T) {
	// Each of the 100 lines makes one passage of 100 words; line p is
	// made of the words p<p>s0 to p<p>s9, ten times each.
	var b strings.Builder
	for p := range 100 {
		for s := range 10 {
			w := fmt.Sprintf("p%ds%d", p, s)
			b.WriteString(strings.Repeat(w+" ", 9) + w + ". ")
		}
		b.WriteString("\n")
	}
	ps := retrieval.Passages(data.Article{ID: "long", Text: b.String()})
	if len(ps) != 30 {
		t.Fatalf("%d passages, want the first 30", len(ps))
	}
	for i, p := range ps {
		if !strings.HasPrefix(p.Text, fmt.Sprintf("p%ds0 ", i)) || !strings.HasSuffix(p.Text, fmt.Sprintf("p%ds9.", i)) {
			t.Errorf("passage %d is %.20q…%q, want paragraph %d", i, p.Text, p.Text[max(0, len(p.Text)-10):], i)
		}
	}
}

func TestPassagesKeepAbbreviations(t *testing.T) {
	ps := retrieval.Passages(data.Article{ID: "x", Text: "Mr. Smith met Dr. Jones in the U.S. capital. They talked."})
	if len(ps) != 1 || !strings.Contains(ps[0].Text, "Mr. Smith met Dr. Jones") {
		t.Errorf("passages %+v", ps)
	}
}

func TestPassagesKeepParagraphs(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{
			"a heading stays apart from the sentence after it",
			"Gun laws\n\nA group of senators agreed on a bill. It leaves out a ban.",
			"Gun laws\n\nA group of senators agreed on a bill. It leaves out a ban.",
		},
		{
			"several blank lines are one paragraph break",
			"The first paragraph ends here.\n\n\n  \nThe second one starts.",
			"The first paragraph ends here.\n\nThe second one starts.",
		},
		{
			"a line break is kept as one",
			"Prices rose:\n- bread by 5%\n- milk by 3%",
			"Prices rose:\n- bread by 5%\n- milk by 3%",
		},
		{
			"a paragraph without a final period is not run into the next",
			"as does the University of Carthage\n\nThe plan is new.",
			"as does the University of Carthage\n\nThe plan is new.",
		},
		{
			"blank lines and spaces around the text are dropped",
			"\n\n  One sentence here.  \n\n",
			"One sentence here.",
		},
		{
			"sentences inside a line are joined by one space",
			"One sentence here.   Two sentences here.",
			"One sentence here. Two sentences here.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := retrieval.Passages(data.Article{ID: "p", Text: tt.text})
			if len(ps) != 1 || ps[0].Text != tt.want {
				t.Errorf("Passages(%q) = %+v, want one passage %q", tt.text, ps, tt.want)
			}
		})
	}
}

func TestPassagesStartWithASentence(t *testing.T) {
	// Every paragraph is one sentence of 30 words, so that passages end
	// at paragraph breaks; no passage may start or end with white space.
	var b strings.Builder
	for i := range 20 {
		fmt.Fprintf(&b, "Paragraph %d%s.\n\n", i, strings.Repeat(" word", 28))
	}
	ps := retrieval.Passages(data.Article{ID: "p", Text: b.String()})
	if len(ps) < 2 {
		t.Fatalf("%d passages, want several", len(ps))
	}
	for i, p := range ps {
		if p.Text != strings.TrimSpace(p.Text) {
			t.Errorf("passage %d has white space around it: %q", i, p.Text)
		}
		if !strings.Contains(p.Text, ".\n\nParagraph ") {
			t.Errorf("passage %d lost its paragraph breaks: %q", i, p.Text)
		}
	}
}
