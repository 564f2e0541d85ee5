package summarize

import (
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
	// not support the sentence.
	Unsupported int
	// DroppedSentences counts factual sentences removed for lack of any
	// supporting source.
	DroppedSentences int
}

// FinishCitations checks and renumbers the citations of generated text.
// Markers ([n], [1, 2], [1][2], [1-3], also after a sentence's final
// period) to sources that do not exist are removed. Each citation is kept only if Support(sentence, source.Text) is
// at least 0.4; a factual sentence left without a supporting citation gets
// the best source if that supports it at 0.6 or more, and is removed
// otherwise. Sentences that say the sources do not cover something, and
// short sentences without a factual claim, stay without citation. The
// sources actually cited are renumbered 1..k in order of first use, the
// markers are rewritten as [1][2] before the sentence's final period, and
// only those sources are returned as Citations, each with Quote set to its
// sentence that best supports the citing text.
func FinishCitations(text string, sources []Source, split *Splitter) (string, []Citation, FinishStats) {
	var st FinishStats
	byN := make(map[int]Source, len(sources))
	for _, s := range sources {
		byN[s.N] = s
	}
	type sentence struct {
		plain string
		cites []int
	}
	var (
		lines  [][]sentence
		order  []int                // old numbers in order of first use
		citing = map[int][]string{} // old number -> sentences citing it
	)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			lines = append(lines, nil)
			continue
		}
		var pieces []string
		for _, piece := range cutAfterMarkers(line) {
			pieces = append(pieces, split.Split(piece)...)
		}
		raw := moveLeadingMarkers(pieces)
		var out []sentence
		for _, s := range raw {
			nums := parseMarkers(s)
			plain := stripMarkers(s)
			if plain == "" {
				continue
			}
			var kept []int
			for _, n := range nums {
				src, ok := byN[n]
				switch {
				case !ok:
					st.Removed++
				case slices.Contains(kept, n):
				case Support(plain, src.Text) >= citeThreshold:
					kept = append(kept, n)
				default:
					st.Unsupported++
				}
			}
			if len(kept) == 0 && isClaim(plain) {
				if n, ok := bestSource(plain, sources); ok {
					kept = []int{n}
				} else if !saysNotCovered(plain) {
					st.DroppedSentences++
					continue
				}
			}
			for _, n := range kept {
				if _, seen := citing[n]; !seen {
					order = append(order, n)
				}
				citing[n] = append(citing[n], plain)
			}
			out = append(out, sentence{plain: plain, cites: kept})
		}
		if len(out) > 0 {
			lines = append(lines, out)
		}
	}

	renum := make(map[int]int, len(order))
	cits := make([]Citation, 0, len(order))
	for i, old := range order {
		renum[old] = i + 1
		src := byN[old]
		cits = append(cits, Citation{
			N:         i + 1,
			ArticleID: src.ArticleID,
			URL:       src.URL,
			Title:     src.Title,
			Source:    src.Outlet,
			Published: src.Published,
			Quote:     bestQuote(citing[old], src.Text, split),
		})
	}

	var b strings.Builder
	blank := false
	for _, l := range lines {
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
			b.WriteString(withMarkers(s.plain, nums))
		}
	}
	return b.String(), cits, st
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

// bestSource returns the source that best supports s, if it supports it at
// autoCiteThreshold or more.
func bestSource(s string, sources []Source) (int, bool) {
	best, bestN := 0.0, 0
	for _, src := range sources {
		if v := Support(s, src.Text); v > best {
			best, bestN = v, src.N
		}
	}
	return bestN, best >= autoCiteThreshold
}

// bestQuote returns the sentence of text that best supports the citing
// sentences, cut to maxQuoteRunes.
func bestQuote(citing []string, text string, split *Splitter) string {
	best, bestScore := "", -1.0
	for _, cand := range split.Split(text) {
		score := 0.0
		for _, c := range citing {
			score += Support(c, cand)
		}
		if score > bestScore {
			best, bestScore = cand, score
		}
	}
	return cutRunes(best, maxQuoteRunes)
}
