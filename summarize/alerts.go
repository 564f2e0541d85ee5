package summarize

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// StoriesRequest asks for the stories of a time window that an alert
// would post: grouped like a digest's, but not summarised.
type StoriesRequest struct {
	// Since and Until bound the window (default: the 24 hours before now).
	Since, Until time.Time
	// Topic, if set, keeps the stories with an article that a search for
	// it finds, as a topic digest does; each story keeps all its articles.
	Topic string
	// MinOutlets, if positive, keeps the stories covered by at least that
	// many outlets.
	MinOutlets int
	// FeedIDs and Scoped limit the stories to a server's feeds.
	FeedIDs []int64
	Scoped  bool
}

// Stories groups the articles of a window into stories, most important
// first, and keeps those that match the request's topic and number of
// outlets. It needs an ArticleStore; its errors are the store's or the
// search's, wrapped, or ctx ending.
func (s *Service) Stories(ctx context.Context, r StoriesRequest) ([]StoryGroup, error) {
	if s.store == nil {
		return nil, ErrNoStore
	}
	until := r.Until
	if until.IsZero() {
		until = s.now()
	}
	since := r.Since
	if since.IsZero() {
		since = until.Add(-defaultDigestSpan)
	}
	// The stories are grouped over all the scope's articles, so a story
	// that matches the topic comes with the outlets whose words do not.
	dr := DigestRequest{Since: since, Until: until, FeedIDs: r.FeedIDs, Scoped: r.Scoped}
	arts, err := s.digestArticles(ctx, dr, since, until)
	if err != nil {
		return nil, fmt.Errorf("summarize: stories: %w", err)
	}
	groups := GroupStories(arts, until)
	var onTopic map[string]bool
	if topic := strings.TrimSpace(r.Topic); topic != "" {
		dr.Topic = topic
		hits, err := s.onTopic(ctx, arts, dr, since, until)
		if err != nil {
			return nil, fmt.Errorf("summarize: stories: %w", err)
		}
		onTopic = make(map[string]bool, len(hits))
		for _, a := range hits {
			onTopic[a.ID] = true
		}
	}
	kept := groups[:0]
	for _, g := range groups {
		if len(g.Outlets) < r.MinOutlets {
			continue
		}
		if onTopic != nil && !anyOnTopic(g, onTopic) {
			continue
		}
		kept = append(kept, g)
	}
	return kept, nil
}

func anyOnTopic(g StoryGroup, ids map[string]bool) bool {
	for _, a := range g.Articles {
		if ids[a.ID] {
			return true
		}
	}
	return false
}

// StorySummary summarises one story as a digest does: its headline, its
// outlets and one or two sentences citing them, written by the model
// unless extractive is set or no model is configured, and extractively
// when the model fails (Summary.Notice then says so). Its error is ctx
// ending.
func (s *Service) StorySummary(ctx context.Context, g StoryGroup, until time.Time, extractive bool) (Story, error) {
	if len(g.Articles) == 0 {
		return Story{}, fmt.Errorf("summarize: story summary: %w", ErrNothingToSummarize)
	}
	if until.IsZero() {
		until = s.now()
	}
	st, byLLM, failed, err := s.story(ctx, g, until, s.llm != nil && !extractive)
	if err != nil {
		return Story{}, err
	}
	if failed != nil && st.Summary.Notice == "" {
		st.Summary.Notice = strings.Replace(llmNotice(failed), "this answer was", "the summary was", 1)
	}
	if byLLM {
		st.Summary.Model = s.llm.Model()
	}
	return st, nil
}
