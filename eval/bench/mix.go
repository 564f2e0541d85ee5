package bench

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// commonWords is how many of the corpus's most widespread words the
// common-word questions are made of.
const commonWords = 300

// mixer makes the queries of the default mix from a sample of the corpus.
type mixer struct {
	rng    *rand.Rand
	common []string
}

// Mix makes n queries about sample, dated articles of the corpus, the same
// for the same arguments: the shapes of Shapes in turn, each asked a few
// days after its article was published (so that the date filters and the
// recency of the index are exercised), most of them made from one article,
// which Want names. The common-word questions are made of the words found
// in the most articles of sample.
func Mix(sample []data.Article, n int, seed int64) []Query {
	if len(sample) == 0 || n <= 0 {
		return nil
	}
	m := mixer{rng: rand.New(rand.NewPCG(uint64(seed), 0x6a09e667f3bcc908)), common: widespread(sample, commonWords)}
	shapes := Shapes()
	qs := make([]Query, 0, n)
	for i := range n {
		a := &sample[(i*7919)%len(sample)]
		qs = append(qs, m.query(shapes[i%len(shapes)], a))
	}
	return qs
}

// query makes one query of shape about a.
func (m *mixer) query(shape string, a *data.Article) Query {
	q := Query{Shape: shape, Want: a.ID, AsOf: m.after(a.Published, 0, 3)}
	switch shape {
	case ShapeHeadline:
		q.Q = strings.Join(m.window(words(a.Title), 3, 6, true), " ")
	case ShapeSentence:
		q.Q = m.pick("What", "Who", "Which", "Where", "Why did") + " " + strings.Join(m.window(m.sentence(a), 5, 5, false), " ") + "?"
	case ShapeThisWeek:
		q.Q = "What happened with " + strings.Join(m.window(words(a.Title), 2, 3, false), " ") + " this week?"
		q.AsOf = m.after(a.Published, 0, 5)
	case ShapeTwoWord:
		q.Q = strings.ToLower(strings.Join(m.window(longWords(m.sentence(a)), 2, 2, false), " "))
	case ShapeCommon:
		q.Q, q.Want = m.commonQuestion(), ""
	case ShapeDate:
		q.Q, q.AsOf = m.datePhrase(a)
	case ShapeScope:
		q.Q = strings.Join(m.window(m.sentence(a), 3, 5, false), " ")
		if a.FeedID != 0 && m.rng.IntN(2) == 0 {
			q.FeedIDs = []int64{a.FeedID}
		} else {
			q.Sources = []string{a.Source}
		}
	}
	if strings.TrimSpace(q.Q) == "" {
		q.Q = a.Title
	}
	return q
}

// datePhrase is a few words of a's title with a phrase that names when a
// was published, as of a moment that makes the phrase cover it.
func (m *mixer) datePhrase(a *data.Article) (string, time.Time) {
	words := strings.Join(m.window(words(a.Title), 3, 5, false), " ")
	pub := a.Published
	switch m.rng.IntN(4) {
	case 0:
		return words + " in " + pub.Month().String(), m.after(pub, 0, 20)
	case 1:
		return words + " yesterday", pub.AddDate(0, 0, 1)
	case 2:
		return words + " last week", pub.AddDate(0, 0, 7)
	default:
		return words + " on " + pub.Format("January 2"), m.after(pub, 1, 3)
	}
}

// commonQuestion is a question of two to five of the common words, such as
// "It's called" or "This been constant concern said?".
func (m *mixer) commonQuestion() string {
	ws := make([]string, 2+m.rng.IntN(4))
	for i := range ws {
		ws[i] = m.common[m.rng.IntN(len(m.common))]
	}
	r := []rune(strings.Join(ws, " "))
	r[0] = unicode.ToUpper(r[0])
	if m.rng.IntN(2) == 0 {
		return string(r) + "?"
	}
	return string(r)
}

// after is t plus lo to hi days and some hours: when a question about an
// article published at t is asked.
func (m *mixer) after(t time.Time, lo, hi int) time.Time {
	d := time.Duration(lo)*24*time.Hour + time.Duration(m.rng.Int64N(int64(hi-lo+1)*int64(24*time.Hour)))
	return t.Add(d).Truncate(time.Minute)
}

// sentence returns the words of one of a's sentences.
func (m *mixer) sentence(a *data.Article) []string {
	sents := retrieval.Sentences(a.Text)
	if len(sents) == 0 {
		return words(a.Title)
	}
	return words(sents[m.rng.IntN(len(sents))])
}

// window returns lo to hi consecutive words of ws, its first ones when
// first is set.
func (m *mixer) window(ws []string, lo, hi int, first bool) []string {
	n := min(len(ws), lo+m.rng.IntN(hi-lo+1))
	start := 0
	if !first {
		start = m.rng.IntN(len(ws) - n + 1)
	}
	return ws[start : start+n]
}

func (m *mixer) pick(options ...string) string { return options[m.rng.IntN(len(options))] }

// words splits s into words, without the punctuation around them.
func words(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if w = strings.TrimFunc(w, notWordRune); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// longWords are the words of ws with four letters or more, or ws when it
// has fewer than two such.
func longWords(ws []string) []string {
	var out []string
	for _, w := range ws {
		if len([]rune(w)) >= 4 {
			out = append(out, w)
		}
	}
	if len(out) < 2 {
		return ws
	}
	return out
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }

// widespread returns the n lower-cased words found in the most articles of
// arts, most widespread first.
func widespread(arts []data.Article, n int) []string {
	df := map[string]int{}
	for _, a := range arts {
		seen := map[string]bool{}
		for _, w := range words(a.Title + " " + a.Text) {
			w = strings.ToLower(w)
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
	}
	all := make([]string, 0, len(df))
	for w := range df {
		all = append(all, w)
	}
	slices.SortFunc(all, func(a, b string) int { return cmp.Or(df[b]-df[a], strings.Compare(a, b)) })
	return all[:min(n, len(all))]
}
