package retrieval

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
)

// rankParams are the weights of ranking. They describe news in general,
// not one data set: a title states the story, so does a lead passage; a
// second matching passage is corroboration worth a fraction of the first;
// and news questions are about recent events.
type rankParams struct {
	// titleBoost weighs a title match against a match in a passage.
	// Titles are short, so BM25 scores their matches high.
	titleBoost float64
	// leadBoost multiplies the score of an article's first passage.
	leadBoost float64
	// secondWeight is the share of the second-best passage added to the
	// best one in an article's score.
	secondWeight float64
	// halfLife is the age, in days before AsOf, at which the recency prior
	// has come halfway down to floor.
	halfLife float64
	// floor is the prior of a very old article, so that old news is
	// demoted but still found when it is the only match.
	floor float64
	// undatedAge is the age, in days, assumed for articles without a
	// date: they get no recency boost.
	undatedAge float64
	// diversity is how much of its score a result loses for having the
	// same title words as a result above it (in proportion to their
	// overlap), so that the top results cover different stories.
	diversity float64
}

func defaultRankParams() rankParams {
	return rankParams{titleBoost: 0.3, leadBoost: 1.3, secondWeight: 0.25, halfLife: 7, floor: 0.1, undatedAge: 30, diversity: 0.15}
}

const (
	// maxEvidence is how many passages a result carries.
	maxEvidence = 3
	// dupShingleJaccard is the shingle overlap of best passages above which
	// two articles are the same story.
	dupShingleJaccard = 0.6
)

// candidate is one article among the hits.
type candidate struct {
	id   string
	meta articleMeta
	// timed is true when meta.pub is the index's; loaded when meta holds
	// the store's metadata, and gone when the store no longer has the
	// article.
	timed, loaded, gone bool
	passages            []Passage // best first once ranked
	titleScore          float64
	score               float64
	dups                []string
}

// collapse groups hits by article, in the order in which articles first
// appear, with their passages and the score of their title.
func collapse(hits []hit, p rankParams) []*candidate {
	byID := make(map[string]*candidate, len(hits))
	var out []*candidate
	for _, h := range hits {
		aid, ord := splitDocID(h.id)
		c := byID[aid]
		if c == nil {
			c = &candidate{id: aid}
			byID[aid] = c
			out = append(out, c)
		}
		if h.timed {
			c.meta.pub, c.timed = h.pub, true
		}
		switch {
		case ord == titleOrd:
			c.titleScore = h.score * p.titleBoost
		case ord == 0:
			c.passages = append(c.passages, Passage{ArticleID: aid, Ord: ord, Score: h.score * p.leadBoost})
		default:
			c.passages = append(c.passages, Passage{ArticleID: aid, Ord: ord, Score: h.score})
		}
	}
	return out
}

// rank scores candidates (title, best passage and a share of the second,
// times the recency prior) and sorts them, best first.
func rank(cands []*candidate, asOf time.Time, scored bool, p rankParams) {
	for _, c := range cands {
		// Tied passages go in article order: the order bleve returns
		// them in depends on how its segments were merged.
		sort.SliceStable(c.passages, func(i, j int) bool {
			if c.passages[i].Score != c.passages[j].Score {
				return c.passages[i].Score > c.passages[j].Score
			}
			return c.passages[i].Ord < c.passages[j].Ord
		})
		s := c.titleScore
		if len(c.passages) > 0 {
			s += c.passages[0].Score
		}
		if len(c.passages) > 1 {
			s += p.secondWeight * c.passages[1].Score
		}
		if !scored {
			s = 1
		}
		c.score = s * p.recencyPrior(c.meta.pub, asOf)
	}
	// Ties, as between copies of one story at two URLs, go by ID: bleve
	// returns tied hits in the order of its segments, which merging
	// changes, and the same index content should give the same results.
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].id < cands[j].id
	})
}

