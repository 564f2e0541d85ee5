package summarize

import (
	"math"
	"sort"
	"strings"
	"time"

	data "github.com/newsbot/newsbot/data"
)

// StoryGroup is one story: articles of a time window about the same event.
type StoryGroup struct {
	// Articles are ordered most representative first.
	Articles []data.Article
	// Outlets are the distinct outlets of the articles, in the order of
	// Articles.
	Outlets []string
	// Latest is the newest publication (or fetch) time of the articles.
	Latest time.Time
}

// Grouping settings. Two articles are linked when the cosine of their
// title+lead TF-IDF vectors reaches groupLink (lowered by up to
// groupTimeBonus when they were published close together); a group's
// members must on average reach groupAvg with a newcomer.
const (
	groupLink      = 0.24
	groupAvg       = 0.12
	groupTimeBonus = 0.06
	groupTimeNear  = 36 * time.Hour
	groupLeadWords = 60
)

// GroupStories groups articles of a time window into stories: near-duplicates
// and articles about the same event end up together. Articles are compared
// by the TF-IDF cosine of their title (counted twice) and lead, merged by
// single linkage with an average-linkage check, and publication times far
// apart make a link harder. Stories are ranked by number of distinct
// outlets, then by recency relative to now, then by size.
func GroupStories(arts []data.Article, now time.Time) []StoryGroup {
	if len(arts) == 0 {
		return nil
	}
	sim, pairs := similarities(arts, storyVectors(arts))
	var out []StoryGroup
	for _, idx := range linkStories(arts, sim, pairs) {
		out = append(out, makeGroup(arts, idx, sim))
	}
	sort.SliceStable(out, func(a, b int) bool {
		ga, gb := out[a], out[b]
		if len(ga.Outlets) != len(gb.Outlets) {
			return len(ga.Outlets) > len(gb.Outlets)
		}
		ra, rb := storyAge(ga.Latest, now), storyAge(gb.Latest, now)
		if ra != rb {
			return ra < rb
		}
		if len(ga.Articles) != len(gb.Articles) {
			return len(ga.Articles) > len(gb.Articles)
		}
		return ga.Articles[0].ID < gb.Articles[0].ID
	})
	return out
}

// storyVectors returns the TF-IDF vector of each article's title (counted
// twice) and lead, its first groupLeadWords content words, with the idf
// taken over arts.
func storyVectors(arts []data.Article) []map[string]float64 {
	docs := make([][]string, len(arts))
	df := make(map[string]int)
	for i, a := range arts {
		t := ContentWords(a.Title)
		lead := ContentWords(a.Text)
		if len(lead) > groupLeadWords {
			lead = lead[:groupLeadWords]
		}
		docs[i] = append(append(append([]string{}, t...), t...), lead...)
		for _, w := range uniqWords(docs[i]) {
			df[w]++
		}
	}
	n := float64(len(arts))
	idf := make(map[string]float64, len(df))
	for w, d := range df {
		idf[w] = math.Log(1 + n/float64(d))
	}
	vecs := make([]map[string]float64, len(arts))
	for i, d := range docs {
		vecs[i] = tfidf(d, idf)
	}
	return vecs
}

// storyPair is two articles, by index, and their similarity.
type storyPair struct {
	i, j int
	s    float64
}

// similarities returns the similarity of every two articles (1 for two
// copies of one article), and the pairs similar enough to be linked when
// published close together, closest first.
func similarities(arts []data.Article, vecs []map[string]float64) ([][]float64, []storyPair) {
	sim := make([][]float64, len(arts))
	for i := range arts {
		sim[i] = make([]float64, len(arts))
	}
	var pairs []storyPair
	for i := range arts {
		for j := i + 1; j < len(arts); j++ {
			s := cosineSim(vecs[i], vecs[j])
			if sameArticle(arts[i], arts[j]) {
				s = 1
			}
			sim[i][j], sim[j][i] = s, s
			if s >= groupLink-groupTimeBonus {
				pairs = append(pairs, storyPair{i, j, s})
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a].s > pairs[b].s })
	return sim, pairs
}

