package summarize_test

import (
	"strings"
	"testing"

	"github.com/newsbot/newsbot/summarize"
)

func mustSplitter(tb testing.TB) *summarize.Splitter {
	tb.Helper()
	sp, err := summarize.NewSplitter()
	if err != nil {
		tb.Fatal(err)
	}
	return sp
}

func TestSplit(t *testing.T) {
	sp := mustSplitter(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"plain", "The vote passed. Markets rose! Will it last?",
			[]string{"The vote passed.", "Markets rose!", "Will it last?"}},
		{"titles", "Mr. Smith met Dr. Jones on Tuesday. They talked.",
			[]string{"Mr. Smith met Dr. Jones on Tuesday.", "They talked."}},
		{"country abbreviation", "The U.S. economy grew 2.5% in Jan. last year. Prices fell.",
			[]string{"The U.S. economy grew 2.5% in Jan. last year.", "Prices fell."}},
		{"decimals", "Shares fell 3.5 percent to $12.75 on Friday. Bonds held.",
			[]string{"Shares fell 3.5 percent to $12.75 on Friday.", "Bonds held."}},
		{"closing quote stays", `"We will rebuild," she said. "It is hard." Work began.`,
			[]string{`"We will rebuild," she said.`, `"It is hard."`, "Work began."}},
		{"ellipsis mid sentence", "He paused... and then left. Nobody followed.",
			[]string{"He paused... and then left.", "Nobody followed."}},
		{"paragraphs never joined", "Headline without a full stop\n\nThe story starts here. It ends here.",
			[]string{"Headline without a full stop", "The story starts here.", "It ends here."}},
		{"wrapped lines are joined", "The council met\non Monday to vote. It\npassed.",
			[]string{"The council met on Monday to vote.", "It passed."}},
		{"bullets", "Key points:\n- Rates rise\n- Jobs grow",
			[]string{"Key points:", "- Rates rise", "- Jobs grow"}},
		{"windows line ends", "One here.\r\n\r\nTwo here.",
			[]string{"One here.", "Two here."}},
		{"number ends a sentence", "He died on May 12. The campus was closed in 2015. Police said 3.5 million came.",
			[]string{"He died on May 12.", "The campus was closed in 2015.", "Police said 3.5 million came."}},
		{"numbered list item is not cut", "1. Watch the volume as costs rise.",
			[]string{"1. Watch the volume as costs rise."}},
		{"empty", " \n\n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sp.Split(tt.text)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSplitConcurrent(t *testing.T) {
	sp := mustSplitter(t)
	text := "Mr. Smith went to Washington. He met the U.S. president. They spoke."
	done := make(chan []string)
	for range 8 {
		go func() { done <- sp.Split(text) }()
	}
	for range 8 {
		if got := <-done; len(got) != 3 {
			t.Errorf("concurrent Split = %q, want 3 sentences", got)
		}
	}
}
