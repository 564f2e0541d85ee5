package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/ingest"
)

const (
	testGuild   = "800000000000000001"
	testChannel = "800000000000000002"
)

var testMember = discordtest.UserSpec{ID: "700000000000000001", Name: "alice"}

// syncBuffer is a bytes.Buffer that Run may write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runningBot is "newsbot run" started in a goroutine against a fake Discord.
type runningBot struct {
	srv    *discordtest.Server
	stderr *syncBuffer
	stop   func() int
}

// startRun starts "newsbot run" with env (the fake Discord's settings are
// added) and waits until it is connected; the test's end stops it.
func startRun(t *testing.T, env map[string]string) *runningBot {
	t.Helper()
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{testGuild}})
	srv.AddChannel(testGuild, testChannel, "news")
	full := map[string]string{
		"NEWSBOT_LOG_LEVEL": "error",
		"DISCORD_TOKEN":     discordtest.DefaultToken,
		"DISCORD_API_URL":   srv.URL,
		"DISCORD_GUILD_ID":  testGuild,
	}
	for k, v := range env {
		full[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	rb := &runningBot{srv: srv, stderr: &syncBuffer{}}
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"run"}, strings.NewReader(""), &bytes.Buffer{}, rb.stderr, func(k string) string { return full[k] })
	}()
	var once sync.Once
	code := -1
	rb.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(30 * time.Second):
				t.Errorf("newsbot run did not stop; stderr:\n%s", rb.stderr.String())
			}
		})
		return code
	}
	t.Cleanup(func() { rb.stop() })
	srv.WaitConnected(t)
	// The commands are registered once connected; wait for them too.
	srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PUT" && strings.HasSuffix(r.Path, "/commands")
	})
	return rb
}

// ask sends /ask in the test guild and returns the final reply's text.
func (rb *runningBot) ask(t *testing.T, question string) string {
	t.Helper()
	in := rb.srv.SlashCommand(testGuild, testChannel, testMember, "ask", discordtest.StringOption("question", question))
	r := rb.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, "/"+in.Token+"/messages/@original") && !strings.HasSuffix(replyText(r.Body), " …\n") ||
			r.Method == "POST" && strings.HasPrefix(r.Path, "/webhooks/") && strings.HasSuffix(r.Path, "/"+in.Token)
	})
	return replyText(r.Body)
}

// replyText is the content and embed text of a message body.
func replyText(m map[string]any) string {
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
			name, _ := fm["name"].(string)
			value, _ := fm["value"].(string)
			b.WriteString(name + "\n" + value + "\n")
		}
	}
	return b.String()
}

// sampleOutlets are the invented outlets of the sample corpus.
func sampleOutlets(t *testing.T) []string {
	t.Helper()
	arts, err := ingest.SampleArticles()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	for _, a := range arts {
		a.Normalize()
		if !seen[a.Source] {
			seen[a.Source] = true
			out = append(out, a.Source)
		}
	}
	return out
}

func checkNoSample(t *testing.T, reply string, outlets []string) {
	t.Helper()
	for _, o := range outlets {
		if strings.Contains(reply, o) {
			t.Errorf("a server was shown the sample outlet %q:\n%s", o, reply)
		}
	}
}

