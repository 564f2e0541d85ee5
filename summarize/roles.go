package summarize

import (
	"slices"
	"strings"
)

// Roles are what a sentence gives to a named entity: the holder of a
// superlative ("Brightwater, the region's largest employer") and the
// winner and loser of a contest ("the Harriers beat the Rovers 2-1"). A
// claim that gives a role to another entity than the passage does
// contradicts it.

// superlative is a superlative of a sentence and the entity holding it.
type superlative struct {
	// key is the superlative ("largest", "most valuable"), noun the key of
	// the word it qualifies ("employer"), or "".
	key, noun string
	holder    entity
}

// result is the outcome of a contest: who won and who lost, as far as
// the sentence names them.
type result struct {
	winner, loser       entity
	hasWinner, hasLoser bool
}

// notSuperlatives end in -est without being superlatives.
var notSuperlatives = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`interest forest protest request harvest contest honest modest
		earnest arrest invest suggest manifest digest chest guest nest quest crest behest attest detest
		infest conquest southwest northwest midwest everest bucharest budapest tempest bequest inquest
		unrest divest ingest congest molest latest priest pretest`) {
		m[w] = true
	}
	return m
}()

// superlativeSynonyms fold superlatives that say the same.
var superlativeSynonyms = map[string]string{"biggest": "largest"}

// superlativeAt returns the superlative key at toks[i] and the index of
// the word after it.
func superlativeAt(toks []lexTok, i int) (string, int, bool) {
	t := toks[i]
	if t.kind != tokWord {
		return "", 0, false
	}
	switch {
	case t.low == "most" || t.low == "least":
		// "the most valuable", "the region's most valuable"; but "most
		// Americans" is a share, not a superlative.
		if i == 0 || !(toks[i-1].isWord("the") || toks[i-1].poss) {
			return "", 0, false
		}
		if i+1 < len(toks) && toks[i+1].kind == tokWord && !stopWords[toks[i+1].low] {
			return t.low + " " + anchorKey(toks[i+1].low), i + 2, true
		}
		return "", 0, false
	case t.low == "best" || t.low == "worst":
		return t.low, i + 1, true
	case len(t.low) >= 6 && strings.HasSuffix(t.low, "est") && !notSuperlatives[t.low] && !t.upper:
		if s, ok := superlativeSynonyms[t.low]; ok {
			return s, i + 1, true
		}
		return t.low, i + 1, true
	}
	return "", 0, false
}

// maxRoleGap is how many tokens may stand between an entity and the word
// that gives it a role.
const maxRoleGap = 10

// superlatives returns the superlatives of a sentence with their holders:
// the nearest entity before the superlative, skipping a possessive right
// before it ("Harlow's largest employer" is not Harlow), else the nearest
// after it.
func superlatives(toks []lexTok, ents []entity) []superlative {
	var out []superlative
	for i := range toks {
		key, next, ok := superlativeAt(toks, i)
		if !ok {
			continue
		}
		s := superlative{key: key}
		for k := next; k < len(toks) && k < next+3; k++ {
			if toks[k].kind == tokWord && !stopWords[toks[k].low] {
				s.noun = anchorKey(toks[k].low)
				break
			}
		}
		h, found := entityBefore(ents, i, func(e entity) bool { return !(e.poss && e.to >= i-1) })
		if !found {
			h, found = entityAfter(ents, next, 8)
		}
		if found {
			s.holder = h
			out = append(out, s)
		}
	}
	return out
}

// entityBefore returns the entity ending nearest before toks[i] within
// maxRoleGap that ok accepts.
func entityBefore(ents []entity, i int, ok func(entity) bool) (entity, bool) {
	for k := len(ents) - 1; k >= 0; k-- {
		e := ents[k]
		if e.to > i {
			continue
		}
		if i-e.to > maxRoleGap {
			break
		}
		if ok == nil || ok(e) {
			return e, true
		}
	}
	return entity{}, false
}

// entityAfter returns the first entity starting at or after toks[i]
// within gap tokens.
func entityAfter(ents []entity, i, gap int) (entity, bool) {
	for _, e := range ents {
		if e.from >= i && e.from-i <= gap {
			return e, true
		}
		if e.from > i+gap {
			break
		}
	}
	return entity{}, false
}

