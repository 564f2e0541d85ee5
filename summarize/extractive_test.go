package summarize_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/newsbot/newsbot/summarize"
)

func readFixture(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "extractive", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func fixtureSources(tb testing.TB) []summarize.Source {
	tb.Helper()
	var srcs []summarize.Source
	if err := json.Unmarshal([]byte(readFixture(tb, "sources.json")), &srcs); err != nil {
		tb.Fatal(err)
	}
	return srcs
}

// overlap is the share of the shorter sentence's content words found in the
// other sentence.
func overlap(a, b string) float64 {
	wa, wb := summarize.ContentWords(a), summarize.ContentWords(b)
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	if len(wa) == 0 {
		return 0
	}
	n := 0
	for _, w := range wa {
		if slices.Contains(wb, w) {
			n++
		}
	}
	return float64(n) / float64(len(wa))
}

func TestSummarize(t *testing.T) {
	sp := mustSplitter(t)
	text := readFixture(t, "article.txt")
	all := sp.Split(text)
	eng := &summarize.Extractive{Splitter: sp}
	for _, n := range []int{1, 3, 5} {
		got := eng.Summarize("Riverton approves Harbor Street bridge replacement", text, n)
		if len(got) != n {
			t.Fatalf("n=%d: got %d sentences: %q", n, len(got), got)
		}
		last := -1
		for i, s := range got {
			// Every sentence is a sentence of the article with pieces
			// deleted (a dateline, asides), in document order.
			idx := slices.IndexFunc(all, func(a string) bool { return deletionOf(s, a) })
			if idx < 0 {
				t.Fatalf("n=%d: %q is not a sentence of the article", n, s)
			}
			if idx <= last {
				t.Errorf("n=%d: sentences out of document order: %q", n, got)
			}
			last = idx
			low := strings.ToLower(s)
			for _, bad := range []string{"scroll down", "click here", "by dana", "(ap)", "why did"} {
				if strings.Contains(low, bad) {
					t.Errorf("n=%d: picked boilerplate, dateline or question: %q", n, s)
				}
			}
			for _, o := range got[:i] {
				if overlap(s, o) > 0.8 {
					t.Errorf("n=%d: near-duplicates picked: %q and %q", n, o, s)
				}
			}
		}
		if n == 1 && !strings.Contains(got[0], "$48 million") {
			t.Errorf("n=1: want the lead sentence about the $48 million plan, got %q", got[0])
		}
	}
	if got := eng.Summarize("", "", 3); len(got) != 0 {
		t.Errorf("empty text: got %q", got)
	}
	if got := eng.Summarize("", text, 0); len(got) != 0 {
		t.Errorf("n=0: got %q", got)
	}
	// Without a Splitter the engine still works.
	if got := (&summarize.Extractive{}).Summarize("", text, 2); len(got) != 2 {
		t.Errorf("zero Extractive: got %q", got)
	}
}

// wordsOf returns the lower-cased runs of letters and digits of s.
func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// deletionOf reports whether short can be made from long by deleting words
// only: its words are a subsequence of long's, nothing added or reordered.
func deletionOf(short, long string) bool {
	ws, wl := wordsOf(short), wordsOf(long)
	i := 0
	for _, w := range wl {
		if i < len(ws) && ws[i] == w {
			i++
		}
	}
	return len(ws) > 0 && i == len(ws)
}

func TestSummarizeCompresses(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	text := "Harwick, Eastmark (AP) Port police arrested the harbour treasurer Ivo Marchetti Lund at his flat on Tuesday morning, officials said. " +
		"Marchetti, who denies wrongdoing, faces charges of fraud and bribery (both carry long prison terms), according to prosecutors. " +
		"The arrest brings the dredging contracts inquiry at the shipping firm Alderline closer to Mayor Greta Hollis, sending a chill through the town hall. " +
		"Thousands of residents have marched against Hollis in recent weeks."
	got := eng.Summarize("", text, 3)
	if len(got) != 3 {
		t.Fatalf("got %d sentences: %q", len(got), got)
	}
	joined := strings.Join(got, " ")
	for _, gone := range []string{"(AP)", "officials said", "according to prosecutors", "(both carry", "sending a chill"} {
		if strings.Contains(joined, gone) {
			t.Errorf("summary keeps %q: %q", gone, got)
		}
	}
	for _, kept := range []string{"Ivo Marchetti Lund", "fraud and bribery", "Alderline"} {
		if !strings.Contains(joined, kept) {
			t.Errorf("summary lost %q: %q", kept, got)
		}
	}
	all := mustSplitter(t).Split(text)
	for _, s := range got {
		if !slices.ContainsFunc(all, func(a string) bool { return deletionOf(s, a) }) {
			t.Errorf("%q is not the article's sentence with words deleted", s)
		}
		if r := []rune(s)[0]; !unicode.IsUpper(r) || !strings.HasSuffix(s, ".") {
			t.Errorf("%q does not look like a sentence", s)
		}
	}
}

func TestAnswer(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	srcs := fixtureSources(t)
	tests := []struct {
		question string
		wantN    int
		wantIn   string
	}{
		{"When will the new Harbor Street bridge open?", 5, "March 3, 2028"},
		{"How many vehicles cross the river each day?", 5, "14,000 vehicles"},
		{"What was the vote tally?", 2, "6-1"},
		{"Why were schools closed?", 7, "winter storm"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			got := eng.Answer(tt.question, srcs, 2)
			if len(got) == 0 {
				t.Fatal("no claims")
			}
			if !strings.Contains(got[0].Sentence, tt.wantIn) || got[0].N != tt.wantN {
				t.Errorf("first claim = %+v, want a sentence with %q from source %d", got[0], tt.wantIn, tt.wantN)
			}
			for _, c := range got {
				i := slices.IndexFunc(srcs, func(s summarize.Source) bool { return s.N == c.N })
				if i < 0 || !strings.Contains(srcs[i].Text, c.Sentence) {
					t.Errorf("claim %+v is not a sentence of source %d", c, c.N)
				}
			}
		})
	}
	if got := eng.Answer("Who won the chess championship?", srcs, 3); len(got) != 0 {
		t.Errorf("unrelated question: got %+v, want no claims", got)
	}
	if got := eng.Answer("bridge", nil, 3); len(got) != 0 {
		t.Errorf("no sources: got %+v", got)
	}
}

