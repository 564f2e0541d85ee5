package summarize

import (
	"math"
	"strings"
)

// answerScorer scores spans of the sources' sentences as answers to one
// question.
type answerScorer struct {
	q     question
	sents []*candSent
	toks  [][]tok
	idf   map[string]float64
	// allWeight is the weight of all the question's terms.
	allWeight float64
	// unseen is the IDF of a word no sentence has.
	unseen float64
	avgLen float64
	info   []srcAnswerInfo
}

// Span scores: a headline alone pays headlineCost, a two-sentence span
// pairCost, and may hold at most maxPairWords words.
const (
	headlineCost = 0.7
	pairCost     = 0.9
	maxPairWords = 70
)

func newAnswerScorer(q question, sents []*candSent, sources []Source) *answerScorer {
	sc := &answerScorer{q: q, sents: sents, idf: sentIDF(sents), info: answerSourceInfo(q, sources)}
	sc.toks = make([][]tok, len(sents))
	for i, s := range sents {
		sc.avgLen += float64(len(s.Words))
		sc.toks[i] = tokenize(s.Text)
	}
	sc.avgLen /= float64(len(sents))
	// A title that is not quoted as a sentence (withHeadlines gives the
	// quoted ones Pos -1) shows how a word is written too.
	quoted := make(map[int]bool)
	for _, s := range sents {
		if s.Pos < 0 {
			quoted[s.Src] = true
		}
	}
	written := append([][]tok(nil), sc.toks...)
	for i, src := range sources {
		if !quoted[i] {
			written = append(written, tokenize(src.Title))
		}
	}
	markNames(written)
	n := float64(len(sents))
	sc.unseen = math.Log(1 + (n+0.5)/0.5)
	for _, w := range q.terms {
		sc.allWeight += sc.weight(w)
	}
	return sc
}

// markNames sets the name mark of the first word of each sentence in
// sents whose stem the sentences never write in lower case, and write
// with a capital after their first word or start more than one sentence
// with.
func markNames(sents [][]tok) {
	inside, lower, first := make(map[string]bool), make(map[string]bool), make(map[string]int)
	for _, toks := range sents {
		for i, t := range toks {
			switch {
			case t.stem == "" || t.num:
			case !t.cap:
				lower[t.stem] = true
			case i > 0:
				inside[t.stem] = true
			default:
				first[t.stem]++
			}
		}
	}
	for _, toks := range sents {
		if len(toks) > 0 && toks[0].cap && (inside[toks[0].stem] || first[toks[0].stem] > 1) && !lower[toks[0].stem] {
			toks[0].name = true
		}
	}
}

func (sc *answerScorer) idfOf(w string) float64 {
	if v, ok := sc.idf[w]; ok {
		return v
	}
	return sc.unseen
}

// weight is how much a question term counts in lex: its IDF squared, as
// in BM25 with the query's own term weights, so that the one rare word of
// a question ("bankrupt") outweighs several common ones ("according to a
// statement").
func (sc *answerScorer) weight(w string) float64 {
	v := sc.idfOf(w)
	return v * v
}

// lex is the BM25-weighted overlap of words with the question's terms,
// normalised by the weight of all its terms, with a little credit for
// terms found only in the source's title and half credit for a word that
// paraphrases the question's verb. It returns 0 when no term matches.
func (sc *answerScorer) lex(words []string, title map[string]bool, spanLen float64) float64 {
	tf := make(map[string]int, len(words))
	for _, w := range words {
		tf[w]++
	}
	const k1, b = 1.2, 0.5
	var lex float64
	matched := 0
	for _, w := range sc.q.terms {
		f := float64(tf[w])
		if f == 0 {
			if title[w] {
				lex += 0.25 * sc.weight(w)
			}
			continue
		}
		matched++
		lex += sc.weight(w) * f * (k1 + 1) / (f + k1*(1-b+b*float64(len(words))/(sc.avgLen*spanLen)))
	}
	if matched == 0 {
		return 0
	}
	for w := range sc.q.syn {
		if tf[w] > 0 && !sc.q.inTerms(w) {
			var v float64
			for _, vb := range sc.q.verbs {
				v = math.Max(v, sc.weight(vb))
			}
			lex += 0.5 * v
			break
		}
	}
	return lex / (sc.allWeight + 1e-9)
}

