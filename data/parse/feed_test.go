package parse_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data/parse"
)

// The paragraphs the feed fixtures share.
const (
	feedPara1 = "The river authority confirmed on Monday that the northern flood barrier will be raised for the first time since it was finished. " +
		"Engineers spent the weekend testing the gates, which weigh more than three hundred tonnes each, and said all eight moved freely."
	feedPara2 = "Residents of the low-lying streets near the harbour were told to move cars to higher ground before the evening tide. " +
		"The authority said the barrier would stay closed for at least two tides and that shops in the old town could open as usual."
	feedPara3 = "Forecasters expect the surge to peak shortly after midnight, when winds from the north-west are at their strongest."
	feedPara4 = "Crews will stay on duty through the night and the next update is due at six in the morning. " +
		"Volunteers with boats have been asked to register with the harbour office."
)

func TestFeed(t *testing.T) {
	tests := []struct {
		file, contentType, feedURL string
		title, link                string
		want                       []parsedWant
		wantItems                  []string
	}{
		{
			file:    "rss_full.xml",
			feedURL: "https://estuaryherald.example/feed.rss",
			title:   "The Estuary Herald",
			link:    "https://estuaryherald.example/",
			want: []parsedWant{{
				URL:       "https://estuaryherald.example/2024/02/barrier-closes",
				Title:     "Flood barrier to close for the first time",
				Text:      feedPara1 + "\n\n" + feedPara2 + "\n\nThe gates in 2023.\n\n" + feedPara3,
				Source:    "The Estuary Herald",
				Published: time.Date(2024, 2, 12, 8, 30, 0, 0, time.UTC),
				Authors:   []string{"Nell Ashby"},
			}, {
				URL:         "https://estuaryherald.example/2024/02/ferry",
				Title:       "Short note: ferry timetable",
				Text:        "The winter ferry timetable runs until March.",
				Source:      "The Estuary Herald",
				Published:   time.Date(2024, 2, 11, 17, 0, 0, 0, time.UTC),
				ExcerptOnly: true, // full content, but too short to be the article
			}},
		},
		{
			file:    "rss_desc.xml",
			feedURL: "https://hillside.example/rss",
			title:   "Hillside Daily & Gazette",
			link:    "https://hillside.example",
			want: []parsedWant{{
				URL:         "https://hillside.example/news/school-roof?utm_source=rss",
				Title:       "School roof repaired & reopened",
				Text:        "Pupils returned to the east wing on Monday.\n\nThe repairs took six weeks.",
				Source:      "Hillside Daily & Gazette",
				Published:   time.Date(2024, 3, 5, 14, 0, 0, 0, time.UTC),
				Authors:     []string{"Ravi Patel"},
				ExcerptOnly: true,
			}, {
				URL:         "https://hillside.example/news/permalink",
				Title:       "Permalink only",
				Text:        "Plain text description without markup.",
				Source:      "Hillside Daily & Gazette",
				ExcerptOnly: true,
			}},
			wantItems: []string{"A title with nothing else", "item 4"},
		},
		{
			file:    "atom.xml",
			feedURL: "https://mwnotes.example/atom.xml",
			title:   "Mountain Weather Notes",
			link:    "https://mwnotes.example/",
			want: []parsedWant{{
				URL:       "https://mwnotes.example/entries/snow-returns",
				Title:     "Snow returns to the passes",
				Text:      feedPara1 + "\n\n" + feedPara2 + "\n\n" + feedPara4,
				Source:    "Mountain Weather Notes",
				Published: time.Date(2024, 4, 1, 16, 45, 0, 0, time.UTC),
				Authors:   []string{"Ines Falk", "Bo Strand"},
			}, {
				URL:         "https://mwnotes.example/entries/avalanche",
				Title:       "Avalanche warning lowered",
				Text:        "The warning level dropped to two.",
				Source:      "Mountain Weather Notes",
				Published:   time.Date(2024, 3, 30, 12, 0, 0, 0, time.UTC), // updated only
				ExcerptOnly: true,
			}},
		},
		{
			file:    "feed.json",
			feedURL: "https://quayside.example/feed.json",
			title:   "Quayside Bulletin",
			link:    "https://quayside.example/",
			want: []parsedWant{{
				URL:       "https://quayside.example/p/market",
				Title:     "Fish market moves indoors",
				Text:      feedPara1 + "\n\n" + feedPara2 + "\n\n" + feedPara4,
				Source:    "Quayside Bulletin",
				Published: time.Date(2024, 5, 6, 14, 0, 0, 0, time.UTC),
				Authors:   []string{"Maeve Quinn"},
			}, {
				URL:         "https://quayside.example/p/tide",
				Title:       "Tide tables for the week are out.",
				Text:        "Tide tables for the week are out. High water on Friday is at 06:12.",
				Source:      "Quayside Bulletin",
				Published:   time.Date(2024, 5, 5, 9, 0, 0, 0, time.UTC),
				ExcerptOnly: true,
			}},
			wantItems: []string{"Nothing to read"},
		},
		{
			file:    "latin1.xml",
			feedURL: "https://petitecho.example/rss",
			title:   "Le Petit Écho",
			link:    "https://petitecho.example/",
			want: []parsedWant{{
				URL:         "https://petitecho.example/fete-cafe",
				Title:       "Fête du café à Besançon",
				Text:        "Les cafés du centre ont ouvert dès l'aube ; entrée à 5 EUR ?",
				Source:      "Le Petit Écho",
				Published:   time.Date(2024, 6, 8, 8, 0, 0, 0, time.UTC),
				ExcerptOnly: true,
			}},
		},
		{
			file:    "cp1252.xml",
			feedURL: "https://petitecho.example/rss",
			title:   "Le Grand Écho",
			link:    "https://petitecho.example/",
			want: []parsedWant{{
				URL:         "https://petitecho.example/fete-cafe",
				Title:       "Fête du café à Besançon",
				Text:        "Les cafés du centre ont ouvert dès l'aube ; entrée à 5 € – gratuit ?",
				Source:      "Le Grand Écho",
				Published:   time.Date(2024, 6, 8, 8, 0, 0, 0, time.UTC),
				ExcerptOnly: true,
			}},
		},
		{
			file:    "empty.xml",
			feedURL: "https://quiet.example/rss",
			title:   "Quiet Times",
			link:    "https://quiet.example/",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, items, err := parse.Feed(parseFixture(t, "feed/"+tt.file), tt.contentType, tt.feedURL)
			if err != nil {
				t.Fatalf("Feed: %v", err)
			}
			if doc.Title != tt.title || doc.Link != tt.link {
				t.Errorf("feed = %q %q, want %q %q", doc.Title, doc.Link, tt.title, tt.link)
			}
			checkParsed(t, doc.Items, tt.want)
			if got := parseItemNames(t, items); !reflect.DeepEqual(got, tt.wantItems) {
				t.Errorf("items = %q, want %q", got, tt.wantItems)
			}
		})
	}
}