// recencyPrior is in (p.floor, 1]: 1 for an article published at asOf,
// halving its distance to the floor every p.halfLife days.
func (p rankParams) recencyPrior(pub, asOf time.Time) float64 {
	age := p.undatedAge
	if !pub.IsZero() {
		age = max(asOf.Sub(pub).Hours()/24, 0)
	}
	return p.floor + (1-p.floor)*math.Exp2(-age/p.halfLife)
}

// dupChunk is how many candidates foldDuplicates loads at a time.
const dupChunk = 8

// foldDuplicates drops every candidate that repeats a better-ranked one
// (same normalised title, or nearly the same best passage), recording it in
// that one's dups, until it has kept k candidates. load fetches the
// metadata of candidates and the text of their best passages, dupChunk
// at a time.
//
// gone, if not nil, reports after loading whether a candidate's article
// has left the store; such a candidate is skipped before it can fold a
// live article into itself.
func foldDuplicates(cands []*candidate, k int, load func([]*candidate) error, gone func(c *candidate) bool) ([]*candidate, error) {
	type kept struct {
		c        *candidate
		title    string
		shingles []uint64
	}
	var out []*candidate
	var ks []kept
	for i, c := range cands {
		if len(out) == k {
			break
		}
		if i%dupChunk == 0 {
			if err := load(cands[i:min(i+dupChunk, len(cands))]); err != nil {
				return nil, err
			}
		}
		if gone != nil && gone(c) {
			continue
		}
		title := titleKey(c.meta.title)
		var sh []uint64
		if len(c.passages) > 0 {
			sh = shingles(c.passages[0].Text)
		}
		dup := -1
		for j, kc := range ks {
			if (title != "" && title == kc.title) || jaccard(sh, kc.shingles) >= dupShingleJaccard {
				dup = j
				break
			}
		}
		if dup >= 0 {
			ks[dup].c.dups = append(ks[dup].c.dups, c.id)
			continue
		}
		ks = append(ks, kept{c, title, sh})
		out = append(out, c)
	}
	return out, nil
}

// diversify picks k of ranked, in turn the one whose score, less its
// similarity to those picked before (see rankParams.diversity), is highest.
func diversify(ranked []*candidate, k int, penalty float64) []*candidate {
	words := make([]map[string]bool, len(ranked))
	for i, c := range ranked {
		words[i] = make(map[string]bool)
		for _, w := range titleWords(c.meta.title) {
			words[i][w] = true
		}
	}
	used := make([]bool, len(ranked))
	var out []*candidate
	var picked []int
	for len(out) < min(k, len(ranked)) {
		best, bestScore := -1, 0.0
		for i, c := range ranked {
			if used[i] {
				continue
			}
			sim := 0.0
			for _, j := range picked {
				sim = max(sim, setJaccard(words[i], words[j]))
			}
			if s := c.score * (1 - penalty*sim); best < 0 || s > bestScore {
				best, bestScore = i, s
			}
		}
		used[best] = true
		picked = append(picked, best)
		out = append(out, ranked[best])
	}
	return out
}

func setJaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for w := range a {
		if b[w] {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// titleWords are a title's words, lower-cased.
func titleWords(title string) []string {
	return strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// titleKey is a title's words, lower-cased, or "" when it is too short to
// identify a story.
func titleKey(title string) string {
	words := titleWords(title)
	if len(words) < 4 {
		return ""
	}
	return strings.Join(words, " ")
}

// shingles hashes the word 3-grams of text, sorted, without repeats.
func shingles(text string) []uint64 {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := make([]uint64, 0, len(words))
	for i := 0; i+3 <= len(words); i++ {
		var h uint64 = 14695981039346656037
		for _, w := range words[i : i+3] {
			for j := 0; j < len(w); j++ {
				h ^= uint64(w[j])
				h *= 1099511628211
			}
			h ^= ' '
			h *= 1099511628211
		}
		out = append(out, h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// jaccard is the Jaccard similarity of two sorted sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}
