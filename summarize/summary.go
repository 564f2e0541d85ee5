package summarize

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// SummaryRequest asks for a summary of one article (by ArticleID, by URL,
// or given as Title and Text, such as a file's content) or, when none of
// those is set, of what the news says about Topic in a time window.
type SummaryRequest struct {
	ArticleID, URL string
	// Title and Text are an article given directly.
	Title, Text string
	// Topic is summarised across outlets when no article is given.
	Topic string
	// Since, Until and AsOf bound a topic summary's window.
	Since, Until, AsOf time.Time
	// FeedIDs and Scoped limit what is summarised to a server's feeds.
	FeedIDs []int64
	Scoped  bool
	// Sentences is the summary's length (default 3).
	Sentences int
	// Extractive forces the offline engine.
	Extractive bool
	// OnDelta, if not nil, gets the accumulated raw text while the LLM
	// streams.
	OnDelta func(string)
}

// ErrNothingToSummarize is returned for a SummaryRequest that names no
// article and no topic.
var ErrNothingToSummarize = errors.New("summarize: nothing to summarise: give an article ID, a URL, text or a topic")

// Summarize summarises one article or a topic, with citations. An article
// by URL is looked up in the store first and otherwise fetched with
// LoadPage. A topic that the news in scope does not cover gives an Answer
// with NotCovered set, without calling a model.
func (s *Service) Summarize(ctx context.Context, r SummaryRequest) (Answer, error) {
	n := r.Sentences
	if n <= 0 {
		n = defaultSentences
	}
	asOf := r.AsOf
	if asOf.IsZero() {
		asOf = s.now()
	}
	switch {
	case r.ArticleID != "" || r.URL != "" || strings.TrimSpace(r.Text) != "":
		art, err := s.article(ctx, r)
		if err != nil {
			return Answer{}, err
		}
		return s.summarizeArticle(ctx, art, n, asOf, r)
	case strings.TrimSpace(r.Topic) != "":
		return s.summarizeTopic(ctx, r, n, asOf)
	}
	return Answer{}, ErrNothingToSummarize
}

// article finds the article a request names.
func (s *Service) article(ctx context.Context, r SummaryRequest) (data.Article, error) {
	switch {
	case r.ArticleID != "":
		if s.store == nil {
			return data.Article{}, ErrNoStore
		}
		a, err := s.store.Article(ctx, r.ArticleID)
		if err != nil {
			return data.Article{}, fmt.Errorf("summarize: article %s: %w", r.ArticleID, err)
		}
		if !inScope(a.FeedID, r.FeedIDs, r.Scoped) {
			// Another server's article is, for this one, not there at all.
			return data.Article{}, fmt.Errorf("summarize: article %s is not in this server's feeds: %w", r.ArticleID, data.ErrNotFound)
		}
		return a, nil
	case r.URL != "":
		if s.store != nil {
			a, err := s.store.ArticleByURL(ctx, r.URL)
			if err == nil && inScope(a.FeedID, r.FeedIDs, r.Scoped) && !a.ExcerptOnly {
				return a, nil
			}
			if ctx.Err() != nil {
				return data.Article{}, fmt.Errorf("summarize: article by URL: %w", ctx.Err())
			}
		}
		if s.loadPage == nil {
			return data.Article{}, fmt.Errorf("summarize: %s is not in scope and pages cannot be fetched: %w", r.URL, data.ErrNotFound)
		}
		a, err := s.loadPage(ctx, r.URL)
		if err != nil {
			return data.Article{}, fmt.Errorf("summarize: load page: %w", err)
		}
		return a, nil
	}
	a := data.Article{Title: r.Title, Text: r.Text}
	a.Normalize()
	return a, nil
}

// summarizeArticle summarises one article in n sentences, citing it as [1].
func (s *Service) summarizeArticle(ctx context.Context, art data.Article, n int, asOf time.Time, r SummaryRequest) (Answer, error) {
	if strings.TrimSpace(art.Text) == "" {
		return Answer{}, fmt.Errorf("summarize: article %q has no text", art.Title)
	}
	src := Source{
		N: 1, ArticleID: art.ID, URL: art.URL, Title: art.Title, Outlet: art.Source, Published: art.Published,
		Text: paragraphs(art.Text),
	}
	sources := FitSources([]Source{src}, s.budget)
	var notice string
	if s.llm != nil && !r.Extractive {
		a, err := s.generate(ctx, ArticleSummaryPrompt(sources, n, asOf), sources, r.OnDelta)
		if err == nil {
			a.Searched = 1
			return a, nil
		}
		if ctx.Err() != nil {
			return Answer{}, fmt.Errorf("summarize: article summary: %w", ctx.Err())
		}
		s.log.WarnContext(ctx, "summarize: article summary: llm failed; summarising extractively", "err", err)
		notice = fallbackNotice(err)
	}
	// The extractive engine reads the whole article, not the budgeted cut.
	sents := s.ex.Summarize(art.Title, art.Text, n)
	claims := make([]Claim, len(sents))
	for i, t := range sents {
		claims[i] = Claim{Sentence: t, N: 1}
	}
	src.Text = art.Text
	a := s.extractiveAnswer(claims, []Source{src})
	a.Notice = notice
	a.Searched = 1
	return a, nil
}

// summarizeTopic summarises what the news in a window says about a topic.
func (s *Service) summarizeTopic(ctx context.Context, r SummaryRequest, n int, asOf time.Time) (Answer, error) {
	topic := strings.TrimSpace(r.Topic)
	res, err := s.search.Search(ctx, retrieval.Query{
		Text: topic, K: askK, AsOf: asOf, Since: r.Since, Until: r.Until, FeedIDs: r.FeedIDs, Scoped: r.Scoped,
	})
	if err != nil {
		return Answer{}, fmt.Errorf("summarize: topic summary: %w", err)
	}
	sources := FitSources(sourcesFromHits(res, parseQuestion(topic).thing), s.budget)
	if len(sources) == 0 || relevance(topic, res.Hits) < s.minRel {
		return notCovered(res.Hits, res.Searched), nil
	}
	return s.write(ctx, "topic summary", writeJob{
		llm:      s.llm != nil && !r.Extractive,
		prompt:   func() []Message { return TopicSummaryPrompt(topic, sources, n, asOf) },
		extract:  func() []Claim { return s.ex.SummarizeSources(topic, sources, n) },
		sources:  sources,
		onDelta:  r.OnDelta,
		hits:     res.Hits,
		searched: res.Searched,
	})
}

// paragraphs separates an article's paragraphs by blank lines so that
// FitSources can drop the last ones past the budget.
func paragraphs(text string) string {
	var ps []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			ps = append(ps, p)
		}
	}
	return strings.Join(ps, "\n\n")
}
