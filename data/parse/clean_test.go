package parse_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data/parse"
)

// furniturePage holds the tram story among furniture that go-readability
// keeps inside the article, and a tweet that is part of the story.
const furniturePage = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tram line</title></head><body>
<article><h1>Tram line</h1>
<div class="byline">By Hana Sato</div><time datetime="2024-03-20">20 March 2024</time>
<div class="share-bar"><span>Share this article</span><a href="#">Share on Facebook</a></div>
<figure><img src="/a.jpg" alt=""><figcaption>The tram depot at dawn. Photo: Archive</figcaption></figure>
<p>` + "The regional transit board voted on Wednesday evening to extend the tram line from the central station to the new hos\u00adpital campus, ending two years of debate over the route." + `</p>
<p>&#8203;</p><p>&nbsp;</p>
<p><strong>READ MORE:</strong> <a href="/x">Bus fares to rise in May</a></p>
<blockquote class="twitter-tweet"><p>The tram is coming to the hospital at last.</p>&mdash; Transit Board (@board)</blockquote>
<div class="newsletter-signup"><p>Sign up for our free morning newsletter: the day's news in your inbox at seven, every weekday.</p></div>
<p>Board members approved the plan by seven votes to two after a four-hour meeting in which more than forty residents spoke, many of them in favour of the extension.</p>
<div class="ad-slot"><span>Advertisement</span></div>
<blockquote class="pullquote"><p>more than forty residents spoke, many of them in favour</p></blockquote>
<p>- Advertisement -</p><p>Watch: the tram depot by night</p>
<nav-less><div><a href="/1">Home</a> <a href="/2">Politics</a> <a href="/3">Sport</a></div></nav-less>
<p>Construction is expected to begin next spring and to take about three years.</p>
<p class="caption-again">The tram depot at dawn.</p>
<p>Construction is expected to begin next spring and to take about three years.</p>
</article>
<section id="comments"><p>I have lived here for thirty years and this is the first sensible decision I can remember, well done to all.</p></section>
</body></html>`

func TestHTMLDropsFurnitureKeepsTweets(t *testing.T) {
	a, err := parse.HTML([]byte(furniturePage), "text/html", "https://courier.example/tram")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"new hospital campus", "The tram is coming to the hospital at last.", "forty residents", "three years"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("Text lacks %q:\n%s", want, a.Text)
		}
	}
	for _, furniture := range []string{"Share", "20 March", "Photo", "tram depot", "READ MORE", "Bus fares", "Sign up", "Advertisement", "Watch", "Politics", "thirty years", "\u00ad", "\u200b"} {
		if strings.Contains(a.Text, furniture) {
			t.Errorf("Text keeps %q:\n%s", furniture, a.Text)
		}
	}
	for _, repeated := range []string{"Construction is expected", "forty residents spoke"} {
		if n := strings.Count(a.Text, repeated); n != 1 {
			t.Errorf("%q is in Text %d times, want 1 (repeats are dropped)", repeated, n)
		}
	}
	if !a.Published.Equal(time2024March20) {
		t.Errorf("Published = %v, want the byline's <time> read before it is dropped", a.Published)
	}
}

func TestHTMLJSONLDArticleBody(t *testing.T) {
	body := strings.Join(tramParas, "\n\n")
	for _, tc := range []struct {
		name, body, want string
	}{
		{"plain lines", strings.Join(tramParas, "\n"), body},
		{"html paragraphs", "<p>" + strings.Join(tramParas, "</p><p>") + "</p>", body},
		{"shorter than the page", "A teaser.", tramParas[0] + "\n\n" + strings.Join(tramParas[1:], "\n\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ld := `{"@type":"NewsArticle","articleBody":` + jsonString(tc.body) + `}`
			page := `<html><head><script type="application/ld+json">` + ld + `</script></head><body><article><p>` +
				strings.Join(tramParas, "</p><p>") + `</p></article></body></html>`
			if tc.name != "shorter than the page" {
				// The page shows only a teaser behind a paywall.
				page = `<html><head><script type="application/ld+json">` + ld + `</script></head><body><article><p>` +
					tramParas[0] + `</p><div class="paywall"><p>Subscribe to read on.</p></div></article></body></html>`
			}
			a, err := parse.HTML([]byte(page), "text/html", "https://courier.example/tram")
			if err != nil {
				t.Fatal(err)
			}
			if a.Text != tc.want {
				t.Errorf("Text = %q, want %q", a.Text, tc.want)
			}
		})
	}
}

var time2024March20 = mustDate("2024-03-20")

func mustDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func jsonString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestHTMLBylineInPrunedFurniture(t *testing.T) {
	page := `<html><head><title>Tram line</title></head><body><article><h1>Tram line</h1>
<div class="entry-meta"><span class="posted-on">Posted on March 20, 2024</span> <span class="byline">by <a rel="author" href="/a/jo">Jo Bloggs</a></span></div>
<div class="entry-content"><p>` + strings.Join(tramParas, "</p><p>") + `</p></div></article></body></html>`
	a, err := parse.HTML([]byte(page), "text/html", "https://courier.example/tram")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Authors) != 1 || a.Authors[0] != "Jo Bloggs" {
		t.Errorf("Authors = %q, want the byline that sat in pruned furniture", a.Authors)
	}
	if strings.Contains(a.Text, "Posted on") {
		t.Errorf("Text keeps the byline line:\n%s", a.Text)
	}
}

func TestHTMLKeepsMarkupInsideSentences(t *testing.T) {
	// Classes that name furniture on a block name nothing inside a
	// sentence: a linked tag, a sports site's player name, a date.
	page := `<html><head><title>Cup tie</title></head><body><article><h1>Cup tie</h1>
<p>The <a class="tag" href="/t/rovers">Rovers</a> won the replay after <span class="player-name">Ana Reyes</span> scored twice, on <time datetime="2024-03-20">Wednesday</time> night, in front of a crowd of four thousand.</p>
<p class="hidden-xs">` + strings.Join(tramParas[:3], "</p><p>") + `</p></article></body></html>`
	a, err := parse.HTML([]byte(page), "text/html", "https://courier.example/cup")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The Rovers won", "after Ana Reyes scored", "on Wednesday night", tramParas[0]} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("Text lacks %q:\n%s", want, a.Text)
		}
	}
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(furniturePage))
	for _, name := range []string{"html/article.html", "html/time.html", "html/noarticle.html"} {
		f.Add(parseFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := parse.HTML(b, "text/html", "https://courier.example/fuzz")
		if err != nil {
			return
		}
		if strings.ContainsAny(a.Text, "\u00ad\u200b\ufeff") {
			t.Fatalf("Text keeps an invisible character: %q", a.Text)
		}
		seen := map[string]bool{}
		for p := range strings.SplitSeq(a.Text, "\n\n") {
			if strings.TrimSpace(p) == "" {
				t.Fatalf("Text has an empty paragraph: %q", a.Text)
			}
			if seen[p] {
				t.Fatalf("Text repeats a paragraph %q", p)
			}
			seen[p] = true
		}
	})
}
