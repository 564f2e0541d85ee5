package bot

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/summarize"
)

// The bot's conversation state (the threads it follows and the citations
// behind Sources buttons) is recorded in the store, so a restart forgets
// nothing, and cached in memory for this run. The caches are bounded like
// the store; when the store fails they log it and carry on from memory,
// so a broken database costs history, not answers.

// maxThreads and maxSources bound the threads and the Sources buttons
// remembered, in memory and in the store.
const (
	maxThreads = 1000
	maxSources = 512
)

// threadState is the conversation of a thread the bot follows.
type threadState struct {
	id      string
	mu      sync.Mutex // one answer at a time per thread, in order
	history []summarize.Turn
}

// threadBook remembers the threads the bot follows (those it started, and
// direct-message channels) and their conversations. It holds one
// threadState per thread, so that answers in a thread are serialised by
// one mutex; the threads least recently written are forgotten first.
type threadBook struct {
	store ThreadStore // nil: memory only
	log   *slog.Logger
	max   int
	mu    sync.Mutex
	order []string // least recently written first
	m     map[string]*threadState
}

func newThreadBook(max int, store ThreadStore, log *slog.Logger) *threadBook {
	return &threadBook{store: store, log: log, max: max, m: map[string]*threadState{}}
}

// get returns a thread's state, from memory or else from the store, or
// nil for a thread the bot doesn't follow.
func (tb *threadBook) get(ctx context.Context, id string) *threadState {
	tb.mu.Lock()
	st := tb.m[id]
	tb.mu.Unlock()
	if st != nil || tb.store == nil {
		return st
	}
	raw, err := tb.store.BotThread(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		return nil
	}
	if err != nil {
		tb.log.WarnContext(ctx, "bot: load thread", "thread_id", id, "err", err)
		return nil
	}
	history, err := decodeTurns(raw)
	if err != nil {
		// Still a thread the bot follows; only its history is lost.
		tb.log.WarnContext(ctx, "bot: load thread", "thread_id", id, "err", err)
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if st := tb.m[id]; st != nil {
		// Another message in the thread loaded it meanwhile.
		return st
	}
	return tb.insert(id, history)
}

// start records a thread the bot now follows, optionally with its first
// turn; a thread it already follows is returned as it is.
func (tb *threadBook) start(ctx context.Context, id string, first ...summarize.Turn) *threadState {
	tb.mu.Lock()
	if st, ok := tb.m[id]; ok {
		tb.mu.Unlock()
		return st
	}
	st := tb.insert(id, append([]summarize.Turn(nil), first...))
	// Hold the new thread's lock while saving it, so that a turn added
	// meanwhile cannot be overwritten by this older history. Nobody else
	// has seen st yet, so this cannot block.
	st.mu.Lock()
	tb.mu.Unlock()
	defer st.mu.Unlock()
	tb.save(ctx, st)
	return st
}

// add appends a turn, keeping the last maxHistory, and records it; the
// caller holds st.mu.
func (tb *threadBook) add(ctx context.Context, st *threadState, t summarize.Turn) {
	st.history = append(st.history, t)
	if len(st.history) > maxHistory {
		st.history = append([]summarize.Turn(nil), st.history[len(st.history)-maxHistory:]...)
	}
	tb.mu.Lock()
	if i := slices.Index(tb.order, st.id); i >= 0 {
		tb.order = append(slices.Delete(tb.order, i, i+1), st.id)
	}
	tb.mu.Unlock()
	tb.save(ctx, st)
}

// insert adds a thread to memory, forgetting the least recently written
// beyond max; the caller holds tb.mu.
func (tb *threadBook) insert(id string, history []summarize.Turn) *threadState {
	st := &threadState{id: id, history: history}
	tb.m[id] = st
	tb.order = append(tb.order, id)
	for len(tb.order) > tb.max {
		delete(tb.m, tb.order[0])
		tb.order = tb.order[1:]
	}
	return st
}

// save writes a thread's history to the store; the caller holds st.mu.
func (tb *threadBook) save(ctx context.Context, st *threadState) {
	if tb.store == nil {
		return
	}
	raw, err := encodeTurns(st.history)
	if err == nil {
		err = tb.store.SaveBotThread(ctx, st.id, raw, tb.max)
	}
	if err != nil {
		tb.log.WarnContext(ctx, "bot: save thread", "thread_id", st.id, "err", err)
	}
}

// storedTurn is a turn as stored: a type of its own, so that renaming
// summarize.Turn's fields does not lose the histories already stored.
type storedTurn struct {
	Question string `json:"q"`
	Answer   string `json:"a"`
}

func encodeTurns(ts []summarize.Turn) ([]byte, error) {
	out := make([]storedTurn, len(ts))
	for i, t := range ts {
		out[i] = storedTurn{Question: t.Question, Answer: t.Answer}
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("bot: encode history: %w", err)
	}
	return raw, nil
}

func decodeTurns(raw []byte) ([]summarize.Turn, error) {
	var in []storedTurn
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, fmt.Errorf("bot: decode history: %w", err)
	}
	ts := make([]summarize.Turn, len(in))
	for i, t := range in {
		ts[i] = summarize.Turn{Question: t.Question, Answer: t.Answer}
	}
	return ts, nil
}

