package summarize_test

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/summarize"
)

var testMsgs = []summarize.Message{
	{Role: "system", Content: "You answer from sources."},
	{Role: "user", Content: "What happened?"},
}

func TestLLMCompletePlain(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replyJSON(w, "The bridge reopened [1].", 120)
	})
	l, _ := newTestLLM(t, f, nil)
	text, tokens, err := l.Complete(context.Background(), testMsgs, nil)
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if text != "The bridge reopened [1]." || tokens != 120 {
		t.Errorf("Complete = %q, %d; want the reply and 120 tokens", text, tokens)
	}
	req := f.request(t, 0)
	if req.Model != "test-model" || req.Stream {
		t.Errorf("request model %q stream %v; want test-model, not streamed", req.Model, req.Stream)
	}
	if len(req.Messages) != 2 || req.Messages[0].Role != "system" || req.Messages[1].Content != "What happened?" {
		t.Errorf("request messages = %+v", req.Messages)
	}
	if req.Auth != "Bearer sk-test-secret-key" {
		t.Errorf("Authorization = %q", req.Auth)
	}
	if l.Model() != "test-model" {
		t.Errorf("Model() = %q", l.Model())
	}
}

func TestLLMTemperature(t *testing.T) {
	tests := []struct {
		name    string
		temp    float32
		present bool
		want    float64
	}{
		{"zero is sent as a tiny positive value", 0, true, 1e-7},
		{"positive is sent as is", 0.7, true, 0.7},
		{"negative omits the field", -1, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyJSON(w, "ok", 20)
			})
			l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.Temperature = tc.temp; c.MaxTokens = 77 })
			if _, _, err := l.Complete(context.Background(), testMsgs, nil); err != nil {
				t.Fatalf("Complete: %v", err)
			}
			req := f.request(t, 0)
			if (req.Temperature != nil) != tc.present {
				t.Fatalf("temperature present = %v, want %v", req.Temperature != nil, tc.present)
			}
			if tc.present && math.Abs(*req.Temperature-tc.want) > 1e-6 {
				t.Errorf("temperature = %v, want %v", *req.Temperature, tc.want)
			}
			if req.MaxTokens != 77 {
				t.Errorf("max_tokens = %d, want 77", req.MaxTokens)
			}
		})
	}
}

func TestLLMCompleteStreamed(t *testing.T) {
	pieces := []string{"The bridge ", "reopened ", "on Monday [1]."}
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replySSE(w, pieces, 150)
	})
	l, _ := newTestLLM(t, f, nil)
	var got []string
	text, tokens, err := l.Complete(context.Background(), testMsgs, func(p string) { got = append(got, p) })
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if !slices.Equal(got, pieces) {
		t.Errorf("onDelta got %q, want %q", got, pieces)
	}
	if text != strings.Join(pieces, "") || tokens != 150 {
		t.Errorf("Complete = %q, %d", text, tokens)
	}
	if !f.request(t, 0).Stream {
		t.Error("request was not streamed")
	}
}

func TestLLMStreamWithoutUsageEstimatesTokens(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replySSE(w, []string{strings.Repeat("a", 400)}, 0)
	})
	l, _ := newTestLLM(t, f, nil)
	_, tokens, err := l.Complete(context.Background(), testMsgs, func(string) {})
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	// 400 reply characters plus the prompts' 38, over 4.
	if tokens < 100 || tokens > 115 {
		t.Errorf("estimated tokens = %d, want about 110", tokens)
	}
}

