package summarize

import (
	"math"
	"testing"
)

func TestPseudoReference(t *testing.T) {
	texts := []string{"Alpha storm hits the coast.", "The storm fades.", "Officials count the omega cost."}
	lam := pseudoReference(texts, 10, 1, 0.5)
	var sum float64
	for _, v := range lam {
		sum += v
	}
	if math.Abs(sum-10) > 1e-9 {
		t.Errorf("expected counts sum to %v, want the reference length 10", sum)
	}
	// Each appears once, but "alpha" opens the article and "omega" ends it.
	if !(lam["alpha"] > lam["omega"]) {
		t.Errorf("lead bias: alpha %v should exceed omega %v", lam["alpha"], lam["omega"])
	}
	// "storm" appears twice, early: more expected than a single mention.
	if !(lam["storm"] > lam["alpha"]) {
		t.Errorf("storm %v should exceed alpha %v", lam["storm"], lam["alpha"])
	}
	// "the" appears in every sentence but as a stop word counts half.
	if !(lam["the"] < lam["storm"]) {
		t.Errorf("stop word the %v should be weighed below storm %v", lam["the"], lam["storm"])
	}
	if pseudoReference(nil, 10, 1, 1) != nil {
		t.Error("empty article: want a nil pseudo-reference")
	}
}

// expectedF1 scores one set with a fresh f1Scorer.
func expectedF1(lam map[string]float64, refLen float64, toks [][]string, idx []int) float64 {
	return newF1Scorer(lam, refLen, toks).f1(idx)
}

func TestExpectedF1(t *testing.T) {
	lam := map[string]float64{"storm": 1, "coast": 0.5}
	toks := [][]string{{"storm"}, {"storm", "storm"}, {"storm", "zebra"}, {"coast"}}
	// One "storm": overlap P(X ≥ 1) = 1 − e^−1, F1 = 2·overlap/(1+4).
	if got, want := expectedF1(lam, 4, toks, []int{0}), 2*(1-math.Exp(-1))/5; math.Abs(got-want) > 1e-12 {
		t.Errorf("one token: got %v, want %v", got, want)
	}
	// A second "storm" matches only when the reference has two:
	// P(X ≥ 2) = 1 − 2e^−1.
	if got, want := expectedF1(lam, 4, toks, []int{1}), 2*(1-math.Exp(-1)+1-2*math.Exp(-1))/6; math.Abs(got-want) > 1e-12 {
		t.Errorf("repeated token: got %v, want %v", got, want)
	}
	// A word the reference is not expected to hold only costs length.
	if !(expectedF1(lam, 4, toks, []int{2}) < expectedF1(lam, 4, toks, []int{0})) {
		t.Error("an unexpected word should lower the expected F1")
	}
	// Tokens of several sentences are pooled.
	if !(expectedF1(lam, 4, toks, []int{0, 3}) > expectedF1(lam, 4, toks, []int{0})) {
		t.Error("adding an expected word should raise the expected F1")
	}
	if got := expectedF1(lam, 4, [][]string{nil}, []int{0}); got != 0 {
		t.Errorf("empty set: got %v, want 0", got)
	}
	// A scorer is reused across sets: scoring one set must not change the
	// score of the next.
	f := newF1Scorer(lam, 4, toks)
	first := f.f1([]int{0, 3})
	f.f1([]int{1, 2})
	if again := f.f1([]int{0, 3}); again != first {
		t.Errorf("reused scorer: %v then %v", first, again)
	}
}

func TestPickSetPseudo(t *testing.T) {
	texts := []string{
		"Flood waters rose across the valley town overnight.",
		"Choir singers rehearsed new hymns for the festival.",
		"Flood barriers failed near the valley town river.",
		"Rescue boats reached the flooded valley town homes.",
	}
	var cands []*candSent
	for i, s := range texts {
		c := newSent(s, 0, i)
		c.Vec = map[string]float64{s: 1} // no redundancy between any two
		c.Score = 1
		cands = append(cands, c)
	}
	cfg := defaultSummTuning()
	pseudo := pseudoReference(texts, 20, 0, 1)
	got := pickSet(cands, 2, cfg, pseudo)
	if len(got) != 2 {
		t.Fatalf("picked %d sentences, want 2", len(got))
	}
	for _, s := range got {
		if s.Pos == 1 {
			t.Errorf("picked the off-topic sentence %q: equal scores, so the pseudo-reference must decide", s.Text)
		}
	}
	// Without the pseudo-reference the tie goes to the first candidates.
	cfg.PseudoWeight = 0
	got = pickSet(cands, 2, cfg, nil)
	if len(got) != 2 || (got[0].Pos != 1 && got[1].Pos != 1) {
		t.Errorf("without a pseudo-reference the tie should include sentence 1, got %v and %v", got[0].Pos, got[1].Pos)
	}
}
