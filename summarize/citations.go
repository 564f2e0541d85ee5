package summarize

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Support thresholds of FinishCitations. A cited source must contain at
// least citeThreshold of the citing sentence's content words (names and
// numbers weigh double in Support). 0.4 keeps fair paraphrases, which
// reuse the names, numbers and key nouns of the source, and rejects
// sentences that only share the topic with it (those typically score
// 0.1-0.3). A sentence the model left uncited is attributed to a source
// only when the overlap is clearly higher, autoCiteThreshold, because then
// the model made no attribution that we could check.
const (
	citeThreshold     = 0.4
	autoCiteThreshold = 0.6
	maxQuoteRunes     = 300
	maxMarkerRange    = 20
)

// FinishStats counts what FinishCitations changed.
type FinishStats struct {
	// Removed counts markers to sources that do not exist.
	Removed int
	// Unsupported counts citations dropped because the cited source does
	// not support the sentence: too few of its words, a number, date or
	// name the source lacks, or a contradiction.
	Unsupported int
	// Contradicted counts the citations of Unsupported whose source says
	// the opposite of the sentence.
	Contradicted int
	// Repointed counts sentences whose citations moved to a source they
	// did not cite.
	Repointed int
	// DroppedSentences counts factual sentences removed for lack of any
	// supporting source.
	DroppedSentences int
}

// FinishResult is checked text with its citations.
type FinishResult struct {
	// Text has markers [1]..[k] before each sentence's final period.
	Text string
	// Citations are the sources cited, numbered 1..k in order of first
	// use.
	Citations []Citation
	// Support has, for each cited sentence, the passages that back it.
	Support []SentenceSupport
	Stats   FinishStats
}

// FinishCitations checks and renumbers the citations of generated text
// (an LLM's or the extractive engine's). Markers ([n], [1, 2], [1][2],
// [1-3], also after a sentence's final period) to sources that do not
// exist are removed. A citation is kept when the source supports the
// sentence: at least 0.4 of its content words, weighed as Support weighs
// them (0.25 for one of several sources cited together), its names
// found in any spelling and its numbers and dates left to the next
// check; every number, amount, percentage, date and name of the sentence
// in a cited source or its metadata; and nothing said the other way round
// (an opposite direction, a negation, another holder of a superlative or
// winner). A sentence whose citations fail moves to the one source that
// passes, and is removed if none does; an uncited factual sentence gets a
// source only if it passes at 0.6.
// Sentences that say the sources do not cover something, and short
// sentences without a factual claim, stay without citation. The sources
// actually cited are renumbered 1..k in order of first use, the markers
// rewritten as [1][2] before the sentence's final period; each Citation's
// Quote is its sentence that best supports the citing text, and Support
// gives each cited sentence with the passage sentences that back it.
func FinishCitations(text string, sources []Source, split *Splitter) FinishResult {
	return finish(text, newEvidenceSet(sources, split), split)
}

// finish is FinishCitations with the sources already read, so that many
// texts can be checked against the same sources.
func finish(text string, set *evidenceSet, split *Splitter) FinishResult {
	f := &finisher{set: set, citing: map[int][]*claim{}}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			f.lines = append(f.lines, nil)
			continue
		}
		var raw []string
		for _, piece := range cutAfterMarkers(line) {
			raw = append(raw, split.Split(piece)...)
		}
		var out []finished
		for _, s := range moveLeadingMarkers(raw) {
			if fs, ok := f.sentence(s); ok {
				out = append(out, fs)
			}
		}
		if len(out) > 0 {
			f.lines = append(f.lines, out)
		}
	}
	return f.result()
}

// finisher holds the state of one FinishCitations call.
type finisher struct {
	set    *evidenceSet
	st     FinishStats
	lines  [][]finished
	order  []int            // old numbers in order of first use
	citing map[int][]*claim // old number -> sentences citing it
}

// finished is one checked sentence and the old numbers it cites.
type finished struct {
	c     *claim
	cites []int
}

// sentence checks one sentence with its markers; ok is false when it is
// dropped.
func (f *finisher) sentence(s string) (finished, bool) {
	plain := stripMarkers(s)
	if plain == "" {
		return finished{}, false
	}
	var cited []int
	for _, n := range parseMarkers(s) {
		switch _, ok := f.set.byN[n]; {
		case !ok:
			f.st.Removed++
		case !slices.Contains(cited, n):
			cited = append(cited, n)
		}
	}
	c := newClaim(plain, f.set.isKnown)
	var kept []int
	if saysNotCovered(plain) || !isClaim(plain) {
		// It needs no citation; it keeps those that support its words.
		for _, n := range cited {
			if shareIn(c.terms, func(w string) bool { return f.set.byN[n].terms.has(w) }) >= citeThreshold {
				kept = append(kept, n)
			}
		}
		f.st.Unsupported += len(cited) - len(kept)
	} else {
		a := f.set.attribute(c, cited)
		f.st.Unsupported += a.dropped
		f.st.Contradicted += a.contradicted
		if a.repointed {
			f.st.Repointed++
		}
		if len(a.kept) == 0 {
			f.st.DroppedSentences++
			return finished{}, false
		}
		kept = a.kept
	}
	for _, n := range kept {
		if _, seen := f.citing[n]; !seen {
			f.order = append(f.order, n)
		}
		f.citing[n] = append(f.citing[n], c)
	}
	return finished{c: c, cites: kept}, true
}

// result renumbers the citations and writes the text.
func (f *finisher) result() FinishResult {
	r := FinishResult{Stats: f.st, Citations: make([]Citation, 0, len(f.order))}
	renum := make(map[int]int, len(f.order))
	for i, old := range f.order {
		renum[old] = i + 1
		ev := f.set.byN[old]
		r.Citations = append(r.Citations, Citation{
			N:         i + 1,
			ArticleID: ev.src.ArticleID,
			URL:       ev.src.URL,
			Title:     ev.src.Title,
			Source:    ev.src.Outlet,
			Published: ev.src.Published,
			Quote:     ev.bestQuote(f.citing[old]),
		})
	}
	var b strings.Builder
	blank := false
	for _, l := range f.lines {
		if l == nil {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			if blank {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = false
		for i, s := range l {
			if i > 0 {
				b.WriteByte(' ')
			}
			nums := make([]int, len(s.cites))
			for j, n := range s.cites {
				nums[j] = renum[n]
			}
			b.WriteString(withMarkers(s.c.text, nums))
			if len(nums) > 0 {
				r.Support = append(r.Support, f.support(s, renum))
			}
		}
	}
	r.Text = b.String()
	return r
}

// listMarker matches the bullet or number that opens a list item.
var listMarker = regexp.MustCompile(`^\s*(?:[-*•–·]|\d{1,2}[.)])\s+`)

// support returns the passages that back a cited sentence; the sentence
// is without its list marker, if it is an item.
func (f *finisher) support(s finished, renum map[int]int) SentenceSupport {
	ss := SentenceSupport{Sentence: listMarker.ReplaceAllString(s.c.text, "")}
	for _, n := range s.cites {
		ss.Quotes = append(ss.Quotes, SupportQuote{N: renum[n], Quote: f.set.byN[n].quoteFor(s.c)})
	}
	return ss
}

// isClaim reports whether s states something checkable: it has a number or
// at least three content words. "Here is what the sources say:" is not a
// claim.
func isClaim(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return len(ContentWords(s)) >= 3
}
