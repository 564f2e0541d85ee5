package summarize

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/fetch"
)

// Defaults of LLMConfig.
const (
	DefaultLLMTimeout    = 60 * time.Second
	DefaultLLMMaxRetries = 3
	// DefaultLLMMaxTokens is the max_tokens sent when MaxTokens is zero:
	// room for a cited answer or summary, and for a local model's short
	// reasoning block before it.
	DefaultLLMMaxTokens = 2048
	// DefaultLLMMaxChars is the most reply text kept when MaxChars is
	// zero: about 3000 tokens, so it only cuts replies of servers that
	// ignore max_tokens.
	DefaultLLMMaxChars = 12000
	// zeroTemperature is sent instead of 0: go-openai tags Temperature with
	// omitempty, so a literal 0 would be dropped and the server would use
	// its own default (often 0.7 or 1). This value is greedy decoding in
	// practice on every server we know of.
	zeroTemperature = 1e-7
	// backoffBase and backoffMax bound the wait between attempts.
	backoffBase = 500 * time.Millisecond
	backoffMax  = 20 * time.Second
	// maxRetryAfter is the longest Retry-After we are willing to wait for;
	// a server asking for more is treated as unavailable.
	maxRetryAfter = 60 * time.Second
)

// LLMConfig configures an LLM client for any OpenAI-compatible chat API.
type LLMConfig struct {
	// APIKey is sent as a bearer token (or as the api-key header for
	// Azure). It may be empty for local servers.
	APIKey string
	// BaseURL is the API root, such as https://api.openai.com/v1 (the
	// default), http://localhost:11434/v1 (Ollama), http://localhost:8080/v1
	// (llama.cpp, vLLM, LM Studio) or https://NAME.openai.azure.com (Azure,
	// recognised by its host). A URL without a path gets /v1 appended.
	BaseURL string
	// Model is the model name (the deployment name on Azure). Required.
	Model string
	// Timeout bounds one attempt; zero means DefaultLLMTimeout. When
	// streaming it bounds the wait for each next piece instead, so long
	// answers may stream for longer than Timeout as long as they keep
	// coming.
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt is retried; zero means
	// DefaultLLMMaxRetries and a negative value means never.
	MaxRetries int
	// MaxTokens caps the completion length (sent as max_tokens, which all
	// OpenAI-compatible servers accept); zero means DefaultLLMMaxTokens
	// and a negative value leaves it to the server.
	MaxTokens int
	// MaxChars caps the reply text kept, in characters, for servers that
	// ignore max_tokens: a stream is no longer read past it and a plain
	// reply is cut to it. Zero means DefaultLLMMaxChars and a negative
	// value means no limit.
	MaxChars int
	// Temperature is the sampling temperature. 0 means deterministic and is
	// sent as 1e-7 because go-openai omits a zero temperature; a negative
	// value omits the field so the server's default applies.
	Temperature float32
	// HTTPClient makes the requests (default: a new http.Client). It is
	// not modified; its Transport is wrapped in a copy.
	HTTPClient *http.Client
	// Sleep waits between attempts (default: a timer that stops early when
	// ctx is done). Tests inject one that records the waits.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a number in [0,1) for backoff jitter (default
	// math/rand/v2.Float64).
	Rand func() float64
}

// LLM is a chat-completion client with retries, backoff and streaming. It is
// safe for concurrent use.
type LLM struct {
	client     *openai.Client
	model      string
	key        string
	timeout    time.Duration
	maxRetries int
	maxTokens  int
	maxChars   int
	temp       float32
	sleep      func(ctx context.Context, d time.Duration) error
	rand       func() float64
}

// Message is one chat message: Role is "system", "user" or "assistant".
type Message struct {
	Role    string
	Content string
}

// LLMError is a failed completion after all retries. Its message never
// contains the API key.
type LLMError struct {
	// StatusCode is the last HTTP status, 0 when no response arrived.
	StatusCode int
	// Attempts is how many requests were made.
	Attempts int
	// Timeout is true when the last attempt timed out.
	Timeout bool
	// badReply is true when the server answered 2xx with a body that
	// could not be used.
	badReply bool
	err      error
	key      string
}

// Error returns "summarize: llm: " and the cause, with the API key redacted.
func (e *LLMError) Error() string {
	msg := "summarize: llm: " + e.err.Error()
	if e.key != "" {
		msg = strings.ReplaceAll(msg, e.key, "[redacted]")
	}
	return msg
}

// Unwrap returns the cause.
func (e *LLMError) Unwrap() error { return e.err }

