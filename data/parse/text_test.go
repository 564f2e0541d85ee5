package parse_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsbot/newsbot/data/parse"
)

func TestText(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want parsedWant
	}{
		{
			name: "dateline.txt",
			in:   parseFixture(t, "text/dateline.txt"),
			want: parsedWant{
				Title: "Town council votes to keep the night buses",
				Text: "MARLOW - The council voted on Thursday to keep the night bus service running for another year.\n\n" +
					"\"We listened to the riders,\" said the chair of the transport committee.\n\n" +
					"- Costs -\n\n" +
					"The service will cost about half a million a year.",
			},
		},
		{
			name: "bom_crlf.txt",
			in:   parseFixture(t, "text/bom_crlf.txt"),
			want: parsedWant{
				Title: "Heat records fall across the south",
				Text:  "SEVILLE, July 9 (Newswire) - Temperatures passed 44C on Tuesday.\n\nOfficials urged people to stay indoors.",
			},
		},
		{
			name: "cp1252.txt",
			in:   parseFixture(t, "text/cp1252.txt"),
			want: parsedWant{
				Title: "Café owners protest “unfair” rent rises",
				Text:  "Owners of small cafés marched on Monday – the third march this year.",
			},
		},
		{
			name: "utf-8 with one stray byte keeps the valid characters",
			in:   []byte("Zoë wins the \xa3 prize\n\nThe naïve entry won £5.\n"),
			want: parsedWant{Title: "Zoë wins the £ prize", Text: "The naïve entry won £5."},
		},
		{
			name: "dateline line straight after the title",
			in:   []byte("Ports reopen after\nthe storm\nHAMBURG (Wire) - Ships moved again on Sunday.\nCranes were checked overnight.\n\nMore follows.\n"),
			want: parsedWant{
				Title: "Ports reopen after the storm",
				Text:  "HAMBURG (Wire) - Ships moved again on Sunday. Cranes were checked overnight.\n\nMore follows.",
			},
		},
		{
			name: "no headline: title from the first sentence after the dateline",
			in: []byte("NAIROBI - Rains returned to the eastern highlands on Monday after a long drought. Farmers said the planting season could still be saved.\n\n" +
				"The weather service expects more rain this week.\n"),
			want: parsedWant{
				Title: "Rains returned to the eastern highlands on Monday after a long drought.",
				Text: "NAIROBI - Rains returned to the eastern highlands on Monday after a long drought. Farmers said the planting season could still be saved.\n\n" +
					"The weather service expects more rain this week.",
			},
		},
		{
			name: "no headline, em dash and agency",
			in:   []byte("NEW YORK (Wire) — Subway fares will rise by ten cents in September, the transit authority said on Friday after a long meeting.\n"),
			want: parsedWant{
				Title: "Subway fares will rise by ten cents in September, the transit authority said on Friday after a long meeting.",
				Text:  "NEW YORK (Wire) — Subway fares will rise by ten cents in September, the transit authority said on Friday after a long meeting.",
			},
		},
		{
			name: "no headline, CNN's dateline without brackets",
			in:   []byte("Port Alder CNN — The harbour reopened on Tuesday after a week of storms kept the fishing fleet tied up at the quay.\n"),
			want: parsedWant{
				Title: "The harbour reopened on Tuesday after a week of storms kept the fishing fleet tied up at the quay.",
				Text:  "Port Alder CNN — The harbour reopened on Tuesday after a week of storms kept the fishing fleet tied up at the quay.",
			},
		},
		{
			name: "headline with a capitalised word and a dash stays a headline",
			in:   []byte("NATO - Russia talks stall\n\nTalks ended without a statement.\n"),
			want: parsedWant{Title: "NATO - Russia talks stall", Text: "Talks ended without a statement."},
		},
		{
			name: "no blank line anywhere",
			in: []byte("Harvest starts early\nFarmers in the south began the grape harvest two weeks early this year.\n" +
				"The warm spring brought the vines on quickly, growers said.\nPickers were hired from the next valley.\n"),
			want: parsedWant{
				Title: "Harvest starts early",
				Text: "Farmers in the south began the grape harvest two weeks early this year. " +
					"The warm spring brought the vines on quickly, growers said. Pickers were hired from the next valley.",
			},
		},
		{
			name: "dateline ending the line with an em dash",
			in:   []byte("Ferry back in service\nOSLO (Wire) \u2014\nThe ferry sailed again on Monday.\n"),
			want: parsedWant{Title: "Ferry back in service", Text: "OSLO (Wire) \u2014 The ferry sailed again on Monday."},
		},
		{
			name: "leading blank lines and tabs",
			in:   []byte("\n\n  \t\n  Budget day  \n \t \nThe minister spoke for an hour.\t\n"),
			want: parsedWant{Title: "Budget day", Text: "The minister spoke for an hour."},
		},
		{
			name: "old Mac line ends",
			in:   []byte("Title here\r\rFirst.\r\rSecond.\r"),
			want: parsedWant{Title: "Title here", Text: "First.\n\nSecond."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parse.Text(tt.name, tt.in)
			if err != nil {
				t.Fatalf("Text: %v", err)
			}
			checkParsedOne(t, tt.name, a, tt.want)
		})
	}
}

