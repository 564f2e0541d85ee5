package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/eval/synth"
	"github.com/newsbot/newsbot/retrieval"
)

// batchSize is how many articles the bench stores and indexes at a time,
// as the app's ingest and CatchUp do (see ingest.Ingester.BatchSize), and
// puts in one batch of the plain bleve index.
const batchSize = 500

// corpus is the articles of a bench, streamed in batches: walk calls yield
// with each batch, a new slice each time, from the start every time it is
// called, and stops at the first error yield returns.
type corpus struct {
	about string
	walk  func(ctx context.Context, yield func([]data.Article) error) error
}

// generated is the corpus of n articles that synth.NewNews makes from the
// sentences of source.
func generated(n int, source []data.Article, seed int64) corpus {
	opts := synth.NewsOptions{Seed: seed, Source: source, Split: retrieval.Sentences, Articles: n}
	about := fmt.Sprintf("%d articles generated (seed %d) of Zipf-distributed words", n, seed)
	if k := synth.NewNews(opts).Sentences(); k > 0 {
		about = fmt.Sprintf("%d articles generated (seed %d) from %d sentences of %d articles", n, seed, k, len(source))
	}
	return corpus{about: about, walk: func(ctx context.Context, yield func([]data.Article) error) error {
		gen := synth.NewNews(opts)
		for done := 0; done < n; {
			if err := ctx.Err(); err != nil {
				return err
			}
			b := make([]data.Article, min(batchSize, n-done))
			for i := range b {
				b[i] = gen.Article()
			}
			if err := yield(b); err != nil {
				return err
			}
			done += len(b)
		}
		return nil
	}}
}

// asIs is the corpus of the articles of the corpus file at path, as they
// are; limit, when positive, stops it after that many. Lines that cannot
// be read are left out.
func asIs(path string, limit int) corpus {
	return corpus{about: "the articles of " + path + " as they are", walk: func(ctx context.Context, yield func([]data.Article) error) error {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		var b []data.Article
		n := 0
		for a, err := range synth.ReadArticles(f) {
			if err != nil {
				continue
			}
			if limit > 0 && n == limit {
				break
			}
			n++
			if b = append(b, a); len(b) == batchSize {
				if err := yield(b); err != nil {
					return err
				}
				b = nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if len(b) > 0 {
			return yield(b)
		}
		return nil
	}}
}

// reservoir keeps a uniform sample of the dated articles with a title and
// a text that it is shown, of at most size, the same for the same seed and
// articles (Vitter's algorithm R).
type reservoir struct {
	rng  *rand.Rand
	size int
	seen int
	arts []data.Article
}

func newReservoir(size int, seed int64) *reservoir {
	return &reservoir{rng: rand.New(rand.NewPCG(uint64(seed), 0xbb67ae8584caa73b)), size: size}
}

func (r *reservoir) add(arts []data.Article) {
	for _, a := range arts {
		if a.Published.IsZero() || a.Title == "" || a.Text == "" {
			continue
		}
		r.seen++
		if len(r.arts) < r.size {
			r.arts = append(r.arts, a)
		} else if i := r.rng.IntN(r.seen); i < r.size {
			r.arts[i] = a
		}
	}
}
