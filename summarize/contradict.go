package summarize

import "math"

// A claim contradicts a passage when the passage says the same thing the
// other way round: the opposite direction of change ("rose" where the
// passage has "fell"), the opposite decision ("approved", "rejected"), a
// negation the passage does not have or lacks one it has, or another
// holder of a superlative or winner of a contest (roles.go). Each is a
// relation of the claim; the passage's counterpart is the clause that
// shares most of the claim clause's anchors (its names, numbers and
// content words), so that in "revenue rose 5% while profit fell 3%" a
// claim about profit meets "profit fell 3%" and not "revenue rose".

// verdict is what a passage says of one relation of a claim.
type verdict int8

const (
	unknown   verdict = iota // the passage does not say
	agrees                   // it says the same
	conflicts                // it says the opposite
)

// signs collects the signs met at the best score: bit 1 for +, bit 2 for -.
type signs struct {
	best float64
	bits uint8
}

func (s *signs) add(score float64, positive bool) {
	bit := uint8(2)
	if positive {
		bit = 1
	}
	switch {
	case score > s.best+1e-9:
		s.best, s.bits = score, bit
	case math.Abs(score-s.best) <= 1e-9:
		s.bits |= bit
	}
}

// verdict returns agrees if only want was met, conflicts if only its
// opposite was, and unknown otherwise.
func (s signs) verdict(want bool) verdict {
	wantBit := uint8(2)
	if want {
		wantBit = 1
	}
	switch s.bits {
	case wantBit:
		return agrees
	case 3 - wantBit:
		return conflicts
	}
	return unknown
}

// directionVerdict compares the direction d of claim clause c with the
// same axis in the passage clause that best shares c's anchors, ties
// going to the clause whose sentence is most like the claim (sim). It
// needs 40% of their weight and at least two (or all of it) and, when c
// has words, one shared word: a shared number alone ("3.9%") may be
// another measure, and a shared place alone another event there.
func directionVerdict(c clause, d direction, passage []clause, sim func(int) float64) verdict {
	need := math.Max(math.Min(2, c.weight), 0.4*c.weight)
	if need <= 0 {
		return unknown
	}
	var s signs
	for _, pc := range passage {
		w, words, _ := c.overlap(pc)
		if w < need || (c.words > 0 && words == 0) {
			continue
		}
		for _, pd := range pc.dirs {
			if pd.axis == d.axis {
				s.add(w+sim(pc.sent), pd.sign > 0)
			}
		}
	}
	return s.verdict(d.sign > 0)
}

// negationVerdict compares the negation of claim clause c with the
// passage clause that shares most of its anchors: at least half their
// weight and all its plain words but one in three, so that the two
// clauses say the same thing ("have not changed" is not compared with
// "stayed the same", nor "would not intervene" with "would stay out").
// Clauses with directions are left to directionVerdict, which reads their
// negations as flipped signs. Ties go to the clause whose sentence is
// most like the claim (sim).
func negationVerdict(c clause, passage []clause, sim func(int) float64) verdict {
	if len(c.dirs) > 0 || c.plain < 2 {
		return unknown
	}
	var s signs
	for _, pc := range passage {
		if len(pc.dirs) > 0 {
			continue
		}
		w, _, plain := c.overlap(pc)
		if plain < 2 || c.plain-plain > (c.plain-1)/3 || w < 0.5*c.weight {
			continue
		}
		s.add(w+sim(pc.sent), !pc.neg)
	}
	return s.verdict(!c.neg)
}

// relKind says what a relation is.
type relKind uint8

const (
	relDirection relKind = iota
	relNegation
	relSuperlative
	relResult
)

// relation is one statement of a claim that a passage may make the other
// way round.
type relation struct {
	kind relKind
	c    clause
	d    direction
	sup  superlative
	res  result
}

// claimRelations returns the relations of a claim: each direction of its
// clauses, the negation (or its absence) of each clause without one, its
// superlatives and its contests. Roles are read in each sentence of the
// claim as lex cuts it, as in passages: the splitter may leave two
// sentences in one claim.
func claimRelations(toks []lexTok, known func(string) bool) []relation {
	var out []relation
	for _, c := range clausesOf(toks, 0) {
		for _, d := range c.dirs {
			// Two directions on one axis in one clause ("blamed the
			// decline on higher rents") cannot be told apart.
			if countAxis(c.dirs, d.axis) == 1 {
				out = append(out, relation{kind: relDirection, c: c, d: d})
			}
		}
		if len(c.dirs) == 0 && c.plain >= 2 {
			out = append(out, relation{kind: relNegation, c: c})
		}
	}
	for _, sent := range lexSentencesOf(toks) {
		ents := findEntities(sent, known)
		for _, s := range superlatives(sent, ents) {
			out = append(out, relation{kind: relSuperlative, sup: s})
		}
		for _, r := range results(sent, ents) {
			out = append(out, relation{kind: relResult, res: r})
		}
	}
	return out
}

// verdict returns what the source says of r; sim gives the similarity of
// each of its sentences to the claim.
func (ev *evidence) verdict(r relation, sim func(int) float64) verdict {
	switch r.kind {
	case relDirection:
		return directionVerdict(r.c, r.d, ev.clauses, sim)
	case relNegation:
		return negationVerdict(r.c, ev.clauses, sim)
	case relSuperlative:
		return superlativeVerdict(r.sup, ev.roles, sim)
	}
	return resultVerdict(r.res, ev.roles, sim)
}
