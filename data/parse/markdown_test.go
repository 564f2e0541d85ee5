package parse_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data/parse"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		file string
		in   []byte
		want parsedWant
	}{
		{
			file: "frontmatter.md",
			want: parsedWant{
				URL:   "https://www.valleyledger.example/farming/frost",
				Title: "Orchard growers count frost damage",
				Text: "Growers in the upper valley said on Thursday that a late frost had hit the apple and pear blossom.\n\n" +
					"\"We lost about a third,\" said one grower, who asked not to be named.\n\n" +
					"Read the full forecast for the week.\n\n" +
					"yield_2023 = 1200 t yield_2024 = ~800 t",
				Source:    "The Valley Ledger",
				Published: time.Date(2024, 4, 18, 0, 0, 0, 0, time.UTC),
				Authors:   []string{"Tomas Berg", "Aiko Mori"},
			},
		},
		{
			file: "heading.md",
			want: parsedWant{
				Title: "Library opens a repair café",
				Text: "Some preamble text before the heading.\n\nWhat happens\n\n" +
					"Volunteers fix lamps, toasters and bikes every Saturday; see https://repair.example/cafe or the schedule.\n\n" +
					"- bring the item\n- bring the parts if you have them",
			},
		},
		{
			file: "yamllist.md",
			want: parsedWant{
				Title:     "Council tax frozen",
				Text:      "The council agreed to freeze the tax for a second year.",
				Published: time.Date(2022, 6, 12, 0, 0, 0, 0, time.UTC),
				Authors:   []string{"Rosa Lind", "Karl Fenn"},
			},
		},
		{
			file: "no title, CRLF",
			in:   []byte("Plain words only in this note. And a second sentence.\r\n\r\nAnother paragraph with `code`.\r\n"),
			want: parsedWant{
				Title: "Plain words only in this note.",
				Text:  "Plain words only in this note. And a second sentence.\n\nAnother paragraph with code.",
			},
		},
		{
			file: "unclosed front matter is text",
			in:   []byte("---\ntitle: x\n\n# Real title\n\nBody."),
			want: parsedWant{Title: "Real title", Text: "title: x\n\nBody."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in := tt.in
			if in == nil {
				in = parseFixture(t, "md/"+tt.file)
			}
			a, err := parse.Markdown(tt.file, in)
			if err != nil {
				t.Fatalf("Markdown: %v", err)
			}
			checkParsedOne(t, tt.file, a, tt.want)
		})
	}
}

func TestMarkdownErrors(t *testing.T) {
	_, err := parse.Markdown("notext.md", parseFixture(t, "md/notext.md"))
	if !errors.Is(err, parse.ErrEmpty) || !strings.Contains(err.Error(), "notext.md") {
		t.Errorf("notext.md: error = %v, want ErrEmpty naming the file", err)
	}
	_, err = parse.Markdown("baddate.md", parseFixture(t, "md/baddate.md"))
	if err == nil || errors.Is(err, parse.ErrEmpty) || !strings.Contains(err.Error(), "sometime in spring") {
		t.Errorf("baddate.md: error = %v, want one naming the bad date", err)
	}
}