// Reason is a few words for users on why the model failed, such as "rate
// limited" or "timed out". It never contains server text.
func (e *LLMError) Reason() string {
	switch {
	case e.Timeout:
		return "timed out"
	case e.badReply:
		return "bad response"
	case e.StatusCode == http.StatusTooManyRequests:
		return "rate limited"
	case e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden:
		return "not authorised; check the API key"
	case e.StatusCode == http.StatusNotFound:
		return "model or endpoint not found"
	case e.StatusCode >= 500:
		return "server error " + strconv.Itoa(e.StatusCode)
	case e.StatusCode >= 400:
		return "request rejected with status " + strconv.Itoa(e.StatusCode)
	case e.StatusCode == 0 && isConnError(e.err):
		return "could not connect"
	default:
		return "bad response"
	}
}

// NewLLM returns a client for c. It makes no request.
func NewLLM(c LLMConfig) (*LLM, error) {
	if strings.TrimSpace(c.Model) == "" {
		return nil, errors.New("summarize: llm: model is required (OPENAI_MODEL)")
	}
	base := strings.TrimRight(strings.TrimSpace(c.BaseURL), "/")
	var cfg openai.ClientConfig
	if base != "" {
		if !data.IsHTTPURL(base) {
			return nil, fmt.Errorf("summarize: llm: base URL %q is not an http(s) URL (OPENAI_BASE_URL)", c.BaseURL)
		}
		u, _ := url.Parse(base) // IsHTTPURL parsed it
		if strings.Contains(strings.ToLower(u.Hostname()), "openai.azure.com") {
			cfg = openai.DefaultAzureConfig(c.APIKey, base)
		} else {
			if u.Path == "" {
				base += "/v1"
			}
			cfg = openai.DefaultConfig(c.APIKey)
			cfg.BaseURL = base
		}
	} else {
		cfg = openai.DefaultConfig(c.APIKey)
	}
	hc := &http.Client{}
	if c.HTTPClient != nil {
		cp := *c.HTTPClient
		hc = &cp
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	maxChars := c.MaxChars
	switch {
	case maxChars == 0:
		maxChars = DefaultLLMMaxChars
	case maxChars < 0:
		maxChars = 0
	}
	hc.Transport = &headerTransport{next: next, maxBody: maxBodyBytes(maxChars)}
	cfg.HTTPClient = hc

	l := &LLM{
		client:     openai.NewClientWithConfig(cfg),
		model:      c.Model,
		key:        c.APIKey,
		timeout:    c.Timeout,
		maxRetries: c.MaxRetries,
		maxTokens:  c.MaxTokens,
		maxChars:   maxChars,
		temp:       c.Temperature,
		sleep:      c.Sleep,
		rand:       c.Rand,
	}
	if l.timeout <= 0 {
		l.timeout = DefaultLLMTimeout
	}
	switch {
	case l.maxRetries == 0:
		l.maxRetries = DefaultLLMMaxRetries
	case l.maxRetries < 0:
		l.maxRetries = 0
	}
	switch {
	case l.maxTokens == 0:
		l.maxTokens = DefaultLLMMaxTokens
	case l.maxTokens < 0:
		l.maxTokens = 0
	}
	if l.sleep == nil {
		l.sleep = sleepCtx
	}
	if l.rand == nil {
		l.rand = rand.Float64
	}
	return l, nil
}

// Model returns the model name.
func (l *LLM) Model() string { return l.model }

// Complete sends msgs and returns the reply and the tokens used (prompt and
// completion, as reported by the server, or estimated as characters/4 when
// a server reports no usage). When onDelta is not nil the reply is streamed
// (SSE) and onDelta is called with each piece as it arrives.
//
// Complete retries with exponential backoff and jitter on 429, 5xx,
// timeouts and connection errors, waiting at least as long as a
// Retry-After header asks. A streamed attempt that has already delivered
// pieces is not retried, so onDelta never sees text twice. Cancelling ctx
// stops at once; its deadline ends the call as a timeout, and a retry that
// could not start before the deadline is not waited for. A reply is cut
// at MaxChars. Failures are *LLMError.
func (l *LLM) Complete(ctx context.Context, msgs []Message, onDelta func(string)) (string, int, error) {
	req := openai.ChatCompletionRequest{
		Model:    l.model,
		Messages: make([]openai.ChatCompletionMessage, len(msgs)),
		//lint:ignore SA1019 max_completion_tokens is OpenAI's alone; llama.cpp, Ollama and vLLM read max_tokens
		MaxTokens: l.maxTokens,
	}
	for i, m := range msgs {
		req.Messages[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	switch {
	case l.temp > 0:
		req.Temperature = l.temp
	case l.temp == 0:
		req.Temperature = zeroTemperature
	}
	var attempt int
	for {
		attempt++
		info := &responseInfo{}
		actx := context.WithValue(ctx, responseInfoKey{}, info)
		var (
			text      string
			usage     int
			delivered bool
			err       error
		)
		if onDelta != nil {
			text, usage, delivered, err = l.stream(actx, req, onDelta)
		} else {
			text, usage, err = l.once(actx, req)
		}
		if err == nil {
			if usage == 0 {
				usage = estimateUsage(msgs, text)
			}
			return text, usage, nil
		}
		if ctx.Err() != nil {
			// The caller's deadline is a timeout too: the model did not
			// answer in the time it was given.
			return "", 0, l.fail(ctx.Err(), info, attempt, errors.Is(ctx.Err(), context.DeadlineExceeded))
		}
		status := statusOf(err)
		timedOut := errors.Is(err, context.DeadlineExceeded)
		// A 2xx reply whose body was unusable will not improve on retry.
		gotReply := !timedOut && status == 0 && info.status() >= 200 && info.status() < 300
		if delivered || attempt > l.maxRetries || gotReply || !retryable(err, status, timedOut) {
			return "", 0, l.fail(err, info, attempt, timedOut)
		}
		wait := l.backoff(attempt)
		if ra, ok := info.retryAfter(time.Now()); ok {
			if ra > maxRetryAfter {
				return "", 0, l.fail(fmt.Errorf("server asked to retry after %s: %w", ra, err), info, attempt, false)
			}
			wait = max(wait, ra)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= wait {
			// Waiting would only end at the caller's deadline; give the
			// time back to the caller's fallback instead.
			return "", 0, l.fail(err, info, attempt, timedOut)
		}
		if serr := l.sleep(ctx, wait); serr != nil {
			return "", 0, l.fail(serr, info, attempt, false)
		}
	}
}

// errEmptyReply is a 2xx reply without text.
var errEmptyReply = errors.New("the reply has no text")

// once makes one non-streamed attempt.
func (l *LLM) once(ctx context.Context, req openai.ChatCompletionRequest) (string, int, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	resp, err := l.client.CreateChatCompletion(ctx, req)
	if err != nil {
		return "", 0, timeoutCause(ctx, err)
	}
	if len(resp.Choices) == 0 || strings.TrimSpace(resp.Choices[0].Message.Content) == "" {
		return "", 0, errEmptyReply
	}
	text := resp.Choices[0].Message.Content
	if l.maxChars > 0 {
		text, _ = capRunes(text, l.maxChars)
	}
	return text, resp.Usage.TotalTokens, nil
}

// stream makes one streamed attempt; delivered reports whether onDelta was
// called.
func (l *LLM) stream(ctx context.Context, req openai.ChatCompletionRequest, onDelta func(string)) (text string, usage int, delivered bool, err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// The timeout bounds the wait for each piece, not the whole answer.
	idle := time.AfterFunc(l.timeout, func() { cancel(context.DeadlineExceeded) })
	defer idle.Stop()

	req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	st, err := l.client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", 0, false, timeoutCause(ctx, err)
	}
	defer st.Close()
	var b strings.Builder
	kept := 0 // characters in b
	for {
		chunk, rerr := st.Recv()
		if errors.Is(rerr, io.EOF) {
			if strings.TrimSpace(b.String()) == "" {
				return "", 0, delivered, errEmptyReply
			}
			return b.String(), usage, delivered, nil
		}
		if rerr != nil {
			return "", 0, delivered, timeoutCause(ctx, rerr)
		}
		idle.Reset(l.timeout)
		if chunk.Usage != nil {
			usage = chunk.Usage.TotalTokens
		}
		for _, ch := range chunk.Choices {
			if ch.Index != 0 || ch.Delta.Content == "" {
				continue
			}
			piece, cut := ch.Delta.Content, false
			if l.maxChars > 0 {
				piece, cut = capRunes(piece, l.maxChars-kept)
			}
			if piece != "" {
				b.WriteString(piece)
				kept += utf8.RuneCountInString(piece)
				delivered = true
				onDelta(piece)
			}
			if cut {
				// The reply reached MaxChars: stop reading (the deferred
				// Close drops the connection) and keep what came.
				return b.String(), usage, delivered, nil
			}
		}
	}
}

// capRunes cuts s to at most n characters (n <= 0: none at all); cut
// reports whether it had to.
func capRunes(s string, n int) (kept string, cut bool) {
	n = max(n, 0)
	if len(s) <= n {
		return s, false
	}
	i := 0
	for range n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if i >= len(s) {
			return s, false
		}
	}
	return s[:i], true
}

// maxBodyBytes bounds a response body for a reply of at most maxChars
// characters (0: no bound). A streamed reply spends about 200 bytes of
// JSON on every piece, and a piece may be one character; a stream of
// empty pieces, which never reaches maxChars, ends here too.
func maxBodyBytes(maxChars int) int64 {
	if maxChars <= 0 {
		return 0
	}
	return 1<<20 + 256*int64(maxChars)
}

// timeoutCause reports err as a deadline error when the attempt's own
// timer fired, whatever error the transport surfaced for it.
func timeoutCause(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		return fmt.Errorf("attempt timed out: %w", context.DeadlineExceeded)
	}
	return err
}

// fail builds the final error.
func (l *LLM) fail(err error, info *responseInfo, attempts int, timedOut bool) error {
	status := statusOf(err)
	bad := false
	if status == 0 && !timedOut {
		// A 2xx whose body could not be used is a bad reply, not an HTTP
		// failure.
		code := info.status()
		bad = code >= 200 && code < 300
		if !bad {
			status = code
		}
	}
	return &LLMError{StatusCode: status, Attempts: attempts, Timeout: timedOut, badReply: bad, err: err, key: l.key}
}

// backoff returns the jittered wait before attempt+1: base·2^(attempt-1),
// capped, scaled by a random factor in [0.5,1).
func (l *LLM) backoff(attempt int) time.Duration {
	d := backoffBase << min(attempt-1, 10)
	d = min(d, backoffMax)
	return time.Duration(float64(d) * (0.5 + l.rand()/2))
}

// retryable reports whether an attempt that failed with err may succeed if
// repeated.
func retryable(err error, status int, timedOut bool) bool {
	switch {
	case timedOut:
		return true
	case status == http.StatusTooManyRequests || status == http.StatusRequestTimeout || status >= 500:
		return true
	case status != 0:
		return false
	}
	return isConnError(err)
}

// isConnError reports whether err is a network failure rather than a bad
// response.
func isConnError(err error) bool {
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ne) || errors.As(err, &oe) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}

