package summarize_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

const bridgeQ = "When did the Harbor Bridge reopen after the repairs?"

// bridgeHits are four sources: three on the bridge, one on the election.
func bridgeHits() []data.Article {
	a := corpus()
	return []data.Article{a[0], a[1], a[2], a[3]}
}

func TestAskLLM(t *testing.T) {
	tests := []struct {
		name      string
		reply     string
		wantText  string
		wantCites []int // indexes into bridgeHits
	}{
		{
			name:      "valid citations are kept",
			reply:     "The Harbor Bridge reopened to traffic on Friday evening after six weeks of repairs [1]. Commuters said their trips were 20 minutes shorter [2].",
			wantText:  "The Harbor Bridge reopened to traffic on Friday evening after six weeks of repairs [1]. Commuters said their trips were 20 minutes shorter [2].",
			wantCites: []int{0, 1},
		},
		{
			name:      "a citation of source 7 of 4 is removed",
			reply:     "The Harbor Bridge reopened to traffic on Friday evening after six weeks of repairs [7][1].",
			wantText:  "The Harbor Bridge reopened to traffic on Friday evening after six weeks of repairs [1].",
			wantCites: []int{0},
		},
		{
			name:      "renumbered in order of use",
			reply:     "Bus operators restored three routes across the river [3]. The repair work cost $4.2 million [1].",
			wantText:  "Bus operators restored three routes across the river [1]. The repair work cost $4.2 million [2].",
			wantCites: []int{2, 0},
		},
		{
			name:      "no citations: supported sentences are attributed, the rest removed",
			reply:     "The Harbor Bridge reopened to traffic on Friday evening after six weeks of repairs. The governor called it a triumph of engineering and announced new funding.",
			wantText:  "The Harbor Bridge reopened to traffic on Friday evening after six weeks of repairs [1].",
			wantCites: []int{0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyJSON(w, tc.reply, 321)
			})
			l, _ := newTestLLM(t, f, nil)
			fs := searchReturning(bridgeHits()...)
			svc := newService(t, fs, nil, l, nil)
			a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: bridgeQ, FeedIDs: []int64{1, 2}, Scoped: true})
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if a.Text != tc.wantText {
				t.Errorf("text\n got %q\nwant %q", a.Text, tc.wantText)
			}
			hits := bridgeHits()
			if len(a.Citations) != len(tc.wantCites) {
				t.Fatalf("citations %+v, want %d", a.Citations, len(tc.wantCites))
			}
			for i, idx := range tc.wantCites {
				if a.Citations[i].ArticleID != hits[idx].ID || a.Citations[i].N != i+1 || a.Citations[i].URL != hits[idx].URL {
					t.Errorf("citation %d = %+v, want article %s", i, a.Citations[i], hits[idx].ID)
				}
			}
			if a.Engine != summarize.EngineLLM || a.Model != "test-model" || a.TokensUsed != 321 || a.Searched != 42 || a.Notice != "" || a.NotCovered {
				t.Errorf("answer meta = engine %q model %q tokens %d searched %d notice %q notcovered %v",
					a.Engine, a.Model, a.TokensUsed, a.Searched, a.Notice, a.NotCovered)
			}
			q := fs.lastQuery(t)
			if q.Text != bridgeQ || q.K != 8 || !q.AsOf.Equal(svcNow) || !q.Scoped || !slices.Equal(q.FeedIDs, []int64{1, 2}) {
				t.Errorf("query = %+v", q)
			}
			user := userPrompt(f.request(t, 0))
			if !strings.Contains(user, bridgeQ) || !strings.Contains(user, `<source n="4" outlet="Ledger"`) ||
				!strings.Contains(user, "Turnout was 61 percent") {
				t.Errorf("prompt lacks the question or the sources:\n%s", user)
			}
		})
	}
}

