package summarize

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/newsbot/newsbot/data"
)

// Answer picks up to n sentences from the numbered sources that answer
// question, the most direct answer first. Each Claim names its Source's N.
//
// It scores spans of one sentence, or of two neighbouring sentences of one
// source, by their BM25-weighted overlap with the question's content
// words (with half credit for words that paraphrase the question's verb,
// and a little for question words found only in the source's title)
// times how well they fit the kind of answer asked for: causal cues for
// why-questions, dates and times for when, names for who and for
// which-questions about things with names, a number next to the counted
// noun for how many (an amount of money for how much), and reported
// events for what-did questions. A sentence that restates the question
// without naming what it asks for ("the popular show was renewed") loses
// to the span that pairs it with the neighbour that names it, and a
// sentence that leans on an unseen antecedent ("It said …", "the company")
// to the span that shows it. Sentences that mention what the question is
// about only in a subordinate clause are demoted, as are plans and
// cancellations when the question asks about a finished event. Recent
// sources are preferred for questions about the present, and sources
// whose title matches the question for all. Later claims are single
// sentences that say something new, while the answer stays within
// answerWords words.
func (e *Extractive) Answer(question string, sources []Source, n int) []Claim {
	return e.answer(parseQuestion(question), sources, n).claims
}

// answerResult is what the engine found for a question: the claims of its
// answer and how well the best of them covers what the question asks.
type answerResult struct {
	claims []Claim
	// srcNamed reports whether the best answer's source holds the
	// question's names (see holdsNames); srcCover is its source's
	// PassageCover, when coverKnown.
	srcNamed   bool
	srcCover   float64
	coverKnown bool
}

// minSourceCover is the share of the question that the best passage of
// an answer's source, with its title, must hold: the question's terms
// weighted by their rarity in the whole index (Source.PassageCover, when
// known). Its source must also hold every name of the question but at
// most one of three or more. Below that the passages talk about
// something near the question, or about someone else, and do not answer
// it. The answer's own sentences need not repeat the question: the
// sentence that answers often paraphrases it.
const minSourceCover = 0.5

// sure returns the claims when the best answer's source covers enough of
// the question (see minSourceCover), and none otherwise. Only the best
// answer is checked: the sentence that answers a question often repeats
// less of it than one that merely restates it, so a lower-ranked span
// that holds more of the question is no better answer.
func (r answerResult) sure() []Claim {
	if (r.coverKnown && r.srcCover < minSourceCover) || !r.srcNamed {
		return nil
	}
	return r.claims
}

// answer picks the answer to q from sources: the best span of one
// sentence, or of two neighbouring sentences of one source when one of
// them restates the question and the other holds the answer (or the name
// a pronoun or "the company" stands for), then more claims that add to it.
func (e *Extractive) answer(q question, sources []Source, n int) answerResult {
	if n <= 0 || len(sources) == 0 || len(q.terms) == 0 {
		return answerResult{}
	}
	sents := withHeadlines(sources, e.sourceSents(sources))
	if len(sents) == 0 {
		return answerResult{}
	}
	sc := newAnswerScorer(q, sents, sources)
	var cands []*answerCand
	for i, s := range sents {
		if !answerable(s.Text) {
			continue
		}
		hasPrev := i > 0 && sents[i-1].Src == s.Src && sents[i-1].Pos == s.Pos-1 && answerable(sents[i-1].Text)
		// A sentence whose subject is a pronoun ("It said …") is never
		// quoted without the sentence before it, when there is one.
		alone := !hasPrev || n == 1 || dependence(s.Text) > 0.6 || s.Pos <= 0
		// A headline is terse: alone, it answers only a question that
		// asks for a name, a number or a date, which it gives; otherwise
		// it is quoted as the context that names what the sentence
		// after it is about.
		if alone && (s.Pos >= 0 || q.kind == kindWho || q.kind == kindWhere || q.kind == kindCount || q.kind == kindWhen) {
			if c := sc.single(i); c != nil {
				cands = append(cands, c)
			}
		}
		if n > 1 && hasPrev {
			if c := sc.pair(i-1, i); c != nil {
				cands = append(cands, c)
			}
		}
	}
	picked := pickAnswer(q, cands, n)
	if len(picked) == 0 {
		return answerResult{}
	}
	var out answerResult
	for _, c := range picked {
		for _, t := range c.texts {
			out.claims = append(out.claims, Claim{Sentence: t, N: sources[c.Src].N})
		}
		if t := listGoesOn(sents, c); t != "" && !slices.ContainsFunc(picked, func(p *answerCand) bool { return slices.Contains(p.texts, t) }) {
			out.claims = append(out.claims, Claim{Sentence: t, N: sources[c.Src].N})
		}
	}
	out.srcNamed = picked[0].srcNamed
	out.srcCover = sources[picked[0].Src].PassageCover
	out.coverKnown = sources[picked[0].Src].CoverKnown
	return out
}

