package summarize_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsbot/newsbot/summarize"
)

func TestLLMMaxTokensIsSent(t *testing.T) {
	tests := []struct {
		name string
		set  int
		want int
	}{
		{"unset sends the default", 0, summarize.DefaultLLMMaxTokens},
		{"a value is sent as is", 300, 300},
		{"negative leaves it to the server", -1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyJSON(w, "ok", 20)
			})
			l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.MaxTokens = tc.set })
			if _, _, err := l.Complete(context.Background(), testMsgs, nil); err != nil {
				t.Fatal(err)
			}
			if got := f.request(t, 0).MaxTokens; got != tc.want {
				t.Errorf("max_tokens = %d, want %d", got, tc.want)
			}
		})
	}
}

// sseChunk is one streamed piece as a server sends it.
func sseChunk(content string) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 1, "model": "test-model",
		"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": content}}},
	})
	return []byte("data: " + string(b) + "\n\n")
}

// endlessStream streams piece until the client goes away (or a bound far
// beyond any cap) and counts the pieces it got out.
func endlessStream(sent *atomic.Int64, piece string) func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
	return func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		w.Header().Set("Content-Type", "text/event-stream")
		fl := w.(http.Flusher)
		chunk := sseChunk(piece)
		for range 1_000_000 {
			if r.Context().Err() != nil {
				return
			}
			if _, err := w.Write(chunk); err != nil {
				return
			}
			fl.Flush()
			sent.Add(1)
		}
	}
}

func TestLLMStreamStopsReadingAtMaxChars(t *testing.T) {
	var sent atomic.Int64
	piece := strings.Repeat("é", 999) + " "
	f := newFakeLLM(t, endlessStream(&sent, piece))
	l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.MaxChars = 5500 })
	var deltas strings.Builder
	text, _, err := l.Complete(context.Background(), testMsgs, func(p string) { deltas.WriteString(p) })
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if n := utf8.RuneCountInString(text); n != 5500 || !utf8.ValidString(text) {
		t.Errorf("kept %d characters (valid UTF-8: %v), want 5500", n, utf8.ValidString(text))
	}
	if deltas.String() != text {
		t.Errorf("the deltas (%d bytes) are not the text kept (%d bytes)", deltas.Len(), len(text))
	}
	// The server streams up to a billion characters; the client stopped
	// reading and hung up long before.
	if s := sent.Load(); s >= 1_000_000 {
		t.Errorf("the server sent all %d pieces: the stream was read to the end", s)
	}
}

func TestLLMStreamOfEmptyPiecesEndsAtTheBodyCap(t *testing.T) {
	var sent atomic.Int64
	f := newFakeLLM(t, endlessStream(&sent, ""))
	l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.MaxChars = 100; c.MaxRetries = -1 })
	_, _, err := l.Complete(context.Background(), testMsgs, func(string) {})
	var le *summarize.LLMError
	if !errors.As(err, &le) {
		t.Fatalf("Complete = %v, want an *LLMError", err)
	}
	if s := sent.Load(); s >= 1_000_000 {
		t.Errorf("the server sent all %d empty pieces", s)
	}
}

func TestLLMPlainReplyIsCutAtMaxChars(t *testing.T) {
	tests := []struct {
		name     string
		reply    int // characters
		maxChars int
		want     int // characters kept, -1: refused
	}{
		{"short reply kept whole", 50, 100, 50},
		{"long reply cut", 5000, 100, 100},
		{"no limit keeps all", 5000, -1, 5000},
		// 2 MB is more than the body cap for 1000 characters: refused
		// without being read whole.
		{"huge body refused", 2 << 20, 1000, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
				replyJSON(w, strings.Repeat("a", tc.reply), 20)
			})
			l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.MaxChars = tc.maxChars })
			text, _, err := l.Complete(context.Background(), testMsgs, nil)
			if tc.want < 0 {
				var le *summarize.LLMError
				if !errors.As(err, &le) || le.Reason() != "bad response" || f.count() != 1 {
					t.Fatalf("Complete = %d chars, %v after %d requests; want one refused bad response", len(text), err, f.count())
				}
				return
			}
			if err != nil || len(text) != tc.want {
				t.Fatalf("Complete = %d chars, %v; want %d", len(text), err, tc.want)
			}
		})
	}
}

func TestLLMCallerDeadlineIsATimeout(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		<-r.Context().Done()
	})
	// Each attempt may take a minute, but the caller gives it little.
	l, _ := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.Timeout = time.Minute; c.MaxRetries = 3 })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := l.Complete(ctx, testMsgs, nil)
	var le *summarize.LLMError
	if !errors.As(err, &le) || !le.Timeout || le.Reason() != "timed out" {
		t.Fatalf("Complete = %v, want a timeout", err)
	}
}

func TestLLMDoesNotWaitPastTheCallerDeadline(t *testing.T) {
	f := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request, req chatRequest, n int) {
		w.Header().Set("Retry-After", "30")
		replyError(w, http.StatusTooManyRequests, "slow down")
	})
	l, rec := newTestLLM(t, f, func(c *summarize.LLMConfig) { c.MaxRetries = 3 })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _, err := l.Complete(ctx, testMsgs, nil)
	var le *summarize.LLMError
	if !errors.As(err, &le) || le.Reason() != "rate limited" {
		t.Fatalf("Complete = %v, want rate limited", err)
	}
	if f.count() != 1 || len(rec.all()) != 0 {
		t.Errorf("%d requests, waits %v; want one request and no wait of 30s against a 10s deadline", f.count(), rec.all())
	}
}

func TestThinkFilterMatchesStripThinking(t *testing.T) {
	replies := []string{
		"The bridge reopened [1].",
		"<think>The user wants the bridge.</think>\n\nThe bridge reopened [1].",
		"  <think>a</think> <think>b</think>Answer.",
		"Before <think>hidden</think> after.",
		"<think>a<think>b</think>c</think> d",
		"Answer with a stray </think> tag.",
		"Answer <thin and <th but no tag.",
		"Answer then <think>never closed",
		"<<think>x</think>>",
	}
	for _, reply := range replies {
		want := summarize.StripThinking(reply)
		// Every way of cutting the reply in two or three pieces.
		for i := 0; i <= len(reply); i++ {
			for j := i; j <= len(reply); j++ {
				var f summarize.ThinkFilter
				seen := ""
				for _, p := range []string{reply[:i], reply[i:j], reply[j:]} {
					f.Write(p)
					if !strings.HasPrefix(f.Visible(), seen) {
						t.Fatalf("%q cut at %d,%d: visible text %q does not extend %q", reply, i, j, f.Visible(), seen)
					}
					seen = f.Visible()
				}
				if got := f.Visible(); got != want && !strings.HasPrefix(want, got) {
					t.Fatalf("%q cut at %d,%d: visible %q, want %q", reply, i, j, got, want)
				}
				if strings.HasSuffix(reply, ".") && f.Visible() != want {
					t.Fatalf("%q cut at %d,%d: visible %q, want %q", reply, i, j, f.Visible(), want)
				}
			}
		}
	}
}

// BenchmarkStreamedReply streams a reply of 1 MB in 10-byte pieces through
// the thinking filter; its time per byte stays flat as the reply grows.
func BenchmarkStreamedReply(b *testing.B) {
	for _, size := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			piece := "word word "
			for b.Loop() {
				var f summarize.ThinkFilter
				for range size / len(piece) {
					f.Write(piece)
					_ = f.Visible()
				}
			}
		})
	}
}
