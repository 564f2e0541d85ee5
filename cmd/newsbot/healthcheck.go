package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// healthcheckTimeout bounds one health check: a container's check runs
// every few seconds and must not hang on a stuck process.
const healthcheckTimeout = 5 * time.Second

// cmdHealthcheck asks the running bot's /readyz, on NEWSBOT_HTTP_ADDR,
// and exits 0 when it is ready and 1 otherwise: a container's health
// check, where the image has no shell or curl.
func cmdHealthcheck(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "healthcheck", "healthcheck [--url URL]\n\nAsks the running bot's /readyz (on NEWSBOT_HTTP_ADDR, through loopback) and exits 0 when\nit is ready, 1 otherwise: for a container's health check.")
	target := fs.String("url", "", "the readiness URL (default: /readyz on NEWSBOT_HTTP_ADDR's port of 127.0.0.1)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("healthcheck takes no arguments")
	}
	u := *target
	if u == "" {
		if e.cfg.HTTPAddr == "" {
			return &exitError{code: 2, msg: "healthcheck: NEWSBOT_HTTP_ADDR is not set, so the bot serves no /readyz; set it (such as :9090) or pass --url"}
		}
		_, port, err := net.SplitHostPort(e.cfg.HTTPAddr)
		if err != nil {
			return &exitError{code: 2, msg: "healthcheck: " + err.Error()}
		}
		u = "http://" + net.JoinHostPort("127.0.0.1", port) + "/readyz"
	}
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return &exitError{code: 2, msg: "healthcheck: " + err.Error()}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("healthcheck: cannot reach %s: is newsbot running?", u)}
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode != http.StatusOK {
		return &exitError{code: 1, msg: fmt.Sprintf("healthcheck: not ready (%s): %s", res.Status, strings.Join(strings.Fields(string(body)), " "))}
	}
	fmt.Fprintln(e.stdout, "ready")
	return nil
}
