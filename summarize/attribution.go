package summarize

import "slices"

// partThreshold is the least Support of a source that backs part of a
// sentence citing several ("Revenue rose 5% and the CEO resigned [1][3]"),
// and the least Support at which a source's contradictions are weighed.
const partThreshold = 0.25

// judgement is what the checks found about one claim against one source.
type judgement struct {
	ev *evidence
	// support is the claim's Support by the source, its numbers and dates
	// left out and its names counted as found when the source names
	// them in another way ("Biden" for "Joe Biden").
	support float64
	// covered[i] is set when the source backs the claim's i-th fact;
	// verdicts[i] is what it says of the claim's i-th relation.
	covered  []bool
	verdicts []verdict
	aliased  map[string]bool
}

// has reports whether the source has the claim's word w.
func (j *judgement) has(w string) bool { return j.ev.terms.has(w) || j.aliased[w] }

// conflicts reports whether the source says any relation of the claim the
// other way round.
func (j *judgement) conflicts() bool {
	for _, v := range j.verdicts {
		if v == conflicts {
			return true
		}
	}
	return false
}

// attribution is how one claim's citations were decided.
type attribution struct {
	// kept are the source numbers the claim may cite, cited ones first.
	kept []int
	// dropped counts the claim's citations that were not kept, and
	// contradicted those of them whose source contradicts the claim.
	dropped, contradicted int
	// repointed is set when a cited claim moved to a source it did not
	// cite.
	repointed bool
}

// judge checks claim c against ev. Relations are checked only when the
// words overlap enough for the source to matter.
func judge(c *claim, ev *evidence) *judgement {
	j := &judgement{ev: ev, covered: make([]bool, len(c.facts)), aliased: map[string]bool{}}
	for i, f := range c.facts {
		j.covered[i] = ev.has(f)
		if j.covered[i] && f.kind == factEntity {
			for _, w := range f.e.words {
				j.aliased[stemWord(w)] = true
			}
		}
	}
	// A claim of numbers and dates only is judged by its facts.
	j.support = 1
	if len(c.lexTerms) > 0 {
		j.support = shareIn(c.lexTerms, j.has)
	}
	if j.support < partThreshold || len(c.rels) == 0 {
		return j
	}
	sims := make([]float64, len(ev.sents))
	for i := range ev.sents {
		sims[i] = ev.sentenceSupport(c, i)
	}
	sim := func(i int) float64 { return sims[i] }
	j.verdicts = make([]verdict, len(c.rels))
	for i, r := range c.rels {
		j.verdicts[i] = ev.verdict(r, sim)
	}
	return j
}

// attribute decides which sources claim c may cite, given the numbers it
// cites (existing sources only, without repeats). A cited source is kept
// when it supports the sentence (Support of citeThreshold, or
// partThreshold for one of several that together do) and contradicts
// none of its relations; together the kept sources must back every fact.
// Failing that, the claim moves to the single source that passes all of
// this and states what a cited source contradicts (re-pointed), else it
// may cite nothing.
func (set *evidenceSet) attribute(c *claim, cited []int) attribution {
	js := make([]*judgement, len(set.list))
	for i, ev := range set.list {
		js[i] = judge(c, ev)
	}
	byN := func(n int) *judgement {
		for _, j := range js {
			if j.ev.src.N == n {
				return j
			}
		}
		return nil
	}
	// Only the sources cited, or cited instead, are asked about
	// contradictions: articles differ, and a clause of another one that
	// merely shares a word or two ("prices", "last year") says nothing of
	// this claim. What a cited source contradicts, a source cited instead
	// must state: the model read the claim there.
	disputed := make([]bool, len(c.rels))
	for _, n := range cited {
		for r, v := range byN(n).verdicts {
			disputed[r] = disputed[r] || v == conflicts
		}
	}
	acceptable := func(j *judgement, min float64) bool {
		if j.support < min || j.conflicts() {
			return false
		}
		for r, d := range disputed {
			if d && (j.verdicts == nil || j.verdicts[r] != agrees) {
				return false
			}
		}
		return true
	}

	var ok, weak []*judgement
	for _, n := range cited {
		switch j := byN(n); {
		case acceptable(j, citeThreshold):
			ok = append(ok, j)
		case len(cited) > 1 && acceptable(j, partThreshold):
			weak = append(weak, j)
		}
	}
	ok = addWeak(c, ok, weak)
	kept := ok
	if len(ok) == 0 || !coversAll(c, ok) {
		kept = repoint(c, js, len(cited) > 0, acceptable)
	}
	out := attribution{}
	for _, j := range kept {
		out.kept = append(out.kept, j.ev.src.N)
	}
	// Keep the model's order of the sources it cited.
	slices.SortStableFunc(out.kept, func(a, b int) int { return citedAt(cited, a) - citedAt(cited, b) })
	for _, n := range cited {
		if !slices.Contains(out.kept, n) {
			out.dropped++
			if byN(n).conflicts() {
				out.contradicted++
			}
		}
	}
	for _, n := range out.kept {
		if len(cited) > 0 && !slices.Contains(cited, n) {
			out.repointed = true
		}
	}
	return out
}

