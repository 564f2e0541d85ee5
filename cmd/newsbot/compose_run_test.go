//go:build unix

package main

import (
	"context"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot/discordtest"
)

// TestComposeRun runs the newsbot services of deploy/compose.postgres.yaml
// as processes (a cluster's, over PostgreSQL and the fake Discord), each
// with the environment its container would have (the image's ENV, .env
// from .env.example, the service's environment), except for the store,
// the data directory, Discord and the health server's address, which are
// the test's. It starts them in the compose file's order, each once the
// ones it depends on pass their health check, and checks that each passes
// the compose file's health check, runs exactly its NEWSBOT_SHARD_IDS, and
// registers the commands only if it runs shard 0.
func TestComposeRun(t *testing.T) {
	dbURL := emptyPostgres(t)
	f := loadCompose(t)
	order, err := composeStartOrder(f, f.newsbotServices(t))
	if err != nil {
		t.Fatal(err)
	}
	c := newCluster(t, dbURL, clusterOptions{servers: clusterShards})
	registered := 0
	identified := map[int]int{}
	var procs []*proc
	for _, name := range order {
		s := f.Services[name]
		env := s.containerEnv(t)
		maps.Copy(env, map[string]string{
			"NEWSBOT_DATABASE_URL": dbURL,
			"NEWSBOT_DATA_DIR":     t.TempDir(),
			"NEWSBOT_HTTP_ADDR":    freeAddr(t),
			"DISCORD_TOKEN":        discordtest.DefaultToken,
			"DISCORD_API_URL":      c.srv.URL,
		})
		cfg, _ := readKeys(t, name, env)
		if cfg.Shards != clusterShards {
			t.Fatalf("%s: NEWSBOT_SHARDS %d; the cluster's fake Discord has %d", name, cfg.Shards, clusterShards)
		}
		// A health check that passes with nothing running checks nothing.
		if healthcheck(s.Healthcheck.Test, env) == 0 {
			t.Fatalf("%s: health check %q passes before the process starts", name, s.Healthcheck.Test)
		}
		identFrom, reqFrom := len(c.srv.IdentifyLog()), len(c.srv.Requests())
		p := c.startEnv(name, env)
		procs = append(procs, p)
		waitHealthy(t, p, s.Healthcheck.Test, env)

		// The services start one after the other, so what Discord saw
		// since this one started is this one's.
		var shards []int
		for _, id := range c.srv.IdentifyLog()[identFrom:] {
			shards = append(shards, id.Shard)
			identified[id.Shard]++
		}
		slices.Sort(shards)
		if !slices.Equal(shards, cfg.ShardIDs) {
			t.Errorf("%s identified shards %v, want its NEWSBOT_SHARD_IDS %v", name, shards, cfg.ShardIDs)
		}
		n := 0
		for _, r := range c.srv.RequestsFrom(reqFrom) {
			if r.Method == "PUT" && strings.HasSuffix(r.Path, "/commands") {
				n++
			}
		}
		want := 0
		if slices.Contains(cfg.ShardIDs, 0) {
			want = 1
		}
		if n != want {
			t.Errorf("%s (shards %v) registered the commands %d times, want %d", name, cfg.ShardIDs, n, want)
		}
		registered += n
	}
	if registered != 1 {
		t.Errorf("the commands were registered %d times, want once", registered)
	}
	for id := range clusterShards {
		if identified[id] != 1 {
			t.Errorf("shard %d identified %d times, want once", id, identified[id])
		}
	}
	for _, p := range procs {
		if err := p.stop(t); err != nil {
			t.Errorf("%s: %v; its log:\n%s", p.name, err, p.logTail())
		}
	}
}

// healthcheck runs the health check test (["CMD", binary, args...]) as
// the container would, with its environment env, and returns its exit
// code; its errors go to stderr, when given.
func healthcheck(test []string, env map[string]string, stderr ...io.Writer) int {
	if len(test) < 2 || test[0] != "CMD" {
		return -1
	}
	return Run(context.Background(), test[2:], strings.NewReader(""), io.Discard, io.MultiWriter(stderr...), envMap(env))
}

// waitHealthy runs the service's health check, test (["CMD", binary,
// args...]), as its container would, with the service's environment,
// until it passes; it fails t after 30s or if the process exits.
func waitHealthy(t *testing.T, p *proc, test []string, env map[string]string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var stderr strings.Builder
		if healthcheck(test, env, &stderr) == 0 {
			return
		}
		select {
		case err := <-p.done:
			t.Fatalf("%s exited (%v) before its health check passed; its log:\n%s", p.name, err, p.logTail())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: health check %q still fails after 30s: %s\nits log:\n%s", p.name, test, stderr.String(), p.logTail())
		}
	}
}
