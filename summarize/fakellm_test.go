package summarize_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/summarize"
)

// chatRequest is the part of a chat-completion request the tests inspect.
type chatRequest struct {
	Model       string   `json:"model"`
	Temperature *float64 `json:"temperature"`
	MaxTokens   int      `json:"max_tokens"`
	Stream      bool     `json:"stream"`
	Messages    []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
	Auth string `json:"-"`
}

// fakeLLM is an OpenAI-compatible server on loopback. Its handler gets each
// decoded request and its index from 0.
type fakeLLM struct {
	*httptest.Server
	mu       sync.Mutex
	requests []chatRequest
}

// newFakeLLM starts a fake server whose /v1/chat/completions is answered by
// h; it closes when the test ends.
func newFakeLLM(tb testing.TB, h func(w http.ResponseWriter, r *http.Request, req chatRequest, n int)) *fakeLLM {
	tb.Helper()
	f := &fakeLLM{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var req chatRequest
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, "bad json: "+err.Error(), http.StatusBadRequest)
			return
		}
		req.Auth = r.Header.Get("Authorization")
		f.mu.Lock()
		n := len(f.requests)
		f.requests = append(f.requests, req)
		f.mu.Unlock()
		h(w, r, req, n)
	})
	f.Server = httptest.NewServer(mux)
	tb.Cleanup(f.Close)
	return f
}

// count returns how many chat requests the server got.
func (f *fakeLLM) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// request returns the n-th request.
func (f *fakeLLM) request(tb testing.TB, n int) chatRequest {
	tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if n >= len(f.requests) {
		tb.Fatalf("server got %d requests, want request %d", len(f.requests), n)
	}
	return f.requests[n]
}

// replyJSON writes a plain chat completion with text and total tokens.
func replyJSON(w http.ResponseWriter, text string, tokens int) {
	w.Header().Set("Content-Type", "application/json")
	resp := map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": "test-model",
		"choices": []any{map[string]any{
			"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": text},
		}},
		"usage": map[string]any{"prompt_tokens": tokens - 10, "completion_tokens": 10, "total_tokens": tokens},
	}
	_ = json.NewEncoder(w).Encode(resp)
}

// replySSE streams pieces as server-sent events, then a usage chunk with
// tokens (if > 0) and [DONE].
func replySSE(w http.ResponseWriter, pieces []string, tokens int) {
	w.Header().Set("Content-Type", "text/event-stream")
	fl, _ := w.(http.Flusher)
	for _, p := range pieces {
		chunk := map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1, "model": "test-model",
			"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": p}}},
		}
		b, _ := json.Marshal(chunk)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if fl != nil {
			fl.Flush()
		}
	}
	if tokens > 0 {
		b, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1, "model": "test-model",
			"choices": []any{}, "usage": map[string]any{"prompt_tokens": tokens - 5, "completion_tokens": 5, "total_tokens": tokens},
		})
		fmt.Fprintf(w, "data: %s\n\n", b)
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
}

// replyError writes an OpenAI-style error.
func replyError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": "test_error"}})
}

// sleepRecorder is an injected Sleep that returns at once and records the
// waits asked for.
type sleepRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// newTestLLM returns a client of f with a recorded, instant Sleep and
// deterministic jitter; mod may change the config.
func newTestLLM(tb testing.TB, f *fakeLLM, mod func(*summarize.LLMConfig)) (*summarize.LLM, *sleepRecorder) {
	tb.Helper()
	rec := &sleepRecorder{}
	c := summarize.LLMConfig{
		APIKey:  "sk-test-secret-key",
		BaseURL: f.URL + "/v1",
		Model:   "test-model",
		Timeout: 5 * time.Second,
		Sleep:   rec.sleep,
		Rand:    func() float64 { return 0.5 },
	}
	if mod != nil {
		mod(&c)
	}
	l, err := summarize.NewLLM(c)
	if err != nil {
		tb.Fatalf("NewLLM: %v", err)
	}
	return l, rec
}

// userPrompt returns the content of a request's user message.
func userPrompt(req chatRequest) string {
	var b strings.Builder
	for _, m := range req.Messages {
		if m.Role == "user" {
			b.WriteString(m.Content)
		}
	}
	return b.String()
}
