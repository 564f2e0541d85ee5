package bot_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// fakeService is a hand-written bot.Service: each method calls its
// function field, failing when it is nil.
type fakeService struct {
	AskFn       func(context.Context, summarize.AskRequest) (summarize.Answer, error)
	SummarizeFn func(context.Context, summarize.SummaryRequest) (summarize.Answer, error)
	DigestFn    func(context.Context, summarize.DigestRequest) (summarize.Digest, error)
	SearchFn    func(context.Context, retrieval.Query) (retrieval.Results, error)
	// ModelName is what Model returns: "" for the offline engine only.
	ModelName string
	StoriesFn func(context.Context, summarize.StoriesRequest) ([]summarize.StoryGroup, error)
	StoryFn   func(context.Context, summarize.StoryGroup, time.Time, bool) (summarize.Story, error)
}

var _ bot.Service = (*fakeService)(nil)

var errNotWired = errors.New("fake: not wired")

func (f *fakeService) Ask(ctx context.Context, r summarize.AskRequest) (summarize.Answer, error) {
	if f.AskFn == nil {
		return summarize.Answer{}, errNotWired
	}
	return f.AskFn(ctx, r)
}

func (f *fakeService) Summarize(ctx context.Context, r summarize.SummaryRequest) (summarize.Answer, error) {
	if f.SummarizeFn == nil {
		return summarize.Answer{}, errNotWired
	}
	return f.SummarizeFn(ctx, r)
}

func (f *fakeService) Digest(ctx context.Context, r summarize.DigestRequest) (summarize.Digest, error) {
	if f.DigestFn == nil {
		return summarize.Digest{}, errNotWired
	}
	return f.DigestFn(ctx, r)
}

func (f *fakeService) Search(ctx context.Context, q retrieval.Query) (retrieval.Results, error) {
	if f.SearchFn == nil {
		return retrieval.Results{}, errNotWired
	}
	return f.SearchFn(ctx, q)
}

func (f *fakeService) Model() string { return f.ModelName }

// Stories finds no stories unless StoriesFn is set, so that the alert
// loop of a bot over a fakeService is quiet.
func (f *fakeService) Stories(ctx context.Context, r summarize.StoriesRequest) ([]summarize.StoryGroup, error) {
	if f.StoriesFn == nil {
		return nil, nil
	}
	return f.StoriesFn(ctx, r)
}

func (f *fakeService) StorySummary(ctx context.Context, g summarize.StoryGroup, until time.Time, extractive bool) (summarize.Story, error) {
	if f.StoryFn == nil {
		return summarize.Story{}, errNotWired
	}
	return f.StoryFn(ctx, g, until, extractive)
}

// fakePoster records what the scheduler posts; PostErr, when set, fails
// every post.
type fakePoster struct {
	mu      sync.Mutex
	PostErr error
	posts   []post
	dms     []post
}

type post struct {
	to, key string
	reply   bot.Reply
	text    string
}

func (p *fakePoster) Post(_ context.Context, channelID, key string, r bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.PostErr != nil {
		return p.PostErr
	}
	p.posts = append(p.posts, post{to: channelID, key: key, reply: r})
	return nil
}

func (p *fakePoster) DirectMessage(_ context.Context, userID, text string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dms = append(p.dms, post{to: userID, text: text})
	return nil
}

func (p *fakePoster) counts() (posts, dms int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.posts), len(p.dms)
}

// openStore opens a fresh store in a temporary directory.
func openStore(tb testing.TB) *data.Store {
	tb.Helper()
	st, err := data.OpenStore(context.Background(), filepath.Join(tb.TempDir(), "newsbot.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// clock is an injected clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// oneStoryDigest returns a digest service that has one story whenever the
// window is not empty.
func oneStoryDigest(calls *int, mu *sync.Mutex) func(context.Context, summarize.DigestRequest) (summarize.Digest, error) {
	return func(_ context.Context, r summarize.DigestRequest) (summarize.Digest, error) {
		mu.Lock()
		*calls++
		mu.Unlock()
		return summarize.Digest{Since: r.Since, Until: r.Until, Stories: []summarize.Story{{
			Headline:   "Rail bill passes",
			Summary:    summarize.Answer{Text: "The rail bill passed [1].", Citations: []summarize.Citation{{N: 1, ArticleID: "u1", URL: "https://x.example/1", Title: "Rail bill passes", Source: "Metro Wire"}}},
			ArticleIDs: []string{"u1"},
		}}}, nil
	}
}
