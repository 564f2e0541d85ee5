package summarize_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/newsbot/newsbot/summarize"
)

// A model that never answers, with a retry budget (4 attempts of a
// minute) far beyond the caller's deadline, still leaves time for the
// extractive answer: the model call ends before the deadline.
func TestAskHungModelLeavesTimeForTheExtractiveAnswer(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		<-r.Context().Done()
	})
	l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.Timeout = time.Minute; c.MaxRetries = 3 })
	svc := newService(t, searchReturning(bridgeHits()...), nil, l, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, stream := range []bool{false, true} {
		req := summarize.AskRequest{Question: bridgeQ}
		if stream {
			req.OnDelta = func(string) {}
		}
		a, err := svc.Ask(ctx, req)
		if err != nil {
			t.Fatalf("stream %v: Ask: %v", stream, err)
		}
		if ctx.Err() != nil {
			t.Fatalf("stream %v: the answer came after the caller's deadline", stream)
		}
		want := "The language model is unavailable (timed out); this answer was extracted from the sources."
		if a.Engine != summarize.EngineExtractive || a.Notice != want {
			t.Errorf("stream %v: engine %q notice %q, want the extractive answer with %q", stream, a.Engine, a.Notice, want)
		}
		checkExtractiveAnswer(t, a, bridgeHits())
	}
}
