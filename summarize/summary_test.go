package summarize_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

func TestSummarizeArticleByID(t *testing.T) {
	arts := corpus()
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replyJSON(w, "The Harbor Bridge reopened to traffic on Friday evening [1]. The repair work cost $4.2 million [1].", 200)
	})
	l, _ := newTestLLM(t, f, nil)
	svc := newService(t, searchReturning(), storeOf(arts), l, nil)
	a, err := svc.Summarize(context.Background(), summarize.SummaryRequest{ArticleID: arts[0].ID, Sentences: 2})
	if err != nil {
		t.Fatalf("Summarize: %v", err)
	}
	if a.Engine != summarize.EngineLLM || a.TokensUsed != 200 || a.Searched != 1 {
		t.Errorf("answer meta %+v", a)
	}
	if len(a.Citations) != 1 || a.Citations[0].ArticleID != arts[0].ID || a.Citations[0].Source != "Ledger" {
		t.Errorf("citations %+v, want the article", a.Citations)
	}
	if a.Text != "The Harbor Bridge reopened to traffic on Friday evening [1]. The repair work cost $4.2 million [1]." {
		t.Errorf("text %q", a.Text)
	}
	user := userPrompt(f.request(t, 0))
	if !strings.Contains(user, "in 2 sentences") || !strings.Contains(user, "Engineers had found cracks") {
		t.Errorf("prompt lacks the length or the article:\n%s", user)
	}
}

func TestSummarizeArticleExtractive(t *testing.T) {
	arts := corpus()
	var loaded []string
	load := func(ctx context.Context, url string) (data.Article, error) {
		loaded = append(loaded, url)
		a := data.Article{URL: url, Title: "Page title", Source: "page.example",
			Text: "The museum reopened its west wing on Tuesday after a fire.\nVisitors queued for two hours to see the restored paintings.\nThe director thanked the firefighters who saved the collection."}
		a.Normalize()
		return a, nil
	}
	svc := newService(t, searchReturning(), storeOf(arts), nil, load)
	tests := []struct {
		name       string
		req        summarize.SummaryRequest
		wantLoaded int
		wantWord   string
		wantID     string
	}{
		{"by URL in the store", summarize.SummaryRequest{URL: "https://ledger.example/bridge?utm_source=x", Sentences: 2}, 0, "Harbor Bridge", arts[0].ID},
		{"by URL fetched", summarize.SummaryRequest{URL: "https://page.example/museum", Sentences: 2}, 1, "museum", ""},
		{"by text", summarize.SummaryRequest{Title: "Storm", Text: arts[5].Text, Sentences: 1}, 0, "storm warning", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			loaded = nil
			a, err := svc.Summarize(context.Background(), tc.req)
			if err != nil {
				t.Fatalf("Summarize: %v", err)
			}
			if len(loaded) != tc.wantLoaded {
				t.Errorf("pages loaded %v, want %d", loaded, tc.wantLoaded)
			}
			if a.Engine != summarize.EngineExtractive || len(a.Citations) != 1 || !strings.Contains(a.Text, tc.wantWord) {
				t.Errorf("answer %+v", a)
			}
			if tc.wantID != "" && a.Citations[0].ArticleID != tc.wantID {
				t.Errorf("cited %s, want %s", a.Citations[0].ArticleID, tc.wantID)
			}
			if n := strings.Count(a.Text, "[1]"); n < 1 || n > tc.req.Sentences {
				t.Errorf("%d cited sentences in %q, want 1..%d", n, a.Text, tc.req.Sentences)
			}
		})
	}
}

func TestSummarizeArticleErrors(t *testing.T) {
	arts := corpus()
	svc := newService(t, searchReturning(), storeOf(arts), nil, nil)
	tests := []struct {
		name string
		req  summarize.SummaryRequest
		is   error
	}{
		{"unknown ID", summarize.SummaryRequest{ArticleID: "nope"}, errNotFound},
		{"out of scope", summarize.SummaryRequest{ArticleID: arts[5].ID, FeedIDs: []int64{1, 2}, Scoped: true}, data.ErrNotFound},
		{"URL not stored and no loader", summarize.SummaryRequest{URL: "https://elsewhere.example/x"}, data.ErrNotFound},
		{"nothing", summarize.SummaryRequest{}, summarize.ErrNothingToSummarize},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Summarize(context.Background(), tc.req)
			if err == nil || !strings.HasPrefix(err.Error(), "summarize: ") {
				t.Fatalf("err = %v, want a summarize error", err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want %v", err, tc.is)
			}
		})
	}
	noStore := newService(t, searchReturning(), nil, nil, nil)
	if _, err := noStore.Summarize(context.Background(), summarize.SummaryRequest{ArticleID: "x"}); !errors.Is(err, summarize.ErrNoStore) {
		t.Errorf("no store: err = %v", err)
	}
}

