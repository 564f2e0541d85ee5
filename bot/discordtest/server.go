// Package discordtest is a fake Discord for tests: an httptest server on
// loopback that speaks Discord's REST API (v9 and v10) and gateway protocol
// well enough for an unmodified discordgo session to connect, receive
// dispatched events and reply to them. Tests drive it with Dispatch and the
// payload helpers (SlashCommand, ButtonClick, Message) and assert on the
// recorded requests and the messages the bot left behind.
//
// Sessions reach it through HTTPClient, whose transport rewrites discord.com
// to the fake; the gateway address is served by GET /gateway. Sessions may
// be shards (IDENTIFY with [shard_id, shard_count]): each gets only the
// events of its shard's guilds, as on Discord (see Dispatch, IdentifyLog).
package discordtest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
)

// Defaults used when Options leaves a field empty.
const (
	DefaultAppID             = "100000000000000001"
	DefaultBotUsername       = "newsbot"
	DefaultToken             = "test-token"
	DefaultHeartbeatInterval = 41250 * time.Millisecond
)

// waitTimeout bounds every Wait* helper.
const waitTimeout = 10 * time.Second

// Options configures a fake Discord.
type Options struct {
	// AppID is the application ID; BotUserID the bot user's ID (Discord
	// gives both the same value, which is the default).
	AppID, BotUserID, BotUsername string
	// Token is the bot token. REST calls must send "Authorization: Bot
	// <Token>" (401 otherwise); IDENTIFY and RESUME must carry the token
	// with or without the "Bot " prefix (close code 4004 otherwise). A
	// leading "Bot " in Token itself is ignored.
	Token string
	// Guilds are the IDs of the guilds the bot is in: listed as unavailable
	// in READY, then sent as GUILD_CREATE, as Discord does.
	Guilds []string
	// HeartbeatInterval is announced in HELLO; tests may make it small.
	HeartbeatInterval time.Duration
	// Now stamps requests and messages; time.Now by default.
	Now func() time.Time
	// EchoBotMessages makes messages the bot posts to channels come back as
	// MESSAGE_CREATE dispatches, as they do on Discord.
	EchoBotMessages bool
	// InteractionTimeout, when positive, refuses an interaction callback
	// made later than this after the interaction was created (Discord
	// allows 3s), with 404 Unknown interaction. Measured with Now.
	InteractionTimeout time.Duration
	// MessageContentDenied plays an application that was not granted the
	// privileged Message Content intent: an IDENTIFY asking for it is
	// closed with 4014 (Disallowed intents). Whatever this says, a session
	// identified without the intent gets guild messages with their
	// content, embeds, attachments and components empty, except those
	// that mention the bot and the bot's own, as on Discord.
	MessageContentDenied bool
	// CloseIdentify, when non-zero, answers every IDENTIFY with this
	// close code, such as 4004 (a token revoked after the REST calls
	// passed) or 4014 (disallowed intents).
	CloseIdentify int
	// Shards is the shard count GET /gateway/bot recommends; 0 means 1.
	// Whatever it says, IDENTIFY may name any count (validated, see
	// Dispatch for the routing).
	Shards int
	// MaxConcurrency is GET /gateway/bot's max_concurrency: how many
	// shards may identify in one 5s window, one per bucket (shard_id %
	// max_concurrency); 0 means 1. The fake records the IDENTIFY times
	// (IdentifyLog) rather than enforcing them.
	MaxConcurrency int
	// MaxGuildsPerShard, when positive, closes with 4011 (Sharding
	// required) an IDENTIFY whose shard would hold more guilds than this,
	// as Discord does past 2,500.
	MaxGuildsPerShard int
}

// Server is a running fake Discord. All methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the fake, such as http://127.0.0.1:port.
	URL string

	opts   Options
	token  string // without the "Bot " prefix
	srv    *httptest.Server
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup // gateway connection goroutines

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever state changes
	nextID   uint64
	requests []Request
	failures []failure
	delays   []delay
	st       store
	gw       gateway
	files    map[string]*attachment // by ID
}