func TestLLMRetryAfter(t *testing.T) {
	tests := []struct {
		name      string
		header    string
		value     func() string
		wantLeast time.Duration
	}{
		{"seconds", "Retry-After", func() string { return "7" }, 7 * time.Second},
		{"milliseconds", "Retry-After-Ms", func() string { return "2500" }, 2500 * time.Millisecond},
		{"HTTP date", "Retry-After", func() string { return time.Now().Add(12 * time.Second).UTC().Format(http.TimeFormat) }, 9 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				if n == 0 {
					w.Header().Set(tc.header, tc.value())
					replyError(w, http.StatusTooManyRequests, "slow down")
					return
				}
				replyJSON(w, "fine", 30)
			})
			l, rec := newTestLLM(t, f, nil)
			text, _, err := l.Complete(context.Background(), testMsgs, nil)
			if err != nil || text != "fine" {
				t.Fatalf("Complete = %q, %v; want success after a retry", text, err)
			}
			waits := rec.all()
			if f.count() != 2 || len(waits) != 1 {
				t.Fatalf("requests = %d, waits = %v; want 2 requests and 1 wait", f.count(), waits)
			}
			if waits[0] < tc.wantLeast || waits[0] > 13*time.Second {
				t.Errorf("waited %v, want at least the server's %v", waits[0], tc.wantLeast)
			}
		})
	}
}

func TestLLMRetryAfterTooLongGivesUp(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		w.Header().Set("Retry-After", "3600")
		replyError(w, http.StatusTooManyRequests, "quota")
	})
	l, rec := newTestLLM(t, f, nil)
	_, _, err := l.Complete(context.Background(), testMsgs, nil)
	var le *summarize.LLMError
	if !errors.As(err, &le) || le.Reason() != "rate limited" {
		t.Fatalf("err = %v, want a rate-limited *LLMError", err)
	}
	if f.count() != 1 || len(rec.all()) != 0 {
		t.Errorf("requests = %d, waits = %v; want 1 request and no wait", f.count(), rec.all())
	}
}

func TestLLMErrors(t *testing.T) {
	tests := []struct {
		name         string
		handler      func(w http.ResponseWriter, r *http.Request, req chatRequest, n int)
		retries      int
		timeout      time.Duration
		wantRequests int
		wantReason   string
		wantStatus   int
	}{
		{
			name: "repeated 500s are retried then fail",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyError(w, http.StatusInternalServerError, "boom; your key sk-test-secret-key is fine")
			},
			retries: 2, wantRequests: 3, wantReason: "server error 500", wantStatus: 500,
		},
		{
			name: "a 500 with a non-JSON body is retried",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				http.Error(w, "upstream exploded", http.StatusBadGateway)
			},
			retries: 1, wantRequests: 2, wantReason: "server error 502", wantStatus: 502,
		},
		{
			name: "a 400 is not retried",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyError(w, http.StatusBadRequest, "context too long")
			},
			retries: 3, wantRequests: 1, wantReason: "request rejected with status 400", wantStatus: 400,
		},
		{
			name: "a 401 is not retried",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyError(w, http.StatusUnauthorized, "invalid key sk-test-secret-key")
			},
			retries: 3, wantRequests: 1, wantReason: "not authorised; check the API key", wantStatus: 401,
		},
		{
			name: "malformed JSON is a bad response, not retried",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"choices": [ {"message": `)
			},
			retries: 3, wantRequests: 1, wantReason: "bad response",
		},
		{
			name: "an empty reply is a bad response",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyJSON(w, "  ", 12)
			},
			retries: 3, wantRequests: 1, wantReason: "bad response",
		},
		{
			name: "a hanging server times out per attempt",
			handler: func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				<-r.Context().Done()
			},
			retries: 1, timeout: 100 * time.Millisecond, wantRequests: 2, wantReason: "timed out",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeLLM(t, tc.handler)
			l, rec := newTestLLM(t, f, func(c *summarize.LLMConfig) {
				c.MaxRetries = tc.retries
				if tc.timeout > 0 {
					c.Timeout = tc.timeout
				}
			})
			_, _, err := l.Complete(context.Background(), testMsgs, nil)
			var le *summarize.LLMError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v (%T), want *LLMError", err, err)
			}
			if f.count() != tc.wantRequests {
				t.Errorf("requests = %d, want %d", f.count(), tc.wantRequests)
			}
			if len(rec.all()) != tc.wantRequests-1 {
				t.Errorf("waits = %v, want %d", rec.all(), tc.wantRequests-1)
			}
			if le.Reason() != tc.wantReason || le.StatusCode != tc.wantStatus || le.Attempts != tc.wantRequests {
				t.Errorf("reason %q status %d attempts %d; want %q %d %d",
					le.Reason(), le.StatusCode, le.Attempts, tc.wantReason, tc.wantStatus, tc.wantRequests)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "summarize: llm: ") || strings.Contains(msg, "sk-test-secret-key") {
				t.Errorf("error %q: want the summarize: llm: prefix and no API key", msg)
			}
		})
	}
}

func TestLLMBackoffGrows(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replyError(w, http.StatusServiceUnavailable, "busy")
	})
	l, rec := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.MaxRetries = 3 })
	if _, _, err := l.Complete(context.Background(), testMsgs, nil); err == nil {
		t.Fatal("Complete succeeded against a failing server")
	}
	w := rec.all()
	if len(w) != 3 {
		t.Fatalf("waits = %v, want 3", w)
	}
	for i := 1; i < len(w); i++ {
		if w[i] <= w[i-1] {
			t.Errorf("waits %v do not grow", w)
		}
	}
	if w[0] <= 0 || w[2] > 20*time.Second {
		t.Errorf("waits %v out of bounds", w)
	}
}

func TestLLMCancelStopsAtOnce(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replyError(w, http.StatusInternalServerError, "boom")
	})
	ctx, cancel := context.WithCancel(context.Background())
	l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) {
		c.MaxRetries = 5
		// The user gives up while we wait to retry.
		c.Sleep = func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	})
	_, _, err := l.Complete(ctx, testMsgs, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if f.count() != 1 {
		t.Errorf("requests = %d, want 1", f.count())
	}
}

func TestLLMStreamErrorAfterDeltasIsNotRetried(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, `data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Half "}}]}`+"\n\n")
		_, _ = io.WriteString(w, `data: {"error":{"message":"overloaded","type":"server_error"}}`+"\n\n")
	})
	l, _ := newTestLLM(t, f, nil)
	var got []string
	_, _, err := l.Complete(context.Background(), testMsgs, func(p string) { got = append(got, p) })
	if err == nil {
		t.Fatal("Complete succeeded on a stream that failed")
	}
	if f.count() != 1 || !slices.Equal(got, []string{"Half "}) {
		t.Errorf("requests = %d, deltas = %q; want 1 request and the piece once", f.count(), got)
	}
}