// sourceEntry is what a Sources button shows: an answer's citations and,
// for each cited sentence, the passages that back it.
type sourceEntry struct {
	Citations []summarize.Citation        `json:"citations"`
	Support   []summarize.SentenceSupport `json:"support,omitempty"`
}

// decodeSourceEntry reads a stored entry; entries stored before support
// was kept are a JSON array of citations.
func decodeSourceEntry(raw []byte) (sourceEntry, error) {
	var e sourceEntry
	var err error
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		err = json.Unmarshal(t, &e.Citations)
	} else {
		err = json.Unmarshal(raw, &e)
	}
	if err != nil {
		return sourceEntry{}, fmt.Errorf("bot: decode sources: %w", err)
	}
	return e, nil
}

// sourceCache keeps what recent Sources buttons show, so a click can show
// the quoted passages. The oldest entries go first.
type sourceCache struct {
	store SourceStore // nil: memory only
	log   *slog.Logger
	max   int
	mu    sync.Mutex
	order []string
	m     map[string]sourceEntry
}

func newSourceCache(max int, store SourceStore, log *slog.Logger) *sourceCache {
	return &sourceCache{store: store, log: log, max: max, m: map[string]sourceEntry{}}
}

// put keeps e and returns the key a button names it by. Keys are random,
// so a key made before a restart never finds another answer's sources
// after it.
func (c *sourceCache) put(ctx context.Context, e sourceEntry) string {
	key := rand.Text()
	c.mu.Lock()
	c.m[key] = sourceEntry{
		Citations: append([]summarize.Citation(nil), e.Citations...),
		Support:   append([]summarize.SentenceSupport(nil), e.Support...),
	}
	c.order = append(c.order, key)
	for len(c.order) > c.max {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.mu.Unlock()
	if c.store != nil {
		raw, err := json.Marshal(e)
		if err == nil {
			err = c.store.PutBotSources(ctx, key, raw, c.max)
		}
		if err != nil {
			c.log.WarnContext(ctx, "bot: save sources", "key", key, "err", err)
		}
	}
	return key
}

// get returns the entry kept under key, from memory or else from the
// store.
func (c *sourceCache) get(ctx context.Context, key string) (sourceEntry, bool) {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok || c.store == nil {
		return e, ok
	}
	raw, err := c.store.BotSources(ctx, key)
	if errors.Is(err, data.ErrNotFound) {
		return sourceEntry{}, false
	}
	if err == nil {
		e, err = decodeSourceEntry(raw)
	}
	if err != nil {
		c.log.WarnContext(ctx, "bot: load sources", "key", key, "err", err)
		return sourceEntry{}, false
	}
	return e, true
}
