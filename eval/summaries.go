package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsbot/newsbot/summarize"
)

// SummaryScores is the mean ROUGE F1 (×100) of a summarizer over N
// articles.
type SummaryScores struct {
	N                 int
	R1, R2, RL, RLsum float64
}

// summItem is one line of a summarization evaluation file.
type summItem struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Reference string `json:"reference"`
}

// Summaries reads JSONL objects {"id","text","reference"} from r,
// summarizes each text with summarizer, joins the summary's sentences with newlines and
// scores it against the reference with Rouge. It returns the mean F1 ×100.
// For ROUGE-Lsum the reference is split into sentences with the LEAD-3
// splitter (see Lead3), since references are stored on one line.
func Summaries(r io.Reader, summarizer func(text string) []string) (SummaryScores, error) {
	dec := json.NewDecoder(r)
	var ev SummaryScores
	for {
		var it summItem
		err := dec.Decode(&it)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return SummaryScores{}, fmt.Errorf("eval: summaries item %d: %w", ev.N+1, err)
		}
		ref := strings.Join(summarize.Lead(it.Reference, -1), "\n")
		sc := Rouge(ref, strings.Join(summarizer(it.Text), "\n"))
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

// Lead3 is the LEAD-3 baseline: the first three sentences of text, split
// by summarize.Lead.
func Lead3(text string) []string {
	return summarize.Lead(text, 3)
}
