package parse_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data/parse"
)

func TestFile(t *testing.T) {
	rss := parseFixture(t, "feed/rss_full.xml")
	tests := []struct {
		name       string
		in         []byte
		wantTitles []string
		wantItems  []string
	}{
		{"dateline.txt", parseFixture(t, "text/dateline.txt"), []string{"Town council votes to keep the night buses"}, nil},
		{"notes", parseFixture(t, "text/dateline.txt"), []string{"Town council votes to keep the night buses"}, nil},
		{"frost.MD", parseFixture(t, "md/frontmatter.md"), []string{"Orchard growers count frost damage"}, nil},
		{"post", parseFixture(t, "md/yamllist.md"), []string{"Council tax frozen"}, nil},
		{"heading", []byte("# Sniffed heading\n\nBody text."), []string{"Sniffed heading"}, nil},
		{"saved.htm", parseFixture(t, "html/article.html"), []string{"Tram line to reach hospital, board decides"}, nil},
		{"page", parseFixture(t, "html/article.html"), []string{"Tram line to reach hospital, board decides"}, nil},
		{"herald.rss", rss, []string{"Flood barrier to close for the first time", "Short note: ferry timetable"}, nil},
		{"download", rss, []string{"Flood barrier to close for the first time", "Short note: ferry timetable"}, nil},
		{"feed.json", parseFixture(t, "feed/feed.json"), []string{"Fish market moves indoors", "Tide tables for the week are out."},
			[]string{"feed.json: Nothing to read"}},
		{"dump.jsonl", parseFixture(t, "articles.jsonl"),
			[]string{"Ferry crews walk out over rosters", "Old bridge reopens after repairs", "Grain prices ease", "Only a URL for a source"},
			[]string{"dump.jsonl: line 4", "dump.jsonl: line 5", "dump.jsonl: line 7", "dump.jsonl: line 9"}},
		{"export", parseFixture(t, "articles.json"), []string{"Storm warning for the islands", "Council agrees budget"},
			[]string{"export: item 2", "export: item 3", "export: item 4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, items, err := parse.File(tt.name, tt.in)
			if err != nil {
				t.Fatalf("File: %v", err)
			}
			var titles []string
			for _, a := range arts {
				titles = append(titles, a.Title)
				if a.Text == "" {
					t.Errorf("%q has no text", a.Title)
				}
			}
			if !reflect.DeepEqual(titles, tt.wantTitles) {
				t.Errorf("titles = %q, want %q", titles, tt.wantTitles)
			}
			if got := parseItemNames(t, items); !reflect.DeepEqual(got, tt.wantItems) {
				t.Errorf("items = %q, want %q", got, tt.wantItems)
			}
		})
	}
}

func TestFileNameDate(t *testing.T) {
	text := parseFixture(t, "text/dateline.txt")
	day := time.Date(2024, 6, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   []byte
		want time.Time
	}{
		{"2024-06-12-night-buses.txt", text, day},
		{"corpus/2024-06-12.txt", text, day},
		{`C:\corpus\2024-06-12 buses.txt`, text, day},
		{"2024-06-123.txt", text, time.Time{}},
		{"2024-13-12-x.txt", text, time.Time{}},
		{"night-buses.txt", text, time.Time{}},
		// The article's own date wins.
		{"2020-01-01-frost.md", parseFixture(t, "md/frontmatter.md"), time.Date(2024, 4, 18, 0, 0, 0, 0, time.UTC)},
		// Collections carry their own dates.
		{"2020-01-01-dump.jsonl", []byte(`{"title":"A","text":"a"}`), time.Time{}},
	}
	for _, tt := range tests {
		arts, _, err := parse.File(tt.name, tt.in)
		if err != nil || len(arts) != 1 {
			t.Errorf("%s: %d articles, err %v", tt.name, len(arts), err)
			continue
		}
		if !arts[0].Published.Equal(tt.want) {
			t.Errorf("%s: Published = %v, want %v", tt.name, arts[0].Published, tt.want)
		}
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        []byte
		wantEmpty bool
	}{
		{"broken.xml", parseFixture(t, "feed/malformed.xml"), false},
		{"notes.json", []byte("this is not json"), false},
		{"blank.txt", []byte("\n\n"), true},
		{"search.html", parseFixture(t, "html/noarticle.html"), true},
		{"empty.md", parseFixture(t, "md/notext.md"), true},
	}
	for _, tt := range tests {
		_, _, err := parse.File(tt.name, tt.in)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if errors.Is(err, parse.ErrEmpty) != tt.wantEmpty {
			t.Errorf("%s: errors.Is(ErrEmpty) = %v, want %v: %v", tt.name, !tt.wantEmpty, tt.wantEmpty, err)
		}
		var ie parse.ItemError
		if errors.As(err, &ie) && ie.Item != tt.name {
			t.Errorf("%s: error names %q", tt.name, ie.Item)
		}
		if !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s: error %q does not name the file", tt.name, err)
		}
	}
}

