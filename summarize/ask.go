package summarize

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/newsbot/newsbot/retrieval"
)

// AskRequest is a question to answer from the indexed news.
type AskRequest struct {
	Question string
	// AsOf is the moment the question is asked (default: now); relative
	// dates in the question resolve against it.
	AsOf, Since, Until time.Time
	// Sources keeps only these outlets, as the user wrote them: "CNN" is
	// cnn.com (see data.MatchOutlets).
	Sources []string
	// FeedIDs and Scoped limit the search to a server's feeds, as in
	// retrieval.Query.
	FeedIDs []int64
	Scoped  bool
	// History holds earlier turns of the conversation, oldest first.
	History []Turn
	// Extractive forces the offline engine.
	Extractive bool
	// OnDelta, if not nil, is called with the accumulated text so far while
	// the LLM streams. The text is raw: its citations are not yet checked.
	OnDelta func(partial string)
}

// Ask answers a question with cited sources. When nothing in scope is
// relevant enough it calls no model and returns an Answer with NotCovered
// set and the closest headlines. With an LLM it streams the answer and
// checks its citations; if the LLM fails it falls back to the extractive
// engine and says so in Notice. Errors are failures of the search or a
// cancelled ctx, and an *UnknownSourceError for Sources that name no
// stored outlet.
//
// Chit-chat ("hi", "thanks") gets a short friendly reply with SmallTalk
// set and no search; a question for the news of a window that names no
// subject ("What happened yesterday?") gets the window's top stories.
func (s *Service) Ask(ctx context.Context, r AskRequest) (Answer, error) {
	question := strings.TrimSpace(r.Question)
	if question == "" {
		return Answer{}, fmt.Errorf("summarize: ask: empty question")
	}
	asOf := r.AsOf
	if asOf.IsZero() {
		asOf = s.now()
	}
	var err error
	if r.Sources, err = s.resolveSources(ctx, r.Sources); err != nil {
		return Answer{}, err
	}
	// Chit-chat and questions about a window's news go their own way.
	if a, ok, err := s.route(ctx, r, asOf); ok {
		return a, err
	}
	res, err := s.search.Search(ctx, retrieval.Query{
		Text: question, K: askK, AsOf: asOf, Since: r.Since, Until: r.Until,
		Sources: r.Sources, FeedIDs: r.FeedIDs, Scoped: r.Scoped,
	})
	if err != nil {
		return Answer{}, fmt.Errorf("summarize: ask: %w", err)
	}
	q := parseQuestion(question)
	fresh := res
	fresh.Hits = s.freshFirst(question, res, asOf)
	sources := FitSources(sourcesFromHits(fresh, q.thing), s.budget)
	if len(sources) == 0 || !s.covered(question, res, sources) {
		return notCovered(res.Hits, res.Searched), nil
	}
	if vague(q, question) {
		a := notCovered(res.Hits, res.Searched)
		a.Text = "That is too short to answer: ask a full question, such as who, what or why about a story." +
			strings.TrimPrefix(a.Text, notCoveredText)
		return a, nil
	}

	return s.write(ctx, "ask", writeJob{
		llm:      s.llm != nil && !r.Extractive,
		prompt:   func() []Message { return AnswerPrompt(question, r.History, sources, asOf) },
		extract:  func() []Claim { return s.extractAnswer(q, sources, res, asOf) },
		sources:  sources,
		onDelta:  r.OnDelta,
		hits:     res.Hits,
		searched: res.Searched,
	})
}

// extractAnswer is the extractive engine's answer to q from the sources
// found by res that are not old news (see oldNews): fresh coverage is what
// a question about the news is answered from, and an answer that only old
// news holds is none, as the news of the question's time does not cover it.
func (s *Service) extractAnswer(q question, sources []Source, res retrieval.Results, asOf time.Time) []Claim {
	fresh := slices.DeleteFunc(slices.Clone(sources), func(src Source) bool { return oldNews(src, res, asOf) })
	if len(fresh) == 0 {
		return nil
	}
	return s.ex.answer(q, fresh, answerSentences).sure()
}

// writeJob is what write needs to produce one cited answer or summary.
type writeJob struct {
	// llm says whether to ask the model first.
	llm      bool
	prompt   func() []Message
	extract  func() []Claim
	sources  []Source
	onDelta  func(string)
	hits     []retrieval.Result
	searched int
}

// write produces a cited answer from sources: by the model when j.llm,
// falling back to the extractive engine (and saying so) when the model
// fails; with the extractive engine otherwise. When the engine finds
// nothing to say, the answer is "not covered" with the closest headlines.
func (s *Service) write(ctx context.Context, what string, j writeJob) (Answer, error) {
	var notice string
	if j.llm {
		a, err := s.generate(ctx, j.prompt(), j.sources, j.onDelta)
		if err == nil {
			a.Searched = j.searched
			return a, nil
		}
		if ctx.Err() != nil {
			return Answer{}, fmt.Errorf("summarize: %s: %w", what, ctx.Err())
		}
		s.log.WarnContext(ctx, "summarize: llm failed; writing extractively", "what", what, "err", err)
		notice = fallbackNotice(err)
	}
	claims := j.extract()
	if len(claims) == 0 {
		return notCovered(j.hits, j.searched), nil
	}
	a := s.extractiveAnswer(claims, j.sources)
	a.Notice = notice
	a.Searched = j.searched
	return a, nil
}
