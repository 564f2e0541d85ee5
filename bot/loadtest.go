package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// SampleStack is the real answering stack over the embedded sample corpus:
// a store and an index in a directory, and an extractive Service over them.
type SampleStack struct {
	Store   *data.Store
	Index   *retrieval.Index
	Service *summarize.Service
}

// OpenSampleStack opens a store and an index in dir and fills them with
// the sample corpus. now is the Service's clock (nil: time.Now).
func OpenSampleStack(ctx context.Context, dir string, now func() time.Time) (*SampleStack, error) {
	st, err := data.OpenStore(ctx, filepath.Join(dir, "newsbot.db"))
	if err != nil {
		return nil, fmt.Errorf("bot: sample stack: %w", err)
	}
	ix, err := retrieval.Open(ctx, filepath.Join(dir, "index"), st, retrieval.Options{})
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("bot: sample stack: %w", err)
	}
	s := &SampleStack{Store: st, Index: ix}
	in := &ingest.Ingester{Store: st, Index: ix}
	_, err = in.SeedSample(ctx)
	if err == nil {
		s.Service, err = summarize.New(summarize.Config{Search: ix, Store: st, Now: now})
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("bot: sample stack: %w", err)
	}
	return s, nil
}

// Close closes the index and the store.
func (s *SampleStack) Close() error {
	return errors.Join(s.Index.Close(), s.Store.Close())
}

// LoadDriver is a fake Discord that a load test fires interactions
// through (bot/discordtest's Server, behind a small adapter).
type LoadDriver interface {
	// HTTPClient reaches the fake's REST API; Token is the bot token it
	// accepts.
	HTTPClient() *http.Client
	Token() string
	// Ask dispatches a /ask interaction from userID in a server's channel
	// and returns the interaction's token.
	Ask(guildID, channelID, userID, question string) (token string)
	// Timings returns, by interaction token, when each interaction was
	// deferred and when its original response was last edited; zero
	// times for what has not happened yet.
	Timings() map[string]LoadTiming
}

// LoadTiming is when an interaction was deferred and answered.
type LoadTiming struct {
	Deferred, Edited time.Time
}

// LoadReport is the outcome of a load test.
type LoadReport struct {
	Interactions, Answered int
	// DeferP50 and DeferP99 are from dispatch to the deferral; FinalP50
	// and FinalP99 from dispatch to the final edit.
	DeferP50, DeferP99, FinalP50, FinalP99 time.Duration
	Elapsed                                time.Duration
	// GoroutinesBefore and GoroutinesAfter are runtime.NumGoroutine before
	// the bot started and after it shut down; IdleHTTPAfter counts those
	// left that belong to idle keep-alive connections of net/http (the
	// fake's transport and server, not the bot).
	GoroutinesBefore, GoroutinesAfter, IdleHTTPBefore, IdleHTTPAfter int
}

// Leftover is how many goroutines outlived the bot, not counting idle
// keep-alive HTTP connections.
func (r LoadReport) Leftover() int {
	return (r.GoroutinesAfter - r.IdleHTTPAfter) - (r.GoroutinesBefore - r.IdleHTTPBefore)
}

// String formats the report for a terminal.
func (r LoadReport) String() string {
	return fmt.Sprintf("%d /ask interactions at once: %d answered in %v\n"+
		"dispatch → defer:      p50 %v  p99 %v\n"+
		"dispatch → final edit: p50 %v  p99 %v\n"+
		"goroutines: %d before, %d after shutdown (idle HTTP keep-alive: %d before, %d after): %d left over\n",
		r.Interactions, r.Answered, r.Elapsed.Round(time.Millisecond),
		r.DeferP50.Round(time.Millisecond), r.DeferP99.Round(time.Millisecond),
		r.FinalP50.Round(time.Millisecond), r.FinalP99.Round(time.Millisecond),
		r.GoroutinesBefore, r.GoroutinesAfter, r.IdleHTTPBefore, r.IdleHTTPAfter, r.Leftover())
}

// loadQuestions are asked in turn; they are about the sample corpus.
var loadQuestions = []string{
	"What happened to the Eastgate bridge?",
	"Did the rail bill pass?",
	"Why was the Meridian launch scrubbed?",
	"Who won the Northern Cup?",
	"What is the Kestrel recall about?",
	"How much is the winter shelter budget?",
	"What did the storm surge do in Port Alder?",
	"Why are coffee prices rising?",
}

