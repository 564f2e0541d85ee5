package summarize_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/summarize"
)

// observed records what an LLMObserver is told.
type observed struct {
	mu    sync.Mutex
	calls []observedCall
}

type observedCall struct {
	elapsed time.Duration
	tokens  int
	err     error
}

func (o *observed) ObserveLLM(elapsed time.Duration, tokens int, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls = append(o.calls, observedCall{elapsed, tokens, err})
}

var _ summarize.LLMObserver = (*observed)(nil)

// TestLLMObserver checks that the observer hears of each Complete call
// once, retries included, with its tokens or its error.
func TestLLMObserver(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		switch n {
		case 0:
			replyError(w, http.StatusInternalServerError, "try again")
		case 1:
			replyJSON(w, "The bridge reopened [1].", 120)
		default:
			replyError(w, http.StatusBadRequest, "context too long")
		}
	})
	obs := &observed{}
	l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.Observer = obs; c.MaxRetries = 1 })
	if _, _, err := l.Complete(context.Background(), testMsgs, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Complete(context.Background(), testMsgs, nil); err == nil {
		t.Fatal("the 400 did not fail")
	}
	if len(obs.calls) != 2 {
		t.Fatalf("observer told of %d calls, want 2", len(obs.calls))
	}
	if c := obs.calls[0]; c.tokens != 120 || c.err != nil || c.elapsed <= 0 {
		t.Errorf("first call observed as %+v; want 120 tokens, no error, a duration", c)
	}
	if c := obs.calls[1]; c.tokens != 0 || c.err == nil {
		t.Errorf("second call observed as %+v; want 0 tokens and the error", c)
	}
}
