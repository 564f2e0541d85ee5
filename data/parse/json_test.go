package parse_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/parse"
)

// parsedWant lists the fields a parser test checks.
type parsedWant struct {
	URL, Title, Text, Source string
	Published                time.Time
	Authors                  []string
	ExcerptOnly              bool
}

// checkParsed compares got with want field by field.
func checkParsed(t *testing.T, got []data.Article, want []parsedWant) {
	t.Helper()
	if len(got) != len(want) {
		for _, a := range got {
			t.Logf("got %q", a.Title)
		}
		t.Fatalf("got %d articles, want %d", len(got), len(want))
	}
	for i, w := range want {
		checkParsedOne(t, fmt.Sprintf("article %d", i), got[i], w)
	}
}

func checkParsedOne(t *testing.T, name string, a data.Article, w parsedWant) {
	t.Helper()
	if a.URL != w.URL {
		t.Errorf("%s: URL = %q, want %q", name, a.URL, w.URL)
	}
	if a.Title != w.Title {
		t.Errorf("%s: Title = %q, want %q", name, a.Title, w.Title)
	}
	if a.Text != w.Text {
		t.Errorf("%s: Text = %q, want %q", name, a.Text, w.Text)
	}
	if a.Source != w.Source {
		t.Errorf("%s: Source = %q, want %q", name, a.Source, w.Source)
	}
	if !a.Published.Equal(w.Published) {
		t.Errorf("%s: Published = %v, want %v", name, a.Published, w.Published)
	}
	if len(a.Authors) != 0 || len(w.Authors) != 0 {
		if !reflect.DeepEqual(a.Authors, w.Authors) {
			t.Errorf("%s: Authors = %q, want %q", name, a.Authors, w.Authors)
		}
	}
	if a.ExcerptOnly != w.ExcerptOnly {
		t.Errorf("%s: ExcerptOnly = %v, want %v", name, a.ExcerptOnly, w.ExcerptOnly)
	}
}

// parseItemNames returns the Item of each ItemError, checking each has a reason.
func parseItemNames(t *testing.T, items []parse.ItemError) []string {
	t.Helper()
	var names []string
	for _, it := range items {
		if it.Err == nil {
			t.Errorf("item %q has no reason", it.Item)
		}
		if !strings.HasPrefix(it.Error(), it.Item+": ") {
			t.Errorf("Error() = %q, want it to start with %q", it.Error(), it.Item+": ")
		}
		names = append(names, it.Item)
	}
	return names
}

func parseFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestJSON(t *testing.T) {
	tests := []struct {
		name      string
		in        []byte
		want      []parsedWant
		wantItems []string
		// emptyItems are the items whose error must wrap ErrEmpty.
		emptyItems []string
	}{
		{
			name: "jsonl",
			in:   parseFixture(t, "articles.jsonl"),
			want: []parsedWant{{
				URL:       "https://www.harbourtimes.example/2023/ferry-strike",
				Title:     "Ferry crews walk out over rosters",
				Text:      "Ferry crews on the northern routes stopped work at dawn on Tuesday.\n\nThe union said talks would resume on Friday.",
				Source:    "The Harbour Times",
				Published: time.Date(2023, 3, 14, 6, 30, 0, 0, time.UTC),
				Authors:   []string{"Mira Okafor", "Lars Eng"},
			}, {
				URL:       "https://valleypost.example/news/bridge",
				Title:     "Old bridge reopens after repairs",
				Text:      "The stone bridge over the Wend reopened to traffic on Saturday.",
				Source:    "Valley Post",
				Published: time.Date(2022, 6, 3, 0, 0, 0, 0, time.UTC),
				Authors:   []string{"Pia Lund", "Omar Haddad"},
			}, {
				URL:       "https://example.org/a/grain",
				Title:     "Grain prices ease",
				Text:      "Wheat futures fell for a third day.",
				Source:    "Farm Wire",
				Published: time.Unix(1655000000, 0),
				Authors:   []string{"Jo Baines"},
			}, {
				URL:       "https://news.example.net/x",
				Title:     "Only a URL for a source",
				Text:      "Body text.",
				Source:    "news.example.net",
				Published: time.Date(2022, 6, 12, 0, 0, 0, 0, time.UTC),
			}},
			wantItems:  []string{"line 4", "line 5", "line 7", "line 9"},
			emptyItems: []string{"line 4"},
		},
		{
			name: "array",
			in:   parseFixture(t, "articles.json"),
			want: []parsedWant{{
				URL:       "https://www.islandgazette.example/weather/storm",
				Title:     "Storm warning for the islands",
				Text:      "Forecasters issued an amber warning for gales on Thursday night.",
				Source:    "islandgazette.example",
				Published: time.Date(2023, 8, 2, 8, 15, 0, 0, time.UTC),
				Authors:   []string{"Kai Moreno"},
			}, {
				URL:       "https://www.islandgazette.example/council/budget",
				Title:     "Council agrees budget",
				Text:      "The council approved its budget by nine votes to four.",
				Source:    "islandgazette.example",
				Published: time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC),
			}},
			wantItems:  []string{"item 2", "item 3", "item 4"},
			emptyItems: []string{"item 2"},
		},
		{
			name: "single pretty object",
			in:   parseFixture(t, "single.json"),
			want: []parsedWant{{
				URL:       "https://lakeside.example/story/42",
				Title:     "Lakeside library extends hours",
				Text:      "The library will open until nine on weekdays from next month.",
				Source:    "Lakeside Courier",
				Published: time.Date(2024, 1, 9, 16, 0, 0, 123e6, time.UTC),
				Authors:   []string{"Dee Park"},
			}},
		},
		{
			name: "BOM, CRLF and a single-line object",
			in:   []byte("\ufeff{\"title\":\"T\",\"text\":\"Hello\"}\r\n\r\n"),
			want: []parsedWant{{Title: "T", Text: "Hello"}},
		},
		{
			name:      "truncated array keeps what came before",
			in:        []byte(`[{"title":"A","text":"one"}, {"title":"B","text":"tw`),
			want:      []parsedWant{{Title: "A", Text: "one"}},
			wantItems: []string{"item 2"},
		},
		{
			name:      "jsonl whose first line is broken",
			in:        []byte("{\"title\": broken}\n\n{\"title\":\"B\",\"text\":\"b\",\"url\":\"http://b.example/1\"}"),
			want:      []parsedWant{{URL: "http://b.example/1", Title: "B", Text: "b", Source: "b.example"}},
			wantItems: []string{"line 1"},
		},
		{
			name: "empty array",
			in:   []byte(" [ ] "),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, items, err := parse.JSON(bytes.NewReader(tt.in))
			if err != nil {
				t.Fatalf("JSON: %v", err)
			}
			checkParsed(t, arts, tt.want)
			if got := parseItemNames(t, items); !reflect.DeepEqual(got, tt.wantItems) {
				t.Errorf("items = %q, want %q (%v)", got, tt.wantItems, items)
			}
			for _, it := range items {
				isEmpty := errors.Is(it, parse.ErrEmpty)
				wantEmpty := false
				for _, e := range tt.emptyItems {
					wantEmpty = wantEmpty || e == it.Item
				}
				if isEmpty != wantEmpty {
					t.Errorf("%s: errors.Is(ErrEmpty) = %v, want %v (%v)", it.Item, isEmpty, wantEmpty, it)
				}
			}
		})
	}
}

func TestJSONReasons(t *testing.T) {
	_, items, err := parse.JSON(bytes.NewReader(parseFixture(t, "articles.jsonl")))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"line 5": "invalid JSON",
		"line 7": `bad date "the day before yesterday"`,
		"line 9": "not an object",
	}
	for _, it := range items {
		if w, ok := want[it.Item]; ok && !strings.Contains(it.Err.Error(), w) {
			t.Errorf("%s: reason %q, want it to mention %q", it.Item, it.Err, w)
		}
	}
}

