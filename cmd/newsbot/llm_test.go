package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeOpenAI is an OpenAI-compatible chat completions server on loopback.
// It answers with one sentence copied from the source that contains needle,
// cited with that source's number, as a well-behaved model would.
func fakeOpenAI(t *testing.T, needle string, calls *atomic.Int32) *httptest.Server {
	t.Helper()
	sourceRE := regexp.MustCompile(`(?s)<source n="(\d+)"[^>]*>(.*?)</source>`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		if got := r.Header.Get("Authorization"); got != "Bearer sk-test" {
			t.Errorf("Authorization = %q", got)
		}
		var req struct {
			Model    string `json:"model"`
			Messages []struct{ Role, Content string }
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Errorf("bad request body: %v", err)
		}
		answer := "The sources do not cover this."
		for _, m := range req.Messages {
			for _, s := range sourceRE.FindAllStringSubmatch(m.Content, -1) {
				if i := strings.Index(s[2], needle); i >= 0 {
					sentence := s[2][strings.LastIndex(s[2][:i], "\n")+1:]
					sentence = sentence[:strings.Index(sentence, ".")+1]
					answer = strings.TrimSuffix(sentence, ".") + " [" + s[1] + "]."
				}
			}
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"x","object":"chat.completion","model":%q,"choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}],"usage":{"prompt_tokens":900,"completion_tokens":30,"total_tokens":930}}`, req.Model, answer)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAskWithAnOpenAICompatibleServer(t *testing.T) {
	var calls atomic.Int32
	srv := fakeOpenAI(t, "beating holders Lowmoor City 2-1", &calls)
	env := map[string]string{
		"NEWSBOT_DATA_DIR": t.TempDir(), "NEWSBOT_LOG_LEVEL": "error",
		"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_MODEL": "fake-model-1",
	}
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"ask", "--json", "Who won the Northern Cup final?"}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var ans struct {
		Answer    string `json:"answer"`
		Engine    string `json:"engine"`
		Model     string `json:"model"`
		Citations []struct {
			N     int    `json:"n"`
			Title string `json:"title"`
		} `json:"citations"`
	}
	if err := json.Unmarshal(out.Bytes(), &ans); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if calls.Load() != 1 {
		t.Errorf("model called %d times, want 1", calls.Load())
	}
	if ans.Engine != "llm" || ans.Model != "fake-model-1" {
		t.Errorf("engine %q model %q, want llm fake-model-1", ans.Engine, ans.Model)
	}
	if !strings.Contains(ans.Answer, "2-1") || !strings.HasSuffix(ans.Answer, "[1].") {
		t.Errorf("answer %q: the model's citation must be renumbered to [1]", ans.Answer)
	}
	if len(ans.Citations) != 1 || !strings.Contains(ans.Citations[0].Title, "Harriers win") {
		t.Errorf("citations %+v, want only the cited article", ans.Citations)
	}
	if strings.Contains(errb.String(), "sk-test") || strings.Contains(out.String(), "sk-test") {
		t.Error("the API key reached the output")
	}
}

func TestAskFallsBackWhenTheLLMIsDown(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, `{"error":{"message":"model overloaded sk-secret"}}`, http.StatusBadRequest)
	}))
	defer srv.Close()
	env := map[string]string{
		"NEWSBOT_DATA_DIR": t.TempDir(), "NEWSBOT_LOG_LEVEL": "error",
		"OPENAI_API_KEY": "sk-secret", "OPENAI_BASE_URL": srv.URL + "/v1",
	}
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"ask", "How many batteries did Kestrel recall?"}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if calls.Load() == 0 {
		t.Fatal("the model was never called")
	}
	text := out.String()
	if !strings.Contains(text, "Note: The language model is unavailable") || !strings.Contains(text, "48,000") || !strings.Contains(text, "[1]") {
		t.Errorf("want a cited extractive answer that says the model was unavailable:\n%s", text)
	}
	if strings.Contains(text+errb.String(), "sk-secret") || strings.Contains(text, "overloaded") {
		t.Errorf("raw API error or key shown to the user:\n%s\n%s", text, errb.String())
	}
}
