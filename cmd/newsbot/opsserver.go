package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// readyCheck is one condition of readiness; check returns nil when it is
// met, or a short reason.
type readyCheck struct {
	name  string
	check func(ctx context.Context) error
}

// readyTimeout bounds the checks of one /readyz request.
const readyTimeout = 5 * time.Second

// opsHandler serves /healthz (the process answers), /readyz (every check
// passes: 200, else 503 with the failed checks) and /metrics (reg, in
// Prometheus' text format).
func opsHandler(reg *prometheus.Registry, checks []readyCheck) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		var failed []string
		for _, c := range checks {
			if err := c.check(ctx); err != nil {
				failed = append(failed, c.name+": "+err.Error())
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if len(failed) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "not ready\n"+strings.Join(failed, "\n")+"\n")
			return
		}
		io.WriteString(w, "ready\n")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return mux
}

// opsServer is the health and metrics server on NEWSBOT_HTTP_ADDR.
type opsServer struct {
	srv  *http.Server
	addr net.Addr
	// done is closed when Serve has returned serveErr.
	done     chan struct{}
	serveErr error
}

// opsShutdownTimeout bounds how long Close waits for scrapes in flight.
const opsShutdownTimeout = 5 * time.Second

// startOps listens on addr at once, so that a bad or busy address fails
// the start, and serves h until Close.
func startOps(addr string, h http.Handler, log *slog.Logger) (*opsServer, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("NEWSBOT_HTTP_ADDR: cannot listen on %s: %w", addr, err)
	}
	s := &opsServer{
		srv:  &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)},
		addr: l.Addr(),
		done: make(chan struct{}),
	}
	go func() {
		s.serveErr = s.srv.Serve(l)
		close(s.done)
	}()
	log.Info("newsbot: serving /healthz, /readyz and /metrics", "addr", s.addr.String())
	return s, nil
}

// Addr is the address the server listens on (the port chosen for ":0").
func (s *opsServer) Addr() net.Addr { return s.addr }

// Close stops the server, letting requests in flight finish for a few
// seconds, and waits for it. Closing twice is harmless.
func (s *opsServer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), opsShutdownTimeout)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	<-s.done
	if !errors.Is(s.serveErr, http.ErrServerClosed) {
		err = errors.Join(err, s.serveErr)
	}
	if err != nil {
		return fmt.Errorf("stop the HTTP server: %w", err)
	}
	return nil
}
