//go:build unix

package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/data"
)

// A cluster is several "newsbot run" processes, each a re-executed test
// binary running the real wiring (Run), sharing one PostgreSQL store, one
// fake Discord and one server of feeds, all started by the parent test on
// loopback. TestTwoProcesses and BenchmarkTwoProcesses drive it.

// multiHelperEnv tells the test binary that it is a cluster's process.
const multiHelperEnv = "NEWSBOT_MULTI_HELPER"

// TestMultiProcessHelper is a process of a cluster: "newsbot run" with the
// environment the parent gave it, until SIGTERM (or SIGKILL).
func TestMultiProcessHelper(t *testing.T) {
	if os.Getenv(multiHelperEnv) == "" {
		t.Skip("helper process of TestTwoProcesses")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	os.Exit(Run(ctx, []string{"run"}, strings.NewReader(""), os.Stdout, os.Stderr, os.Getenv))
}

// clusterShards is the shard count of every cluster.
const clusterShards = 4

// clusterOptions sizes a cluster.
type clusterOptions struct {
	servers, feeds int
}

// cluster is the parent's side of a cluster.
type cluster struct {
	t      testing.TB
	dbURL  string
	srv    *discordtest.Server
	feeds  *clusterFeeds
	dir    string
	guilds []string
	// seen is how many of the fake's requests came before the
	// interactions that replies waits for next; set by mark.
	seen int
	// digests counts the digest posts of digestPosts's servers in the
	// first digestsSeen requests.
	digests     []int
	digestsSeen int
}

// mark records that the interactions replies waits for next are all
// created from now on, so that it reads only the requests after them.
func (c *cluster) mark() { c.seen = len(c.srv.Requests()) }

// clusterGuild is the i-th server: its shard is (i+1) % clusterShards.
func clusterGuild(i int) string { return strconv.FormatUint(uint64(i+1)<<22|5, 10) }

// clusterChannel is the i-th server's text channel; clusterDigestChannel
// the one its digest goes to.
func clusterChannel(i int) string       { return strconv.Itoa(630000000000000000 + i) }
func clusterDigestChannel(i int) string { return strconv.Itoa(640000000000000000 + i) }

// clusterMember asks the cluster's questions.
var clusterMember = discordtest.UserSpec{ID: "700000000000000009", Name: "bea"}

// newCluster starts the fake Discord with o.servers servers and the feed
// server with o.feeds feeds, over the PostgreSQL database dbURL.
func newCluster(tb testing.TB, dbURL string, o clusterOptions) *cluster {
	tb.Helper()
	c := &cluster{t: tb, dbURL: dbURL, dir: tb.TempDir(), feeds: newClusterFeeds(tb, o.feeds)}
	for i := range o.servers {
		c.guilds = append(c.guilds, clusterGuild(i))
	}
	// max_concurrency 2: a process's two shards identify at once.
	c.srv = discordtest.New(tb, discordtest.Options{Guilds: c.guilds, MaxConcurrency: 2})
	for i := range o.servers {
		c.srv.AddChannel(c.guilds[i], clusterChannel(i), "news")
		c.srv.AddChannel(c.guilds[i], clusterDigestChannel(i), "digest")
	}
	return c
}

// proc is one process of a cluster.
type proc struct {
	name, shards, dataDir, logPath string
	cmd                            *exec.Cmd
	done                           chan error
}

// start starts a process running shards (such as "0-1") in its own data
// directory name; starting a name again reuses its data directory, as a
// restarted process does.
func (c *cluster) start(name, shards string) *proc {
	c.t.Helper()
	return c.startEnv(name, map[string]string{
		"NEWSBOT_DATA_DIR":        filepath.Join(c.dir, name),
		"NEWSBOT_DATABASE_URL":    c.dbURL,
		"NEWSBOT_LOG_LEVEL":       "warn",
		"NEWSBOT_ALLOW_PRIVATE":   "true",
		"NEWSBOT_FETCH_FULL_TEXT": "false",
		"NEWSBOT_FEEDS":           strings.Join(c.feeds.urls(), ","),
		"DISCORD_TOKEN":           discordtest.DefaultToken,
		"DISCORD_API_URL":         c.srv.URL,
		"NEWSBOT_SHARDS":          strconv.Itoa(clusterShards),
		"NEWSBOT_SHARD_IDS":       shards,
	})
}

// startEnv starts a process named name with newsbot's settings env and
// none of the parent's: its shards are env's NEWSBOT_SHARD_IDS and its
// data directory env's NEWSBOT_DATA_DIR, and it talks to the cluster's
// fake Discord only if env says so (start's env does).
func (c *cluster) startEnv(name string, env map[string]string) *proc {
	c.t.Helper()
	p := &proc{name: name, shards: env["NEWSBOT_SHARD_IDS"], dataDir: env["NEWSBOT_DATA_DIR"], done: make(chan error, 1)}
	p.logPath = filepath.Join(c.dir, fmt.Sprintf("%s-%d.log", name, time.Now().UnixNano()))
	logf, err := os.Create(p.logPath)
	if err != nil {
		c.t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMultiProcessHelper$", "-test.count=1")
	for _, kv := range os.Environ() {
		// The parent's own settings stay out of the child's.
		k, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(k, "NEWSBOT_") && !strings.HasPrefix(k, "DISCORD_") && !strings.HasPrefix(k, "OPENAI_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env, multiHelperEnv+"=1")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		c.t.Fatalf("start %s: %v", name, err)
	}
	p.cmd = cmd
	go func() { p.done <- cmd.Wait(); logf.Close() }()
	c.t.Cleanup(func() { p.kill() })
	return p
}

// kill SIGKILLs the process and waits for it.
func (p *proc) kill() {
	if p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Kill()
	<-p.done
}

// stop ends the process with SIGTERM and returns its exit error.
func (p *proc) stop(tb testing.TB) error {
	tb.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		return err
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		return fmt.Errorf("%s did not stop within 30s", p.name)
	}
}

// logTail is the end of the process's log, for failure messages.
func (p *proc) logTail() string {
	b, _ := os.ReadFile(p.logPath)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// peakKB is the process's peak resident memory (VmHWM), in kB; 0 when
// unknown.
func (p *proc) peakKB() int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}

// waitShards waits until every shard has identified since the log had
// from entries, and the commands are registered; it returns the log's
// length then.
func (c *cluster) waitShards(from int, procs ...*proc) int {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	want := map[int]bool{}
	for _, p := range procs {
		ids, err := parseShardIDs(p.shards, clusterShards)
		if err != nil {
			c.t.Fatal(err)
		}
		for _, id := range ids {
			want[id] = true
		}
	}
	for {
		log := c.srv.IdentifyLog()
		got := map[int]bool{}
		for _, id := range log[min(from, len(log)):] {
			got[id.Shard] = true
		}
		registered := slices.ContainsFunc(c.srv.Requests(), func(r discordtest.Request) bool {
			return r.Method == "PUT" && strings.HasSuffix(r.Path, "/commands")
		})
		if len(got) >= len(want) && registered {
			return len(log)
		}
		if time.Now().After(deadline) {
			for _, p := range procs {
				c.t.Logf("%s's log:\n%s", p.name, p.logTail())
			}
			c.t.Fatalf("shards identified %v, commands registered %v; want %v", got, registered, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// clusterFeeds serves feeds /feed/N, an item each, and counts their fetches.
type clusterFeeds struct {
	srv *httptest.Server
	n   int
	mu  sync.Mutex
	// fetches and first are each feed's fetch count and first fetch time.
	fetches []int
	first   []time.Time
}

func newClusterFeeds(tb testing.TB, n int) *clusterFeeds {
	f := &clusterFeeds{n: n, fetches: make([]int, n), first: make([]time.Time, n)}
	published := time.Now().Add(-time.Hour).UTC().Format(time.RFC1123Z)
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/feed/"))
		if err != nil || k < 0 || k >= n {
			http.NotFound(w, r)
			return
		}
		f.mu.Lock()
		f.fetches[k]++
		if f.first[k].IsZero() {
			f.first[k] = time.Now()
		}
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		word := feedWord(k)
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %d</title><link>%s</link><description>Feed %d</description>
<item><title>The %s report</title><link>%s/item/%d</link><guid>%s/item/%d</guid><pubDate>%s</pubDate>
<description>The %s report came out today. Officials in the harbour district said the %s figures were final and would stand.</description></item>
</channel></rss>`, k, f.srv.URL, k, word, f.srv.URL, k, f.srv.URL, k, published, word, word)
	}))
	tb.Cleanup(f.srv.Close)
	return f
}

// feedWord is the word only feed k's article has: letters, so that the
// analyzer keeps it whole.
func feedWord(k int) string {
	return "zorv" + string(rune('a'+k/26%26)) + string(rune('a'+k%26)) + "ix"
}

func (f *clusterFeeds) urls() []string {
	out := make([]string, f.n)
	for k := range out {
		out[k] = f.srv.URL + "/feed/" + strconv.Itoa(k)
	}
	return out
}

// counts returns each feed's fetch count and first fetch time.
func (f *clusterFeeds) counts() ([]int, []time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.fetches), slices.Clone(f.first)
}

// interactionToken is the token in the path of a request about an
// interaction (its callback, its original response or a follow-up), or "".
func interactionToken(path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(segs) >= 4 && segs[0] == "interactions" && segs[3] == "callback":
		return segs[2]
	case len(segs) >= 3 && segs[0] == "webhooks":
		return segs[2]
	}
	return ""
}

// finalReply returns the text of r when it is an interaction's final
// reply (a message callback, or an edit or follow-up that is not a
// placeholder), and whether it is.
func finalReply(r discordtest.Request) (string, bool) {
	switch {
	case r.Callback() == 4:
		m, _ := r.Body["data"].(map[string]any)
		return replyText(m), true
	case strings.HasPrefix(r.Path, "/webhooks/") && (r.Method == "PATCH" || r.Method == "POST"):
		text := replyText(r.Body)
		return text, !strings.HasSuffix(text, " …\n")
	}
	return "", false
}

// replies waits until each of tokens has a final reply, or until timeout,
// and returns the replies' text by token, with the time each reply
// arrived and the time of its first callback (the ack).
func (c *cluster) replies(tokens []string, timeout time.Duration) (texts map[string]string, done, acked map[string]time.Time) {
	want := map[string]bool{}
	for _, tok := range tokens {
		want[tok] = true
	}
	texts, done, acked = map[string]string{}, map[string]time.Time{}, map[string]time.Time{}
	deadline := time.Now().Add(timeout)
	seen := c.seen
	for len(done) < len(want) && time.Now().Before(deadline) {
		reqs := c.srv.RequestsFrom(seen)
		for _, r := range reqs {
			tok := interactionToken(r.Path)
			if !want[tok] {
				continue
			}
			if r.Callback() != 0 && acked[tok].IsZero() {
				acked[tok] = r.At
			}
			if text, ok := finalReply(r); ok {
				texts[tok] = text
				if done[tok].IsZero() {
					done[tok] = r.At
				}
			}
		}
		seen += len(reqs)
		if len(done) < len(want) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	return texts, done, acked
}

// findFeeds asks each process, through a server of its shards (guilds, by
// process), for every feed's word until each finds it; a feed some
// process never finds within timeout is an error.
func (c *cluster) findFeeds(guilds []int, timeout time.Duration) error {
	type probe struct{ feed, guild int }
	pending := map[probe]bool{}
	for k := range c.feeds.n {
		for _, g := range guilds {
			pending[probe{k, g}] = true
		}
	}
	deadline := time.Now().Add(timeout)
	for len(pending) > 0 {
		if time.Now().After(deadline) {
			return fmt.Errorf("%d searches never found their feed's article within %v", len(pending), timeout)
		}
		byToken := map[string]probe{}
		var tokens []string
		c.mark()
		for p := range pending {
			in := c.srv.SlashCommand(c.guilds[p.guild], clusterChannel(p.guild), clusterMember, "search", discordtest.StringOption("query", feedWord(p.feed)))
			byToken[in.Token] = p
			tokens = append(tokens, in.Token)
		}
		texts, _, _ := c.replies(tokens, 10*time.Second)
		for tok, p := range byToken {
			if foundReport(texts[tok], feedWord(p.feed)) {
				delete(pending, p)
			}
		}
		if len(pending) > 0 {
			time.Sleep(100 * time.Millisecond)
		}
	}
	return nil
}

// guildOnShard is the first server of the cluster on shard.
func (c *cluster) guildOnShard(shard int) int {
	for i, g := range c.guilds {
		if discordtest.ShardOf(g, clusterShards) == shard {
			return i
		}
	}
	c.t.Fatalf("no server on shard %d", shard)
	return -1
}

// percentile is the p-th percentile (0-100) of ds, by nearest rank.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// digestRun is what became of the digests scheduled in a cluster's first
// servers while one process was killed and restarted.
type digestRun struct {
	// posts is how many messages each server's digest channel holds.
	posts []int
	// victims is how many of the servers are the killed process's, and
	// beforeKill how many of those it had posted when it was killed.
	victims, beforeKill int
	// repeated is how many servers' digests were sent again after Discord
	// had accepted them (more than one create): those the killed process
	// posted but had not recorded.
	repeated int
}

// missedAndDoubled counts the servers whose digest was never posted, and
// the posts beyond the first.
func (d digestRun) missedAndDoubled() (missed, doubled int) {
	for _, n := range d.posts {
		if n == 0 {
			missed++
		}
		doubled += max(n-1, 0)
	}
	return missed, doubled
}

// digestPosts counts the message creates Discord answered in each of the
// first n servers' digest channels (a create Discord answers with an
// earlier message of the same nonce counts too), reading only the
// requests it has not read before.
func (c *cluster) digestPosts(n int) []int {
	if len(c.digests) != n {
		c.digests, c.digestsSeen = make([]int, n), 0
	}
	index := map[string]int{}
	for i := range n {
		index["/channels/"+clusterDigestChannel(i)+"/messages"] = i
	}
	reqs := c.srv.RequestsFrom(c.digestsSeen)
	c.digestsSeen += len(reqs)
	for _, r := range reqs {
		if i, ok := index[r.Path]; ok && r.Method == "POST" && r.Status < 300 {
			c.digests[i]++
		}
	}
	return slices.Clone(c.digests)
}

// digestsAcrossKill schedules a digest due now in the first n servers,
// SIGKILLs victim while it posts its servers' digests, restarts it and
// waits for every digest (up to two minutes); it returns the restarted
// process too. The fake Discord holds back its answers to the victim's
// posts, so the kill comes after Discord accepted a digest and before the
// victim heard back and committed its claim.
func (c *cluster) digestsAcrossKill(st *data.Store, n int, victim *proc) (digestRun, *proc) {
	c.t.Helper()
	ctx := context.Background()
	ids, err := parseShardIDs(victim.shards, clusterShards)
	if err != nil {
		c.t.Fatal(err)
	}
	var run digestRun
	isVictims := make([]bool, n)
	clock := time.Now().UTC().Format("15:04")
	for i := range n {
		isVictims[i] = slices.Contains(ids, discordtest.ShardOf(c.guilds[i], clusterShards))
		if isVictims[i] {
			run.victims++
		}
		if err := st.SetDigestSchedule(ctx, data.DigestSchedule{GuildID: c.guilds[i], ChannelID: clusterDigestChannel(i), Clock: clock, TimeZone: "UTC", CreatedBy: clusterMember.ID}); err != nil {
			c.t.Fatal(err)
		}
	}
	victimChannels := map[string]bool{}
	for i := range n {
		if isVictims[i] {
			victimChannels["/channels/"+clusterDigestChannel(i)+"/messages"] = true
		}
	}
	c.srv.DelayWhen(func(r discordtest.Request) bool { return r.Method == "POST" && victimChannels[r.Path] }, time.Second)
	victimPosts := func() int {
		k := 0
		for i, p := range c.digestPosts(n) {
			if isVictims[i] && p > 0 {
				k++
			}
		}
		return k
	}
	// The schedulers read the schedules every 30s.
	deadline := time.Now().Add(45 * time.Second)
	for victimPosts() == 0 {
		if time.Now().After(deadline) {
			c.t.Fatalf("%s posted no digest in 45s; its log:\n%s", victim.name, victim.logTail())
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Killed at once, the victim is waiting for Discord's answer to its
	// first post, which Discord has accepted: its claim of the slot is
	// not committed, so the restarted process posts that digest again,
	// and only its nonce keeps Discord from showing it twice.
	victim.kill()
	c.srv.ClearDelays()
	run.beforeKill = victimPosts()
	idents := len(c.srv.IdentifyLog())
	restarted := c.start(victim.name, victim.shards)
	c.waitShards(idents, restarted)
	deadline = time.Now().Add(2 * time.Minute)
	for slices.Contains(c.digestPosts(n), 0) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	// A second post would come from the same tick; give it time to land.
	time.Sleep(time.Second)
	creates := c.digestPosts(n)
	for i := range n {
		run.posts = append(run.posts, len(c.srv.ChannelMessages(clusterDigestChannel(i))))
		if creates[i] > 1 {
			run.repeated++
		}
	}
	return run, restarted
}

// helpEverywhere sends /help in every server and returns how many
// servers got no reply and how many interactions were answered other than
// once.
func (c *cluster) helpEverywhere() (unanswered, notOnce int) {
	c.t.Helper()
	byToken := map[string]bool{}
	var tokens []string
	c.mark()
	for i, g := range c.guilds {
		in := c.srv.SlashCommand(g, clusterChannel(i), clusterMember, "help")
		byToken[in.Token] = true
		tokens = append(tokens, in.Token)
	}
	_, done, _ := c.replies(tokens, 30*time.Second)
	unanswered = len(tokens) - len(done)
	callbacks := map[string]int{}
	for _, r := range c.srv.Requests() {
		if tok := interactionToken(r.Path); byToken[tok] && r.Callback() != 0 {
			callbacks[tok]++
		}
	}
	for _, tok := range tokens {
		if callbacks[tok] != 1 {
			notOnce++
		}
	}
	return unanswered, notOnce
}

// foundReport reports whether a /search reply lists the article titled
// "The <word> report": a reply that finds nothing repeats the query, so
// the word alone proves nothing.
func foundReport(reply, word string) bool {
	return strings.Contains(strings.ToLower(reply), "the "+word+" report")
}
