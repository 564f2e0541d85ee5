package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/joho/godotenv"
	"go.yaml.in/yaml/v3"
)

// The compose file of several processes, deploy/compose.postgres.yaml, is
// checked here without Docker: TestComposeFile reads it as Compose would
// and checks what must hold between its services, the Dockerfile and the
// configuration; TestComposeRun (compose_run_test.go) runs its newsbot
// services as processes with the environment it gives them.

// composePath is the compose file of two processes over PostgreSQL.
const composePath = "../../deploy/compose.postgres.yaml"

// composeFile is the part of a compose file these tests read.
type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

// composeService is one service of a compose file.
type composeService struct {
	Image string `yaml:"image"`
	Build *struct {
		Context string `yaml:"context"`
	} `yaml:"build"`
	EnvFile []struct {
		Path string `yaml:"path"`
	} `yaml:"env_file"`
	Environment map[string]string `yaml:"environment"`
	DependsOn   map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
	Volumes     []string `yaml:"volumes"`
	Ports       []string `yaml:"ports"`
	Healthcheck struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
}

// composeVars are the variables of the --env-file that the compose file
// interpolates.
var composeVars = map[string]string{"NEWSBOT_PG_PASSWORD": "pg-secret"}

// loadCompose reads the compose file; YAML's anchors and merge keys
// (newsbot-b's "<<: *newsbot-env") are resolved by the parser.
func loadCompose(tb testing.TB) composeFile {
	tb.Helper()
	b, err := os.ReadFile(composePath)
	if err != nil {
		tb.Fatal(err)
	}
	var f composeFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		tb.Fatalf("%s: %v", composePath, err)
	}
	return f
}