func TestLLMBaseURLGetsV1(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		replyJSON(w, "ok", 20)
	})
	l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.BaseURL = f.URL + "/" })
	if _, _, err := l.Complete(context.Background(), testMsgs, nil); err != nil {
		t.Fatalf("Complete with a base URL without /v1: %v", err)
	}
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestLLMAzure(t *testing.T) {
	var got *http.Request
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = r
		body := `{"choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}],"usage":{"total_tokens":5}}`
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	})}
	l, err := summarize.NewLLM(summarize.LLMConfig{
		APIKey: "azkey", BaseURL: "https://example.openai.azure.com", Model: "gpt-4o", HTTPClient: hc,
	})
	if err != nil {
		t.Fatalf("NewLLM: %v", err)
	}
	if _, _, err := l.Complete(context.Background(), testMsgs, nil); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if got.Header.Get("api-key") != "azkey" || !strings.Contains(got.URL.Path, "/openai/deployments/gpt-4o/chat/completions") {
		t.Errorf("Azure request to %s with api-key %q", got.URL, got.Header.Get("api-key"))
	}
	if hc.Transport == nil || got.URL.Host != "example.openai.azure.com" {
		t.Errorf("unexpected host %q", got.URL.Host)
	}
}

func TestNewLLMValidates(t *testing.T) {
	tests := []struct {
		name string
		c    summarize.LLMConfig
	}{
		{"no model", summarize.LLMConfig{BaseURL: "http://localhost:11434/v1"}},
		{"not http", summarize.LLMConfig{Model: "m", BaseURL: "ftp://x/v1"}},
		{"no host", summarize.LLMConfig{Model: "m", BaseURL: "http:///v1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := summarize.NewLLM(tc.c); err == nil || !strings.HasPrefix(err.Error(), "summarize: llm: ") {
				t.Errorf("NewLLM(%+v) err = %v, want a summarize: llm: error", tc.c, err)
			}
		})
	}
}