// LoadTest starts a bot on the sample corpus (extractive engine, no rate
// limits) against d, fires n /ask interactions at once, waits up to
// timeout for every one to be answered, shuts the bot down and reports the
// latencies and the goroutines left over.
func LoadTest(ctx context.Context, d LoadDriver, n int, timeout time.Duration) (LoadReport, error) {
	rep := LoadReport{Interactions: n}
	dir, err := os.MkdirTemp("", "newsbot-load-")
	if err != nil {
		return rep, fmt.Errorf("bot: load test: %w", err)
	}
	defer os.RemoveAll(dir)
	asOf := func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }
	stack, err := OpenSampleStack(ctx, dir, asOf)
	if err != nil {
		return rep, err
	}
	defer stack.Close()

	runtime.GC()
	rep.GoroutinesBefore, rep.IdleHTTPBefore = countGoroutines()
	b, err := New(Config{
		Token: d.Token(), HTTPClient: d.HTTPClient(), UserRate: -1, GuildRate: -1,
		DailyTokenBudget: -1, DigestEvery: -1, Now: asOf,
	}, stack.Service, stack.Store, nil)
	if err != nil {
		return rep, err
	}
	runCtx, stop := context.WithCancel(ctx)
	runErr := make(chan error, 1)
	go func() { runErr <- b.Run(runCtx) }()
	select {
	case <-b.Ready():
	case err := <-runErr:
		stop()
		return rep, fmt.Errorf("bot: load test: bot stopped: %v", err)
	case <-time.After(timeout):
		stop()
		<-runErr
		return rep, errors.New("bot: load test: the bot did not connect")
	}

	start := time.Now()
	sent := make([]time.Time, n)
	tokens := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sent[i] = time.Now()
			tokens[i] = d.Ask("load-guild", "load-channel", "user-"+strconv.Itoa(i), loadQuestions[i%len(loadQuestions)])
		}()
	}
	wg.Wait()

	deadline := time.Now().Add(timeout)
	var timings map[string]LoadTiming
	for {
		timings = d.Timings()
		done := 0
		for _, tok := range tokens {
			if !timings[tok].Edited.IsZero() {
				done++
			}
		}
		rep.Answered = done
		if done == n || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		// Polling the fake is the load test's own measurement loop, not
		// part of what it measures.
		time.Sleep(5 * time.Millisecond)
	}
	rep.Elapsed = time.Since(start)
	var defers, finals []time.Duration
	for i, tok := range tokens {
		tm := timings[tok]
		if !tm.Deferred.IsZero() {
			defers = append(defers, tm.Deferred.Sub(sent[i]))
		}
		if !tm.Edited.IsZero() {
			finals = append(finals, tm.Edited.Sub(sent[i]))
		}
	}
	rep.DeferP50, rep.DeferP99 = percentile(defers, 50), percentile(defers, 99)
	rep.FinalP50, rep.FinalP99 = percentile(finals, 50), percentile(finals, 99)

	stop()
	if err := <-runErr; err != nil {
		return rep, fmt.Errorf("bot: load test: run: %w", err)
	}
	// Let exiting goroutines (the gateway reader, the heartbeat) end.
	settle := time.Now().Add(2 * time.Second)
	for {
		runtime.GC()
		rep.GoroutinesAfter, rep.IdleHTTPAfter = countGoroutines()
		if rep.Leftover() <= 0 || time.Now().After(settle) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if rep.Answered < n {
		return rep, fmt.Errorf("bot: load test: %d of %d interactions unanswered after %v", n-rep.Answered, n, timeout)
	}
	return rep, nil
}

// percentile is the p-th percentile of ds (nearest rank), 0 for none.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s) + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

// countGoroutines returns how many goroutines exist and how many of them
// serve idle keep-alive HTTP connections.
func countGoroutines() (all, idleHTTP int) {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.TrimSpace(g) == "" {
			continue
		}
		all++
		if strings.Contains(g, "net/http.(*persistConn)") || strings.Contains(g, "net/http.(*conn).serve") ||
			strings.Contains(g, "net/http.(*connReader).backgroundRead") {
			idleHTTP++
		}
	}
	return all, idleHTTP
}