// listGoesOn returns the sentence right after the span c when it
// adds to a list that c's last sentence gives ("… left out, including
// background checks. Also absent is a ban on assault weapons."): an
// answer that names one of the items a question asks about names all
// that the source lists; "" when there is none.
func listGoesOn(sents []*candSent, c *answerCand) string {
	last := c.Pos + len(c.texts) - 1
	for _, s := range sents {
		if s.Src != c.Src || s.Pos != last+1 {
			continue
		}
		first, _, _ := strings.Cut(s.Text, " ")
		if additive[strings.TrimRight(first, ",")] && answerable(s.Text) && len(strings.Fields(s.Text)) <= maxListWords {
			return s.Text
		}
		return ""
	}
	return ""
}

// additive are the words that open a sentence adding another item to
// the list of the one before.
var additive = map[string]bool{"Also": true, "Plus": true, "Additionally": true, "Another": true}

// maxListWords is the longest sentence that listGoesOn adds.
const maxListWords = 30

// withHeadlines puts each source's headline, as a sentence, before the
// source's sentences: headlines name the story's subject more often than
// any sentence does ("Colorado Avalanche win first Stanley Cup title").
// A headline cut short by its publisher ("… kills five ...") loses the
// ellipsis; its Pos is -1, right before the first sentence.
func withHeadlines(sources []Source, sents []*candSent) []*candSent {
	out := make([]*candSent, 0, len(sents)+len(sources))
	i := 0
	for si, src := range sources {
		if h := headlineSentence(src.Title); h != "" && !slugTitle(src) {
			out = append(out, newSent(h, si, -1))
		}
		for ; i < len(sents) && sents[i].Src == si; i++ {
			out = append(out, sents[i])
		}
	}
	return out
}

// slugTitle reports whether src's title is the words of its URL's slug,
// as the store titles an article that came without one ("Sri lanka
// bankrupt fuel crisis"): its words help to match the question, but read
// as a sentence it is no headline.
func slugTitle(src Source) bool {
	if src.Title == "" || src.Title[1:] != strings.ToLower(src.Title[1:]) {
		return false
	}
	return strings.HasPrefix(strings.Join(data.SlugWords(src.URL), " "), strings.ToLower(src.Title))
}

// headlineSentence is title as a sentence that can be quoted: without a
// trailing ellipsis or an outlet suffix ("… | CNN"), ending in a period;
// "" when too short to say anything.
func headlineSentence(title string) string {
	t := strings.TrimSpace(title)
	if roundupTitle.MatchString(t) {
		// "5 things to know for July 14: Covid-19, Biden in Israel …"
		// names the stories of a newsletter, not what a sentence under
		// it is about.
		return ""
	}
	if i := strings.LastIndex(t, " | "); i > 0 {
		t = t[:i]
	}
	// "In pictures: Serena Williams' final act": the label says what the
	// page shows, not what happened.
	t = headlineLabel.ReplaceAllString(t, "")
	cut := false
	for _, e := range []string{"...", "…"} {
		if strings.HasSuffix(t, e) {
			t, cut = strings.TrimSpace(strings.TrimSuffix(t, e)), true
		}
	}
	if cut {
		// The last words may be cut too, or left dangling ("… in the").
		for {
			i := strings.LastIndex(t, " ")
			if i <= 0 {
				break
			}
			last := strings.ToLower(t[i+1:])
			if !stopWords[last] && len(last) >= 3 {
				break
			}
			t = t[:i]
		}
	}
	t = strings.TrimRight(t, " ,;:-–—")
	if len(strings.Fields(t)) < 4 {
		return ""
	}
	if !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "?") && !strings.HasSuffix(t, "!") {
		t += "."
	}
	return t
}