func TestFeedSourceFromHost(t *testing.T) {
	in := `<rss version="2.0"><channel><item><title>T</title><link>a/1</link><description>Body.</description></item></channel></rss>`
	doc, _, err := parse.Feed([]byte(in), "application/rss+xml", "https://www.untitled.example/feeds/all")
	if err != nil {
		t.Fatal(err)
	}
	checkParsed(t, doc.Items, []parsedWant{{
		URL: "https://www.untitled.example/feeds/a/1", Title: "T", Text: "Body.",
		Source: "untitled.example", ExcerptOnly: true,
	}})
}

func TestFeedCharsetFromContentType(t *testing.T) {
	// No encoding in the prolog: the header's charset applies.
	in := []byte("<rss version=\"2.0\"><channel><title>Caf\xe9 News</title><item><title>Cr\xe8me br\xfbl\xe9e</title><link>https://c.example/1</link></item></channel></rss>")
	doc, _, err := parse.Feed(in, "application/rss+xml; charset=ISO-8859-1", "https://c.example/rss")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Café News" || len(doc.Items) != 1 || doc.Items[0].Title != "Crème brûlée" {
		t.Errorf("got %q / %+v", doc.Title, doc.Items)
	}
}

func TestFeedInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"malformed.xml", parseFixture(t, "feed/malformed.xml"), "element <title> closed by </item>"},
		{"truncated", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><item>`), "unexpected EOF"},
		{"html page", []byte("<!DOCTYPE html><html><body><p>Hello</p></body></html>"), "no <rss>, <feed> or JSON Feed"},
		{"empty", []byte("  \n"), "empty"},
		{"json not a feed", []byte(`{"hello": "world"}`), "not a valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parse.Feed(tt.in, "", "https://x.example/feed")
			if err == nil {
				t.Fatal("Feed succeeded, want an error")
			}
			if !strings.Contains(err.Error(), "not a valid RSS/Atom/JSON feed") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to mention %q", err, tt.want)
			}
			if errors.Is(err, parse.ErrEmpty) {
				t.Errorf("a broken feed is not an empty article: %v", err)
			}
		})
	}
}

func TestFeedToleratesHTMLEntities(t *testing.T) {
	in := `<?xml version="1.0"?><rss version="2.0"><channel><title>Q&amp;A&nbsp;Weekly</title>` +
		`<item><title>Fish &amp; chips</title><link>https://q.example/?a=1&b=2</link><description>Hot&nbsp;food.</description></item></channel></rss>`
	doc, _, err := parse.Feed([]byte(in), "", "https://q.example/rss")
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Items) != 1 || doc.Items[0].Title != "Fish & chips" {
		t.Fatalf("items = %+v", doc.Items)
	}
}

