package summarize

import (
	"math"
	"sort"
)

// Answer picks up to n sentences from the numbered sources that answer
// question, the most direct answer first. Each Claim names its Source's N.
//
// A sentence's score is its BM25-weighted overlap with the question's
// content words (with half credit for words that paraphrase the question's
// verb, and a little for question words found only in the source's title)
// times how well it fits the kind of answer asked for: causal cues for
// why-questions, dates and times for when, names for who, a number next to
// the counted noun for how many (an amount of money for how much), and
// reported events for what-did questions. Sentences that mention what the
// question is about only in a subordinate clause ("trains will run because
// the bridge is closed") are demoted, as are plans and cancellations when
// the question asks about a finished event. Recent sources are preferred
// for questions about the present, and sources whose title matches the
// question for all. Sentences that share no content word with the
// question are never picked, and a sentence that repeats what an earlier
// claim said (often the same fact from another outlet) is skipped. The
// answer stops early, after at least one claim, once the remaining
// sentences score far below the best.
func (e *Extractive) Answer(question string, sources []Source, n int) []Claim {
	if n <= 0 || len(sources) == 0 {
		return nil
	}
	q := parseQuestion(question)
	if len(q.terms) == 0 {
		return nil
	}
	sents := e.sourceSents(sources)
	if len(sents) == 0 {
		return nil
	}
	idf := sentIDF(sents)
	var avgLen, maxIDF float64
	for _, s := range sents {
		avgLen += float64(len(s.Words))
	}
	avgLen /= float64(len(sents))
	for _, w := range q.terms {
		maxIDF += idf[w]
	}
	srcInfo := answerSourceInfo(q, sources)

	var cands []*answerCand
	for _, s := range sents {
		if !answerable(s.Text) {
			continue
		}
		tf := make(map[string]int, len(s.Words))
		for _, w := range s.Words {
			tf[w]++
		}
		const k1, b = 1.2, 0.5
		var lex float64
		matched := 0
		for _, w := range q.terms {
			f := float64(tf[w])
			if f == 0 {
				if srcInfo[s.Src].title[w] {
					// The source is about it even if this sentence
					// does not repeat it.
					lex += 0.25 * idf[w]
				}
				continue
			}
			matched++
			lex += idf[w] * f * (k1 + 1) / (f + k1*(1-b+b*float64(len(s.Words))/avgLen))
		}
		if matched == 0 {
			continue
		}
		synHit := false
		for w := range q.syn {
			if tf[w] > 0 && !q.inTerms(w) {
				synHit = true
			}
		}
		if synHit {
			var v float64
			for _, w := range q.verbs {
				v = math.Max(v, idf[w])
			}
			lex += 0.5 * v
		}
		lex /= maxIDF + 1e-9
		toks := tokenize(s.Text)
		score := lex * (1 + 0.3*proximity(s.Words, q.terms)) *
			fitKind(q, s.Text, toks) * aboutFit(q, s.Text, toks, srcInfo[s.Src].title) * answerStyle(s.Text, len(toks))
		score *= srcInfo[s.Src].prior
		// Earlier passages of a source are its better matches.
		score *= 1 / (1 + 0.02*float64(s.Pos))
		s.Score = score
		s.Vec = tfidf(s.Words, idf)
		cands = append(cands, &answerCand{candSent: s, slots: answerSlots(q, toks), words: len(toks)})
	}
	picked := pickAnswer(q, cands, n)
	out := make([]Claim, len(picked))
	for i, c := range picked {
		out[i] = Claim{Sentence: c.Text, N: sources[c.Src].N}
	}
	return out
}

// answerCand is a candidate answer sentence.
type answerCand struct {
	*candSent
	// slots are the words that carry the answer itself (numbers for how
	// many, dates for when, names for who): a sentence whose slots were
	// all given already repeats a fact.
	slots map[string]bool
	words int
}

// srcAnswerInfo is what Answer knows about one source.
type srcAnswerInfo struct {
	// title holds the stems of the source's title.
	title map[string]bool
	// prior multiplies the scores of the source's sentences: its search
	// rank, its recency and how specific it is to the question.
	prior float64
}

