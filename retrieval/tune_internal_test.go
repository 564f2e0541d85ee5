package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

// TestTuneRTQA logs the metrics of variations of the ranking weights, one
// at a time around the defaults, on rtqa-dev with one index. It is a
// development aid that runs only when RTQA_TUNE is set; keep the weights
// general (see rankParams) rather than fitted to this set.
func TestTuneRTQA(t *testing.T) {
	if os.Getenv("RTQA_TUNE") == "" {
		t.Skip("set RTQA_TUNE=1 to run")
	}
	const dir = "../../shared/eval/rtqa-dev/"
	f, err := os.Open(dir + "corpus.jsonl")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	var arts []data.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var raw struct{ URL, Title, Text, Published, Source string }
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		a := data.Article{URL: raw.URL, Title: raw.Title, Text: raw.Text, Source: raw.Source}
		a.Published, _ = time.Parse(time.DateOnly, raw.Published)
		a.Normalize()
		arts = append(arts, a)
	}
	qf, err := os.Open(dir + "queries.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer qf.Close()
	qs, err := LoadEvalQueries(qf)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ix, st := openTestIndex(t)
	storeAndIndex(t, ix, st, arts)
	base := defaultRankParams()
	vary := map[string]func(p *rankParams, v float64){
		"titleBoost":   func(p *rankParams, v float64) { p.titleBoost = v },
		"leadBoost":    func(p *rankParams, v float64) { p.leadBoost = v },
		"secondWeight": func(p *rankParams, v float64) { p.secondWeight = v },
		"halfLife":     func(p *rankParams, v float64) { p.halfLife = v },
		"floor":        func(p *rankParams, v float64) { p.floor = v },
		"diversity":    func(p *rankParams, v float64) { p.diversity = v },
	}
	values := map[string][]float64{
		"titleBoost":   {0.2, 0.3, 0.5, 0.75, 1},
		"leadBoost":    {1, 1.3, 1.6, 2},
		"secondWeight": {0, 0.25, 0.5},
		"halfLife":     {3, 7, 14, 30},
		"floor":        {0.05, 0.1, 0.2},
		"diversity":    {0, 0.15, 0.3, 0.5},
	}
	for _, name := range []string{"titleBoost", "leadBoost", "secondWeight", "halfLife", "floor", "diversity"} {
		for _, v := range values[name] {
			p := base
			vary[name](&p, v)
			ix.params = p
			m, err := Evaluate(ctx, ix, qs)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%-12s %5.2f  H@1 %.3f H@3 %.3f H@10 %.3f MRR %.3f", name, v, m.Hits1, m.Hits3, m.Hits10, m.MRR10)
		}
	}
}
