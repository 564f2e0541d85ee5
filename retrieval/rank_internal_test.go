package retrieval

import (
	"testing"
	"time"
)

func TestRankBreaksTiesByID(t *testing.T) {
	asOf := time.Date(2024, 6, 12, 12, 0, 0, 0, time.UTC)
	pub := asOf.Add(-time.Hour)
	mk := func(id string, score float64) *candidate {
		return &candidate{id: id, meta: articleMeta{pub: pub}, passages: []Passage{{ArticleID: id, Score: score}}}
	}
	for _, order := range [][]string{{"b", "a", "c"}, {"c", "b", "a"}} {
		var cands []*candidate
		for _, id := range order {
			score := 1.0
			if id == "c" {
				score = 2
			}
			cands = append(cands, mk(id, score))
		}
		rank(cands, asOf, true, defaultRankParams())
		var got []string
		for _, c := range cands {
			got = append(got, c.id)
		}
		if got[0] != "c" || got[1] != "a" || got[2] != "b" {
			t.Errorf("from %v ranked %v, want [c a b]", order, got)
		}
	}
}

// TestRankOrdersTiedPassagesByPosition checks that an article's passages
// of equal score come in article order, whatever order the index gave.
func TestRankOrdersTiedPassagesByPosition(t *testing.T) {
	asOf := time.Date(2024, 6, 12, 12, 0, 0, 0, time.UTC)
	c := &candidate{id: "a", meta: articleMeta{pub: asOf}, passages: []Passage{
		{ArticleID: "a", Ord: 3, Score: 1}, {ArticleID: "a", Ord: 5, Score: 2}, {ArticleID: "a", Ord: 1, Score: 1},
	}}
	rank([]*candidate{c}, asOf, true, defaultRankParams())
	var got []int
	for _, p := range c.passages {
		got = append(got, p.Ord)
	}
	if len(got) != 3 || got[0] != 5 || got[1] != 1 || got[2] != 3 {
		t.Errorf("passages ranked %v, want [5 1 3]", got)
	}
}
