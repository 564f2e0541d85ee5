package summarize

import (
	"context"
	"strings"
	"time"
)

// route answers the questions that are not a plain search for passages:
// chit-chat gets a short friendly reply (SmallTalk set) and no search; a
// question opened or closed by chit-chat ("hi, who won?") is asked
// without it; a question for the news of a window that names no subject
// ("What happened yesterday?") gets the window's top stories; and a
// question about the latest on a subject within a window that has none
// falls back to its latest coverage (see latestInWindow). ok is false for every
// other question, which Ask answers from a search.
func (s *Service) route(ctx context.Context, r AskRequest, asOf time.Time) (a Answer, ok bool, err error) {
	question := strings.TrimSpace(r.Question)
	if k := classifyTalk(question); k != talkNone {
		return smallTalk(k), true, nil
	}
	if q := stripTalk(question); q != question {
		r.Question, r.AsOf = q, asOf
		a, err := s.Ask(ctx, r)
		return a, true, err
	}
	if s.store != nil && isWindowQuestion(question, asOf) {
		a, err := s.whatHappened(ctx, r, asOf)
		return a, true, err
	}
	return s.latestInWindow(ctx, r, asOf)
}