func TestAskStreams(t *testing.T) {
	pieces := []string{"The Harbor Bridge reopened ", "to traffic on Friday evening ", "after six weeks of repairs [1]."}
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replySSE(w, pieces, 99)
	})
	l, _ := newTestLLM(t, f, nil)
	svc := newService(t, searchReturning(bridgeHits()...), nil, l, nil)
	var partials []string
	a, err := svc.Ask(context.Background(), summarize.AskRequest{
		Question: bridgeQ,
		OnDelta:  func(p string) { partials = append(partials, p) },
	})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if len(partials) != len(pieces) {
		t.Fatalf("OnDelta called %d times, want %d: %q", len(partials), len(pieces), partials)
	}
	for i := 1; i < len(partials); i++ {
		if !strings.HasPrefix(partials[i], partials[i-1]) || len(partials[i]) <= len(partials[i-1]) {
			t.Errorf("partial %q does not grow from %q", partials[i], partials[i-1])
		}
	}
	if partials[len(partials)-1] != strings.Join(pieces, "") {
		t.Errorf("last partial %q, want the whole reply", partials[len(partials)-1])
	}
	if a.Text != strings.Join(pieces, "") || a.Engine != summarize.EngineLLM || a.TokensUsed != 99 || !f.request(t, 0).Stream {
		t.Errorf("answer = %+v", a)
	}
}

