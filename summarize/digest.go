package summarize

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// Digest limits.
const (
	defaultMaxStories = 8
	defaultDigestSpan = 24 * time.Hour
	// digestScan is how many recent articles a digest considers.
	digestScan = 1000
	// digestTopicK is how many search hits a topic digest keeps.
	digestTopicK = 100
	// storyOutlets is how many outlets' articles a story summary reads.
	storyOutlets = 5
	// storyLeadRunes is how much of each article a story summary reads.
	storyLeadRunes = 1200
	// storyTokens is the evidence budget of one story.
	storyTokens    = 1500
	storySentences = 2
)

// DigestRequest asks for the news of a time window grouped into stories.
type DigestRequest struct {
	// Since and Until bound the window (default: the 24 hours before now).
	Since, Until time.Time
	// Topic, if set, keeps only articles that a search for it finds.
	Topic string
	// MaxStories caps the stories (default 8).
	MaxStories int
	// FeedIDs and Scoped limit the digest to a server's feeds.
	FeedIDs []int64
	Scoped  bool
	// Extractive forces the offline engine.
	Extractive bool
}

// Digest groups the articles of a window into stories, most important
// first, and summarises each in one or two sentences citing its outlets.
// When the LLM fails, the remaining stories are summarised extractively and
// Notice says so. It needs an ArticleStore.
func (s *Service) Digest(ctx context.Context, r DigestRequest) (Digest, error) {
	if s.store == nil {
		return Digest{}, ErrNoStore
	}
	until := r.Until
	if until.IsZero() {
		until = s.now()
	}
	since := r.Since
	if since.IsZero() {
		since = until.Add(-defaultDigestSpan)
	}
	maxStories := r.MaxStories
	if maxStories <= 0 {
		maxStories = defaultMaxStories
	}
	d := Digest{Since: since, Until: until, Topic: strings.TrimSpace(r.Topic), Engine: EngineExtractive}
	arts, err := s.digestArticles(ctx, r, since, until)
	if err != nil {
		return Digest{}, err
	}
	groups := GroupStories(arts, until)
	if len(groups) > maxStories {
		groups = groups[:maxStories]
	}

	useLLM := s.llm != nil && !r.Extractive
	usedLLM := false
	for _, g := range groups {
		st, byLLM, failed, err := s.story(ctx, g, until, useLLM)
		if err != nil {
			return Digest{}, err
		}
		if failed != nil {
			useLLM = false
			d.Notice = strings.Replace(llmNotice(failed), "this answer was", "the summaries were", 1)
		}
		usedLLM = usedLLM || byLLM
		d.Stories = append(d.Stories, st)
	}
	if usedLLM {
		d.Model = s.llm.Model()
		if useLLM {
			d.Engine = EngineLLM
		}
	}
	return d, nil
}

// digestArticles returns the articles a digest of [since, until) reads:
// the most recent digestScan, those of the request's feeds, and of those
// the ones on its topic when it has one.
func (s *Service) digestArticles(ctx context.Context, r DigestRequest, since, until time.Time) ([]data.Article, error) {
	arts, err := s.store.RecentArticles(ctx, since, until, digestScan)
	if err != nil {
		return nil, fmt.Errorf("summarize: digest: %w", err)
	}
	kept := arts[:0:0]
	for _, a := range arts {
		if inScope(a.FeedID, r.FeedIDs, r.Scoped) {
			kept = append(kept, a)
		}
	}
	if strings.TrimSpace(r.Topic) != "" {
		return s.onTopic(ctx, kept, r, since, until)
	}
	return kept, nil
}