// statusOf returns the HTTP status carried by a go-openai error, or 0.
func statusOf(err error) int {
	var ae *openai.APIError
	if errors.As(err, &ae) {
		return ae.HTTPStatusCode
	}
	var re *openai.RequestError
	if errors.As(err, &re) {
		return re.HTTPStatusCode
	}
	return 0
}

// estimateUsage guesses the tokens of a call at characters/4.
func estimateUsage(msgs []Message, reply string) int {
	n := utf8.RuneCountInString(reply)
	for _, m := range msgs {
		n += utf8.RuneCountInString(m.Content)
	}
	return (n + 3) / 4
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// responseInfoKey is the context key of a request's *responseInfo.
type responseInfoKey struct{}

// responseInfo receives the status and Retry-After of an attempt's response;
// go-openai does not expose response headers on errors.
type responseInfo struct {
	mu       sync.Mutex
	code     int
	header   string
	headerMS string
}

func (r *responseInfo) status() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.code
}

// retryAfter parses Retry-After-Ms, or Retry-After as fetch.ParseRetryAfter
// reads it.
func (r *responseInfo) retryAfter(now time.Time) (time.Duration, bool) {
	r.mu.Lock()
	v, ms := r.header, strings.TrimSpace(r.headerMS)
	r.mu.Unlock()
	// OpenAI also sends the finer retry-after-ms.
	if n, err := strconv.ParseFloat(ms, 64); err == nil && n >= 0 {
		return time.Duration(n * float64(time.Millisecond)), true
	}
	return fetch.ParseRetryAfter(v, now)
}

// headerTransport records each response's status and Retry-After header in
// the request context's responseInfo.
// It also cuts every response body at maxBody bytes (0: no cut), so a
// server that ignores max_tokens cannot fill memory.
type headerTransport struct {
	next    http.RoundTripper
	maxBody int64
}

func (t *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if resp != nil && t.maxBody > 0 {
		resp.Body = &cappedBody{ReadCloser: resp.Body, left: t.maxBody}
	}
	if info, ok := req.Context().Value(responseInfoKey{}).(*responseInfo); ok && resp != nil {
		info.mu.Lock()
		info.code = resp.StatusCode
		info.header = resp.Header.Get("Retry-After")
		info.headerMS = resp.Header.Get("Retry-After-Ms")
		info.mu.Unlock()
	}
	return resp, err
}

// errBodyTooLarge ends a response body longer than headerTransport.maxBody.
var errBodyTooLarge = errors.New("the reply is longer than the limit on model output")

// cappedBody fails reads past its limit instead of returning more.
type cappedBody struct {
	io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errBodyTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}