func TestSummarizeArticleLLMFailure(t *testing.T) {
	arts := corpus()
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replyError(w, http.StatusServiceUnavailable, "down")
	})
	l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.MaxRetries = -1 })
	svc := newService(t, searchReturning(), storeOf(arts), l, nil)
	a, err := svc.Summarize(context.Background(), summarize.SummaryRequest{ArticleID: arts[0].ID})
	if err != nil {
		t.Fatalf("Summarize: %v", err)
	}
	if a.Engine != summarize.EngineExtractive || !strings.Contains(a.Notice, "(server error 503)") || !strings.Contains(a.Text, "[1]") {
		t.Errorf("answer %+v, want an extractive fallback", a)
	}
	if f.count() != 1 {
		t.Errorf("requests = %d, want 1 (no retries)", f.count())
	}
}

func TestSummarizeTopic(t *testing.T) {
	arts := corpus()
	since, until := svcNow.Add(-48*time.Hour), svcNow
	t.Run("llm across outlets", func(t *testing.T) {
		f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
			replyJSON(w, "The Harbor Bridge reopened to traffic on Friday after repairs [1][2]. Bus operators restored three routes across the river [3].", 300)
		})
		l, _ := newTestLLM(t, f, nil)
		fs := searchReturning(arts[0], arts[1], arts[2])
		svc := newService(t, fs, nil, l, nil)
		a, err := svc.Summarize(context.Background(), summarize.SummaryRequest{Topic: "Harbor Bridge repairs", Since: since, Until: until, FeedIDs: []int64{1}, Scoped: true})
		if err != nil {
			t.Fatalf("Summarize: %v", err)
		}
		q := fs.lastQuery(t)
		if q.Text != "Harbor Bridge repairs" || !q.Since.Equal(since) || !q.Until.Equal(until) || !q.Scoped {
			t.Errorf("query %+v", q)
		}
		outlets := map[string]bool{}
		for _, c := range a.Citations {
			outlets[c.Source] = true
		}
		if a.Engine != summarize.EngineLLM || len(outlets) != 3 || a.Searched != 42 {
			t.Errorf("answer %+v, want 3 outlets cited by the llm", a)
		}
		if !strings.Contains(userPrompt(f.request(t, 0)), "<question>\nHarbor Bridge repairs\n</question>") {
			t.Error("topic missing from the prompt")
		}
	})
	t.Run("extractive", func(t *testing.T) {
		svc := newService(t, searchReturning(arts[0], arts[1], arts[2]), nil, nil, nil)
		a, err := svc.Summarize(context.Background(), summarize.SummaryRequest{Topic: "Harbor Bridge repairs", Sentences: 2})
		if err != nil {
			t.Fatalf("Summarize: %v", err)
		}
		if a.Engine != summarize.EngineExtractive || len(a.Citations) == 0 || !strings.Contains(a.Text, "[1]") {
			t.Errorf("answer %+v", a)
		}
	})
	t.Run("not covered", func(t *testing.T) {
		f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
			replyJSON(w, "x", 1)
		})
		l, _ := newTestLLM(t, f, nil)
		svc := newService(t, searchReturning(arts[5]), nil, l, nil)
		a, err := svc.Summarize(context.Background(), summarize.SummaryRequest{Topic: "cryptocurrency regulation"})
		if err != nil {
			t.Fatalf("Summarize: %v", err)
		}
		if !a.NotCovered || f.count() != 0 {
			t.Errorf("answer %+v with %d model calls, want not covered and none", a, f.count())
		}
	})
	t.Run("search failure", func(t *testing.T) {
		failing := &fakeSearcher{search: func(ctx context.Context, q retrieval.Query) (retrieval.Results, error) {
			return retrieval.Results{}, errors.New("index closed")
		}}
		svc := newService(t, failing, nil, nil, nil)
		if _, err := svc.Summarize(context.Background(), summarize.SummaryRequest{Topic: "bridge"}); err == nil {
			t.Error("search failure ignored")
		}
	})
}
