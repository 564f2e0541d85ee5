package summarize_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// storyReply answers a story prompt with its sources' first sentences,
// each cited, as a good model would.
func storyReply(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
	user := userPrompt(req)
	var parts []string
	re := regexp.MustCompile(`(?s)<source n="(\d+)"[^>]*>\n(.*?)\n</source>`)
	for _, m := range re.FindAllStringSubmatch(user, -1) {
		first := strings.SplitN(m[2], ".", 2)[0]
		parts = append(parts, first+" ["+m[1]+"].")
	}
	replyJSON(w, strings.Join(parts, " "), 100)
}

func TestDigestExtractive(t *testing.T) {
	arts := corpus()
	svc := newService(t, searchReturning(), storeOf(arts), nil, nil)
	d, err := svc.Digest(context.Background(), summarize.DigestRequest{})
	if err != nil {
		t.Fatalf("Digest: %v", err)
	}
	if !d.Until.Equal(svcNow) || !d.Since.Equal(svcNow.Add(-24*time.Hour)) || d.Engine != summarize.EngineExtractive {
		t.Errorf("digest window %v..%v engine %q", d.Since, d.Until, d.Engine)
	}
	if len(d.Stories) != 3 {
		t.Fatalf("got %d stories, want 3 (bridge, election, storm): %+v", len(d.Stories), headlines(d))
	}
	bridge := d.Stories[0]
	if !strings.Contains(bridge.Headline, "Harbor Bridge") || len(bridge.Outlets) != 3 || len(bridge.ArticleIDs) != 3 {
		t.Errorf("first story %q outlets %v ids %v, want the 3-outlet bridge story", bridge.Headline, bridge.Outlets, bridge.ArticleIDs)
	}
	for _, st := range d.Stories {
		s := st.Summary
		if s.Text == "" || len(s.Citations) == 0 || s.Engine != summarize.EngineExtractive {
			t.Errorf("story %q summary %+v, want cited text", st.Headline, s)
		}
		for _, c := range s.Citations {
			if !slices.Contains(st.ArticleIDs, c.ArticleID) {
				t.Errorf("story %q cites %s from another story", st.Headline, c.ArticleID)
			}
		}
	}
}

func headlines(d summarize.Digest) []string {
	var out []string
	for _, s := range d.Stories {
		out = append(out, s.Headline)
	}
	return out
}

func TestDigestScopeAndLimit(t *testing.T) {
	arts := corpus()
	svc := newService(t, searchReturning(), storeOf(arts), nil, nil)
	d, err := svc.Digest(context.Background(), summarize.DigestRequest{FeedIDs: []int64{1, 2}, Scoped: true})
	if err != nil {
		t.Fatalf("Digest: %v", err)
	}
	for _, st := range d.Stories {
		if strings.Contains(st.Headline, "Storm") {
			t.Errorf("story from feed 9 outside the scope: %q", st.Headline)
		}
	}
	if len(d.Stories) != 2 {
		t.Errorf("got %q, want the bridge and election stories", headlines(d))
	}
	d, err = svc.Digest(context.Background(), summarize.DigestRequest{MaxStories: 1})
	if err != nil || len(d.Stories) != 1 {
		t.Errorf("MaxStories 1: %d stories, %v", len(d.Stories), err)
	}
	d, err = svc.Digest(context.Background(), summarize.DigestRequest{Since: svcNow.Add(-12 * time.Hour), Until: svcNow.Add(-6 * time.Hour)})
	if err != nil || len(d.Stories) != 1 || !strings.Contains(d.Stories[0].Headline, "Ortiz") {
		t.Errorf("window with only the election: %q, %v", headlines(d), err)
	}
}

func TestDigestTopic(t *testing.T) {
	arts := corpus()
	fs := searchReturning(arts[0], arts[1], arts[5])
	svc := newService(t, fs, storeOf(arts), nil, nil)
	d, err := svc.Digest(context.Background(), summarize.DigestRequest{Topic: "Harbor Bridge"})
	if err != nil {
		t.Fatalf("Digest: %v", err)
	}
	// The storm article is a hit but does not mention the Harbor Bridge;
	// the third bridge article was not found.
	if len(d.Stories) != 1 || len(d.Stories[0].ArticleIDs) != 2 || d.Topic != "Harbor Bridge" {
		t.Fatalf("stories %q (%+v), want one bridge story of 2 articles", headlines(d), d.Stories)
	}
	if q := fs.lastQuery(t); q.Text != "Harbor Bridge" || !q.Since.Equal(d.Since) || !q.Until.Equal(d.Until) {
		t.Errorf("topic query %+v", q)
	}
}

