package parse_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data/parse"
)

// The paragraphs of the tram article fixture.
var tramParas = []string{
	"The regional transit board voted on Wednesday evening to extend the tram line from the central station to the new hospital campus, ending two years of debate over the route.",
	"Board members approved the plan by seven votes to two after a four-hour meeting in which more than forty residents spoke, many of them in favour of the extension.",
	"Construction is expected to begin next spring and to take about three years. The board said the budget of 210 million would be shared between the city and the regional government.",
	"Opponents had argued that a bus rapid transit line would cost less and could be built faster, but the board's engineers said trams would carry twice as many passengers at peak hours.",
	"The hospital's director welcomed the decision, saying that staff and patients had waited long enough for a reliable connection to the city centre.",
}

func TestHTML(t *testing.T) {
	tests := []struct {
		file, contentType, pageURL string
		want                       parsedWant
	}{
		{
			file:        "article.html",
			contentType: "text/html; charset=utf-8",
			pageURL:     "https://riversidecourier.example/news/tram-hospital",
			want: parsedWant{
				URL:       "https://riversidecourier.example/news/tram-hospital",
				Title:     "Tram line to reach hospital, board decides",
				Text:      strings.Join(tramParas, "\n\n"),
				Source:    "Riverside Courier",
				Published: time.Date(2024, 3, 20, 19, 45, 0, 0, time.UTC),
				Authors:   []string{"Hana Sato"},
			},
		},
		{
			// The charset comes from <meta http-equiv>; the header names none.
			file:        "cp1252.html",
			contentType: "text/html",
			pageURL:     "https://www.gazetteduval.example/ville/pietons",
			want: parsedWant{
				URL:   "https://www.gazetteduval.example/ville/pietons",
				Title: "Le centre-ville devient piéton",
				Text: "Le conseil municipal a adopté jeudi soir le nouveau plan de circulation du centre-ville, après une séance qui a duré près de cinq heures.\n\n" +
					"Les rues autour de la cathédrale deviendront piétonnes dès l’été, et les livraisons ne seront autorisées qu’avant dix heures du matin.\n\n" +
					"« C’est une décision attendue depuis longtemps », a déclaré l’adjointe chargée des mobilités, qui espère réduire le bruit et la pollution.\n\n" +
					"Les commerçants, eux, restent partagés : certains craignent une baisse de la fréquentation, d’autres y voient une chance pour le quartier.",
				Source:    "gazetteduval.example",
				Published: time.Date(2024, 6, 13, 19, 10, 0, 0, time.UTC), // JSON-LD @graph
				Authors:   []string{"Élise Marchand"},
			},
		},
		{
			file:        "time.html",
			contentType: "",
			pageURL:     "https://markets.example/report",
			want: parsedWant{
				URL:       "https://markets.example/report",
				Title:     "Market report",
				Text:      strings.Join(tramParas[:3], "\n\n"), // "Published 1 July" is furniture
				Source:    "markets.example",
				Published: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), // <time datetime>
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := parse.HTML(parseFixture(t, "html/"+tt.file), tt.contentType, tt.pageURL)
			if err != nil {
				t.Fatalf("HTML: %v", err)
			}
			checkParsedOne(t, tt.file, a, tt.want)
			for _, junk := range []string{"mattress", "Privacy", "Related stories", "Subscribe", "dataLayer", "Accueil", "font-family"} {
				if strings.Contains(a.Text, junk) {
					t.Errorf("text keeps boilerplate %q", junk)
				}
			}
		})
	}
}

func TestHTMLHeaderCharset(t *testing.T) {
	// A windows-1252 page without <meta charset>: only the header tells.
	page := "<html><head><title>Caf\xe9 news</title></head><body><article><h1>Caf\xe9 news</h1><p>" +
		strings.Repeat("The caf\xe9 on the corner re\xadopened on Monday \x96 with a new menu. ", 6) +
		"</p></article></body></html>"
	a, err := parse.HTML([]byte(page), "text/html; charset=windows-1252", "https://c.example/a")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Café news" || !strings.Contains(a.Text, "The café on the corner") || !strings.Contains(a.Text, "Monday – with") {
		t.Errorf("got title %q text %q", a.Title, a.Text)
	}
}

func TestHTMLNoArticle(t *testing.T) {
	for _, in := range [][]byte{parseFixture(t, "html/noarticle.html"), []byte(""), []byte("<html><body></body></html>")} {
		_, err := parse.HTML(in, "text/html", "https://x.example/search?q=a")
		if !errors.Is(err, parse.ErrEmpty) {
			t.Errorf("error = %v, want ErrEmpty", err)
			continue
		}
		if !strings.Contains(err.Error(), "no article text found on the page") {
			t.Errorf("error %q does not say why", err)
		}
	}
}

// bridgePara is the paragraph of the footbridge fixtures, whose curly quotes,
// dash and accent a wrong charset garbles.
const bridgePara = "There’s a new footbridge over the canal, and it opened on Saturday morning to a crowd of about two hundred people. " +
	"The bridge, designed by a local studio, replaces a crossing that was closed in 2019 after inspectors found rust in its main beams. " +
	"Café owners on both banks said they expected more trade now that walkers can cross again — “it’s the best news in years”, one said."

