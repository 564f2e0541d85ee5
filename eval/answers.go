// Package eval measures the quality of newsbot on evaluation sets: its
// search (Hits@k and MRR@10 of the gold article), its summaries (ROUGE
// against reference summaries, with LEAD-3 beside), and its answers to
// news-quiz questions (how often a reply holds the right choice, how often
// it also presents a wrong one, how often it says "not covered", whether it
// cites the evidence article, and how long and how fast it is). Speed is
// measured by eval/bench on corpora from eval/synth. The serving path does
// not import these packages; the CLI's eval and bench commands do.
package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/newsbot/newsbot/summarize"
)

// Question is one question of an answer evaluation set.
type Question struct {
	ID       string
	Question string
	// AsOf is the day the question is asked; it is asked at the end of
	// that day.
	AsOf     time.Time
	GoldURLs []string
	Choices  []string
	// Answer is the index of the right choice in Choices.
	Answer int
	// Before marks a question asked before its news existed: the honest
	// reply is "not covered", or one that holds the right choice.
	Before bool
}

// staleAfter is how much older than its question a reply's first source
// may be before the reply counts as stale.
const staleAfter = 30 * 24 * time.Hour

// LoadQuestions reads JSONL objects {"id", "query", "as_of": "YYYY-MM-DD",
// "gold_urls", "choices", "answer": ["N"]}; other keys are ignored. Lines
// without choices or with an answer out of range are errors: a set that
// cannot be scored must not score as a failure of the engine.
func LoadQuestions(r io.Reader) ([]Question, error) {
	type line struct {
		ID       string   `json:"id"`
		Query    string   `json:"query"`
		AsOf     string   `json:"as_of"`
		GoldURLs []string `json:"gold_urls"`
		Choices  []string `json:"choices"`
		Answer   []string `json:"answer"`
	}
	var out []Question
	err := readLines(r, "questions", func(n int, raw *line) error {
		q := Question{ID: raw.ID, Question: raw.Query, GoldURLs: raw.GoldURLs, Choices: raw.Choices}
		if strings.TrimSpace(q.Question) == "" {
			return errors.New("no query")
		}
		if len(raw.Answer) == 0 {
			return errors.New("no answer")
		}
		a, err := strconv.Atoi(raw.Answer[0])
		if err != nil || a < 0 || a >= len(q.Choices) {
			return fmt.Errorf("answer %q is not an index into %d choices", raw.Answer[0], len(q.Choices))
		}
		q.Answer = a
		if q.AsOf, err = asOfDay(raw.AsOf); err != nil {
			return err
		}
		out = append(out, q)
		return nil
	})
	return out, err
}

// BeforeTheNews returns the questions dated from on or later, each asked
// back before its date instead, when its news did not exist yet.
func BeforeTheNews(qs []Question, from time.Time, back time.Duration) []Question {
	var out []Question
	for _, q := range qs {
		if q.AsOf.IsZero() || q.AsOf.Before(from) {
			continue
		}
		q.AsOf = q.AsOf.Add(-back)
		q.Before = true
		out = append(out, q)
	}
	return out
}

// Asker answers questions; *summarize.Service implements it.
type Asker interface {
	// Ask returns a cited answer, or an error for failures of the search
	// or a cancelled ctx.
	Ask(ctx context.Context, r summarize.AskRequest) (summarize.Answer, error)
}

// Result is how one reply scored.
type Result struct {
	ID         string        `json:"id"`
	Question   string        `json:"question"`
	AsOf       string        `json:"as_of"`
	Want       string        `json:"want"`
	Reply      string        `json:"reply"`
	Right      bool          `json:"right"`
	Wrong      bool          `json:"wrong"`
	NotCovered bool          `json:"not_covered"`
	CitesGold  bool          `json:"cites_gold"`
	Furniture  bool          `json:"furniture"`
	Stale      bool          `json:"stale"`
	Words      int           `json:"words"`
	Took       time.Duration `json:"took_ns"`
	Cited      []string      `json:"cited"`
}

// Metrics are the figures of one set. Right and Wrong count replies that
// are answers: a "not covered" reply holds no choice, whatever its closest
// headlines say.
type Metrics struct {
	N int
	// Right is the share of replies that contain the right choice, Wrong
	// the share that contain a wrong one (also when they contain the
	// right one too).
	Right, Wrong float64
	// NotCovered is the share of replies that say the news does not cover
	// the question.
	NotCovered float64
	// CitesGold is the share of replies that cite an evidence article.
	CitesGold float64
	// Furniture counts replies that start with a dateline, a byline or
	// page furniture.
	Furniture int
	// Stale is the share of replies whose first citation is an article
	// more than staleAfter older than the question.
	Stale float64
	// MedianWords is the median length of the replies in words, markers
	// left out.
	MedianWords int
	// MedianTook and P90Took are the time an answer took.
	MedianTook, P90Took time.Duration
}