// repoint returns the best single source that backs claim c when its
// citations do not: at citeThreshold when the claim was cited and has
// facts that the source all backs, at autoCiteThreshold otherwise (then
// the model made no attribution we could check). Citations are never
// completed by an uncited source for a missing fact: any article
// published on a Tuesday would then back "on Tuesday".
func repoint(c *claim, js []*judgement, cited bool, acceptable func(*judgement, float64) bool) []*judgement {
	min := autoCiteThreshold
	if cited && len(c.facts) > 0 {
		min = citeThreshold
	}
	var best *judgement
	for _, j := range js {
		if acceptable(j, min) && coversAll(c, []*judgement{j}) && (best == nil || j.support > best.support) {
			best = j
		}
	}
	if best == nil {
		return nil
	}
	return []*judgement{best}
}

// minWeakGain is how much a weakly supporting source must add to the
// Support of the sources kept before it.
const minWeakGain = 0.15

// addWeak adds to ok the weakly supporting sources of a sentence citing
// several: all of them when none supports it alone but together they do,
// else those that back a fact the others miss or add minWeakGain to their
// Support ("Brightwater buys Kestrel, while the council rejected the
// tolls [1][3]").
func addWeak(c *claim, ok, weak []*judgement) []*judgement {
	if len(weak) == 0 {
		return ok
	}
	if len(ok) == 0 {
		if unionSupport(c, weak) >= citeThreshold {
			return weak
		}
		return nil
	}
	for _, w := range weak {
		adds := unionSupport(c, append(ok[:len(ok):len(ok)], w)) >= unionSupport(c, ok)+minWeakGain
		for i := range c.facts {
			adds = adds || (w.covered[i] && !coveredBy(ok, i))
		}
		if adds {
			ok = append(ok, w)
		}
	}
	return ok
}

// unionSupport is the Support of the sources of js taken together.
func unionSupport(c *claim, js []*judgement) float64 {
	return shareIn(c.lexTerms, func(w string) bool {
		for _, j := range js {
			if j.has(w) {
				return true
			}
		}
		return false
	})
}

// coversAll reports whether the sources of js together back every fact of
// the claim.
func coversAll(c *claim, js []*judgement) bool {
	for i := range c.facts {
		if !coveredBy(js, i) {
			return false
		}
	}
	return true
}

func coveredBy(js []*judgement, fact int) bool {
	for _, j := range js {
		if j.covered[fact] {
			return true
		}
	}
	return false
}

// citedAt is the position of n among cited, or len(cited) if it is not
// there.
func citedAt(cited []int, n int) int {
	if i := slices.Index(cited, n); i >= 0 {
		return i
	}
	return len(cited)
}
