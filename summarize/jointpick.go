package summarize

import (
	"math"
	"sort"
	"strings"
)

// pickSet chooses n sentences among the cfg.Pool best-scored candidates
// jointly rather than greedily: of all n-sentence sets without
// near-duplicates it takes the one with the best
//
//	(Σ score/best − Redundancy·Σ pairwise cosine) / (1 + words/LenScale)^LenExp
//
// so a long sentence must earn its length: ROUGE-style overlap with a short
// human summary rewards sets that say as much in fewer words. With a pool of
// 8 and n = 3 that is 56 sets. The picks come back in no particular order;
// when no set exists it falls back to MMR over all candidates.
func pickSet(cands []*candSent, n int, cfg summTuning) []*candSent {
	top := append([]*candSent(nil), cands...)
	sort.SliceStable(top, func(i, j int) bool { return top[i].Score > top[j].Score })
	if len(top) > cfg.Pool && cfg.Pool >= n {
		top = top[:cfg.Pool]
	}
	if len(top) == 0 {
		return nil
	}
	if n > len(top) {
		n = len(top)
	}
	best := top[0].Score
	if best <= 0 {
		best = 1
	}
	lens := make([]float64, len(top))
	for i, s := range top {
		lens[i] = float64(len(strings.Fields(s.Text)))
	}
	// sims[i][j] is the cosine of two candidates, or -1 when they must not
	// be picked together.
	sims := make([][]float64, len(top))
	for i := range top {
		sims[i] = make([]float64, len(top))
		for j := range i {
			x := cosineSim(top[i].Vec, top[j].Vec)
			if x >= 0.8 || nearDuplicate(top[i], []*candSent{top[j]}) {
				x = -1
			}
			sims[i][j], sims[j][i] = x, x
		}
	}
	idx := make([]int, n)
	var bestSet []int
	bestObj := math.Inf(-1)
	var walk func(start, depth int, rel, red, length float64)
	walk = func(start, depth int, rel, red, length float64) {
		if depth == n {
			obj := (rel - cfg.Redundancy*red) / math.Pow(1+length/cfg.LenScale, cfg.LenExp)
			if obj > bestObj {
				bestObj = obj
				bestSet = append(bestSet[:0], idx...)
			}
			return
		}
	next:
		for i := start; i < len(top); i++ {
			r := red
			for _, j := range idx[:depth] {
				if sims[i][j] < 0 {
					continue next
				}
				r += sims[i][j]
			}
			idx[depth] = i
			walk(i+1, depth+1, rel+top[i].Score/best, r, length+lens[i])
		}
	}
	walk(0, 0, 0, 0, 0)
	if bestSet == nil {
		return mmr(cands, n, cfg.Lambda, nil)
	}
	out := make([]*candSent, len(bestSet))
	for a, i := range bestSet {
		out[a] = top[i]
	}
	return out
}
