package synth

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/newsbot/newsbot/data"
)

// NewsOptions configures NewNews.
type NewsOptions struct {
	Seed int64
	// Source is the corpus whose sentences are recombined; with fewer than
	// 100 sentences of five words or more, the articles are made of
	// Zipf-distributed words instead.
	Source []data.Article
	// Split splits a text into sentences, as the index does
	// (retrieval.Sentences).
	Split func(text string) []string
	// Start is the first day of the year the articles are dated over
	// (default 1 January 2025, UTC), so that a seed always gives the same
	// corpus.
	Start time.Time
	// Articles, when set, is how many articles will be asked for: they are
	// then made in order of publication across the year, as feeds bring
	// them, each up to a day and a half earlier than its place. Without
	// it, each is dated on any day of the year.
	Articles int
}

// outlet is one of a news corpus's outlets.
type outlet struct {
	host string
	// share is the outlet's share of the articles, in percent.
	share int
	// firstFeed is the first of the outlet's two feed IDs.
	firstFeed int64
	authors   []string
}

// newsOutlets are the eight outlets of a news corpus, large to small, as
// the outlets a server follows are.
func newsOutlets() []outlet {
	hosts := []string{"dailyledger.example", "harborcourier.example", "valleypost.example",
		"metrowire.example", "coastalpress.example", "northerntimes.example",
		"citybeacon.example", "ridgeherald.example"}
	shares := []int{24, 18, 15, 12, 10, 9, 7, 5}
	names := []string{"Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eva Novak",
		"Finn Walsh", "Grace Lee", "Hugo Brandt", "Ines Costa", "Jon Berg"}
	out := make([]outlet, len(hosts))
	for i := range hosts {
		out[i] = outlet{host: hosts[i], share: shares[i], firstFeed: int64(2*i + 1),
			authors: []string{names[i], names[(i+3)%len(names)], names[(i+7)%len(names)]}}
	}
	return out
}

// NewNews returns a Generator of news articles from eight outlets (two
// feeds each, feed IDs 1 to 16) dated across a year: titles taken from a
// sentence of the article, URLs with the date and a slug, an author, and
// 2% undated. The same options give the same corpus.
func NewNews(o NewsOptions) *Generator {
	if o.Start.IsZero() {
		o.Start = time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	g := New(o.Seed, o.Source, o.Start.AddDate(1, 0, 0), o.Split)
	g.start = o.Start
	g.total = o.Articles
	g.newsOutlets = newsOutlets()
	return g
}

// Sentences returns how many sentences the Generator recombines, 0 when
// it makes its own of Zipf-distributed words.
func (s *Generator) Sentences() int { return len(s.sentences) }

// End returns the end of the year a news corpus is dated over (for New's
// corpora, its now).
func (s *Generator) End() time.Time { return s.now }

// newsArticle is Article for a Generator made by NewNews.
func (s *Generator) newsArticle() data.Article {
	s.n++
	o := s.pickOutlet()
	sents := make([]string, 10+s.rng.IntN(21))
	for i := range sents {
		sents[i] = s.sentence()
	}
	title := s.headline(sents[s.rng.IntN(3)])
	var pub time.Time
	switch {
	case s.rng.IntN(100) < 2:
	case s.total > 0:
		// In order of arrival, a little late at times.
		year := s.now.Sub(s.start)
		at := s.start.Add(time.Duration(float64(year) * float64(s.n-1) / float64(s.total)))
		pub = at.Add(-time.Duration(s.rng.Int64N(int64(36 * time.Hour)))).Truncate(time.Second)
		if pub.Before(s.start) {
			pub = s.start
		}
	default:
		// Published in the day's working hours, any day of the year.
		pub = s.start.AddDate(0, 0, s.rng.IntN(365)).Add(6*time.Hour +
			time.Duration(s.rng.Int64N(int64(17*time.Hour)))).Truncate(time.Second)
	}
	datePath := "undated"
	if !pub.IsZero() {
		datePath = pub.Format("2006/01/02")
	}
	a := data.Article{
		URL:       fmt.Sprintf("https://www.%s/%s/%s-%d", o.host, datePath, slug(title), s.n),
		Title:     title,
		Text:      s.paragraphs(sents),
		Published: pub,
		Source:    o.host,
		Authors:   []string{o.authors[s.rng.IntN(len(o.authors))]},
		FeedID:    o.firstFeed + int64(s.rng.IntN(2)),
	}
	a.Normalize()
	return a
}

// pickOutlet draws an outlet by its share.
func (s *Generator) pickOutlet() outlet {
	n := s.rng.IntN(100)
	for _, o := range s.newsOutlets {
		if n < o.share {
			return o
		}
		n -= o.share
	}
	return s.newsOutlets[len(s.newsOutlets)-1]
}

// headline makes a title of six to twelve words of sentence, which is one
// of the article's first, as a headline sums up its lead.
func (s *Generator) headline(sentence string) string {
	words := strings.Fields(sentence)
	n := min(len(words), 6+s.rng.IntN(7))
	start := s.rng.IntN(len(words) - n + 1)
	t := strings.TrimRightFunc(strings.Join(words[start:start+n], " "), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if t == "" {
		return sentence
	}
	r := []rune(t)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// paragraphs joins sentences into paragraphs of two to four sentences.
func (s *Generator) paragraphs(sents []string) string {
	var b strings.Builder
	left := 0
	for i, st := range sents {
		if i > 0 {
			if left == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		if left == 0 {
			left = 2 + s.rng.IntN(3)
		}
		left--
		b.WriteString(st)
	}
	return b.String()
}

// slug is the URL slug of a title: its first six words, lower-cased, with
// only letters and digits.
func slug(title string) string {
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) || r > unicode.MaxASCII
	})
	return strings.Join(words[:min(len(words), 6)], "-")
}