// roundupTitle matches the titles of news roundups: "5 things to know for
// July 14: …", "Ten Things You Need to Know Today: …".
var roundupTitle = regexp.MustCompile(`(?i)^(?:\d+|three|four|five|six|seven|eight|nine|ten) things (?:to know|you need to know)\b`)

// headlineLabel is the label that opens some headlines.
var headlineLabel = regexp.MustCompile(`^(?i:in pictures|in photos|photos?|gallery|video|watch|opinion|analysis|live updates|exclusive|breaking(?: news)?)\s*:\s*`)

// answerCand is a candidate answer sentence.
type answerCand struct {
	*candSent
	// texts are the span's sentences in document order.
	texts []string
	// partVecs are the TF-IDF vectors of a pair's two sentences.
	partVecs []map[string]float64
	// srcNamed is as in answerResult; typed reports whether the span
	// holds an answer of the kind asked for (see typedAnswer).
	srcNamed bool
	typed    bool
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
	// named reports whether the source holds the question's names.
	named bool
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
		out[i].named = holdsNames(q, ContentWords(src.Text), title)
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

// holdsNames reports whether words or the title hold most names of q (all
// of one or two, all but one of more): an answer about someone else is no
// answer.
func holdsNames(q question, words []string, title map[string]bool) bool {
	have := make(map[string]bool, len(words))
	for _, w := range words {
		have[w] = true
	}
	missing := 0
	for _, n := range q.names {
		if !title[n] && !have[n] {
			missing++
		}
	}
	return missing == 0 || (len(q.names) > 2 && missing == 1)
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
// answerWords words.
const (
	minSecond = 0.4
	minLater  = 0.55
)

// pickAnswer takes the best candidate, then adds the next best single
// sentences that score close enough to it and say something new, up to n
// sentences in all.
func pickAnswer(q question, cands []*answerCand, n int) []*answerCand {
	if len(cands) == 0 {
		return nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Score > cands[j].Score })
	top := cands[0].Score
	picked := []*answerCand{cands[0]}
	words, sents := cands[0].words, len(cands[0].texts)
	for _, c := range cands[1:] {
		if sents >= n {
			break
		}
		if len(c.texts) > 1 {
			continue
		}
		need := minLater
		if len(picked) == 1 {
			need = minSecond
		}
		if c.Score < need*top {
			break
		}
		if words+c.words > answerWords || overlaps(c, picked) || repeats(q, c, picked) {
			continue
		}
		picked = append(picked, c)
		words += c.words
		sents++
	}
	return picked
}

// sameOpening reports whether s opens with the same sameOpeningWords
// words as one of texts, case and punctuation aside: two outlets' copies
// of one wire sentence ("Sri Lanka has plunged into chaos and its
// president has fled to Singapore, before …" and "… as anger grows").
func sameOpening(s string, texts []string) bool {
	open := func(t string) string {
		w := strings.Fields(strings.ToLower(t))
		if len(w) < sameOpeningWords {
			return ""
		}
		for i := range w[:sameOpeningWords] {
			w[i] = strings.Trim(w[i], `.,;:!?"'“”‘’()`)
		}
		return strings.Join(w[:sameOpeningWords], " ")
	}
	o := open(s)
	if o == "" {
		return false
	}
	for _, t := range texts {
		if open(t) == o {
			return true
		}
	}
	return false
}

// sameOpeningWords is how many opening words make two sentences copies.
const sameOpeningWords = 8

// overlaps reports whether c shares a sentence with a picked span.
func overlaps(c *answerCand, picked []*answerCand) bool {
	for _, p := range picked {
		if p.Src != c.Src {
			continue
		}
		for _, a := range p.texts {
			for _, b := range c.texts {
				if a == b {
					return true
				}
			}
		}
	}
	return false
}

// repeats reports whether c says what the picked claims said already: it
// is a near-duplicate of one, or little of what it adds beyond the
// question's own words is new, or it gives the same answer (number, date,
// name) with little else new.
func repeats(q question, c *answerCand, picked []*answerCand) bool {
	given := make(map[string]bool)
	slotsGiven := make(map[string]bool)
	for _, p := range picked {
		if cosineSim(c.Vec, p.Vec) >= 0.6 || sameOpening(c.texts[0], p.texts) {
			return true
		}
		for _, v := range p.partVecs {
			if cosineSim(c.Vec, v) >= 0.6 {
				return true
			}
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
