package eval

import "strings"

// RougeScores are ROUGE F1 scores in [0,1].
type RougeScores struct{ R1, R2, RL, RLsum float64 }

// Rouge scores candidate against reference with the conventions of Google's
// rouge_score: text is lower-cased, every run of characters other than a-z
// and 0-9 separates tokens, and nothing is stemmed. R1 and R2 are unigram and
// bigram F1, RL is the F1 of the longest common subsequence of the whole
// texts, and RLsum is the summary-level union-LCS F1 over sentences, which
// are the newline-separated lines of each text.
func Rouge(reference, candidate string) RougeScores {
	ref := rougeTokens(reference)
	cand := rougeTokens(candidate)
	return RougeScores{
		R1:    ngramF1(ref, cand, 1),
		R2:    ngramF1(ref, cand, 2),
		RL:    lcsF1(ref, cand),
		RLsum: lsumF1(rougeLines(reference), rougeLines(candidate)),
	}
}

// rougeTokens lower-cases s and splits it on every run of characters that
// are not ASCII letters or digits. It is written apart from the engine's
// own copy in summarize, so that the figure does not rest on it.
func rougeTokens(s string) []string {
	s = strings.ToLower(s)
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// rougeLines tokenizes each non-empty line of s.
func rougeLines(s string) [][]string {
	var out [][]string
	for _, line := range strings.Split(s, "\n") {
		if toks := rougeTokens(line); len(toks) > 0 {
			out = append(out, toks)
		}
	}
	return out
}

func rougeF1(overlap, refN, candN int) float64 {
	if overlap == 0 || refN == 0 || candN == 0 {
		return 0
	}
	p := float64(overlap) / float64(candN)
	r := float64(overlap) / float64(refN)
	return 2 * p * r / (p + r)
}

func ngramF1(ref, cand []string, n int) float64 {
	refGrams := ngrams(ref, n)
	candGrams := ngrams(cand, n)
	var refN, candN, overlap int
	for _, c := range refGrams {
		refN += c
	}
	for g, c := range candGrams {
		candN += c
		overlap += min(c, refGrams[g])
	}
	return rougeF1(overlap, refN, candN)
}

func ngrams(toks []string, n int) map[string]int {
	m := make(map[string]int)
	for i := 0; i+n <= len(toks); i++ {
		m[strings.Join(toks[i:i+n], " ")]++
	}
	return m
}

// lcsTable returns the dynamic-programming table of the longest common
// subsequence of a and b: t[i][j] is the LCS length of a[:i] and b[:j].
func lcsTable(a, b []string) [][]int {
	t := make([][]int, len(a)+1)
	flat := make([]int, (len(a)+1)*(len(b)+1))
	for i := range t {
		t[i] = flat[i*(len(b)+1) : (i+1)*(len(b)+1)]
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				t[i][j] = t[i-1][j-1] + 1
			case t[i-1][j] >= t[i][j-1]:
				t[i][j] = t[i-1][j]
			default:
				t[i][j] = t[i][j-1]
			}
		}
	}
	return t
}

func lcsF1(ref, cand []string) float64 {
	if len(ref) == 0 || len(cand) == 0 {
		return 0
	}
	return rougeF1(lcsTable(ref, cand)[len(ref)][len(cand)], len(ref), len(cand))
}

// lcsIndices returns the indices in ref of one longest common subsequence
// of ref and cand, backtracking the way rouge_score does.
func lcsIndices(ref, cand []string) []int {
	t := lcsTable(ref, cand)
	var idx []int
	i, j := len(ref), len(cand)
	for i > 0 && j > 0 {
		switch {
		case ref[i-1] == cand[j-1]:
			idx = append(idx, i-1)
			i--
			j--
		case t[i][j-1] > t[i-1][j]:
			j--
		default:
			i--
		}
	}
	return idx
}

// lsumF1 is the summary-level LCS F1: for every reference sentence, the
// union of its LCS with each candidate sentence counts as hits, each token
// counted at most as often as it occurs in either summary.
func lsumF1(ref, cand [][]string) float64 {
	var m, n int
	refCnt := make(map[string]int)
	candCnt := make(map[string]int)
	for _, s := range ref {
		m += len(s)
		for _, t := range s {
			refCnt[t]++
		}
	}
	for _, s := range cand {
		n += len(s)
		for _, t := range s {
			candCnt[t]++
		}
	}
	if m == 0 || n == 0 {
		return 0
	}
	hits := 0
	for _, r := range ref {
		union := make([]bool, len(r))
		for _, c := range cand {
			for _, i := range lcsIndices(r, c) {
				union[i] = true
			}
		}
		for i, in := range union {
			if !in {
				continue
			}
			tok := r[i]
			if refCnt[tok] > 0 && candCnt[tok] > 0 {
				hits++
				refCnt[tok]--
				candCnt[tok]--
			}
		}
	}
	return rougeF1(hits, m, n)
}