// answerSourceInfo computes each source's title words and prior.
func answerSourceInfo(q question, sources []Source) []srcAnswerInfo {
	out := make([]srcAnswerInfo, len(sources))
	var oldest, newest int64
	for i, src := range sources {
		if t := src.Published.Unix(); !src.Published.IsZero() {
			if oldest == 0 || t < oldest {
				oldest = t
			}
			if t > newest {
				newest = t
			}
		}
		title := make(map[string]bool)
		for _, w := range ContentWords(src.Title) {
			title[w] = true
		}
		out[i].title = title
	}
	recencyWeight := 0.12
	if q.current {
		recencyWeight = 0.3
	}
	want := uniqWords(append(append([]string(nil), q.terms...), q.key...))
	for i, src := range sources {
		prior := 1 / (1 + 0.05*float64(i))
		if newest > oldest && !src.Published.IsZero() {
			prior *= 1 + recencyWeight*float64(src.Published.Unix()-oldest)/float64(newest-oldest)
		}
		if len(want) > 0 {
			hit := 0
			for _, w := range want {
				if out[i].title[w] {
					hit++
				}
			}
			prior *= 1 + 0.25*float64(hit)/float64(len(want))
		}
		out[i].prior = prior
	}
	return out
}

// answerSlots returns the words of a sentence that carry the answer to q.
func answerSlots(q question, toks []tok) map[string]bool {
	slots := make(map[string]bool)
	if q.kind == kindCount {
		for i, t := range toks {
			if t.num && countsFocus(q, toks, i) {
				slots[t.low] = true
			}
		}
		return slots
	}
	for _, t := range toks {
		switch q.kind {
		case kindCount:
			// Filled below: the numbers that count the focus.
		case kindWhen:
			if t.num || isCalendarWord(t.low) {
				slots[t.low] = true
			}
		case kindWho, kindWhere:
			if t.cap && t.stem != "" && !q.inTerms(t.stem) {
				slots[t.stem] = true
			}
		}
	}
	return slots
}

// Answer length: the second claim must score at least minSecond of the
// best, later ones minLater; claims stop adding once the answer has
// maxAnswerWords words.
const (
	minSecond      = 0.45
	minLater       = 0.6
	maxAnswerWords = 110
)

// pickAnswer takes the best candidate, then adds the next best ones that
// score close enough to it and say something new.
func pickAnswer(q question, cands []*answerCand, n int) []*answerCand {
	if len(cands) == 0 {
		return nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Score > cands[j].Score })
	top := cands[0].Score
	picked := []*answerCand{cands[0]}
	words := cands[0].words
	for _, c := range cands[1:] {
		if len(picked) == n {
			break
		}
		need := minLater
		if len(picked) == 1 {
			need = minSecond
		}
		if c.Score < need*top {
			break
		}
		if words+c.words > maxAnswerWords || repeats(q, c, picked) {
			continue
		}
		picked = append(picked, c)
		words += c.words
	}
	return picked
}

// repeats reports whether c says what the picked claims said already: it
// is a near-duplicate of one, or little of what it adds beyond the
// question's own words is new, or it gives the same answer (number, date,
// name) with little else new.
func repeats(q question, c *answerCand, picked []*answerCand) bool {
	given := make(map[string]bool)
	slotsGiven := make(map[string]bool)
	for _, p := range picked {
		if cosineSim(c.Vec, p.Vec) >= 0.6 {
			return true
		}
		for w := range p.Set {
			given[w] = true
		}
		for w := range p.slots {
			slotsGiven[w] = true
		}
	}
	info, fresh := 0, 0
	for w := range c.Set {
		if q.inTerms(w) || q.syn[w] {
			continue
		}
		info++
		if !given[w] {
			fresh++
		}
	}
	if info == 0 {
		return true
	}
	novelty := float64(fresh) / float64(info)
	if novelty < 0.35 {
		return true
	}
	// The same answer again (the same number of the same thing, the same
	// date or names) with little else new.
	if len(c.slots) == 0 {
		return false
	}
	shared, all := false, true
	for w := range c.slots {
		if slotsGiven[w] {
			shared = true
		} else {
			all = false
		}
	}
	switch {
	case all && (q.kind == kindCount || novelty < 0.6):
		return true
	case shared && novelty < 0.5:
		return true
	}
	return false
}
