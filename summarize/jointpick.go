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
//	  + PseudoWeight · expectedF1(set)
//
// so a long sentence must earn its length: ROUGE-style overlap with a short
// human summary rewards sets that say as much in fewer words. pseudo (see
// pseudoReference) may be nil, which drops the second term. With a pool of
// 12 and n = 3 that is 220 sets. The picks come back in no particular order;
// when no set exists it falls back to MMR over all candidates.
func pickSet(cands []*candSent, n int, cfg summTuning, pseudo map[string]float64) []*candSent {
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
	toks := make([][]string, len(top))
	for i, s := range top {
		lens[i] = float64(len(strings.Fields(s.Text)))
		toks[i] = rougeTokens(s.Text)
	}
	var scorer *f1Scorer
	if cfg.PseudoWeight > 0 && pseudo != nil {
		scorer = newF1Scorer(pseudo, cfg.PseudoLen, toks)
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
			if scorer != nil {
				obj += cfg.PseudoWeight * scorer.f1(idx)
			}
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

// pseudoReference returns, for every ROUGE token of the article, how often
// a reference summary of refLen tokens is expected to contain it, if such
// a summary drew its words from the article with sentence i weighted
// (1+i)^-decay (writers of summaries draw on the lead most) and stop words
// weighted by stop (summaries are terser than articles).
func pseudoReference(texts []string, refLen, decay, stop float64) map[string]float64 {
	lam := make(map[string]float64)
	var total float64
	for i, t := range texts {
		w := math.Pow(1+float64(i), -decay)
		for _, tok := range rougeTokens(t) {
			x := w
			if stopWords[tok] {
				x *= stop
			}
			lam[tok] += x
			total += x
		}
	}
	if total == 0 {
		return nil
	}
	for tok := range lam {
		lam[tok] *= refLen / total
	}
	return lam
}

// f1Scorer estimates the ROUGE-1 F1 of sets of sentences against a
// reference of refLen tokens whose token counts are Poisson with the means
// of a pseudo-reference: a token used c times matches Σ_{k=1..c} P(count ≥
// k) times on average. Tokens are numbered once so that a set is scored
// without maps.
type f1Scorer struct {
	refLen float64
	// sents[i] lists sentence i's tokens as (id, count) pairs; lens[i] is
	// its token count.
	sents [][][2]int
	lens  []int
	// gain[id][c] is the expected overlap of c uses of token id.
	gain [][]float64
	// count is scratch space indexed by id.
	count []int
}

func newF1Scorer(lam map[string]float64, refLen float64, toks [][]string) *f1Scorer {
	f := &f1Scorer{refLen: refLen, sents: make([][][2]int, len(toks)), lens: make([]int, len(toks))}
	ids := make(map[string]int)
	var total []int
	for i, ts := range toks {
		local := make(map[int]int, len(ts))
		for _, t := range ts {
			id, ok := ids[t]
			if !ok {
				id = len(ids)
				ids[t] = id
				total = append(total, 0)
			}
			local[id]++
			total[id]++
		}
		for id, c := range local {
			f.sents[i] = append(f.sents[i], [2]int{id, c})
		}
		f.lens[i] = len(ts)
	}
	f.gain = make([][]float64, len(ids))
	for t, id := range ids {
		l := lam[t]
		g := make([]float64, total[id]+1)
		// P(X ≥ k) = 1 − Σ_{j<k} e^−l l^j / j!
		p, cdf := math.Exp(-l), 0.0
		for k := 1; k <= total[id]; k++ {
			cdf += p
			g[k] = g[k-1] + math.Max(0, 1-cdf)
			p *= l / float64(k)
		}
		f.gain[id] = g
	}
	f.count = make([]int, len(ids))
	return f
}

// f1 is the expected ROUGE-1 F1 of the sentences idx taken together.
func (f *f1Scorer) f1(idx []int) float64 {
	n := 0
	for _, i := range idx {
		n += f.lens[i]
		for _, tc := range f.sents[i] {
			f.count[tc[0]] += tc[1]
		}
	}
	var overlap float64
	for _, i := range idx {
		for _, tc := range f.sents[i] {
			if c := f.count[tc[0]]; c > 0 {
				overlap += f.gain[tc[0]][c]
				f.count[tc[0]] = 0
			}
		}
	}
	if n == 0 {
		return 0
	}
	return 2 * overlap / (float64(n) + f.refLen)
}

// rougeTokens lower-cases s and splits it on every run of characters that
// are not ASCII letters or digits: the tokens of Google's rouge_score,
// whose ROUGE-1 F1 the pseudo-reference lets a set aim at.
func rougeTokens(s string) []string {
	s = strings.ToLower(s)
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}
