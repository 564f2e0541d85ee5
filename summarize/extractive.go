package summarize

import (
	"math"
	"regexp"
	"sort"
	"strings"
)

// Extractive is the offline engine: it answers and summarises by picking
// sentences of the sources, never by writing new text. The zero value works
// with a simpler sentence splitter; set Splitter for Punkt splitting.
// An Extractive is safe for concurrent use when its Splitter is.
type Extractive struct{ Splitter *Splitter }

// sent is one candidate sentence.
type candSent struct {
	Text string
	// Src is the index of the source (0 for a single article), Pos the
	// sentence's index within it.
	Src, Pos int
	Words    []string
	Terms    []wordTerm
	Vec      map[string]float64
	Score    float64
	// Set holds the distinct Words.
	Set map[string]bool
}

// split splits text with the Splitter, or with the LEAD-3 rules when there
// is none.
func (e *Extractive) split(text string) []string {
	if e != nil && e.Splitter != nil {
		return e.Splitter.Split(text)
	}
	var out []string
	for _, para := range paraBreak.Split(text, -1) {
		out = append(out, leadSentences(strings.Join(strings.Fields(para), " "), -1)...)
	}
	return out
}

// Summarize picks n sentences of one article: position-aware centrality
// ranking (similarity to the article's centroid and title with a lead
// prior and a preference for sentences of typical summary length),
// redundancy removal (MMR), returned in document order.
func (e *Extractive) Summarize(title, text string, n int) []string {
	return summarizeSents(title, e.split(text), n, defaultSummTuning())
}

// summTuning are the weights of single-article summaries.
type summTuning struct {
	Lead, LeadExp, Cent, Title float64
	// LenTarget is the preferred sentence length in words; LenWidth how
	// fast the preference falls off (as a share of LenTarget).
	LenTarget, LenWidth float64
	Lambda              float64
	// Caption multiplies the score of DailyMail-style picture captions
	// (sentences ending in " ."), Quote that of sentences with a quotation,
	// Pron that of sentences that start with a pronoun or connective (not
	// self-contained), Digit that of sentences with a number.
	Caption, Quote, Pron, Digit float64
}

func defaultSummTuning() summTuning {
	return summTuning{Lead: 0.55, LeadExp: 0.5, Cent: 0.35, Title: 0.10, LenTarget: 22, LenWidth: 0, Lambda: 0.75, Caption: 1, Quote: 0.85, Pron: 0.85, Digit: 1.1}
}

// summarizeSents is Summarize on already split sentences.
func summarizeSents(title string, texts []string, n int, cfg summTuning) []string {
	if n <= 0 {
		return nil
	}
	var sents []*candSent
	for i, s := range texts {
		sents = append(sents, newSent(stripDateline(s, i), 0, i))
	}
	if len(sents) == 0 {
		return nil
	}
	idf := sentIDF(sents)
	centroid := make(map[string]float64)
	for _, s := range sents {
		s.Vec = tfidf(s.Words, idf)
		for w, v := range s.Vec {
			centroid[w] += v
		}
	}
	titleVec := tfidf(ContentWords(title), idf)
	var cands []*candSent
	for _, s := range sents {
		q := sentQuality(s.Text, len(s.Words))
		if q == 0 {
			continue
		}
		q *= lengthPrior(len(strings.Fields(s.Text)), cfg.LenTarget, cfg.LenWidth)
		if strings.HasSuffix(s.Text, " .") {
			q *= cfg.Caption
		}
		if strings.ContainsAny(s.Text, `"“”`) {
			q *= cfg.Quote
		}
		if pronStart.MatchString(s.Text) {
			q *= cfg.Pron
		}
		if hasNumber(s.Terms) {
			q *= cfg.Digit
		}
		lead := math.Pow(1+float64(s.Pos), -cfg.LeadExp)
		s.Score = q * (cfg.Lead*lead + cfg.Cent*cosineSim(s.Vec, centroid) + cfg.Title*cosineSim(s.Vec, titleVec))
		cands = append(cands, s)
	}
	if len(cands) == 0 {
		cands = sents
	}
	picked := mmr(cands, n, cfg.Lambda, nil)
	sort.Slice(picked, func(i, j int) bool { return picked[i].Pos < picked[j].Pos })
	out := make([]string, len(picked))
	for i, s := range picked {
		out[i] = s.Text
	}
	return out
}

// pronStart matches sentences that lean on the one before them.
var pronStart = regexp.MustCompile(`^(?:He|She|It|They|We|This|That|These|Those|His|Her|Its|Their|But|And|So|Or|Yet|However|Also|Still|Then)\b`)

// lengthPrior is 1 for a sentence of target words and falls off smoothly
// (log-normal shape) for shorter and longer ones; width 0 disables it.
func lengthPrior(words int, target, width float64) float64 {
	if width <= 0 || words <= 0 {
		return 1
	}
	d := math.Log(float64(words) / target)
	return math.Exp(-d * d / (2 * width * width))
}