func TestJSONNotJSON(t *testing.T) {
	for _, in := range []string{"", "   \n", "hello world", "<rss></rss>"} {
		arts, items, err := parse.JSON(strings.NewReader(in))
		if err == nil {
			t.Errorf("JSON(%q) = %d articles, %d items, want an error", in, len(arts), len(items))
		}
	}
	// JSON cut short is one bad item, counted like any other.
	for _, in := range []string{"{\n  \"title\": ", "[}", "[\"a"} {
		arts, items, err := parse.JSON(strings.NewReader(in))
		if err != nil || len(arts) != 0 || len(items) != 1 {
			t.Errorf("JSON(%q) = %d articles, items %v, error %v; want one item error", in, len(arts), items, err)
		}
	}
}

// parseBigJSONL returns about size bytes of JSONL articles and their count.
func parseBigJSONL(size int) ([]byte, int) {
	var b bytes.Buffer
	para := strings.Repeat("The committee met again on Tuesday to weigh the proposal in detail. ", 12)
	n := 0
	for b.Len() < size {
		fmt.Fprintf(&b, `{"url":"https://big.example/%d","title":"Story %d","text":%q,"published":"2023-05-%02dT10:00:00Z","authors":["A Writer"]}`+"\n",
			n, n, para+"\n\n"+para, n%28+1)
		n++
	}
	return b.Bytes(), n
}

func TestJSONLarge(t *testing.T) {
	in, n := parseBigJSONL(4 << 20)
	arts, items, err := parse.JSON(bytes.NewReader(in))
	if err != nil || len(items) != 0 {
		t.Fatalf("err %v, items %v", err, items)
	}
	if len(arts) != n {
		t.Fatalf("got %d articles, want %d", len(arts), n)
	}
	last := arts[n-1]
	if last.Title != fmt.Sprintf("Story %d", n-1) || last.Source != "big.example" {
		t.Errorf("last article = %q from %q", last.Title, last.Source)
	}
}

