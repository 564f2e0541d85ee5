package summarize

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SummaryEval is the mean ROUGE F1 (×100) of a summarizer over N articles.
type SummaryEval struct {
	N                 int
	R1, R2, RL, RLsum float64
}

// summItem is one line of a summarization evaluation file.
type summItem struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Reference string `json:"reference"`
}

// EvalSummaries reads JSONL objects {"id","text","reference"} from r,
// summarizes each text, joins the summary's sentences with newlines and
// scores it against the reference with Rouge. It returns the mean F1 ×100.
// For ROUGE-Lsum the reference is split into sentences with the LEAD-3
// splitter (see Lead3), since references are stored on one line.
func EvalSummaries(r io.Reader, summarize func(text string) []string) (SummaryEval, error) {
	dec := json.NewDecoder(r)
	var ev SummaryEval
	for {
		var it summItem
		err := dec.Decode(&it)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return SummaryEval{}, fmt.Errorf("summarize: eval item %d: %w", ev.N+1, err)
		}
		ref := strings.Join(leadSentences(it.Reference, -1), "\n")
		sc := Rouge(ref, strings.Join(summarize(it.Text), "\n"))
		ev.N++
		ev.R1 += sc.R1
		ev.R2 += sc.R2
		ev.RL += sc.RL
		ev.RLsum += sc.RLsum
	}
	if ev.N > 0 {
		k := 100 / float64(ev.N)
		ev.R1 *= k
		ev.R2 *= k
		ev.RL *= k
		ev.RLsum *= k
	}
	return ev, nil
}

// Lead3 returns the first three sentences of text, split the simple way of
// the LEAD-3 baseline: after '.', '!' or '?' (and any closing quotes or
// brackets) followed by white space and an upper-case letter, a digit or an
// opening quote.
func Lead3(text string) []string {
	return leadSentences(text, 3)
}

// leadSentences splits text like Lead3 and returns at most max sentences
// (all of them when max < 0).
func leadSentences(text string, max int) []string {
	var out []string
	start := 0
	for i := 0; i < len(text) && (max < 0 || len(out) < max); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		end := i
		for end < len(text) {
			c, sz := utf8.DecodeRuneInString(text[end:])
			if !isClosingMark(c) {
				break
			}
			end += sz
		}
		next := end
		for next < len(text) {
			c, sz := utf8.DecodeRuneInString(text[next:])
			if !unicode.IsSpace(c) {
				break
			}
			next += sz
		}
		if next == end || next == len(text) {
			continue
		}
		c, _ := utf8.DecodeRuneInString(text[next:])
		if !unicode.IsUpper(c) && !unicode.IsDigit(c) && !isOpeningQuote(c) {
			continue
		}
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start = next
		i = next
	}
	if max < 0 || len(out) < max {
		if s := strings.TrimSpace(text[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func isClosingMark(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»':
		return true
	}
	return false
}

func isOpeningQuote(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«':
		return true
	}
	return false
}