// Answer picks up to n sentences from the numbered sources that answer
// question, best first. Sentences are scored by BM25-weighted overlap with
// the question's content words, how close together the matched words are,
// the source's rank, and dates or numbers when the question asks when or how
// many; near-duplicates are removed. Each Claim names its Source's N.
// Sentences that share no content word with the question are never picked.
func (e *Extractive) Answer(question string, sources []Source, n int) []Claim {
	if n <= 0 || len(sources) == 0 {
		return nil
	}
	q := uniqWords(ContentWords(question))
	if len(q) == 0 {
		return nil
	}
	sents := e.sourceSents(sources)
	if len(sents) == 0 {
		return nil
	}
	idf := sentIDF(sents)
	var avgLen float64
	for _, s := range sents {
		avgLen += float64(len(s.Words))
	}
	avgLen /= float64(len(sents))
	wantDate, wantNum := questionWants(question)
	var maxIDF float64
	for _, w := range q {
		maxIDF += idf[w]
	}
	var cands []*candSent
	for _, s := range sents {
		tf := make(map[string]int)
		for _, w := range s.Words {
			tf[w]++
		}
		const k1, b = 1.2, 0.75
		var score float64
		matched := 0
		for _, w := range q {
			f := float64(tf[w])
			if f == 0 {
				continue
			}
			matched++
			score += idf[w] * f * (k1 + 1) / (f + k1*(1-b+b*float64(len(s.Words))/avgLen))
		}
		if matched == 0 || !answerable(s.Text) {
			continue
		}
		score /= maxIDF + 1e-9
		score *= 1 + 0.3*proximity(s.Words, q)
		if wantDate && hasDate(s.Text) {
			score *= 1.4
		}
		if wantNum && hasNumber(s.Terms) {
			score *= 1.4
		}
		// Earlier sources are better search results; earlier sentences
		// of a source tend to carry its main facts.
		score *= 1 / (1 + 0.08*float64(s.Src)) * (1 / (1 + 0.02*float64(s.Pos)))
		s.Score = score
		s.Vec = tfidf(s.Words, idf)
		cands = append(cands, s)
	}
	picked := mmr(cands, n, 0.7, nil)
	out := make([]Claim, len(picked))
	for i, s := range picked {
		out[i] = Claim{Sentence: s.Text, N: sources[s.Src].N}
	}
	return out
}

// SummarizeSources summarises several sources about one topic or story in n
// sentences, most important first: sentences central across all sources
// (and close to topic, if given) with a lead prior within each source, with
// redundancy removal and a preference for covering several outlets. Each
// Claim names its Source's N.
func (e *Extractive) SummarizeSources(topic string, sources []Source, n int) []Claim {
	if n <= 0 || len(sources) == 0 {
		return nil
	}
	sents := e.sourceSents(sources)
	if len(sents) == 0 {
		return nil
	}
	idf := sentIDF(sents)
	centroid := make(map[string]float64)
	for _, s := range sents {
		s.Vec = tfidf(s.Words, idf)
		for w, v := range s.Vec {
			centroid[w] += v
		}
	}
	topicVec := tfidf(ContentWords(topic), idf)
	var cands []*candSent
	for _, s := range sents {
		q := sentQuality(s.Text, len(s.Words))
		if q == 0 {
			continue
		}
		lead := 1 / math.Sqrt(1+float64(s.Pos))
		rank := 1 / (1 + 0.05*float64(s.Src))
		score := 0.4*lead + 0.45*cosineSim(s.Vec, centroid)
		if len(topicVec) > 0 {
			score += 0.25 * cosineSim(s.Vec, topicVec)
		}
		s.Score = q * rank * score
		cands = append(cands, s)
	}
	outlet := func(s *candSent) string {
		if o := sources[s.Src].Outlet; o != "" {
			return strings.ToLower(o)
		}
		return sources[s.Src].URL
	}
	picked := mmr(cands, n, 0.7, func(s *candSent, chosen []*candSent) float64 {
		// Prefer an outlet not yet quoted.
		for _, c := range chosen {
			if outlet(c) == outlet(s) {
				return 0.85
			}
		}
		return 1
	})
	out := make([]Claim, len(picked))
	for i, s := range picked {
		out[i] = Claim{Sentence: s.Text, N: sources[s.Src].N}
	}
	return out
}

// sourceSents splits every source into candidate sentences.
func (e *Extractive) sourceSents(sources []Source) []*candSent {
	var sents []*candSent
	for si, src := range sources {
		for i, s := range e.split(src.Text) {
			sents = append(sents, newSent(stripDateline(s, i), si, i))
		}
	}
	return sents
}

func newSent(text string, src, pos int) *candSent {
	ts := terms(text)
	words := make([]string, len(ts))
	for i, t := range ts {
		words[i] = t.Word
	}
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	return &candSent{Text: text, Src: src, Pos: pos, Words: words, Terms: ts, Set: set}
}

