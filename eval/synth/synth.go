// Package synth makes synthetic news corpora for benchmarks and tests:
// articles whose sentences are drawn from a real corpus when one is given,
// or made of words with a Zipf distribution otherwise, dated over a year,
// questions about them, and the JSONL files that keep a corpus for reuse.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
)

// Generator makes the articles of one synthetic corpus and questions about
// them. The same seed, source, now and split give the same corpus.
type Generator struct {
	rng       *rand.Rand
	split     func(text string) []string
	now       time.Time
	sentences []string
	vocab     []string
	zipf      *rand.Zipf
	outlets   []string
	n         int

	// start, newsOutlets and total are set by NewNews: the first day of
	// the corpus's year, its outlets, and how many articles it has when
	// they come in order of publication.
	start       time.Time
	newsOutlets []outlet
	total       int
}

// New returns a Generator seeded with seed. split splits a text into
// sentences, as the index does (retrieval.Sentences); the sentences of
// source's articles with at least five words are those of the corpus,
// unless there are fewer than 100 of them.
func New(seed int64, source []data.Article, now time.Time, split func(text string) []string) *Generator {
	s := &Generator{rng: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)), now: now, split: split}
	for _, a := range source {
		for _, st := range split(a.Text) {
			if len(strings.Fields(st)) >= 5 {
				s.sentences = append(s.sentences, st)
			}
		}
	}
	if len(s.sentences) < 100 {
		s.sentences = nil
		s.vocab = makeVocab(s.rng, 40000)
		s.zipf = rand.NewZipf(s.rng, 1.07, 2, uint64(len(s.vocab)-1))
	}
	for i := range 40 {
		s.outlets = append(s.outlets, fmt.Sprintf("outlet%02d.example", i))
	}
	return s
}

// makeVocab makes n distinct pronounceable words.
func makeVocab(rng *rand.Rand, n int) []string {
	cons, vows := "bcdfghjklmnprstvwz", "aeiou"
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteByte(cons[rng.IntN(len(cons))])
			b.WriteByte(vows[rng.IntN(len(vows))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// sentence returns one sentence of the synthetic language.
func (s *Generator) sentence() string {
	if s.sentences != nil {
		return s.sentences[s.rng.IntN(len(s.sentences))]
	}
	n := 8 + s.rng.IntN(22)
	words := make([]string, n)
	for i := range words {
		words[i] = s.vocab[s.zipf.Uint64()]
	}
	words[0] = strings.ToUpper(words[0][:1]) + words[0][1:]
	return strings.Join(words, " ") + "."
}

// Article returns the next synthetic article: 10 to 30 sentences (about
// five passages). Those of New come from 40 outlets and 12 feeds, dated
// over the year before now, 3% of them undated; see NewNews for its.
func (s *Generator) Article() data.Article {
	if s.newsOutlets != nil {
		return s.newsArticle()
	}
	s.n++
	var b strings.Builder
	for i := range 10 + s.rng.IntN(21) {
		if i > 0 {
			b.WriteString(" ")
			if i%4 == 0 {
				b.WriteString("\n")
			}
		}
		b.WriteString(s.sentence())
	}
	title := strings.Fields(s.sentence())
	title = title[:min(len(title), 6+s.rng.IntN(8))]
	a := data.Article{
		URL:    fmt.Sprintf("https://%s/news/%d", s.outlets[s.rng.IntN(len(s.outlets))], s.n),
		Title:  strings.TrimSuffix(strings.Join(title, " "), "."),
		Text:   b.String(),
		FeedID: int64(s.rng.IntN(12)),
		Rev:    int64(s.n),
	}
	if s.rng.IntN(100) >= 3 {
		a.Published = s.now.Add(-time.Duration(s.rng.Int64N(int64(365 * 24 * time.Hour)))).Truncate(time.Second)
	}
	a.Normalize()
	return a
}

// Question makes a question about a: a few words of one of its sentences
// with question boilerplate around them.
func (s *Generator) Question(a data.Article) string {
	sents := s.split(a.Text)
	words := strings.Fields(sents[s.rng.IntN(len(sents))])
	n := min(len(words), 5+s.rng.IntN(8))
	start := s.rng.IntN(len(words) - n + 1)
	prefix := []string{"Which", "What", "Who", "Where", "According to reports, what"}[s.rng.IntN(5)]
	suffix := []string{"?", " recently?", "?", " this week?"}[s.rng.IntN(4)]
	return prefix + " " + strings.Join(words[start:start+n], " ") + suffix
}
