//go:build unix

package main

import (
	"context"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

// TestTwoProcesses runs two "newsbot run" processes of two shards each of
// four over one PostgreSQL store, 2,000 servers and 50 feeds, and checks
// that they split the work: every feed fetched once in its interval,
// every article searchable in both, and within followLag of its write
// when both are running, a
// digest in 100 servers posted once each although one process is
// SIGKILLed while posting them (after Discord accepted one and before the
// process heard back) and restarted, and every server's command answered
// once.
func TestTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("two processes for a minute; not with -short")
	}
	url := emptyPostgres(t)
	ctx := context.Background()
	// The parent migrates the store first, as an operator's first start
	// would, and writes the schedules later.
	st, err := data.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := newCluster(t, url, clusterOptions{servers: 2000, feeds: 50})
	a := c.start("a", "0-1")
	b := c.start("b", "2-3")
	c.waitShards(0, a, b)
	ready := time.Now()
	if _, first := c.feeds.counts(); !first[0].IsZero() {
		t.Logf("both processes connected %v after feed 0's first fetch", ready.Sub(first[0]))
	}
	probes := []int{c.guildOnShard(0), c.guildOnShard(2)}
	// The feeds' articles, which a or b fetched as it started, are found
	// in both.
	if err := c.findFeeds(probes, 30*time.Second); err != nil {
		t.Fatalf("%v\na's log:\n%s\nb's log:\n%s", err, a.logTail(), b.logTail())
	}
	// The lag: articles stored while both run, by the parent's own store
	// handle (another process, as far as they know).
	lags := c.commitLags(st, probes, 10)
	for k, lag := range lags {
		if lag > followLag {
			t.Errorf("search %d found its article %v after it was stored, want within %v", k, lag, followLag)
		}
	}
	t.Logf("index lag over %d searches of articles stored while both ran: p50 %v, p99 %v", len(lags), percentile(lags, 50), percentile(lags, 99))

	run, b := c.digestsAcrossKill(st, 100, b)
	missed, doubled := run.missedAndDoubled()
	t.Logf("digests: b was killed after posting %d of its %d; %d sent again after Discord accepted them; %d missed, %d posted twice", run.beforeKill, run.victims, run.repeated, missed, doubled)
	if missed != 0 || doubled != 0 {
		t.Errorf("digests of 100 servers: %d missed, %d extra messages; want every one posted once (messages %v)", missed, doubled, run.posts)
	}
	if run.repeated == 0 {
		t.Errorf("no digest was sent again after Discord accepted it: the kill missed the window between Discord's accepting a post and the claim's commit")
	}

	if unanswered, notOnce := c.helpEverywhere(); unanswered != 0 || notOnce != 0 {
		t.Errorf("/help in %d servers: %d unanswered, %d not answered exactly once", len(c.guilds), unanswered, notOnce)
	}
	fetches, _ := c.feeds.counts()
	for k, n := range fetches {
		if n != 1 {
			t.Errorf("feed %d fetched %d times in its interval, want once", k, n)
		}
	}
	t.Logf("peak memory: a %d MB, b (restarted) %d MB", a.peakKB()/1024, b.peakKB()/1024)
	for _, p := range []*proc{a, b} {
		if err := p.stop(t); err != nil {
			t.Errorf("%s: %v; its log:\n%s", p.name, err, p.logTail())
		}
	}
}