func TestBody(t *testing.T) {
	tests := []struct {
		name, contentType, srcURL string
		in                        []byte
		wantFeed                  bool
		wantTitles                []string
		// wantURL and wantSource are checked on the first article.
		wantURL, wantSource string
	}{
		{"rss by type", "application/rss+xml; charset=utf-8", "https://estuaryherald.example/feed", parseFixture(t, "feed/rss_full.xml"),
			true, []string{"Flood barrier to close for the first time", "Short note: ferry timetable"},
			"https://estuaryherald.example/2024/02/barrier-closes", "The Estuary Herald"},
		{"atom as text/xml", "text/xml", "https://mwnotes.example/atom.xml", parseFixture(t, "feed/atom.xml"),
			true, []string{"Snow returns to the passes", "Avalanche warning lowered"},
			"https://mwnotes.example/entries/snow-returns", "Mountain Weather Notes"},
		{"rss mislabelled as html", "text/html", "https://estuaryherald.example/feed", parseFixture(t, "feed/rss_full.xml"),
			true, []string{"Flood barrier to close for the first time", "Short note: ferry timetable"},
			"https://estuaryherald.example/2024/02/barrier-closes", "The Estuary Herald"},
		{"rss as octet-stream", "application/octet-stream", "https://estuaryherald.example/feed", parseFixture(t, "feed/rss_full.xml"),
			true, []string{"Flood barrier to close for the first time", "Short note: ferry timetable"},
			"https://estuaryherald.example/2024/02/barrier-closes", "The Estuary Herald"},
		{"json feed as application/json", "application/json", "https://quayside.example/feed.json", parseFixture(t, "feed/feed.json"),
			true, []string{"Fish market moves indoors", "Tide tables for the week are out."},
			"https://quayside.example/p/market", "Quayside Bulletin"},
		{"html page", "text/html; charset=utf-8", "https://riversidecourier.example/news/tram", parseFixture(t, "html/article.html"),
			false, []string{"Tram line to reach hospital, board decides"},
			"https://riversidecourier.example/news/tram", "Riverside Courier"},
		{"markdown as text/plain by extension", "text/plain", "https://raw.example/notes/frost.md", parseFixture(t, "md/frontmatter.md"),
			false, []string{"Orchard growers count frost damage"},
			"https://www.valleyledger.example/farming/frost", "The Valley Ledger"},
		{"markdown by type", "text/markdown", "https://raw.example/notes/x", parseFixture(t, "md/yamllist.md"),
			false, []string{"Council tax frozen"}, "https://raw.example/notes/x", "raw.example"},
		{"plain text", "text/plain; charset=utf-8", "https://www.wire.example/story/7", parseFixture(t, "text/dateline.txt"),
			false, []string{"Town council votes to keep the night buses"}, "https://www.wire.example/story/7", "wire.example"},
		{"json articles", "application/json", "https://dump.example/all.json", parseFixture(t, "single.json"),
			false, []string{"Lakeside library extends hours"}, "https://lakeside.example/story/42", "Lakeside Courier"},
		{"jsonl without urls keep none", "application/x-ndjson", "https://dump.example/x", []byte("{\"title\":\"A\",\"text\":\"a\"}\n{\"title\":\"B\",\"text\":\"b\"}\n"),
			false, []string{"A", "B"}, "", "dump.example"},
		{"no type, sniffed html", "", "https://p.example/a", parseFixture(t, "html/article.html"),
			false, []string{"Tram line to reach hospital, board decides"}, "https://p.example/a", "Riverside Courier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, isFeed, items, err := parse.Body(tt.in, tt.contentType, tt.srcURL)
			if err != nil {
				t.Fatalf("Body: %v (items %v)", err, items)
			}
			if isFeed != tt.wantFeed {
				t.Errorf("isFeed = %v, want %v", isFeed, tt.wantFeed)
			}
			var titles []string
			for _, a := range arts {
				titles = append(titles, a.Title)
			}
			if !reflect.DeepEqual(titles, tt.wantTitles) {
				t.Fatalf("titles = %q, want %q", titles, tt.wantTitles)
			}
			if arts[0].URL != tt.wantURL || arts[0].Source != tt.wantSource {
				t.Errorf("first article URL %q source %q, want %q %q", arts[0].URL, arts[0].Source, tt.wantURL, tt.wantSource)
			}
		})
	}
}