func TestFeedLinkOnlyItem(t *testing.T) {
	in := `<rss version="2.0"><channel><title>Links</title><item><title>Read this</title><link>https://l.example/read</link></item></channel></rss>`
	doc, items, err := parse.Feed([]byte(in), "", "https://l.example/rss")
	if err != nil || len(items) != 0 {
		t.Fatalf("err %v, items %v", err, items)
	}
	checkParsed(t, doc.Items, []parsedWant{{
		URL: "https://l.example/read", Title: "Read this", Source: "Links", ExcerptOnly: true,
	}})
}

func TestFeedCharset(t *testing.T) {
	tests := []struct {
		name, file, contentType string
		title, itemTitle, text  string
	}{
		// The header names the charset; the prolog repeats a template's utf-8.
		{"header over a wrong prolog", "cp1251_header.xml", "application/rss+xml; charset=windows-1251",
			"Вести", "Новый мост открыт", "Мост открыли в субботу."},
		// Nothing names it; the bytes are not UTF-8.
		{"undeclared windows-1252", "cp1252_undeclared.xml", "", "Le Petit Écho", "“Fête” du café", "Entrée à 5 € – gratuit."},
		{"undeclared windows-1252 as text/xml", "cp1252_undeclared.xml", "text/xml", "Le Petit Écho", "“Fête” du café", "Entrée à 5 € – gratuit."},
		{"utf-16 with a BOM", "utf16.xml", "", "Le Petit Écho", "“Fête” du café", "Entrée à 5 € – gratuit."},
		{"utf-16 with a BOM against the header", "utf16.xml", "application/xml; charset=utf-8", "Le Petit Écho", "“Fête” du café", "Entrée à 5 € – gratuit."},
		// The prolog alone names it, and a header names it too (latin1.xml's prolog says ISO-8859-1).
		{"prolog only", "latin1.xml", "", "Le Petit Écho", "Fête du café à Besançon", "Les cafés du centre ont ouvert dès l'aube ; entrée à 5 EUR ?"},
		{"header utf-8 against a latin-1 prolog and bytes", "latin1.xml", "application/rss+xml; charset=utf-8",
			"Le Petit Écho", "Fête du café à Besançon", "Les cafés du centre ont ouvert dès l'aube ; entrée à 5 EUR ?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _, err := parse.Feed(parseFixture(t, "feed/"+tt.file), tt.contentType, "https://vesti.example/rss")
			if err != nil {
				t.Fatalf("Feed: %v", err)
			}
			if doc.Title != tt.title {
				t.Errorf("feed title = %q, want %q", doc.Title, tt.title)
			}
			if len(doc.Items) != 1 || doc.Items[0].Title != tt.itemTitle || doc.Items[0].Text != tt.text {
				t.Errorf("items = %+v, want one titled %q with text %q", doc.Items, tt.itemTitle, tt.text)
			}
		})
	}
}