func BenchmarkParseJSON22MB(b *testing.B) {
	in, _ := parseBigJSONL(22 << 20)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, _, err := parse.JSON(bytes.NewReader(in)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestJSONAuthors(t *testing.T) {
	tests := []struct {
		field string
		want  []string
	}{
		{`"author": "Ana Ruiz"`, []string{"Ana Ruiz"}},
		{`"author": "By Ana Ruiz and Tom Lee"`, []string{"Ana Ruiz", "Tom Lee"}},
		{`"author": "Ruiz, Ana"`, []string{"Ruiz, Ana"}},
		{`"authors": "Ana Ruiz; Tom Lee & Li Wei"`, []string{"Ana Ruiz", "Tom Lee", "Li Wei"}},
		{`"authors": ["Ana Ruiz", " ", {"name": "Tom Lee"}]`, []string{"Ana Ruiz", "Tom Lee"}},
		{`"authors": null`, nil},
	}
	for _, tt := range tests {
		in := `{"title": "T", "text": "x", ` + tt.field + `}`
		arts, items, err := parse.JSON(strings.NewReader(in))
		if err != nil || len(items) != 0 || len(arts) != 1 {
			t.Errorf("%s: %v %v", tt.field, err, items)
			continue
		}
		if !reflect.DeepEqual(arts[0].Authors, tt.want) {
			t.Errorf("%s: authors %q, want %q", tt.field, arts[0].Authors, tt.want)
		}
	}
	_, items, _ := parse.JSON(strings.NewReader(`{"title": "T", "text": "x", "authors": 7}`))
	if len(items) != 1 {
		t.Errorf("numeric authors: items %v, want one", items)
	}
}

// TestJSONEvalCorpus reads the development corpus when it is present:
// every line is accounted for as an article or an item error, and the
// articles have titles or text, dates and sources as the file promises.
func TestJSONEvalCorpus(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "eval", "rtqa-dev", "corpus.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("evaluation corpus not available: %v", err)
	}
	defer f.Close()
	start := time.Now()
	arts, items, err := parse.JSON(f)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Count(mustRead(t, path), []byte("\n"))
	if len(arts)+len(items) != lines {
		t.Errorf("%d articles + %d item errors, want %d lines", len(arts), len(items), lines)
	}
	var dated, sourced int
	for _, a := range arts {
		if !a.Published.IsZero() {
			dated++
		}
		if a.Source != "" {
			sourced++
		}
		if a.Text == "" {
			t.Errorf("%s: empty text", a.URL)
		}
	}
	if sourced != len(arts) || dated < len(arts)/2 {
		t.Errorf("%d of %d articles have a source, %d a date", sourced, len(arts), dated)
	}
	for _, it := range items {
		if !errors.Is(it, parse.ErrEmpty) {
			t.Errorf("unexpected item error: %v", it)
		}
	}
	t.Logf("%d articles, %d item errors, %d dated, in %v", len(arts), len(items), dated, elapsed)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestJSONBadItemCostsOnlyItself feeds inputs where one line or array item
// is broken in a way that used to take the rest of the input with it: a
// first line longer than 64 KiB, a first line cut short, a bad array item.
// Every good item must come through, and every item must be counted.
func TestJSONBadItemCostsOnlyItself(t *testing.T) {
	long := strings.Repeat("The long first paragraph goes on and on. ", 2000) // > 64 KiB
	good := func(n int) string {
		return fmt.Sprintf(`{"url":"https://good.example/%d","title":"Good %d","text":"Body %d."}`, n, n, n)
	}
	tests := []struct {
		name      string
		in        string
		wantTitle []string
		wantItems []string
	}{
		{
			name:      "first line over 64 KiB, then a bad line",
			in:        `{"title":"Long","text":"` + long + `"}` + "\n{\"title\": bad}\n" + good(3) + "\n" + good(4) + "\n",
			wantTitle: []string{"Long", "Good 3", "Good 4"},
			wantItems: []string{"line 2"},
		},
		{
			name:      "first line cut short inside a string",
			in:        `{"title":"Cut","te` + "\n" + good(2) + "\n" + good(3) + "\n",
			wantTitle: []string{"Good 2", "Good 3"},
			wantItems: []string{"line 1"},
		},
		{
			name:      "first line cut short between fields",
			in:        `{"title":"Cut",` + "\n" + good(2) + "\n" + good(3),
			wantTitle: []string{"Good 2", "Good 3"},
			wantItems: []string{"line 1"},
		},
		{
			name:      "bad item in an array",
			in:        "[" + good(1) + ",\n {\"title\": bad},\n " + good(3) + "]",
			wantTitle: []string{"Good 1", "Good 3"},
			wantItems: []string{"item 2"},
		},
		{
			name:      "bad item in a one-line array",
			in:        "[" + good(1) + `,{"title":"x" "text":"y"},` + good(3) + `,{"title":[1,,2]},` + good(5) + "]",
			wantTitle: []string{"Good 1", "Good 3", "Good 5"},
			wantItems: []string{"item 2", "item 4"},
		},
		{
			name:      "array item cut short inside a string",
			in:        "[\n" + good(1) + ",\n" + `{"title":"Cut","te` + "\n" + good(3) + "\n]",
			wantTitle: []string{"Good 1", "Good 3"},
			wantItems: []string{"item 2"},
		},
		{
			name:      "objects back to back on one line",
			in:        good(1) + good(2) + "\n" + good(3),
			wantTitle: []string{"Good 1", "Good 2", "Good 3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, items, err := parse.JSON(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("JSON: %v", err)
			}
			var titles []string
			for _, a := range arts {
				titles = append(titles, a.Title)
			}
			if !reflect.DeepEqual(titles, tt.wantTitle) {
				t.Errorf("titles = %q, want %q", titles, tt.wantTitle)
			}
			if got := parseItemNames(t, items); !reflect.DeepEqual(got, tt.wantItems) {
				t.Errorf("items = %q, want %q (%v)", got, tt.wantItems, items)
			}
		})
	}
}

// TestJSONItemsCapsEachItem reads a line longer than the item cap: it is
// reported as too large and the lines after it still count.
func TestJSONItemsCapsEachItem(t *testing.T) {
	big := `{"title":"Big","text":"` + strings.Repeat("x", 10_000) + `"}`
	in := `{"title":"A","text":"a"}` + "\n" + big + "\n" + `{"title":"C","text":"c"}` + "\n"
	var titles, items []string
	for a, err := range parse.JSONItems(strings.NewReader(in), 4096) {
		var ie parse.ItemError
		switch {
		case errors.As(err, &ie):
			items = append(items, ie.Item)
			if !strings.Contains(ie.Err.Error(), "larger than") {
				t.Errorf("%s: reason %q, want it to say the item is too large", ie.Item, ie.Err)
			}
		case err != nil:
			t.Fatalf("JSONItems: %v", err)
		default:
			titles = append(titles, a.Title)
		}
	}
	if !reflect.DeepEqual(titles, []string{"A", "C"}) || !reflect.DeepEqual(items, []string{"line 2"}) {
		t.Errorf("titles %q, items %q; want [A C] and [line 2]", titles, items)
	}
}

// FuzzJSONLinesBadLineCostsOnlyItself puts any one line between two good
// JSONL lines: both good articles always come through, and every item
// yielded is an article or a named ItemError.
func FuzzJSONLinesBadLineCostsOnlyItself(f *testing.F) {
	for _, s := range []string{`{"title": bad}`, `{"title":"x","te`, `{"a":"b\`, `{{[`, `[1, 2]`, `}`, `"`, `{"a":1}}`, "\ufeff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		line = strings.NewReplacer("\n", " ", "\r", " ").Replace(line)
		in := `{"title":"First","text":"one"}` + "\n" + line + "\n" + `{"title":"Last","text":"two"}` + "\n"
		var titles []string
		for a, err := range parse.JSONItems(strings.NewReader(in), 1<<20) {
			var ie parse.ItemError
			switch {
			case errors.As(err, &ie):
				if ie.Item == "" || ie.Err == nil {
					t.Fatalf("item error without a name or reason: %+v", ie)
				}
			case err != nil:
				t.Fatalf("JSONItems(%q): %v", in, err)
			default:
				titles = append(titles, a.Title)
			}
		}
		if len(titles) < 2 || titles[0] != "First" || titles[len(titles)-1] != "Last" {
			t.Fatalf("JSONItems(%q) gave %q, want First ... Last", in, titles)
		}
	})
}

// TestJSONNumericDates reads a number of a date's digits as that date, and
// other numbers as unix seconds.
func TestJSONNumericDates(t *testing.T) {
	tests := []struct {
		date string
		want time.Time
	}{
		{`20191118`, time.Date(2019, 11, 18, 0, 0, 0, 0, time.UTC)},
		{`201911181230`, time.Date(2019, 11, 18, 12, 30, 0, 0, time.UTC)},
		{`1655028030`, time.Unix(1655028030, 0).UTC()},
	}
	for _, tt := range tests {
		in := `{"url": "https://example.com/a", "title": "A", "text": "Some text here.", "published": ` + tt.date + `}`
		arts, _, err := parse.JSON(strings.NewReader(in))
		if err != nil || len(arts) != 1 {
			t.Fatalf("%s: %d articles, %v", tt.date, len(arts), err)
		}
		if !arts[0].Published.Equal(tt.want) {
			t.Errorf("published %s read as %v, want %v", tt.date, arts[0].Published, tt.want)
		}
	}
}