// TestRunOnEmptyStoreSeedsNothing runs the bot on an empty data directory:
// no sample article is stored, and a question about the sample's story in a
// server is not answered from it.
func TestRunOnEmptyStoreSeedsNothing(t *testing.T) {
	dir := t.TempDir()
	rb := startRun(t, map[string]string{"NEWSBOT_DATA_DIR": dir})
	reply := rb.ask(t, "Why is the Eastgate Bridge closed?")
	checkNoSample(t, reply, sampleOutlets(t))
	if code := rb.stop(); code != 0 {
		t.Fatalf("run exited %d; stderr:\n%s", code, rb.stderr.String())
	}
	if strings.Contains(rb.stderr.String(), "seeded") {
		t.Errorf("run says it seeded the store:\n%s", rb.stderr.String())
	}
	st, err := data.OpenStore(context.Background(), filepath.Join(dir, "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != 0 {
		t.Errorf("run left %d articles in an empty store, want 0", c.Articles)
	}
}

// TestRunKeepsAnOldSampleFromServers runs the bot on a store that an older
// newsbot seeded (the sample in feed 0, every server's scope): the servers
// are not answered from it, and run says how to remove it.
func TestRunKeepsAnOldSampleFromServers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := data.OpenStore(ctx, filepath.Join(dir, "newsbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	arts, err := ingest.SampleArticles()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&ingest.Ingester{Store: st}).StoreArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	st.Close()

	rb := startRun(t, map[string]string{"NEWSBOT_DATA_DIR": dir})
	reply := rb.ask(t, "Why is the Eastgate Bridge closed?")
	checkNoSample(t, reply, sampleOutlets(t))
	if !strings.Contains(rb.stderr.String(), "newsbot sample remove") {
		t.Errorf("run does not say how to remove the sample:\n%s", rb.stderr.String())
	}
}

// TestSampleRemoveCommand seeds the sample with a demo command, ingests an
// article of the operator's, and removes the sample: the count is reported
// and only the operator's article is left.
func TestSampleRemoveCommand(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"NEWSBOT_DATA_DIR": dir, "NEWSBOT_LOG_LEVEL": "error"}
	getenv := func(k string) string { return env[k] }
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"search", "Eastgate"}, strings.NewReader(""), &out, &errb, getenv); code != 0 {
		t.Fatalf("search exited %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "sample remove") {
		t.Errorf("seeding does not say how to remove the sample:\n%s", errb.String())
	}
	own := writeFile(t, t.TempDir(), "own.md", "# Harbour dredging starts\n\nThe port authority began dredging the harbour on Monday.\n")
	out.Reset()
	errb.Reset()
	if code := Run(context.Background(), []string{"ingest", own}, strings.NewReader(""), &out, &errb, getenv); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, errb.String())
	}
	arts, err := ingest.SampleArticles()
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	if code := Run(context.Background(), []string{"sample", "remove"}, strings.NewReader(""), &out, &errb, getenv); code != 0 {
		t.Fatalf("sample remove exited %d: %s", code, errb.String())
	}
	if got, wantLine := strings.TrimSpace(out.String()), fmt.Sprintf("Removed %d sample articles.", len(arts)); got != wantLine {
		t.Errorf("sample remove said %q, want %q", got, wantLine)
	}
	out.Reset()
	errb.Reset()
	if code := Run(context.Background(), []string{"stats", "--json"}, strings.NewReader(""), &out, &errb, getenv); code != 0 {
		t.Fatalf("stats exited %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), `"articles": 1,`) {
		t.Errorf("stats after sample remove:\n%s", out.String())
	}
	out.Reset()
	if code := Run(context.Background(), []string{"sample", "remove"}, strings.NewReader(""), &out, &errb, getenv); code != 0 ||
		!strings.Contains(out.String(), "no sample article") {
		t.Errorf("second sample remove: exit %d, %q", code, out.String())
	}
}

// TestRunSaysWhenTheStoreHoldsTheSample runs the bot after a demo command
// seeded the store: the servers are not shown the sample, and run says how
// to delete it.
func TestRunSaysWhenTheStoreHoldsTheSample(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"NEWSBOT_DATA_DIR": dir, "NEWSBOT_LOG_LEVEL": "error"}
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"ask", "Why is the Eastgate Bridge closed?"}, strings.NewReader(""), &out, &errb,
		func(k string) string { return env[k] }); code != 0 {
		t.Fatalf("ask exited %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "Eastgate") {
		t.Fatalf("the demo ask is not answered from the sample:\n%s", out.String())
	}
	rb := startRun(t, map[string]string{"NEWSBOT_DATA_DIR": dir})
	reply := rb.ask(t, "Why is the Eastgate Bridge closed?")
	checkNoSample(t, reply, sampleOutlets(t))
	if !strings.Contains(rb.stderr.String(), "sample articles") || !strings.Contains(rb.stderr.String(), "newsbot sample remove") {
		t.Errorf("run does not say the store holds the sample:\n%s", rb.stderr.String())
	}
	// Nor does autocomplete offer the sample's headlines.
	in := rb.srv.SlashCommand(testGuild, testChannel, testMember, "summarize", discordtest.Focused("article", "Eastgate"))
	rb.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, in.Token) && r.Callback() == 8 })
	_, data, _ := rb.srv.Callback(in.Token)
	if choices, _ := data["choices"].([]any); len(choices) > 0 {
		t.Errorf("autocomplete offers the sample's headlines: %v", choices)
	}
}