// linkStories merges the articles into stories along pairs, closest
// first, and returns the members of each story by the index of one of
// them. A pair links two stories when its similarity reaches groupLink,
// less up to groupTimeBonus for articles published close together, and
// the two stories' members are on average at least groupAvg alike.
// Merging the closest pairs first lets that average see the strongest
// groups before weaker links are considered.
func linkStories(arts []data.Article, sim [][]float64, pairs []storyPair) map[int][]int {
	group := make([]int, len(arts))
	members := make(map[int][]int, len(arts))
	for i := range arts {
		group[i] = i
		members[i] = []int{i}
	}
	for _, p := range pairs {
		gi, gj := group[p.i], group[p.j]
		if gi == gj {
			continue
		}
		need := groupLink - groupTimeBonus*timeNearness(arts[p.i], arts[p.j])
		if p.s < need {
			continue
		}
		var total float64
		for _, a := range members[gi] {
			for _, b := range members[gj] {
				total += sim[a][b]
			}
		}
		if total/float64(len(members[gi])*len(members[gj])) < groupAvg {
			continue
		}
		for _, b := range members[gj] {
			group[b] = gi
		}
		members[gi] = append(members[gi], members[gj]...)
		delete(members, gj)
	}
	return members
}

// makeGroup builds a story of arts[idx], ordering its articles by their mean
// similarity to the other members (most central first), then by length of
// text, so a full article beats an excerpt.
func makeGroup(arts []data.Article, idx []int, sim [][]float64) StoryGroup {
	central := make(map[int]float64, len(idx))
	for _, i := range idx {
		for _, j := range idx {
			if i != j {
				central[i] += sim[i][j]
			}
		}
		if len(idx) > 1 {
			central[i] /= float64(len(idx) - 1)
		}
		if arts[i].ExcerptOnly {
			central[i] -= 0.05
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ia, ib := idx[a], idx[b]
		if central[ia] != central[ib] {
			return central[ia] > central[ib]
		}
		if len(arts[ia].Text) != len(arts[ib].Text) {
			return len(arts[ia].Text) > len(arts[ib].Text)
		}
		return arts[ia].ID < arts[ib].ID
	})
	g := StoryGroup{}
	seen := make(map[string]bool)
	for _, i := range idx {
		a := arts[i]
		g.Articles = append(g.Articles, a)
		o := storyOutlet(a)
		if !seen[o] {
			seen[o] = true
			g.Outlets = append(g.Outlets, o)
		}
		if t := articleTime(a); t.After(g.Latest) {
			g.Latest = t
		}
	}
	return g
}

func storyOutlet(a data.Article) string {
	if a.Source != "" {
		return a.Source
	}
	if h := storyHost(a.URL); h != "" {
		return h
	}
	return "unknown"
}

func storyHost(raw string) string {
	c := data.CanonicalURL(raw)
	if c == "" {
		return ""
	}
	rest := c[strings.Index(c, "//")+2:]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimPrefix(rest, "www.")
}

// sameArticle reports whether a and b are the same article seen twice.
func sameArticle(a, b data.Article) bool {
	if a.ID != "" && a.ID == b.ID {
		return true
	}
	ca, cb := data.CanonicalURL(a.URL), data.CanonicalURL(b.URL)
	return ca != "" && ca == cb
}

func articleTime(a data.Article) time.Time {
	if !a.Published.IsZero() {
		return a.Published
	}
	return a.FetchedAt
}

// timeNearness is 1 for articles published at the same time, falling
// linearly to 0 at groupTimeNear apart, and -1 beyond twice that (or 0 when
// a time is unknown), so distant articles need a closer match.
func timeNearness(a, b data.Article) float64 {
	ta, tb := articleTime(a), articleTime(b)
	if ta.IsZero() || tb.IsZero() {
		return 0
	}
	d := ta.Sub(tb).Abs()
	switch {
	case d <= groupTimeNear:
		return 1 - float64(d)/float64(groupTimeNear)
	case d <= 2*groupTimeNear:
		return 0
	}
	return -1
}

// recency is how long before now the story was last updated; unknown
// times sort last and future times count as now.
func storyAge(t, now time.Time) time.Duration {
	if t.IsZero() {
		return math.MaxInt64
	}
	d := now.Sub(t)
	if d < 0 {
		return 0
	}
	return d
}