// Verbs of contests by the role of the entity before them.
var (
	beatVerbs = wordSet(`beat beats beaten beating defeated defeats defeating edged edges edging overcame
		overcomes topped outscored outplayed routed thrashed crushed swept ousted unseated eliminated
		trounced downed outpolled outvoted`)
	winVerbs  = wordSet(`won wins win winning victory triumphed clinched`)
	loseVerbs = wordSet(`lost loses lose losing defeat`)
)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// results returns the contests of a sentence: "A beat B", "B was beaten
// by A", "A won (against B)", "B lost to A", "B fell to A".
func results(toks []lexTok, ents []entity) []result {
	var out []result
	for i, t := range toks {
		if t.kind != tokWord {
			continue
		}
		if i > 0 && toks[i-1].isWord("to") && len(out) > 0 {
			// "beat the Rovers 3-1 to win the cup": the subject of "to
			// win" is the winner already found, not the nearest name.
			continue
		}
		var r result
		switch {
		case beatVerbs[t.low] && passiveBefore(toks, i):
			r.loser, r.hasLoser = entityBefore(ents, i, nil)
			r.winner, r.hasWinner = entityAfterWord(toks, ents, i, "by")
		case beatVerbs[t.low]:
			r.winner, r.hasWinner = entityBefore(ents, i, nil)
			r.loser, r.hasLoser = entityAfter(ents, i+1, 4)
		case winVerbs[t.low] && passiveBefore(toks, i):
			r.winner, r.hasWinner = entityAfterWord(toks, ents, i, "by")
		case winVerbs[t.low]:
			r.winner, r.hasWinner = entityBefore(ents, i, nil)
			r.loser, r.hasLoser = entityAfterWord(toks, ents, i, "over", "against", "versus", "vs")
		case loseVerbs[t.low] || (t.low == "fell" && i+1 < len(toks) && toks[i+1].isWord("to")):
			if i+1 < len(toks) && (toks[i+1].kind == tokNum || toks[i+1].kind == tokPunct) {
				// "lost $5 million", "lost 3%": money, not a contest.
				continue
			}
			r.loser, r.hasLoser = entityBefore(ents, i, nil)
			r.winner, r.hasWinner = entityAfterWord(toks, ents, i, "to", "against", "by")
		default:
			continue
		}
		if r.hasWinner || r.hasLoser {
			out = append(out, r)
		}
	}
	return out
}

// passiveBefore reports whether a form of "be" stands just before
// toks[i]: "was beaten", "were defeated".
func passiveBefore(toks []lexTok, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		switch toks[k].low {
		case "was", "were", "been", "being", "is", "are", "be", "got", "get":
			return true
		}
	}
	return false
}

// entityAfterWord returns the entity right after one of words, looked for
// in the six tokens after toks[i].
func entityAfterWord(toks []lexTok, ents []entity, i int, words ...string) (entity, bool) {
	for k := i + 1; k < len(toks) && k <= i+6; k++ {
		if toks[k].kind == tokWord && slices.Contains(words, toks[k].low) {
			return entityAfter(ents, k+1, 2)
		}
	}
	return entity{}, false
}

// superlativeVerdict compares a claim's superlative with the passage's
// occurrences of the same superlative (on the same noun, if both have
// one) in the sentences most similar to the claim (sim gives each
// sentence's similarity).
func superlativeVerdict(c superlative, passage []sentenceRoles, sim func(int) float64) verdict {
	var s signs
	for _, pr := range passage {
		for _, p := range pr.sups {
			if p.key != c.key || (c.noun != "" && p.noun != "" && p.noun != c.noun) {
				continue
			}
			s.add(sim(pr.sent), sameEntity(p.holder, c.holder))
		}
	}
	if s.bits&1 != 0 {
		return agrees
	}
	return s.verdict(true)
}

// resultVerdict compares a claim's contest with the passage's contests
// that involve the same entities, in the sentences most similar to the
// claim.
func resultVerdict(c result, passage []sentenceRoles, sim func(int) float64) verdict {
	var s signs
	for _, pr := range passage {
		for _, p := range pr.results {
			agree := (c.hasWinner && p.hasWinner && sameEntity(c.winner, p.winner)) ||
				(c.hasLoser && p.hasLoser && sameEntity(c.loser, p.loser))
			conflict := (c.hasWinner && p.hasLoser && sameEntity(c.winner, p.loser)) ||
				(c.hasLoser && p.hasWinner && sameEntity(c.loser, p.winner))
			switch {
			case agree:
				s.add(sim(pr.sent), true)
			case conflict:
				s.add(sim(pr.sent), false)
			}
		}
	}
	if s.bits&1 != 0 {
		return agrees
	}
	return s.verdict(true)
}

// sentenceRoles are the roles one passage sentence gives.
type sentenceRoles struct {
	sent    int
	sups    []superlative
	results []result
}