func TestAskFallsBackToExtractive(t *testing.T) {
	tests := []struct {
		name       string
		handler    func(w http.ResponseWriter, r *http.Request, req chatRequest, n int)
		mod        func(*summarize.LLMConfig)
		wantReason string
		wantReqs   int
	}{
		{
			name: "repeated 500s",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyError(w, http.StatusInternalServerError, "boom")
			},
			mod:        func(c *summarize.LLMConfig) { c.MaxRetries = 2 },
			wantReason: "(server error 500)", wantReqs: 3,
		},
		{
			name: "a hanging server",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				<-r.Context().Done()
			},
			mod:        func(c *summarize.LLMConfig) { c.MaxRetries = 1; c.Timeout = 100 * time.Millisecond },
			wantReason: "(timed out)", wantReqs: 2,
		},
		{
			name: "malformed JSON",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"id": "x", "choices": [`))
			},
			wantReason: "(bad response)", wantReqs: 1,
		},
		{
			name: "rate limited",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				w.Header().Set("Retry-After", "1")
				replyError(w, http.StatusTooManyRequests, "slow down")
			},
			mod:        func(c *summarize.LLMConfig) { c.MaxRetries = 1 },
			wantReason: "(rate limited)", wantReqs: 2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeLLM(t, tc.handler)
			l, _ := newTestLLM(t, f, tc.mod)
			svc := newService(t, searchReturning(bridgeHits()...), nil, l, nil)
			a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: bridgeQ})
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if a.Engine != summarize.EngineExtractive || a.Model != "" || a.TokensUsed != 0 {
				t.Errorf("engine %q model %q tokens %d, want extractive", a.Engine, a.Model, a.TokensUsed)
			}
			want := "The language model is unavailable " + tc.wantReason + "; this answer was extracted from the sources."
			if a.Notice != want {
				t.Errorf("notice %q, want %q", a.Notice, want)
			}
			checkExtractiveAnswer(t, a, bridgeHits())
			if f.count() != tc.wantReqs {
				t.Errorf("requests = %d, want %d", f.count(), tc.wantReqs)
			}
		})
	}
}

// checkExtractiveAnswer asserts that a is a cited answer whose sentences
// are copied from the cited articles.
func checkExtractiveAnswer(t *testing.T, a summarize.Answer, arts []data.Article) {
	t.Helper()
	if a.Text == "" || len(a.Citations) == 0 || a.NotCovered {
		t.Fatalf("answer %+v, want cited text", a)
	}
	texts := map[string]string{}
	for _, art := range arts {
		texts[art.ID] = strings.Join(strings.Fields(art.Text), " ")
	}
	for _, c := range a.Citations {
		if !strings.Contains(texts[c.ArticleID], c.Quote) {
			t.Errorf("quote %q is not from article %s", c.Quote, c.ArticleID)
		}
	}
	if !strings.Contains(a.Text, "[1]") || !strings.Contains(a.Text, "Harbor Bridge") {
		t.Errorf("extractive answer %q lacks [1] or the bridge", a.Text)
	}
}

func TestAskWithoutLLM(t *testing.T) {
	svc := newService(t, searchReturning(bridgeHits()...), nil, nil, nil)
	a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: bridgeQ})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if a.Engine != summarize.EngineExtractive || a.Notice != "" || a.Searched != 42 {
		t.Errorf("answer meta %+v", a)
	}
	checkExtractiveAnswer(t, a, bridgeHits())
	for i := range a.Citations {
		if !strings.Contains(a.Text, "["+string(rune('1'+i))+"]") {
			t.Errorf("citation %d not used in %q", i+1, a.Text)
		}
	}
}

func TestAskExtractiveForcedMakesNoCall(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replyJSON(w, "should not be asked", 10)
	})
	l, _ := newTestLLM(t, f, nil)
	svc := newService(t, searchReturning(bridgeHits()...), nil, l, nil)
	a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: bridgeQ, Extractive: true})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if f.count() != 0 || a.Engine != summarize.EngineExtractive {
		t.Errorf("requests %d engine %q; want no model call", f.count(), a.Engine)
	}
	checkExtractiveAnswer(t, a, bridgeHits())
}

func TestAskNotCoveredMakesNoModelCall(t *testing.T) {
	arts := corpus()
	tests := []struct {
		name          string
		search        *fakeSearcher
		question      string
		wantHeadlines []string
	}{
		{"no hits", searchReturning(), "Who won the football cup final?", nil},
		{"only unrelated hits", searchReturning(arts[5], arts[3]), "Who won the football cup final in Madrid?",
			[]string{arts[5].Title, arts[3].Title}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyJSON(w, "Real Madrid won [1].", 10)
			})
			l, _ := newTestLLM(t, f, nil)
			svc := newService(t, tc.search, nil, l, nil)
			a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: tc.question})
			if err != nil {
				t.Fatalf("Ask: %v", err)
			}
			if f.count() != 0 {
				t.Errorf("the model got %d requests, want 0", f.count())
			}
			if !a.NotCovered || !strings.HasPrefix(a.Text, "The indexed news doesn't cover this.") || len(a.Citations) != 0 {
				t.Errorf("answer %+v, want not covered", a)
			}
			var got []string
			for _, h := range a.Headlines {
				got = append(got, h.Title)
				if !strings.Contains(a.Text, h.Title) {
					t.Errorf("text %q does not name headline %q", a.Text, h.Title)
				}
			}
			if !slices.Equal(got, tc.wantHeadlines) {
				t.Errorf("headlines %q, want %q", got, tc.wantHeadlines)
			}
		})
	}
}

func TestAskModelAnswerUnsupportedFallsBack(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replyJSON(w, "Aliens closed the bridge for a secret ceremony [1]. The president attended in person [2].", 50)
	})
	l, _ := newTestLLM(t, f, nil)
	svc := newService(t, searchReturning(bridgeHits()...), nil, l, nil)
	a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: bridgeQ})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if a.Engine != summarize.EngineExtractive || !strings.Contains(a.Notice, "could not be checked against the sources") {
		t.Errorf("engine %q notice %q; want an extractive fallback", a.Engine, a.Notice)
	}
	if strings.Contains(a.Text, "Aliens") {
		t.Errorf("unsupported text survived: %q", a.Text)
	}
	checkExtractiveAnswer(t, a, bridgeHits())
}

func TestAskSendsHistory(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replyJSON(w, "The city said the repair work cost $4.2 million [1].", 10)
	})
	l, _ := newTestLLM(t, f, nil)
	svc := newService(t, searchReturning(bridgeHits()...), nil, l, nil)
	_, err := svc.Ask(context.Background(), summarize.AskRequest{
		Question: "How much did the bridge repair cost?",
		History:  []summarize.Turn{{Question: "Did the Harbor Bridge reopen?", Answer: "Yes, on Friday [1]."}},
	})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	user := userPrompt(f.request(t, 0))
	if !strings.Contains(user, "Q: Did the Harbor Bridge reopen?") || !strings.Contains(user, "A: Yes, on Friday.") {
		t.Errorf("history missing from prompt:\n%s", user)
	}
}

func TestAskErrors(t *testing.T) {
	failing := &fakeSearcher{search: func(ctx context.Context, q retrieval.Query) (retrieval.Results, error) {
		return retrieval.Results{}, errors.New("index closed")
	}}
	svc := newService(t, failing, nil, nil, nil)
	if _, err := svc.Ask(context.Background(), summarize.AskRequest{Question: bridgeQ}); err == nil || !strings.HasPrefix(err.Error(), "summarize: ask: ") {
		t.Errorf("search failure: err = %v", err)
	}
	if _, err := svc.Ask(context.Background(), summarize.AskRequest{Question: "  "}); err == nil {
		t.Error("empty question accepted")
	}

	ctx, cancel := context.WithCancel(context.Background())
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		// The user gives up once the request has reached the server.
		cancel()
		<-r.Context().Done()
	})
	l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.Timeout = 10 * time.Second })
	svc = newService(t, searchReturning(bridgeHits()...), nil, l, nil)
	if _, err := svc.Ask(ctx, summarize.AskRequest{Question: bridgeQ}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ask: err = %v, want context.Canceled and no fallback", err)
	}
}

func TestAskHidesThinking(t *testing.T) {
	pieces := []string{"<think>The user asks about", " the bridge.</think>", "\nThe Harbor Bridge reopened ", "to traffic on Friday evening [1]."}
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replySSE(w, pieces, 40)
	})
	l, _ := newTestLLM(t, f, nil)
	svc := newService(t, searchReturning(bridgeHits()...), nil, l, nil)
	var partials []string
	a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: bridgeQ, OnDelta: func(p string) { partials = append(partials, p) }})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	want := []string{"The Harbor Bridge reopened ", "The Harbor Bridge reopened to traffic on Friday evening [1]."}
	if !slices.Equal(partials, want) {
		t.Errorf("partials %q, want %q", partials, want)
	}
	if a.Text != "The Harbor Bridge reopened to traffic on Friday evening [1]." || a.Engine != summarize.EngineLLM {
		t.Errorf("answer %q engine %q", a.Text, a.Engine)
	}
}

// TestAskVagueWord checks that one common word is not answered with
// whatever shares it, while one name is searched as a subject.
func TestAskVagueWord(t *testing.T) {
	svc := newService(t, searchReturning(bridgeHits()...), nil, nil, nil)
	for _, tc := range []struct {
		q        string
		covered  bool
		wantText string
	}{
		{"reopen", false, "too short to answer"},
		{"Harbor Bridge", true, "Harbor Bridge"},
	} {
		a, err := svc.Ask(context.Background(), summarize.AskRequest{Question: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		if a.NotCovered == tc.covered || !strings.Contains(a.Text, tc.wantText) {
			t.Errorf("%q: not covered %v, text %q; want covered %v and %q", tc.q, a.NotCovered, a.Text, tc.covered, tc.wantText)
		}
		if !tc.covered && len(a.Citations) != 0 {
			t.Errorf("%q: a vague question cites %+v", tc.q, a.Citations)
		}
	}
}

// TestClaimsEndWithAStop checks that an extractive answer never runs one
// claim into the next: a claim without a final stop gets one.
func TestClaimsEndWithAStop(t *testing.T) {
	got := summarize.ClaimsText([]summarize.Claim{
		{Sentence: "Ivy League schools have similar programs", N: 1},
		{Sentence: "The initiative starts in June.", N: 2},
		{Sentence: "“We are ready,” the dean said’", N: 2},
	})
	want := "Ivy League schools have similar programs [1]. The initiative starts in June [2]. “We are ready,” the dean said’ [2]"
	if got != want {
		t.Errorf("claims text\n got %q\nwant %q", got, want)
	}
}