// story summarises the story of g in storySentences sentences, with the
// model when useLLM and extractively otherwise or when the model's reply
// fails. byLLM says the model wrote it. failed is the model's error when
// the model failed as a whole and not just on this story's reply: the
// rest of the digest is then extractive too. err is ctx ending.
func (s *Service) story(ctx context.Context, g StoryGroup, until time.Time, useLLM bool) (st Story, byLLM bool, failed, err error) {
	g.Articles = newestFirst(g.Articles)
	st = Story{
		Headline: g.Articles[0].Title,
		URL:      g.Articles[0].URL,
		Outlets:  g.Outlets,
		Latest:   g.Latest,
	}
	for _, a := range g.Articles {
		st.ArticleIDs = append(st.ArticleIDs, a.ID)
	}
	sources := storySources(g, s.split)
	var sum Answer
	done := false
	if useLLM && len(sources) > 0 {
		a, genErr := s.generate(ctx, StoryPrompt(sources, until), sources, nil)
		switch {
		case genErr == nil:
			sum, done, byLLM = a, true, true
		case ctx.Err() != nil:
			return Story{}, false, nil, fmt.Errorf("summarize: digest: %w", ctx.Err())
		case errors.Is(genErr, errUnchecked):
			// Only this story's reply was bad; keep using the model.
			sum.Notice = fallbackNotice(genErr)
		default:
			s.log.WarnContext(ctx, "summarize: digest: llm failed; summarising extractively", "err", genErr)
			failed = genErr
		}
	}
	if !done {
		notice := sum.Notice
		sum = s.extractiveAnswer(s.ex.SummarizeSources(st.Headline, sources, storySentences), sources)
		sum.Notice = notice
	}
	sum.Searched = len(g.Articles)
	st.Summary = sum
	return st, byLLM, failed, nil
}

// onTopic keeps the articles that a search for the request's topic finds
// relevant enough.
func (s *Service) onTopic(ctx context.Context, arts []data.Article, r DigestRequest, since, until time.Time) ([]data.Article, error) {
	res, err := s.search.Search(ctx, retrieval.Query{
		Text: r.Topic, K: digestTopicK, AsOf: until, Since: since, Until: until, FeedIDs: r.FeedIDs, Scoped: r.Scoped,
	})
	if err != nil {
		return nil, fmt.Errorf("summarize: digest: topic search: %w", err)
	}
	ids := make(map[string]bool)
	for _, h := range res.Hits {
		if relevance(r.Topic, []retrieval.Result{h}) < s.minRel {
			continue
		}
		ids[h.ArticleID] = true
		for _, dup := range h.Duplicates {
			ids[dup] = true
		}
	}
	var out []data.Article
	for _, a := range arts {
		if ids[a.ID] {
			out = append(out, a)
		}
	}
	return out, nil
}

// storySources numbers the most representative article of each outlet of a
// story, up to storyOutlets, with the lead of its text.
func storySources(g StoryGroup, split *Splitter) []Source {
	var out []Source
	seen := make(map[string]bool)
	for _, a := range g.Articles {
		outlet := strings.ToLower(a.Source)
		if seen[outlet] || strings.TrimSpace(a.Text) == "" {
			continue
		}
		seen[outlet] = true
		out = append(out, Source{
			N: len(out) + 1, ArticleID: a.ID, URL: a.URL, Title: a.Title, Outlet: a.Source, Published: a.Published,
			Text: storyLead(split, a.Text, storyLeadRunes),
		})
		if len(out) == storyOutlets {
			break
		}
	}
	return FitSources(out, storyTokens)
}

// storyLead is the lead of text: its first whole sentences, within
// limit runes (at least one sentence), paragraphs kept apart. Whole
// sentences matter: a sentence cut short would be quoted as a claim.
func storyLead(split *Splitter, text string, limit int) string {
	var b strings.Builder
	used := 0
	for _, para := range strings.Split(paragraphs(text), "\n\n") {
		for _, sent := range split.Split(para) {
			n := utf8.RuneCountInString(sent)
			if used > 0 && used+n > limit {
				return strings.TrimSpace(b.String())
			}
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n\n") {
				b.WriteByte(' ')
			}
			b.WriteString(sent)
			used += n + 1
		}
		b.WriteString("\n\n")
	}
	return strings.TrimSpace(b.String())
}

// newestFirst orders a story's articles so that its latest development
// leads the digest item (headline and first sentence); articles known
// only by a feed excerpt go last.
func newestFirst(arts []data.Article) []data.Article {
	out := slices.Clone(arts)
	slices.SortStableFunc(out, func(a, b data.Article) int {
		if a.ExcerptOnly != b.ExcerptOnly {
			if a.ExcerptOnly {
				return 1
			}
			return -1
		}
		return b.Published.Compare(a.Published)
	})
	return out
}