// Evaluate asks every question as of the end of its day and scores the
// replies.
func Evaluate(ctx context.Context, a Asker, qs []Question, extractive bool) (Metrics, []Result, error) {
	results := make([]Result, 0, len(qs))
	for _, q := range qs {
		asOf := q.AsOf
		if !asOf.IsZero() {
			asOf = asOf.Add(24*time.Hour - time.Nanosecond)
		}
		start := time.Now()
		ans, err := a.Ask(ctx, summarize.AskRequest{Question: q.Question, AsOf: asOf, Extractive: extractive})
		took := time.Since(start)
		if err != nil {
			return Metrics{}, nil, fmt.Errorf("eval: ask %s: %w", q.ID, err)
		}
		results = append(results, Score(q, ans, took))
	}
	return Summarize(results), results, nil
}

// Score scores one reply to q.
func Score(q Question, ans summarize.Answer, took time.Duration) Result {
	reply := replyText(ans.Text)
	r := Result{
		ID: q.ID, Question: q.Question, Want: q.Choices[q.Answer], Reply: reply,
		NotCovered: ans.NotCovered, Words: len(strings.Fields(reply)), Took: took,
		Furniture: StartsWithFurniture(reply),
	}
	if !q.AsOf.IsZero() {
		r.AsOf = q.AsOf.Format(time.DateOnly)
	}
	if !ans.NotCovered {
		for i, c := range q.Choices {
			if !ContainsChoice(reply, c) {
				continue
			}
			if i == q.Answer {
				r.Right = true
			} else {
				r.Wrong = true
			}
		}
	}
	gold := make(map[string]bool, len(q.GoldURLs))
	for _, g := range q.GoldURLs {
		gold[URLKey(g)] = true
	}
	if len(ans.Citations) > 0 && !q.AsOf.IsZero() && !ans.Citations[0].Published.IsZero() &&
		q.AsOf.Sub(ans.Citations[0].Published) > staleAfter {
		r.Stale = true
	}
	for _, c := range ans.Citations {
		r.Cited = append(r.Cited, c.URL)
		if gold[URLKey(c.URL)] {
			r.CitesGold = true
		}
	}
	return r
}

// Summarize adds up results.
func Summarize(rs []Result) Metrics {
	m := Metrics{N: len(rs)}
	if m.N == 0 {
		return m
	}
	var words []int
	var took []time.Duration
	for _, r := range rs {
		if r.Right {
			m.Right++
		}
		if r.Wrong {
			m.Wrong++
		}
		if r.NotCovered {
			m.NotCovered++
		}
		if r.CitesGold {
			m.CitesGold++
		}
		if r.Furniture {
			m.Furniture++
		}
		if r.Stale {
			m.Stale++
		}
		words = append(words, r.Words)
		took = append(took, r.Took)
	}
	n := float64(m.N)
	m.Right, m.Wrong, m.NotCovered, m.CitesGold, m.Stale = m.Right/n, m.Wrong/n, m.NotCovered/n, m.CitesGold/n, m.Stale/n
	slices.Sort(words)
	slices.Sort(took)
	m.MedianWords = words[len(words)/2]
	m.MedianTook = took[len(took)/2]
	m.P90Took = took[len(took)*9/10]
	return m
}

// replyText is an answer's text without citation markers.
func replyText(s string) string {
	s = strings.Join(strings.Fields(markerRE.Replace(s)), " ")
	for _, p := range []string{".", ",", ";", ":", "!", "?"} {
		s = strings.ReplaceAll(s, " "+p, p)
	}
	return s
}

// markerRE removes the markers [1] … [9] and [10] … [20] that answers use.
var markerRE = func() *strings.Replacer {
	var pairs []string
	for i := 20; i >= 1; i-- {
		pairs = append(pairs, "["+strconv.Itoa(i)+"]", " ")
	}
	return strings.NewReplacer(pairs...)
}()

// numberWords are the number words read as digits.
var numberWords = map[string]string{
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}

// Normalize lower-cases s, makes every character that is not a letter or
// digit a space and reads number words up to twelve as digits; words are
// separated by one space.
func Normalize(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, w := range f {
		if d, ok := numberWords[w]; ok {
			f[i] = d
		}
	}
	return strings.Join(f, " ")
}

// ContainsChoice reports whether reply contains choice as a run of whole
// words, both normalised.
func ContainsChoice(reply, choice string) bool {
	c := Normalize(choice)
	if c == "" {
		return false
	}
	return strings.Contains(" "+Normalize(reply)+" ", " "+c+" ")
}