// New starts a fake Discord; tb.Cleanup closes its sockets and server.
func New(tb testing.TB, o Options) *Server {
	tb.Helper()
	if o.AppID == "" {
		o.AppID = DefaultAppID
	}
	if o.BotUserID == "" {
		o.BotUserID = o.AppID
	}
	if o.BotUsername == "" {
		o.BotUsername = DefaultBotUsername
	}
	if o.Token == "" {
		o.Token = DefaultToken
	}
	if o.HeartbeatInterval <= 0 {
		o.HeartbeatInterval = DefaultHeartbeatInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Server{
		opts:    o,
		token:   strings.TrimPrefix(o.Token, "Bot "),
		changed: make(chan struct{}),
		nextID:  1000,
		st:      newStore(),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	for _, g := range o.Guilds {
		s.st.guilds[g] = true
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/gateway", s.serveGateway)
	mux.HandleFunc("/gateway/", s.serveGateway)
	mux.HandleFunc("/api/", s.serveREST)
	mux.HandleFunc("/attachments/", s.serveAttachment)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	tb.Cleanup(s.close)
	return s
}

// close drops every gateway connection, waits for their goroutines and
// stops the HTTP server.
func (s *Server) close() {
	s.cancel()
	s.DropConnections()
	s.wg.Wait()
	s.srv.Close()
}

// HTTPClient returns a client whose transport sends discord.com requests,
// and downloads from Discord's CDN (cdn.discordapp.com, media.discordapp.net), to
// this server; give it to a session as Session.Client.
func (s *Server) HTTPClient() *http.Client {
	base, err := url.Parse(s.URL)
	if err != nil {
		panic("discordtest: parse server URL: " + err.Error())
	}
	return &http.Client{
		Transport: cdnTransport{base: base, next: bot.NewRewriteTransport(base, s.srv.Client().Transport)},
		Timeout:   waitTimeout,
	}
}

// GatewayURL is the websocket address the fake hands out.
func (s *Server) GatewayURL() string {
	return "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway"
}

// AppID is the application ID of the fake's bot.
func (s *Server) AppID() string { return s.opts.AppID }

// BotUserID is the user ID of the fake's bot.
func (s *Server) BotUserID() string { return s.opts.BotUserID }

// newIDLocked returns a fresh snowflake-like ID. IDs increase, so they sort
// in creation order, as Discord's do.
func (s *Server) newIDLocked() string {
	s.nextID++
	return strconv.FormatUint(900000000000000000+s.nextID, 10)
}

// notifyLocked wakes everything blocked in wait.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// wait blocks until cond, evaluated with s.mu held, is true, failing tb
// after waitTimeout.
func (s *Server) wait(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	timer := time.NewTimer(waitTimeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			tb.Fatalf("discordtest: timed out after %v waiting for %s", waitTimeout, what)
			return
		}
	}
}

// Requests returns a copy of every REST request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsFrom returns a copy of the REST requests received after the
// first from, in order: a test that follows a long run reads only what is
// new (from is the count it has read so far).
func (s *Server) RequestsFrom(from int) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests[min(max(from, 0), len(s.requests)):]...)
}

// WaitFor blocks until a recorded request matches and returns the first
// that does; it fails tb after about 10s.
func (s *Server) WaitFor(tb testing.TB, match func(Request) bool) Request {
	tb.Helper()
	var found Request
	s.wait(tb, "a matching request", func() bool {
		for _, r := range s.requests {
			if match(r) {
				found = r
				return true
			}
		}
		return false
	})
	return found
}

// failure is an injected error reply.
type failure struct {
	match  func(Request) bool
	status int
	body   string
}

// FailWhen makes every later REST request that match accepts fail with
// status and Discord's JSON error body {"code":code,"message":message}.
// The request is still recorded.
func (s *Server) FailWhen(match func(Request) bool, status, code int, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, failure{match, status, apiError(code, message)})
}

// FailChannel makes every request under /channels/{cid}/ (posting, editing,
// starting threads, reading it) fail with status: 403 answers
// {"code":50001,"message":"Missing Access"}, 404 Unknown Channel, 429 a
// rate limit (retry_after 0.001s), anything else a generic error.
func (s *Server) FailChannel(cid string, status int) {
	code, msg := 0, http.StatusText(status)
	switch status {
	case http.StatusForbidden:
		code, msg = 50001, "Missing Access"
	case http.StatusNotFound:
		code, msg = 10003, "Unknown Channel"
	}
	prefix := "/channels/" + cid
	match := func(r Request) bool { return r.Path == prefix || strings.HasPrefix(r.Path, prefix+"/") }
	s.mu.Lock()
	defer s.mu.Unlock()
	body := apiError(code, msg)
	if status == http.StatusTooManyRequests {
		body = `{"message":"You are being rate limited.","retry_after":0.001,"global":false}`
	}
	s.failures = append(s.failures, failure{match, status, body})
}

// delay is an injected wait before a reply.
type delay struct {
	match func(Request) bool
	d     time.Duration
}

// DelayWhen makes the reply to every later REST request that match
// accepts wait d after the request was acted on and recorded: a message
// is posted, say, but its sender does not know yet, as when Discord's
// answer is slow or lost. A client that gives up waiting gets no reply.
func (s *Server) DelayWhen(match func(Request) bool, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delays = append(s.delays, delay{match, d})
}

// ClearDelays removes every injected delay.
func (s *Server) ClearDelays() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delays = nil
}

// ClearFailures removes every injected failure.
func (s *Server) ClearFailures() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = nil
}

// apiError is Discord's JSON error body.
func apiError(code int, message string) string {
	return fmt.Sprintf(`{"code":%d,"message":%q}`, code, message)
}