func TestFeedPrefixedRoot(t *testing.T) {
	b := parseFixture(t, "feed/prefixed_root.xml")
	want := []parsedWant{{
		URL: "https://prefixed.example/1", Title: "Roots with prefixes are still feeds", Text: "Feed readers accept them.",
		Source: "Prefixed Times", Published: time.Date(2019, 11, 18, 10, 0, 0, 0, time.UTC), ExcerptOnly: true,
	}}
	doc, _, err := parse.Feed(b, "", "https://prefixed.example/rss")
	if err != nil {
		t.Fatalf("Feed: %v", err)
	}
	checkParsed(t, doc.Items, want)
	// Told from its bytes alone, with no extension or Content-Type to go by.
	for _, ct := range []string{"", "text/plain", "application/octet-stream", "text/html"} {
		arts, isFeed, _, err := parse.Body(b, ct, "https://prefixed.example/rss")
		if err != nil || !isFeed {
			t.Errorf("Body with Content-Type %q: feed %v, error %v", ct, isFeed, err)
			continue
		}
		checkParsed(t, arts, want)
	}
	arts, _, err := parse.File("prefixed_root", b)
	if err != nil {
		t.Fatalf("File: %v", err)
	}
	checkParsed(t, arts, want)
}

func TestFeedTextConstructs(t *testing.T) {
	tests := []struct {
		file, title string
		want        []parsedWant
	}{
		{
			// Atom text (type="text" or no type) keeps its brackets; only
			// html and xhtml are markup.
			file:  "atom_text.xml",
			title: "Markup & History",
			want: []parsedWant{{
				URL: "https://markup.example/blink", Title: "History of the <blink> tag",
				Text: "The <blink> tag made text flash on and off.\n\n" +
					"Netscape added it in 1994; no standard ever took it & browsers dropped it.",
				Source: "Markup & History", Published: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC), ExcerptOnly: true,
			}, {
				URL: "https://markup.example/marquee", Title: "Why <marquee> scrolled",
				Text:   "A <marquee> moved its text across the page.",
				Source: "Markup & History", Published: time.Date(2024, 4, 30, 9, 0, 0, 0, time.UTC), ExcerptOnly: true,
			}, {
				URL: "https://markup.example/center", Title: "The center element & its fate",
				Text:   "It centred text.\n\nCSS replaced it.",
				Source: "Markup & History", Published: time.Date(2024, 4, 29, 9, 0, 0, 0, time.UTC), ExcerptOnly: true,
			}, {
				URL: "https://markup.example/font", Title: "The font element",
				Text:   "It set the face of text.",
				Source: "Markup & History", Published: time.Date(2024, 4, 28, 9, 0, 0, 0, time.UTC), ExcerptOnly: true,
			}, {
				URL: "https://markup.example/cdata", Title: "Escaping <script> in CDATA",
				Text:   "Write <script> as &lt;script&gt; in HTML.",
				Source: "Markup & History", Published: time.Date(2024, 4, 27, 9, 0, 0, 0, time.UTC), ExcerptOnly: true,
			}},
		},
		{
			// Atom 0.3: <created>, <issued> before <modified>, base64 and escaped content.
			file:  "atom03.xml",
			title: "Old & Gold",
			want: []parsedWant{{
				URL: "https://oldgold.example/created", Title: "Created only", Text: "The whole story, in base64.",
				Source: "Old & Gold", Published: time.Date(2004, 2, 3, 4, 5, 6, 0, time.UTC), ExcerptOnly: true,
			}, {
				URL: "https://oldgold.example/issued", Title: "Issued and modified", Text: "The <tag> stays text.",
				Source: "Old & Gold", Published: time.Date(2004, 2, 4, 7, 0, 0, 0, time.UTC), ExcerptOnly: true,
			}, {
				URL: "https://oldgold.example/escaped", Title: "Escaped content", Text: "Markup, escaped.",
				Source: "Old & Gold", Published: time.Date(2004, 2, 2, 12, 0, 0, 0, time.UTC), ExcerptOnly: true,
			}},
		},
		{
			// JSON Feed titles, summaries and content_text are plain text.
			file:  "text.json",
			title: "Markup <History>",
			want: []parsedWant{{
				URL: "https://markup.example/blink", Title: "History of the <blink> tag",
				Text:   "The <blink> tag made text flash on and off.\n\nNo standard ever took it & browsers dropped it.",
				Source: "Markup <History>", Published: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC), ExcerptOnly: true,
			}, {
				URL: "https://markup.example/center", Title: "The <center> element", Text: "It centred text.\n\nCSS replaced it.",
				Source: "Markup <History>", Published: time.Date(2024, 4, 29, 9, 0, 0, 0, time.UTC), ExcerptOnly: true,
			}, {
				URL: "https://markup.example/marquee", Title: "Why <marquee> scrolled", Text: "A <marquee> moved its text across the page.",
				Source: "Markup <History>", Published: time.Date(2024, 4, 30, 9, 0, 0, 0, time.UTC), ExcerptOnly: true,
			}},
		},
		{
			// dcterms dates under any prefix, and dates gofeed misreads.
			file:  "dcterms.xml",
			title: "Terms Daily",
			want: []parsedWant{
				{URL: "https://terms.example/created", Title: "Created", Source: "Terms Daily", Published: time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC), ExcerptOnly: true},
				{URL: "https://terms.example/issued", Title: "Issued before modified", Source: "Terms Daily", Published: time.Date(2024, 2, 4, 0, 0, 0, 0, time.UTC), ExcerptOnly: true},
				{URL: "https://terms.example/modified", Title: "Modified only, another prefix", Source: "Terms Daily", Published: time.Date(2024, 2, 6, 9, 0, 0, 0, time.UTC), ExcerptOnly: true},
				{URL: "https://terms.example/pubdate", Title: "pubDate wins", Source: "Terms Daily", Published: time.Date(2024, 2, 7, 10, 0, 0, 0, time.UTC), ExcerptOnly: true},
				{URL: "https://terms.example/digits", Title: "Digits and zones", Source: "Terms Daily", Published: time.Date(2019, 11, 18, 0, 0, 0, 0, time.UTC), ExcerptOnly: true},
				{URL: "https://terms.example/mest", Title: "MEST", Source: "Terms Daily", Published: time.Date(2019, 11, 18, 8, 0, 0, 0, time.UTC), ExcerptOnly: true},
				{URL: "https://terms.example/year", Title: "A year alone", Source: "Terms Daily", ExcerptOnly: true}, // no date, not 1970
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, items, err := parse.Feed(parseFixture(t, "feed/"+tt.file), "", "https://x.example/feed")
			if err != nil {
				t.Fatalf("Feed: %v", err)
			}
			if doc.Title != tt.title {
				t.Errorf("feed title = %q, want %q", doc.Title, tt.title)
			}
			if len(items) != 0 {
				t.Errorf("items = %v", items)
			}
			checkParsed(t, doc.Items, tt.want)
		})
	}
}