// mmr picks up to n sentences by maximal marginal relevance: each step takes
// the sentence with the best lambda*score - (1-lambda)*similarity to the
// sentences already picked, with scores normalised to the best one. bonus,
// if not nil, multiplies a sentence's relevance given the picks so far.
// Near-duplicates (cosine ≥ 0.8 with a pick) are never picked.
func mmr(cands []*candSent, n int, lambda float64, bonus func(*candSent, []*candSent) float64) []*candSent {
	var best float64
	for _, s := range cands {
		best = math.Max(best, s.Score)
	}
	if best <= 0 {
		best = 1
	}
	used := make([]bool, len(cands))
	var picked []*candSent
	for len(picked) < n {
		bi, bv := -1, math.Inf(-1)
		for i, s := range cands {
			if used[i] {
				continue
			}
			var sim float64
			for _, p := range picked {
				sim = math.Max(sim, cosineSim(s.Vec, p.Vec))
			}
			if sim >= 0.8 || nearDuplicate(s, picked) {
				used[i] = true
				continue
			}
			rel := s.Score / best
			if bonus != nil {
				rel *= bonus(s, picked)
			}
			if v := lambda*rel - (1-lambda)*sim; v > bv {
				bi, bv = i, v
			}
		}
		if bi < 0 {
			break
		}
		used[bi] = true
		picked = append(picked, cands[bi])
	}
	return picked
}

// nearDuplicate reports whether most distinct content words of s, or of a
// pick, are also in the other: one sentence repeats the other.
func nearDuplicate(s *candSent, picked []*candSent) bool {
	for _, p := range picked {
		a, b := s.Set, p.Set
		if len(a) > len(b) {
			a, b = b, a
		}
		if len(a) == 0 {
			continue
		}
		n := 0
		for w := range a {
			if b[w] {
				n++
			}
		}
		if float64(n)/float64(len(a)) >= 0.75 {
			return true
		}
	}
	return false
}

// sentIDF returns smoothed inverse sentence frequencies of the words.
func sentIDF(sents []*candSent) map[string]float64 {
	df := make(map[string]int)
	for _, s := range sents {
		for _, w := range uniqWords(s.Words) {
			df[w]++
		}
	}
	n := float64(len(sents))
	idf := make(map[string]float64, len(df))
	for w, d := range df {
		idf[w] = math.Log(1 + (n-float64(d)+0.5)/(float64(d)+0.5))
	}
	return idf
}

// tfidf returns the TF-IDF vector of words; unknown words get the highest
// weight a word can have.
func tfidf(words []string, idf map[string]float64) map[string]float64 {
	v := make(map[string]float64, len(words))
	for _, w := range words {
		x, ok := idf[w]
		if !ok {
			x = math.Log(2 + float64(len(idf)))
		}
		v[w] += x
	}
	return v
}

func cosineSim(a, b map[string]float64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	var dot, na, nb float64
	for w, x := range a {
		dot += x * b[w]
		na += x * x
	}
	for _, y := range b {
		nb += y * y
	}
	if dot == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

func uniqWords(words []string) []string {
	seen := make(map[string]bool, len(words))
	out := words[:0:0]
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// proximity is 1 when the question words matched in words sit next to each
// other and falls towards 0 as they spread out; 0 with fewer than two.
func proximity(words, q []string) float64 {
	in := make(map[string]bool, len(q))
	for _, w := range q {
		in[w] = true
	}
	first, last, distinct := -1, -1, make(map[string]bool)
	for i, w := range words {
		if in[w] {
			if first < 0 {
				first = i
			}
			last = i
			distinct[w] = true
		}
	}
	if len(distinct) < 2 {
		return 0
	}
	span := float64(last - first + 1)
	return float64(len(distinct)) / span
}

// questionWants reports whether a question asks for a date or time, or for
// a number.
func questionWants(q string) (date, num bool) {
	l := strings.ToLower(q)
	date = strings.HasPrefix(l, "when") || strings.Contains(l, " when ") ||
		strings.Contains(l, "what day") || strings.Contains(l, "what date") ||
		strings.Contains(l, "what year") || strings.Contains(l, "what time")
	num = strings.Contains(l, "how many") || strings.Contains(l, "how much") ||
		strings.Contains(l, "how old") || strings.Contains(l, "how long") ||
		strings.Contains(l, "how far") || strings.Contains(l, "what percentage") ||
		strings.Contains(l, "number of")
	return date, num
}

var dateRE = regexp.MustCompile(`(?i)\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|tonight|last (week|month|year)|next (week|month|year))\b|\b(1[89]|20)\d\d\b|\b\d{1,2}/\d{1,2}(/\d{2,4})?\b`)

func hasDate(s string) bool { return dateRE.MatchString(s) }

func hasNumber(ts []wordTerm) bool {
	for _, t := range ts {
		if t.Num {
			return true
		}
	}
	return false
}
