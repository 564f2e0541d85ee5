package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// asOf is "now" in the end-to-end tests: the day after the sample corpus's
// last article.
var asOf = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

const (
	guild   = "500000000000000001"
	channel = "600000000000000001"
)

var (
	alice = discordtest.UserSpec{ID: "700000000000000001", Name: "alice"}
	admin = discordtest.UserSpec{ID: "700000000000000002", Name: "root", Admin: true}
)

// harness is a bot connected to a fake Discord.
type harness struct {
	srv   *discordtest.Server
	bot   *bot.Bot
	store bot.Store
	clock *clock
	stop  context.CancelFunc
	done  chan error
	once  sync.Once
	err   error
}

// answerStack is the real answering stack over the embedded sample corpus: a
// store and an index in a directory, and an extractive Service over them.
type answerStack struct {
	Store   *data.Store
	Index   *retrieval.Index
	Service *summarize.Service
}

// openSampleStack opens a store and an index in dir and fills them with
// the sample corpus. now is the Service's clock (nil: time.Now).
func openSampleStack(ctx context.Context, dir string, now func() time.Time) (*answerStack, error) {
	st, err := data.OpenStore(ctx, filepath.Join(dir, "newsbot.db"))
	if err != nil {
		return nil, fmt.Errorf("sample stack: %w", err)
	}
	ix, err := retrieval.Open(ctx, filepath.Join(dir, "index"), st, retrieval.Options{})
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("sample stack: %w", err)
	}
	s := &answerStack{Store: st, Index: ix}
	in := &ingest.Ingester{Store: st, Index: ix}
	_, err = in.SeedSample(ctx)
	if err == nil {
		s.Service, err = summarize.New(summarize.Config{Search: ix, Store: st, Now: now})
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("sample stack: %w", err)
	}
	return s, nil
}

// Close closes the index and the store.
func (s *answerStack) Close() error {
	return errors.Join(s.Index.Close(), s.Store.Close())
}

// sampleStack opens the real stack over the sample corpus in a temporary
// directory, closed when the test ends.
func sampleStack(tb testing.TB, now func() time.Time) *answerStack {
	tb.Helper()
	st, err := openSampleStack(context.Background(), tb.TempDir(), now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// startBot connects a bot over svc and store to a fresh fake Discord (or
// srv when given) and stops it when the test ends.
func startBot(t *testing.T, srv *discordtest.Server, svc bot.Service, store bot.Store, tweak func(*bot.Config)) *harness {
	t.Helper()
	c := newClock(asOf)
	if srv == nil {
		srv = discordtest.New(t, discordtest.Options{Guilds: []string{guild}, Now: time.Now})
		srv.AddChannel(guild, channel, "news")
	}
	cfg := bot.Config{
		Token:       discordtest.DefaultToken,
		HTTPClient:  srv.HTTPClient(),
		GuildID:     guild,
		Now:         c.Now,
		DigestEvery: -1,
		UserRate:    -1,
		GuildRate:   -1,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	b, err := bot.New(cfg, svc, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{srv: srv, bot: b, store: store, clock: c, stop: cancel, done: make(chan error, 1)}
	go func() { h.done <- b.Run(ctx) }()
	select {
	case <-b.Ready():
	case err := <-h.done:
		t.Fatalf("bot stopped before ready: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("bot not ready after 10s")
	}
	t.Cleanup(h.shutdown)
	return h
}

// shutdown stops the bot and waits for Run to return.
func (h *harness) shutdown() {
	h.once.Do(func() {
		h.stop()
		select {
		case h.err = <-h.done:
		case <-time.After(20 * time.Second):
			panic("bot.Run did not return after shutdown")
		}
	})
}

// waitFinal waits for the interaction's original response to be edited
// with something other than the loading state and returns it.
func (h *harness) waitFinal(t *testing.T, token string) map[string]any {
	t.Helper()
	h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, "/"+token+"/messages/@original") && !isPartial(r.Body)
	})
	m, ok := h.srv.OriginalResponse(token)
	if !ok {
		t.Fatalf("no original response for %s", token)
	}
	return m
}

// waitReply waits for the final reply to an interaction, public (the
// edited original response) or ephemeral (a followup after the deferred
// response was deleted), and returns its text.
func (h *harness) waitReply(t *testing.T, token string) string {
	t.Helper()
	r := h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, "/"+token+"/messages/@original") && !isPartial(r.Body) ||
			r.Method == "POST" && strings.HasPrefix(r.Path, "/webhooks/") && strings.HasSuffix(r.Path, "/"+token)
	})
	return embedText(r.Body)
}

// isPartial reports whether an edit is a streaming partial (ends with " …").
func isPartial(body map[string]any) bool {
	es, _ := body["embeds"].([]any)
	for _, e := range es {
		em, _ := e.(map[string]any)
		if d, _ := em["description"].(string); strings.HasSuffix(d, " …") {
			return true
		}
	}
	return false
}

// embedText is a message's content and every embed's title, description,
// fields and footer, joined.
func embedText(m map[string]any) string {
	var b strings.Builder
	if c, _ := m["content"].(string); c != "" {
		b.WriteString(c + "\n")
	}
	es, _ := m["embeds"].([]any)
	for _, e := range es {
		em, _ := e.(map[string]any)
		for _, k := range []string{"title", "description"} {
			if s, _ := em[k].(string); s != "" {
				b.WriteString(s + "\n")
			}
		}
		fs, _ := em["fields"].([]any)
		for _, f := range fs {
			fm, _ := f.(map[string]any)
			b.WriteString(fm["name"].(string) + "\n" + fm["value"].(string) + "\n")
		}
		if ft, ok := em["footer"].(map[string]any); ok {
			b.WriteString(ft["text"].(string) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), " …")
}

// customIDs lists the custom IDs of a message's buttons.
func customIDs(m map[string]any) []string {
	var ids []string
	rows, _ := m["components"].([]any)
	for _, r := range rows {
		rm, _ := r.(map[string]any)
		cs, _ := rm["components"].([]any)
		for _, c := range cs {
			cm, _ := c.(map[string]any)
			if id, _ := cm["custom_id"].(string); id != "" {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// checkNoPings fails t for any message, edit or followup the bot sent
// without allowed_mentions {parse: []}.
func checkNoPings(t *testing.T, srv *discordtest.Server) {
	t.Helper()
	n := 0
	for _, r := range srv.Requests() {
		if r.Method != "POST" && r.Method != "PATCH" {
			continue
		}
		p := r.Body
		if r.Callback() != 0 {
			if r.Callback() == 8 {
				continue // autocomplete choices are not a message
			}
			p, _ = r.Body["data"].(map[string]any)
		} else if !strings.HasSuffix(r.Path, "/messages") && !strings.Contains(r.Path, "/messages/") && !strings.HasPrefix(r.Path, "/webhooks/") || strings.HasSuffix(r.Path, "/threads") {
			continue
		}
		n++
		am, ok := p["allowed_mentions"].(map[string]any)
		parse, isList := am["parse"].([]any)
		if !ok || !isList || len(parse) != 0 || am["users"] != nil || am["roles"] != nil {
			raw, _ := json.Marshal(p)
			t.Errorf("%s %s without allowed_mentions {parse: []}: %s", r.Method, r.Path, raw)
		}
	}
	if n == 0 {
		t.Error("no messages were sent at all")
	}
}