func TestHTMLCharset(t *testing.T) {
	latin9 := strings.NewReplacer("’", "'", "—", "-", "“", `"`, "”", `"`).Replace(bridgePara) + " Tickets cost 5 €."
	tests := []struct {
		name, file, contentType, want string
	}{
		// The <meta charset> lies past the first 1024 bytes of the <head>.
		{"utf-8 meta past 1024 bytes", "utf8_late_meta.html", "text/html", bridgePara},
		{"windows-1252 meta past 1024 bytes", "cp1252_late_meta.html", "text/html", bridgePara},
		// Nothing declares a charset: the bytes are valid UTF-8.
		{"undeclared utf-8", "utf8_undeclared.html", "text/html", bridgePara},
		{"undeclared utf-8 no header", "utf8_undeclared.html", "", bridgePara},
		// An old server default in the header, contradicted by the page and its bytes.
		{"utf-8 page served as iso-8859-1", "utf8_mislabelled.html", "text/html; charset=iso-8859-1", bridgePara},
		{"utf-16 with a BOM", "utf16le_bom.html", "text/html", bridgePara},
		{"utf-16 with a BOM against the header", "utf16le_bom.html", "text/html; charset=utf-8", bridgePara},
		{"xml declaration only", "latin9_xmldecl.xhtml", "application/xhtml+xml", latin9},
		{"header names the charset", "latin9_xmldecl.xhtml", "text/html; charset=iso-8859-15", latin9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parse.HTML(parseFixture(t, "html/"+tt.file), tt.contentType, "https://canal.example/bridge")
			if err != nil {
				t.Fatalf("HTML: %v", err)
			}
			if a.Text != tt.want {
				t.Errorf("text = %q\nwant   %q", a.Text, tt.want)
			}
			if a.Title != "New footbridge opens over the canal" {
				t.Errorf("title = %q", a.Title)
			}
		})
	}
}

// datedPage is a page whose <head> holds head, with enough text to be an
// article.
func datedPage(head string) []byte {
	return []byte("<!DOCTYPE html><html><head><title>Tram line to reach hospital</title>" + head +
		"</head><body><article><p>" + strings.Join(tramParas, "</p><p>") + "</p></article></body></html>")
}

func TestHTMLDates(t *testing.T) {
	day := time.Date(2019, 11, 18, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, head string
		want       time.Time
	}{
		{"meta digits", `<meta property="article:published_time" content="20191118">`, day},
		{"meta year alone", `<meta property="article:published_time" content="2019">`, time.Time{}},
		{"meta unix seconds", `<meta property="article:published_time" content="1574035200">`, time.Time{}},
		{"meta MEST", `<meta property="article:published_time" content="2019-11-18 10:00:00 MEST">`, day.Add(8 * time.Hour)},
		{"json-ld digits", `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"20191118"}</script>`, day},
		{"json-ld year alone", `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019"}</script>`, time.Time{}},
		{"json-ld MET", `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"Mon, 18 Nov 2019 10:00:00 MET"}</script>`, day.Add(9 * time.Hour)},
		{"json-ld dateCreated", `<script type="application/ld+json">{"@type":"NewsArticle","dateCreated":"2019-11-18"}</script>`, day},
		{"dcterms.created", `<meta name="dcterms.created" content="2019-11-18">`, day},
		{"DC.date.issued", `<meta name="DC.date.issued" content="2019-11-18T10:00:00+01:00">`, day.Add(9 * time.Hour)},
		{"meta beats dc", `<meta name="dcterms.created" content="2001-01-01"><meta property="article:published_time" content="2019-11-18">`, day},
		{"bad meta, good json-ld", `<meta property="article:published_time" content="2019">` +
			`<script type="application/ld+json">{"datePublished":"2019-11-18"}</script>`, day},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := parse.HTML(datedPage(tt.head), "text/html; charset=utf-8", "https://riversidecourier.example/a")
			if err != nil {
				t.Fatalf("HTML: %v", err)
			}
			if !a.Published.Equal(tt.want) {
				t.Errorf("Published = %v, want %v", a.Published, tt.want)
			}
		})
	}
}

func TestHTMLCharsetLabelsThatCannotBeRight(t *testing.T) {
	body := "<p>" + bridgePara + "</p><p>" + strings.Join(tramParas[:2], "</p><p>") + "</p>"
	tests := []struct {
		name, head, contentType string
	}{
		// A page that names UTF-16 in a <meta> is readable as ASCII, so it
		// is not UTF-16 (the HTML standard reads it as UTF-8).
		{"meta utf-16", `<meta charset="utf-16">`, "text/html"},
		{"xml declaration utf-16", ``, "text/html"},
		{"header utf-16 without a BOM", ``, "text/html; charset=utf-16"},
		{"unknown label", `<meta charset="no-such-charset">`, "text/html"},
		{"unknown header label", ``, "text/html; charset=bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := "<html><head>" + tt.head + "<title>New footbridge opens over the canal</title></head><body><article>" + body + "</article></body></html>"
			if tt.name == "xml declaration utf-16" {
				page = `<?xml version="1.0" encoding="UTF-16"?>` + page
			}
			a, err := parse.HTML([]byte(page), tt.contentType, "https://canal.example/bridge")
			if err != nil {
				t.Fatalf("HTML: %v", err)
			}
			if !strings.HasPrefix(a.Text, bridgePara) {
				t.Errorf("text = %.120q", a.Text)
			}
		})
	}
}
