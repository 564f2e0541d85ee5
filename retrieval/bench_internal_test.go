package retrieval

import (
	"context"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/eval/synth"
)

// BenchmarkSearch measures a warm search on an index of 5,000 synthetic
// articles (about 25,000 passages).
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	ix, st := openTestIndex(b)
	now := time.Now()
	gen := synth.New(1, nil, now, Sentences)
	var questions []string
	for range 5 {
		batch := make([]data.Article, 1000)
		for i := range batch {
			batch[i] = gen.Article()
			if i%50 == 0 {
				questions = append(questions, gen.Question(batch[i]))
			}
		}
		storeAndIndex(b, ix, st, batch)
	}
	for _, q := range questions {
		if _, err := ix.Search(ctx, Query{Text: q, AsOf: now}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		res, err := ix.Search(ctx, Query{Text: questions[i%len(questions)], AsOf: now})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Hits) == 0 {
			b.Fatalf("no hits for %q", questions[i%len(questions)])
		}
		i++
	}
}