// single scores sentence i alone.
func (sc *answerScorer) single(i int) *answerCand {
	s := sc.sents[i]
	c := sc.span(s, sc.toks[i], []string{s.Text}, 1)
	if c == nil {
		return nil
	}
	c.Score *= dependence(s.Text)
	if s.Pos < 0 {
		// A headline matches a question's words densely but says less
		// than the sentences it heads; it must give what is asked: a
		// new name, or the number or date the question wants.
		switch sc.q.kind {
		case kindCount, kindWhen:
			if !c.typed {
				return nil
			}
		default:
			if !sc.namesNew(sc.toks[i]) {
				return nil
			}
		}
		c.Score *= headlineCost
	}
	if sc.refersToFocus(sc.toks[i]) {
		// It restates the question ("the popular show was renewed")
		// without naming what the question asks for.
		c.Score *= 0.6
	}
	return c
}

// pair scores sentences a and a+1 of one source together.
func (sc *answerScorer) pair(a, b int) *answerCand {
	sa, sb := sc.sents[a], sc.sents[b]
	ta, tb := sc.toks[a], sc.toks[b]
	if len(ta)+len(tb) > maxPairWords {
		return nil
	}
	// A pair is worth its length only when one sentence needs the
	// other: the second leans on the first, or the first names what the
	// second only refers to, or the second names what a restating first
	// one asks for, or, for a question that asks for a name and no kind
	// of thing ("What is it called?"), the second names something the
	// first does not.
	na, nb := sc.namesNew(ta), sc.namesNew(tb)
	ra, rb := sc.refersToFocus(ta), sc.refersToFocus(tb)
	if !(dependence(sb.Text) < 1 || (rb && na) || (ra && nb) || (na && !nb) || (sc.q.kind == kindWho && sc.q.thing == "" && nb && !na)) {
		return nil
	}
	va, vb := tfidf(sa.Words, sc.idf), tfidf(sb.Words, sc.idf)
	if cosineSim(va, vb) >= 0.45 {
		// The two say the same thing (a headline and its lead).
		return nil
	}
	merged := &candSent{
		Text: sa.Text + " " + sb.Text, Src: sa.Src, Pos: sa.Pos,
		Words: append(append([]string(nil), sa.Words...), sb.Words...),
		Terms: append(append([]wordTerm(nil), sa.Terms...), sb.Terms...),
	}
	merged.Set = make(map[string]bool, len(merged.Words))
	for _, w := range merged.Words {
		merged.Set[w] = true
	}
	toks := append(append([]tok(nil), ta...), tb...)
	if len(ta) > 0 {
		// The end of the first sentence is a clause break.
		toks[len(ta)-1].brk = true
	}
	c := sc.span(merged, toks, []string{sa.Text, sb.Text}, 2)
	if c == nil {
		return nil
	}
	c.partVecs = []map[string]float64{va, vb}
	c.Score *= pairCost * dependence(sa.Text)
	// A restating sentence is fine when the one before names something
	// the question may ask for; nothing comes before the first one.
	if ra || (rb && !na) {
		c.Score *= 0.6
	}
	return c
}