func TestTextEmpty(t *testing.T) {
	for _, in := range []string{"", "\ufeff", " \n\r\n\t\n", "Only a title\n", "Only a title\n\n\n  \n"} {
		_, err := parse.Text("x.txt", []byte(in))
		if !errors.Is(err, parse.ErrEmpty) {
			t.Errorf("Text(%q) error = %v, want ErrEmpty", in, err)
			continue
		}
		if !strings.Contains(err.Error(), "x.txt") {
			t.Errorf("Text(%q) error %q does not name the file", in, err)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, name := range []string{"text/dateline.txt", "text/bom_crlf.txt", "text/cp1252.txt"} {
		f.Add(parseFixture(f, name))
	}
	f.Add([]byte("LONDON, June 3 (Reuters) -\n\nx"))
	f.Add([]byte("A\r\n\r\n\xff\xfe B"))
	f.Add([]byte("PARIS - " + strings.Repeat("word ", 60) + ".\n\nz"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := parse.Text("fuzz.txt", b)
		if err != nil {
			if !errors.Is(err, parse.ErrEmpty) && !errors.Is(err, parse.ErrNotText) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if !utf8.ValidString(a.Title) || !utf8.ValidString(a.Text) {
			t.Fatalf("invalid UTF-8: %q / %q", a.Title, a.Text)
		}
		if strings.ContainsAny(a.Title, "\n\r") {
			t.Fatalf("title has a newline: %q", a.Title)
		}
		if a.Title == "" || a.Text == "" {
			t.Fatalf("empty title or text without an error: %q / %q", a.Title, a.Text)
		}
		if strings.Contains(a.Text, "\r") || strings.Contains(a.Text, "\n\n\n") {
			t.Fatalf("text not normalised: %q", a.Text)
		}
	})
}

func TestTextUnwrapsLinesButKeepsListItems(t *testing.T) {
	in := "Council sets priorities\n\nHALDEN - The council agreed on three priorities for next year,\nthe mayor said on Monday:\n- more buses on the night routes\n- a second bridge inspection\n2. cheaper parking near the station\n"
	a, err := parse.Text("wrapped.txt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := "HALDEN - The council agreed on three priorities for next year, the mayor said on Monday:\n- more buses on the night routes\n- a second bridge inspection\n2. cheaper parking near the station"
	if a.Text != want {
		t.Errorf("Text = %q\nwant   %q", a.Text, want)
	}
}

// TestTextRefusesBinary gives Text bytes that are not text: each is refused
// with ErrNotText and a reason, while text in Windows-1252 is still read.
func TestTextRefusesBinary(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	random := make([]byte, 100<<10)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	noNUL := bytes.ReplaceAll(random, []byte{0}, []byte{1})
	prose := "Council opens new library\n\nThe council opened a new library on Saturday with 40,000 books.\n"
	controls := []byte(prose)
	for i := 0; i < len(controls); i += 8 {
		controls[i] = 0x07
	}
	for _, tt := range []struct {
		name string
		in   []byte
	}{
		{"100 KB of random bytes", random},
		{"random bytes without NULs", noNUL},
		{"text with a NUL", []byte(prose + "\x00 and more")},
		{"UTF-16 without a BOM", []byte("T\x00i\x00t\x00l\x00e\x00\n\x00\n\x00B\x00o\x00d\x00y\x00")},
		{"mostly control characters", controls},
	} {
		_, err := parse.Text("x.txt", tt.in)
		if !errors.Is(err, parse.ErrNotText) {
			t.Errorf("%s: error %v, want ErrNotText", tt.name, err)
			continue
		}
		if !strings.Contains(err.Error(), "x.txt") {
			t.Errorf("%s: error %q does not name the file", tt.name, err)
		}
	}
	for _, bom := range []string{"\xff\xfeT\x00i\x00t\x00l\x00e\x00\n\x00\n\x00B\x00o\x00d\x00y\x00", "\xfe\xff\x00T\x00i\x00t\x00l\x00e\x00\n\x00\n\x00B\x00o\x00d\x00y"} {
		if a, err := parse.Text("x.txt", []byte(bom)); err != nil || a.Title != "Title" || a.Text != "Body" {
			t.Errorf("UTF-16 with a BOM %q: %+v, %v", bom[:2], a, err)
		}
	}
	latin1 := []byte("Caf\xe9 reopens\n\nThe caf\xe9 on the square reopened on Monday, its owner said, after a year of repairs.\n")
	if a, err := parse.Text("x.txt", latin1); err != nil || a.Title != "Café reopens" {
		t.Errorf("Windows-1252 text: %q, %v", a.Title, err)
	}
}
