package bot_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/bot"
)

func TestSplitText(t *testing.T) {
	long := strings.Repeat("The council met on Tuesday and voted on the budget [1]. ", 40)
	link := "Read this first, please, and then see [the full report on the Eastgate bridge](<https://example.com/a/very/long/path/to/report>) for details."
	tests := []struct {
		name string
		in   string
		max  int
		// want, when set, is the exact split.
		want []string
		// protected must each appear whole in some piece.
		protected []string
	}{
		{name: "short stays whole", in: "Hello world.", max: 100, want: []string{"Hello world."}},
		{name: "empty gives nothing", in: "  \n ", max: 10, want: nil},
		{name: "paragraph boundary preferred", in: "First paragraph here.\n\nSecond one, also here.", max: 30,
			want: []string{"First paragraph here.", "Second one, also here."}},
		{name: "sentence boundary before word", in: "One two three. Four five six seven eight nine.", max: 32,
			want: []string{"One two three.", "Four five six seven eight nine."}},
		{name: "sentence ending in a marker", in: "Rates rose [2]. Markets fell sharply afterwards.", max: 33,
			want: []string{"Rates rose [2].", "Markets fell sharply afterwards."}},
		{name: "never inside a link", in: link, max: 95, protected: []string{"[the full report on the Eastgate bridge](<https://example.com/a/very/long/path/to/report>)"}},
		{name: "never inside a marker", in: strings.Repeat("word ", 7) + "[12] tail text that goes on", max: 36, protected: []string{"[12]"}},
		{name: "long text with markers", in: long, max: 500, protected: []string{"[1]"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := bot.SplitText(tc.in, tc.max)
			if tc.want != nil || tc.in == "  \n " {
				if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
					t.Fatalf("SplitText = %q, want %q", got, tc.want)
				}
			}
			for _, p := range got {
				if n := len([]rune(p)); n > tc.max {
					t.Errorf("piece of %d chars > max %d: %q", n, tc.max, p)
				}
				if strings.TrimSpace(p) != p || p == "" {
					t.Errorf("piece not trimmed or empty: %q", p)
				}
			}
			// Nothing is lost: the pieces hold the same words in order.
			if strings.Join(strings.Fields(strings.Join(got, " ")), " ") != strings.Join(strings.Fields(tc.in), " ") {
				t.Errorf("pieces lost or changed text")
			}
			for _, pr := range tc.protected {
				n := strings.Count(tc.in, pr)
				m := 0
				for _, p := range got {
					m += strings.Count(p, pr)
				}
				if m != n {
					t.Errorf("%q appears whole %d times in pieces, %d in input: %q", pr, m, n, got)
				}
			}
			// No piece ends inside an unclosed marker or link.
			open := regexp.MustCompile(`\[[^\]]*$`)
			for _, p := range got[:max(len(got)-1, 0)] {
				if open.MatchString(p) {
					t.Errorf("piece ends inside brackets: %q", p)
				}
			}
		})
	}
}