func TestBodyErrors(t *testing.T) {
	_, isFeed, _, err := parse.Body(parseFixture(t, "feed/malformed.xml"), "application/rss+xml", "https://b.example/rss")
	if err == nil || !isFeed {
		t.Errorf("malformed feed: isFeed %v, err %v; want a feed error", isFeed, err)
	}
	_, _, _, err = parse.Body(parseFixture(t, "html/noarticle.html"), "text/html", "https://b.example/search")
	if !errors.Is(err, parse.ErrEmpty) {
		t.Errorf("page without article: err %v, want ErrEmpty", err)
	}
}

func TestItemError(t *testing.T) {
	e := parse.ItemError{Item: "line 12", Err: parse.ErrEmpty}
	if got, want := e.Error(), "line 12: parse: article has no text"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, parse.ErrEmpty) {
		t.Error("ItemError does not unwrap to its reason")
	}
}

// FuzzFile feeds arbitrary bytes to every parser through sniffing: no
// panics, and every article returned has text or a link and a one-line title.
func FuzzFile(f *testing.F) {
	for _, name := range []string{"feed/rss_full.xml", "feed/atom.xml", "feed/feed.json", "feed/atom_text.xml", "feed/atom03.xml",
		"feed/dcterms.xml", "feed/text.json", "feed/prefixed_root.xml", "feed/utf16.xml", "html/article.html", "html/utf8_late_meta.html", "md/frontmatter.md", "articles.jsonl", "text/cp1252.txt"} {
		f.Add(parseFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		arts, _, err := parse.File("fuzz", b)
		if err != nil {
			return
		}
		for _, a := range arts {
			if a.Text == "" && a.URL == "" {
				t.Fatalf("article with neither text nor URL: %+v", a)
			}
			if strings.ContainsAny(a.Title, "\n\r") {
				t.Fatalf("title has a newline: %q", a.Title)
			}
		}
	})
}

func TestFileSniffsUTF16(t *testing.T) {
	arts, items, err := parse.File("no-extension", parseFixture(t, "feed/utf16.xml"))
	if err != nil || len(items) != 0 {
		t.Fatalf("File: %v, items %v", err, items)
	}
	if len(arts) != 1 || arts[0].Title != "“Fête” du café" || arts[0].Source != "Le Petit Écho" {
		t.Errorf("articles = %+v, want the feed's one item", arts)
	}
}