func TestDigestLLM(t *testing.T) {
	arts := corpus()
	f := newFakeLLM(t, storyReply)
	l, _ := newTestLLM(t, f, nil)
	svc := newService(t, searchReturning(), storeOf(arts), l, nil)
	d, err := svc.Digest(context.Background(), summarize.DigestRequest{})
	if err != nil {
		t.Fatalf("Digest: %v", err)
	}
	if d.Engine != summarize.EngineLLM || d.Model != "test-model" || d.Notice != "" {
		t.Errorf("digest engine %q model %q notice %q", d.Engine, d.Model, d.Notice)
	}
	if f.count() != len(d.Stories) {
		t.Errorf("%d model calls for %d stories", f.count(), len(d.Stories))
	}
	bridge := d.Stories[0]
	var cited []string
	for _, c := range bridge.Summary.Citations {
		cited = append(cited, c.Source)
	}
	slices.Sort(cited)
	if !slices.Equal(cited, []string{"Courier", "Ledger", "Wire"}) || bridge.Summary.Engine != summarize.EngineLLM {
		t.Errorf("bridge summary %q cites %v, want every outlet", bridge.Summary.Text, cited)
	}
	// Each story's prompt holds only that story's articles.
	first := userPrompt(f.request(t, 0))
	if strings.Contains(first, "Ortiz") || strings.Count(first, "<source ") != 3 {
		t.Errorf("first story prompt mixes stories:\n%s", first)
	}
}

func TestDigestLLMFailureSwitchesToExtractive(t *testing.T) {
	arts := corpus()
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replyError(w, http.StatusInternalServerError, "down")
	})
	l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.MaxRetries = -1 })
	svc := newService(t, searchReturning(), storeOf(arts), l, nil)
	d, err := svc.Digest(context.Background(), summarize.DigestRequest{})
	if err != nil {
		t.Fatalf("Digest: %v", err)
	}
	if f.count() != 1 {
		t.Errorf("%d model calls, want 1: the model is not asked again after it failed", f.count())
	}
	if d.Engine != summarize.EngineExtractive || !strings.Contains(d.Notice, "The language model is unavailable (server error 500)") {
		t.Errorf("engine %q notice %q", d.Engine, d.Notice)
	}
	if len(d.Stories) != 3 {
		t.Fatalf("got %d stories, want 3", len(d.Stories))
	}
	for _, st := range d.Stories {
		if st.Summary.Text == "" || st.Summary.Engine != summarize.EngineExtractive {
			t.Errorf("story %q summary %+v", st.Headline, st.Summary)
		}
	}
}

func TestDigestErrors(t *testing.T) {
	svc := newService(t, searchReturning(), nil, nil, nil)
	if _, err := svc.Digest(context.Background(), summarize.DigestRequest{}); !errors.Is(err, summarize.ErrNoStore) {
		t.Errorf("no store: err = %v", err)
	}
	st := storeOf(nil)
	st.recent = func(ctx context.Context, since, until time.Time, limit int) ([]data.Article, error) {
		return nil, errors.New("db locked")
	}
	svc = newService(t, searchReturning(), st, nil, nil)
	if _, err := svc.Digest(context.Background(), summarize.DigestRequest{}); err == nil || !strings.HasPrefix(err.Error(), "summarize: digest: ") {
		t.Errorf("store failure: err = %v", err)
	}
	failing := &fakeSearcher{search: func(ctx context.Context, q retrieval.Query) (retrieval.Results, error) {
		return retrieval.Results{}, errors.New("index closed")
	}}
	svc = newService(t, failing, storeOf(corpus()), nil, nil)
	if _, err := svc.Digest(context.Background(), summarize.DigestRequest{Topic: "bridge"}); err == nil {
		t.Error("topic search failure ignored")
	}
}