// newsbotServices are the names, sorted, of the services that run the
// image that a service of f builds.
func (f composeFile) newsbotServices(tb testing.TB) []string {
	tb.Helper()
	var image string
	for name, s := range f.Services {
		if s.Build != nil {
			if image != "" {
				tb.Fatalf("%s: two services build an image", composePath)
			}
			if s.Image == "" {
				tb.Fatalf("%s: %s builds an image without naming it, so no other service can run it", composePath, name)
			}
			image = s.Image
		}
	}
	var names []string
	for name, s := range f.Services {
		if s.Image == image {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// interpolateRE is a compose variable: ${NAME}, ${NAME:?error},
// ${NAME:-default} and their forms without the colon.
var interpolateRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?\}`)

// interpolate replaces the variables in v with vars, as Compose does; a
// variable that is required but unset is an error of tb.
func interpolate(tb testing.TB, v string, vars map[string]string) string {
	tb.Helper()
	return interpolateRE.ReplaceAllStringFunc(v, func(m string) string {
		sub := interpolateRE.FindStringSubmatch(m)
		if val, ok := vars[sub[1]]; ok && val != "" {
			return val
		}
		switch sub[2] {
		case "-":
			return sub[3]
		case "?":
			tb.Errorf("%s: %s is required (%s) but not set", composePath, sub[1], sub[3])
		}
		return ""
	})
}

// environment is the service's environment section, interpolated.
func (s composeService) environment(tb testing.TB) map[string]string {
	tb.Helper()
	env := map[string]string{}
	for k, v := range s.Environment {
		env[k] = interpolate(tb, v, composeVars)
	}
	return env
}

// containerEnv is the environment the service's container starts with:
// the image's ENV, then the env_file (.env, copied from .env.example as
// the compose file's header says), then the service's environment.
func (s composeService) containerEnv(tb testing.TB) map[string]string {
	tb.Helper()
	env := dockerfileEnv(tb)
	if len(s.EnvFile) > 0 {
		example, err := godotenv.Read("../../.env.example")
		if err != nil {
			tb.Fatal(err)
		}
		maps.Copy(env, example)
	}
	maps.Copy(env, s.environment(tb))
	return env
}

// dockerfileLines are the Dockerfile's instructions, their continued
// lines joined, without comments.
func dockerfileLines(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("../../Dockerfile")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var lines []string
	var cur string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || line == "" && cur == "" {
			continue
		}
		if more, ok := strings.CutSuffix(line, `\`); ok {
			cur += more + " "
			continue
		}
		lines = append(lines, cur+line)
		cur = ""
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return lines
}

// dockerfileEnv is the ENV of the Dockerfile's image.
func dockerfileEnv(tb testing.TB) map[string]string {
	tb.Helper()
	env := map[string]string{}
	for _, line := range dockerfileLines(tb) {
		if rest, ok := strings.CutPrefix(line, "ENV "); ok {
			for _, kv := range strings.Fields(rest) {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					tb.Fatalf("Dockerfile: ENV %q is not KEY=value", kv)
				}
				env[k] = v
			}
		}
	}
	return env
}

// dockerfileEntrypoint is the path of the binary the image runs, which
// the Dockerfile must also copy there.
func dockerfileEntrypoint(tb testing.TB) string {
	tb.Helper()
	var entry []string
	copied := map[string]bool{}
	for _, line := range dockerfileLines(tb) {
		if rest, ok := strings.CutPrefix(line, "ENTRYPOINT "); ok {
			if err := json.Unmarshal([]byte(rest), &entry); err != nil {
				tb.Fatalf("Dockerfile: ENTRYPOINT %s: %v", rest, err)
			}
		}
		if f := strings.Fields(line); len(f) > 2 && f[0] == "COPY" {
			copied[f[len(f)-1]] = true
		}
	}
	if len(entry) != 1 {
		tb.Fatalf("Dockerfile: ENTRYPOINT %q, want the binary alone", entry)
	}
	if !copied[entry[0]] {
		tb.Fatalf("Dockerfile: ENTRYPOINT %s, but no COPY puts a file there", entry[0])
	}
	return entry[0]
}

// readKeys loads env, the service name's, as newsbot's configuration and
// returns it with the keys that loading it read: the settings the program
// knows.
func readKeys(tb testing.TB, name string, env map[string]string) (Config, map[string]bool) {
	tb.Helper()
	read := map[string]bool{}
	cfg, err := LoadConfig(func(k string) string {
		read[k] = true
		return env[k]
	})
	if err != nil {
		tb.Errorf("%s: the configuration does not load:\n%v", name, err)
	}
	return cfg, read
}

// TestComposeFile checks deploy/compose.postgres.yaml against the
// program, the Dockerfile and itself: two newsbot services whose shards
// together are every shard once, settings the program reads and accepts,
// a health check that runs the image's binary's healthcheck command, the
// store in the postgres service, ports on loopback only (to a health
// server that the published port reaches) and a data volume each.
func TestComposeFile(t *testing.T) {
	f := loadCompose(t)
	names := f.newsbotServices(t)
	if len(names) != 2 {
		t.Fatalf("newsbot services %q, want two", names)
	}
	binary := dockerfileEntrypoint(t)
	shards := map[int][]string{}
	count := 0
	hostPorts := map[string]string{}
	volumes := map[string]string{}
	for _, name := range names {
		s := f.Services[name]
		env := s.environment(t)
		for _, key := range []string{"NEWSBOT_SHARDS", "NEWSBOT_SHARD_IDS", "NEWSBOT_DATABASE_URL", "NEWSBOT_DATA_DIR", "NEWSBOT_HTTP_ADDR"} {
			// newsbot-b has most of its settings from newsbot-a's
			// through the merge key.
			if env[key] == "" {
				t.Errorf("%s: %s is not set", name, key)
			}
		}
		cfg, read := readKeys(t, name, s.containerEnv(t))
		for key := range env {
			if !read[key] {
				t.Errorf("%s: %s is not a setting newsbot reads", name, key)
			}
		}

		// Shards: one count, and each shard in one process.
		if count == 0 {
			count = cfg.Shards
		}
		if cfg.Shards != count || count < 1 {
			t.Errorf("%s: NEWSBOT_SHARDS %d, want %d in every process", name, cfg.Shards, count)
		}
		for _, id := range cfg.ShardIDs {
			shards[id] = append(shards[id], name)
		}

		checkComposeHealth(t, name, s, binary)
		// The store: the postgres service, with its user, password and
		// database, once it is healthy.
		checkComposeDatabase(t, f, name, cfg.DatabaseURL)
		for _, hp := range checkComposePorts(t, name, s, cfg.HTTPAddr) {
			if other, ok := hostPorts[hp]; ok {
				t.Errorf("%s: host port %s is %s's too", name, hp, other)
			}
			hostPorts[hp] = name
		}
		// The data directory: a named volume of its own, as each
		// process keeps its own index.
		if v := composeDataVolume(t, f, name, s, cfg.DataDir); v != "" {
			if other, ok := volumes[v]; ok {
				t.Errorf("%s: the volume %s of its data directory is %s's too; each process needs its own index", name, v, other)
			}
			volumes[v] = name
		}
		checkComposePaths(t, name, s)
	}
	for id := range count {
		if len(shards[id]) != 1 {
			t.Errorf("shard %d of %d runs in %q, want exactly one process", id, count, shards[id])
		}
	}
	if _, err := composeStartOrder(f, names); err != nil {
		t.Error(err)
	}
}

// checkComposeHealth checks that the service's health check runs the
// image's binary (at binary) with a command of newsbot's.
func checkComposeHealth(t *testing.T, name string, s composeService, binary string) {
	t.Helper()
	test := s.Healthcheck.Test
	if len(test) < 3 || test[0] != "CMD" || test[1] != binary {
		t.Errorf("%s: healthcheck %q, want [CMD %s healthcheck]", name, test, binary)
	} else if !slices.ContainsFunc(commands(), func(c command) bool { return c.name == test[2] }) {
		t.Errorf("%s: healthcheck runs %q, which is not a newsbot command", name, test[2])
	}
}

// checkComposePorts checks that the service publishes only the health
// server's port, httpAddr's, and on the host's loopback only; it returns
// the host's ports.
func checkComposePorts(t *testing.T, name string, s composeService, httpAddr string) []string {
	t.Helper()
	host, port, err := net.SplitHostPort(httpAddr)
	if err != nil {
		t.Errorf("%s: NEWSBOT_HTTP_ADDR %q: %v", name, httpAddr, err)
	}
	// Docker forwards a published port to the container's own address,
	// which a server on the container's loopback never sees.
	if len(s.Ports) > 0 && host != "" && host != "0.0.0.0" && host != "::" {
		t.Errorf("%s: NEWSBOT_HTTP_ADDR %q listens on %s only, which the published port cannot reach; use :%s", name, httpAddr, host, port)
	}
	var hostPorts []string
	for _, p := range s.Ports {
		parts := strings.Split(p, ":")
		if len(parts) != 3 || parts[0] != "127.0.0.1" || parts[2] != port {
			t.Errorf("%s: port %q, want 127.0.0.1:HOSTPORT:%s (loopback only, to NEWSBOT_HTTP_ADDR's port)", name, p, port)
			continue
		}
		hostPorts = append(hostPorts, parts[1])
	}
	return hostPorts
}

// composeDataVolume is the named volume of f that the service mounts at
// its data directory, dataDir; "" (and an error of t) when there is none.
func composeDataVolume(t *testing.T, f composeFile, name string, s composeService, dataDir string) string {
	t.Helper()
	for _, v := range s.Volumes {
		if src, dst, _ := strings.Cut(v, ":"); dst == dataDir {
			if _, ok := f.Volumes[src]; ok {
				return src
			}
		}
	}
	t.Errorf("%s: the data directory %s is not on a named volume (volumes %q)", name, dataDir, s.Volumes)
	return ""
}

// checkComposePaths checks the files the service names: its env_file is
// the .env in the repository's root, its build context has the Dockerfile.
func checkComposePaths(t *testing.T, name string, s composeService) {
	t.Helper()
	for _, ef := range s.EnvFile {
		if p := filepath.Join(filepath.Dir(composePath), ef.Path); filepath.Clean(p) != filepath.Clean("../../.env") {
			t.Errorf("%s: env_file %s is not the .env in the repository's root", name, ef.Path)
		}
	}
	if s.Build != nil {
		if _, err := os.Stat(filepath.Join(filepath.Dir(composePath), s.Build.Context, "Dockerfile")); err != nil {
			t.Errorf("%s: build context %s has no Dockerfile: %v", name, s.Build.Context, err)
		}
	}
}

// checkComposeDatabase checks that the newsbot service name's store,
// dbURL, is the database of a postgres service that it waits for.
func checkComposeDatabase(t *testing.T, f composeFile, name, dbURL string) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Errorf("%s: NEWSBOT_DATABASE_URL: %v", name, err)
		return
	}
	pg, ok := f.Services[u.Hostname()]
	if !ok || !strings.HasPrefix(pg.Image, "postgres:") {
		t.Errorf("%s: NEWSBOT_DATABASE_URL's host %q is not a postgres service", name, u.Hostname())
		return
	}
	pgEnv := pg.environment(t)
	pass, _ := u.User.Password()
	if u.Port() != "5432" || u.User.Username() != pgEnv["POSTGRES_USER"] || pass != pgEnv["POSTGRES_PASSWORD"] || u.Path != "/"+pgEnv["POSTGRES_DB"] {
		t.Errorf("%s: NEWSBOT_DATABASE_URL %s is not %s's port 5432, POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB", name, u.Redacted(), u.Hostname())
	}
	if len(pg.Healthcheck.Test) == 0 || f.Services[name].DependsOn[u.Hostname()].Condition != "service_healthy" {
		t.Errorf("%s: does not wait for %s to be healthy (a health check and depends_on condition service_healthy)", name, u.Hostname())
	}
}

// composeStartOrder orders the newsbot services names so that each comes
// after the newsbot services it depends on, as Compose starts them.
func composeStartOrder(f composeFile, names []string) ([]string, error) {
	var order []string
	started := map[string]bool{}
	for len(order) < len(names) {
		n := len(order)
		for _, name := range names {
			if started[name] {
				continue
			}
			ready := true
			for dep := range f.Services[name].DependsOn {
				if slices.Contains(names, dep) && !started[dep] {
					ready = false
				}
			}
			if ready {
				order = append(order, name)
				started[name] = true
			}
		}
		if len(order) == n {
			return nil, fmt.Errorf("%s: the depends_on of %q go round in a circle", composePath, names)
		}
	}
	return order, nil
}