// span scores the sentences texts (merged into s, with tokens toks) as one
// answer.
func (sc *answerScorer) span(s *candSent, toks []tok, texts []string, n int) *answerCand {
	info := sc.info[s.Src]
	lex := sc.lex(s.Words, info.title, float64(n))
	if lex == 0 {
		return nil
	}
	q := sc.q
	fit := fitKind(q, s.Text, toks)
	score := lex * (1 + 0.3*proximity(s.Words, q.terms)) * fit *
		aboutFit(q, s.Text, toks, info.title) * answerStyle(texts[0], len(toks)/n) * superlativeFit(q, toks)
	score *= info.prior
	if !info.named {
		// A source that lacks the question's names is about someone
		// else: its sentences answer only when nothing better does.
		score *= 0.3
	}
	// Earlier passages of a source are its better matches.
	score *= 1 / (1 + 0.02*float64(s.Pos))
	c := &answerCand{
		candSent: &candSent{Text: s.Text, Src: s.Src, Pos: s.Pos, Words: s.Words, Terms: s.Terms, Set: s.Set, Score: score},
		texts:    texts,
		slots:    answerSlots(q, toks),
		words:    len(toks),
		srcNamed: info.named,
		typed:    typedAnswer(q, fit),
	}
	c.Vec = tfidf(s.Words, sc.idf)
	return c
}

// typedAnswer reports whether a span whose fitKind is fit gives an answer
// of the kind q asks for.
func typedAnswer(q question, fit float64) bool {
	switch q.kind {
	case kindWho, kindWhen, kindWhere, kindCount, kindWhy:
		return fit > 1
	}
	return true
}

// refersToFocus reports whether toks refer to what a which-question asks
// for by its kind only ("the company", "the popular show"), without a new
// name next to it: the sentence restates the question.
func (sc *answerScorer) refersToFocus(toks []tok) bool {
	f := sc.q.thing
	if f == "" {
		return false
	}
	for i, t := range toks {
		if t.stem != f || t.cap {
			continue
		}
		// A determiner up to five words before it.
		// Capitalised words between may be adjectives ("the popular
		// South Korean show").
		det := -1
		for j := i - 1; j >= 0 && j >= i-5; j-- {
			if isDeterminer(toks[j].low) || toks[j].low == "its" || toks[j].low == "their" {
				det = j
				break
			}
		}
		if det < 0 {
			continue
		}
		// An appositive name right after it ("the show, Squid Game").
		if i+1 < len(toks) && toks[i+1].cap && toks[i+1].stem != "" && !sc.q.inTerms(toks[i+1].stem) {
			continue
		}
		return true
	}
	return false
}

// namesNew reports whether toks hold a name that the question does not:
// a capitalised word that is not the first one (or is followed by another
// capitalised word) and is not a day or month.
func (sc *answerScorer) namesNew(toks []tok) bool {
	for i, t := range toks {
		if !t.cap || t.stem == "" || sc.q.inTerms(t.stem) || isCalendarWord(t.low) {
			continue
		}
		if i == 0 && !t.name && (len(toks) < 2 || !toks[1].cap || sc.q.inTerms(toks[1].stem)) {
			continue
		}
		return true
	}
	return false
}

// dependence is the factor for a sentence that leans on the one before
// it: a pronoun or demonstrative subject stands for something unseen,
// a leading conjunction only continues a thought.
func dependence(s string) float64 {
	first, rest, _ := strings.Cut(s, " ")
	first = strings.Trim(first, `"“‘'`)
	// "It's", "They’re": a contracted pronoun is still a pronoun.
	if i := strings.IndexAny(first, "'’"); i > 0 {
		first = first[:i]
	}
	if first == "All" && strings.HasPrefix(rest, "of th") {
		// "All of that could change soon."
		return 0.55
	}
	switch first {
	case "He", "She", "It", "They", "His", "Her", "Its", "Their", "This", "That", "These", "Those", "Both":
		return 0.55
	case "But", "And", "So", "Or", "Yet", "However,", "However", "Also,", "Also", "Still,", "Still", "Then", "Meanwhile,":
		return 0.85
	}
	return 1
}

// answerWords is the word budget of an answer: the best span always, more
// claims only while the answer stays within it.
const answerWords = 90
