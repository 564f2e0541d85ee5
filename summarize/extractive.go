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
		out = append(out, Lead(strings.Join(strings.Fields(para), " "), -1)...)
	}
	return out
}

// Summarize picks n sentences of one article and returns them shortened
// and in document order. Sentences are ranked by position-aware centrality
// (similarity to the article's centroid and title, a lead prior, penalties
// for quotations and sentences that lean on the one before); the n-sentence
// set is then chosen jointly among the best candidates, trading relevance
// against redundancy and total length and adding the set's expected
// ROUGE-1 F1 against a pseudo-reference: a short summary whose words are
// drawn from the article with a lead bias, so that a set gains by holding
// the article's frequent words and loses by the words it spends on
// anything else. Each sentence is compressed by
// deleting clause-level asides (bracketed or dashed asides, trailing
// attributions such as ", police said", participle tails, descriptive
// appositives, lead-in phrases); nothing is ever added or reordered.
func (e *Extractive) Summarize(title, text string, n int) []string {
	return summarizeSents(title, e.quotable(text), n, defaultSummTuning())
}

// summTuning are the weights of single-article summaries.
type summTuning struct {
	Lead, LeadExp, Cent, Title float64
	// Lambda is MMR's relevance weight, used only when no set of n
	// distinct sentences exists among the pool.
	Lambda float64
	// Quote multiplies the score of sentences with a quotation, Pron that
	// of sentences that start with a pronoun or connective (not
	// self-contained), Digit that of sentences with a number.
	Quote, Pron, Digit float64
	// Compress are the compression rules applied to every sentence before
	// it is scored, so that length is measured on what would be shown.
	Compress compressRule
	// Pool is how many of the best-scored sentences the joint choice
	// considers; Redundancy weighs pairwise similarity within a set;
	// LenScale and LenExp normalise a set's score by its length in words
	// as (1 + words/LenScale)^LenExp.
	Pool                         int
	Redundancy, LenScale, LenExp float64
	// PseudoWeight adds PseudoWeight times a set's expected ROUGE-1 F1
	// against a pseudo-reference of PseudoLen tokens drawn from the
	// article with sentence weights (1+pos)^-PseudoDecay.
	PseudoWeight, PseudoLen, PseudoDecay float64
	// PseudoStop weighs stop words in the pseudo-reference: summaries
	// are terser than articles.
	PseudoStop float64
}

func defaultSummTuning() summTuning {
	return summTuning{
		Lead: 0.55, LeadExp: 0.5, Cent: 0.35, Title: 0.10, Lambda: 0.75,
		Quote: 0.85, Pron: 0.85, Digit: 1.1,
		// Relative clauses are left alone: deleting them loses facts as
		// often as it saves words.
		Compress: cutAll &^ cutRelative,
		Pool:     12, Redundancy: 0.3, LenScale: 80, LenExp: 0.7,
		// A summary of about 35 tokens (news highlights run 30 to 55
		// words) drawn with a mild lead bias, stop words weighed down.
		PseudoWeight: 20, PseudoLen: 35, PseudoDecay: 0.4, PseudoStop: 0.4,
	}
}

// summarizeSents is Summarize on sentences already split and cleaned.
func summarizeSents(title string, texts []string, n int, cfg summTuning) []string {
	if n <= 0 {
		return nil
	}
	var sents []*candSent
	for i, s := range texts {
		sents = append(sents, newSent(compress(s, cfg.Compress), 0, i))
	}
	if len(sents) == 0 {
		return nil
	}
	idf := sentIDF(sents)
	centroid := weigh(sents, idf)
	titleVec := tfidf(ContentWords(title), idf)
	var cands []*candSent
	for _, s := range sents {
		q := sentQuality(s.Text, len(s.Words))
		if q == 0 {
			continue
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
	var pseudo map[string]float64
	if cfg.PseudoWeight > 0 {
		pseudo = pseudoReference(texts, cfg.PseudoLen, cfg.PseudoDecay, cfg.PseudoStop)
	}
	picked := pickSet(cands, n, cfg, pseudo)
	sort.Slice(picked, func(i, j int) bool { return picked[i].Pos < picked[j].Pos })
	out := make([]string, len(picked))
	for i, s := range picked {
		out[i] = s.Text
	}
	return out
}

// pronStart matches sentences that lean on the one before them.
var pronStart = regexp.MustCompile(`^(?:He|She|It|They|We|This|That|These|Those|His|Her|Its|Their|But|And|So|Or|Yet|However|Also|Still|Then)\b`)

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
	centroid := weigh(sents, idf)
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

// sourceSents splits every source into candidate sentences, without the
// page furniture that must not be quoted (see quotable).
func (e *Extractive) sourceSents(sources []Source) []*candSent {
	var sents []*candSent
	for si, src := range sources {
		for i, s := range e.quotable(src.Text) {
			sents = append(sents, newSent(s, si, i))
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

func hasNumber(ts []wordTerm) bool {
	for _, t := range ts {
		if t.Num {
			return true
		}
	}
	return false
}

// weigh sets each sentence's TF-IDF vector and returns their sum, the
// document's centroid.
func weigh(sents []*candSent, idf map[string]float64) map[string]float64 {
	centroid := make(map[string]float64)
	for _, s := range sents {
		s.Vec = tfidf(s.Words, idf)
		for w, v := range s.Vec {
			centroid[w] += v
		}
	}
	return centroid
}