func TestSummarizeSources(t *testing.T) {
	eng := &summarize.Extractive{Splitter: mustSplitter(t)}
	srcs := fixtureSources(t)[:2]
	got := eng.SummarizeSources("Harbor Street bridge", srcs, 2)
	if len(got) != 2 {
		t.Fatalf("got %d claims: %+v", len(got), got)
	}
	// Two sentences from two outlets beat two from the same one.
	if got[0].N == got[1].N {
		t.Errorf("both claims cite source %d; want both outlets covered: %+v", got[0].N, got)
	}
	for _, c := range got {
		i := slices.IndexFunc(srcs, func(s summarize.Source) bool { return s.N == c.N })
		if i < 0 || !strings.Contains(srcs[i].Text, c.Sentence) {
			t.Errorf("claim %+v is not a sentence of source %d", c, c.N)
		}
	}
}

// longArticle returns an article of about words words built from the
// fixture's paragraphs with varied numbers, so sentences differ.
func longArticle(tb testing.TB, words int) string {
	base := readFixture(tb, "article.txt")
	var b strings.Builder
	for i := 0; len(strings.Fields(b.String())) < words; i++ {
		b.WriteString(strings.ReplaceAll(base, "$48 million", "$"+string(rune('1'+i%9))+"8 million"))
		b.WriteString("\n\n")
	}
	return b.String()
}

func BenchmarkSummarize(b *testing.B) {
	eng := &summarize.Extractive{Splitter: mustSplitter(b)}
	text := longArticle(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		eng.Summarize("Bridge", text, 3)
	}
}
