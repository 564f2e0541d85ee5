package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway close codes the fake uses.
const (
	closeUnknownOpcode    = 4001
	closeDecodeError      = 4002
	closeNotAuthenticated = 4003
	closeAuthFailed       = 4004
	closeAlreadyAuthed    = 4005
	closeDisallowedIntent = 4014
)

// outQueue bounds the frames waiting for one connection; a client that
// falls this far behind is disconnected.
const outQueue = 4096

// gateway is the fake's gateway state, guarded by Server.mu.
type gateway struct {
	conns map[*gwConn]bool
	// shards are the sessions by shard ID, all identified with shardCount
	// shards (0 before the first IDENTIFY).
	shards     map[int]*gwSession
	shardCount int
	pending    []gwEvent // dispatched while no session had the event's shard
	sessions   int
	identifies int
	resumes    int
	heartbeats int
	identify   map[string]any // the last IDENTIFY payload
	identLog   []Identify     // every IDENTIFY whose shard could be read
}

// gwSession is a gateway session that a client can resume.
type gwSession struct {
	id      string
	shard   int   // this session's shard ID
	intents int64 // as identified
	seq     int64
	log     []gwEvent // every dispatch of the session, for RESUME
	conn    *gwConn   // the live connection, nil while disconnected
}

// gwEvent is one dispatch.
type gwEvent struct {
	seq  int64
	name string
	data json.RawMessage
}

// gwConn is one websocket connection. Frames go out through a queue served
// by a writer goroutine, so that no socket write happens under Server.mu.
type gwConn struct {
	ws     *websocket.Conn
	out    chan frame
	done   chan struct{}
	once   sync.Once
	authed bool // IDENTIFY or RESUME accepted; guarded by Server.mu
}

// frame is an outgoing text message, or a close frame when closeCode != 0.
type frame struct {
	data      []byte
	closeCode int
	closeText string
}

// kill closes the socket abruptly; it is idempotent.
func (c *gwConn) kill() {
	c.once.Do(func() {
		close(c.done)
		c.ws.Close()
	})
}

// send queues a frame without blocking, dropping a client that is too far
// behind.
func (c *gwConn) send(f frame) {
	select {
	case c.out <- f:
	default:
		c.kill()
	}
}

// sendJSON queues a JSON payload.
func (c *gwConn) sendJSON(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("discordtest: encode gateway payload: " + err.Error())
	}
	c.send(frame{data: b})
}

// writeLoop sends queued frames until the connection dies.
func (c *gwConn) writeLoop() {
	for {
		select {
		case <-c.done:
			return
		case f := <-c.out:
			if f.closeCode != 0 {
				msg := websocket.FormatCloseMessage(f.closeCode, f.closeText)
				c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
				c.kill()
				return
			}
			if err := c.ws.WriteMessage(websocket.TextMessage, f.data); err != nil {
				c.kill()
				return
			}
		}
	}
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway upgrades to a websocket, says HELLO and reads the client's
// payloads until the connection ends.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws, out: make(chan frame, outQueue), done: make(chan struct{})}
	s.mu.Lock()
	if s.ctx.Err() != nil {
		s.mu.Unlock()
		ws.Close()
		return
	}
	if s.gw.conns == nil {
		s.gw.conns = map[*gwConn]bool{}
	}
	s.gw.conns[c] = true
	// The writer goroutine and this handler both belong to s.wg.
	s.wg.Add(2)
	defer s.wg.Done()
	c.sendJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()}})
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		c.writeLoop()
	}()

	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			break
		}
		s.mu.Lock()
		s.handlePayloadLocked(c, msg)
		s.notifyLocked()
		s.mu.Unlock()
	}
	c.kill()
	s.mu.Lock()
	delete(s.gw.conns, c)
	for _, sess := range s.gw.shards {
		if sess.conn == c {
			sess.conn = nil
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
}

// handlePayloadLocked acts on one client payload.
func (s *Server) handlePayloadLocked(c *gwConn, msg []byte) {
	var p struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if err := json.Unmarshal(msg, &p); err != nil {
		c.send(frame{closeCode: closeDecodeError, closeText: "Error while decoding payload."})
		return
	}
	switch p.Op {
	case 1: // heartbeat
		s.gw.heartbeats++
		c.sendJSON(map[string]any{"op": 11})
	case 2:
		s.identifyLocked(c, p.D)
	case 6:
		s.resumeLocked(c, p.D)
	case 3, 4, 8: // presence, voice state, request guild members
		if !c.authed {
			c.send(frame{closeCode: closeNotAuthenticated, closeText: "Not authenticated."})
		}
	default:
		c.send(frame{closeCode: closeUnknownOpcode, closeText: "Unknown opcode."})
	}
}

// tokenOK accepts the bot token with or without the "Bot " prefix.
func (s *Server) tokenOK(tok string) bool {
	return strings.TrimPrefix(tok, "Bot ") == s.token
}

// identifyLocked starts a new session for the shard the client names:
// READY, a GUILD_CREATE per guild of the shard, then anything dispatched
// for the shard while it had no session.
func (s *Server) identifyLocked(c *gwConn, d json.RawMessage) {
	s.gw.identifies++
	var id map[string]any
	if err := json.Unmarshal(d, &id); err != nil {
		c.send(frame{closeCode: closeDecodeError, closeText: "Error while decoding payload."})
		return
	}
	s.gw.identify = id
	if c.authed {
		c.send(frame{closeCode: closeAlreadyAuthed, closeText: "Already authenticated."})
		return
	}
	if tok, _ := id["token"].(string); !s.tokenOK(tok) {
		c.send(frame{closeCode: closeAuthFailed, closeText: "Authentication failed."})
		return
	}
	if code := s.opts.CloseIdentify; code != 0 {
		c.send(frame{closeCode: code, closeText: "Closed by Options.CloseIdentify."})
		return
	}
	shard, count, ok := s.checkShardLocked(c, id["shard"])
	if !ok {
		return
	}
	intents := int64(intOf(id["intents"]))
	if s.opts.MessageContentDenied && intents&int64(discordgo.IntentMessageContent) != 0 {
		c.send(frame{closeCode: closeDisallowedIntent, closeText: "Disallowed intent(s)."})
		return
	}
	if old := s.gw.shards[shard]; old != nil && old.conn != nil && old.conn != c {
		old.conn.kill()
	}
	s.gw.sessions++
	sess := &gwSession{id: fmt.Sprintf("fake-session-%d", s.gw.sessions), shard: shard, intents: intents, conn: c}
	s.gw.shards[shard] = sess
	c.authed = true

	guilds := s.shardGuildsLocked(shard, count)
	unavailable := []any{}
	for _, g := range guilds {
		unavailable = append(unavailable, map[string]any{"id": g, "unavailable": true})
	}
	ready := map[string]any{
		"v": 9, "session_id": sess.id, "session_type": "normal",
		"resume_gateway_url": s.GatewayURL(),
		"user":               s.botUser(),
		"application":        map[string]any{"id": s.opts.AppID, "flags": 0},
		"guilds":             unavailable,
		"private_channels":   []any{},
		"shard":              []int{shard, count},
	}
	sess.seq++
	c.sendJSON(map[string]any{"op": 0, "s": sess.seq, "t": "READY", "d": ready})
	for _, g := range guilds {
		s.dispatchLocked("GUILD_CREATE", s.guildObjectLocked(g))
	}
	pending := s.gw.pending
	s.gw.pending = nil
	for _, e := range pending {
		s.dispatchLocked(e.name, e.data)
	}
}

// resumeLocked replays the dispatches the client missed, then RESUMED; an
// unknown session gets op 9 (invalid session, not resumable).
func (s *Server) resumeLocked(c *gwConn, d json.RawMessage) {
	s.gw.resumes++
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &r); err != nil {
		c.send(frame{closeCode: closeDecodeError, closeText: "Error while decoding payload."})
		return
	}
	if !s.tokenOK(r.Token) {
		c.send(frame{closeCode: closeAuthFailed, closeText: "Authentication failed."})
		return
	}
	var sess *gwSession
	for _, ss := range s.gw.shards {
		if ss.id == r.SessionID {
			sess = ss
		}
	}
	if sess == nil {
		c.sendJSON(map[string]any{"op": 9, "d": false})
		return
	}
	if sess.conn != nil && sess.conn != c {
		sess.conn.kill()
	}
	sess.conn = c
	c.authed = true
	for _, e := range sess.log {
		if e.seq > r.Seq {
			c.sendJSON(map[string]any{"op": 0, "s": e.seq, "t": e.name, "d": e.data})
		}
	}
	c.sendJSON(map[string]any{"op": 0, "s": sess.seq, "t": "RESUMED", "d": map[string]any{}})
}

// shardGuildsLocked lists the guilds of one shard of count, sorted.
func (s *Server) shardGuildsLocked(shard, count int) []string {
	var ids []string
	for g := range s.st.guilds {
		if shardOf(g, count) == shard {
			ids = append(ids, g)
		}
	}
	sort.Strings(ids)
	return ids
}

// guildObjectLocked is the GUILD_CREATE payload of a guild.
func (s *Server) guildObjectLocked(gid string) map[string]any {
	channels := []any{}
	for _, c := range s.st.channels {
		if c["guild_id"] == gid {
			channels = append(channels, c)
		}
	}
	sort.Slice(channels, func(i, j int) bool {
		return channels[i].(map[string]any)["id"].(string) < channels[j].(map[string]any)["id"].(string)
	})
	return map[string]any{
		"id": gid, "name": "guild-" + gid, "unavailable": false, "owner_id": "1",
		"member_count": len(s.st.members[gid]) + 1, "large": false,
		"joined_at": s.opts.Now().UTC().Format(time.RFC3339Nano),
		"channels":  channels, "threads": []any{}, "members": []any{}, "roles": []any{},
		"emojis": []any{}, "stickers": []any{}, "voice_states": []any{}, "presences": []any{},
	}
}

// Dispatch sends a gateway event (t: "INTERACTION_CREATE", "MESSAGE_CREATE",
// "GUILD_CREATE", ...) with data as its payload, numbered in sequence, to
// the session of the event's shard: (guild_id >> 22) % shard count, where
// the guild is the payload's guild_id (its id for GUILD_* events) and an
// event without one, such as a DM, goes to shard 0. While that client is
// disconnected the event waits in the session log and is replayed on
// RESUME; while the shard has no session it is held and sent after the
// shard's READY. Dispatched INTERACTION_CREATE events become interactions the bot
// may answer. Dispatch panics if data cannot be encoded as JSON.
func (s *Server) Dispatch(event string, data any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dispatchLocked(event, data)
	s.notifyLocked()
}

// dispatchLocked implements Dispatch.
func (s *Server) dispatchLocked(event string, data any) {
	raw, ok := data.(json.RawMessage)
	if !ok {
		var err error
		if raw, err = json.Marshal(data); err != nil {
			panic("discordtest: encode " + event + ": " + err.Error())
		}
	}
	if event == "INTERACTION_CREATE" {
		s.registerInteractionLocked(raw)
	}
	sess := s.gw.shards[shardOf(eventGuild(event, raw), s.gw.shardCount)]
	if sess == nil {
		s.gw.pending = append(s.gw.pending, gwEvent{name: event, data: raw})
		return
	}
	if event == "MESSAGE_CREATE" && sess.intents&int64(discordgo.IntentMessageContent) == 0 {
		raw = s.withoutContentLocked(raw)
	}
	sess.seq++
	e := gwEvent{seq: sess.seq, name: event, data: raw}
	sess.log = append(sess.log, e)
	if sess.conn != nil {
		sess.conn.sendJSON(map[string]any{"op": 0, "s": e.seq, "t": e.name, "d": e.data})
	}
}

// registerInteractionLocked remembers a dispatched interaction so that the
// REST side accepts its callback and webhook calls.
func (s *Server) registerInteractionLocked(raw json.RawMessage) {
	var in struct {
		ID        string `json:"id"`
		Token     string `json:"token"`
		Type      int    `json:"type"`
		GuildID   string `json:"guild_id"`
		ChannelID string `json:"channel_id"`
		Message   *struct {
			ID string `json:"id"`
		} `json:"message"`
	}
	if json.Unmarshal(raw, &in) != nil || in.Token == "" {
		return
	}
	if _, ok := s.st.interactions[in.Token]; ok {
		return
	}
	it := &interaction{
		id: in.ID, token: in.Token, typ: in.Type, guildID: in.GuildID,
		channelID: in.ChannelID, created: s.opts.Now(),
	}
	if in.Message != nil {
		it.componentMsgID = in.Message.ID
	}
	s.addChannelLocked(in.GuildID, in.ChannelID, "")
	s.st.interactions[in.Token] = it
}

// DropConnections closes every gateway socket abruptly, without a close
// frame, as a network failure would; the session stays resumable.
func (s *Server) DropConnections() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.gw.conns {
		c.kill()
	}
	for _, sess := range s.gw.shards {
		sess.conn = nil
	}
	s.notifyLocked()
}

// Identifies is how many IDENTIFY payloads the gateway received.
func (s *Server) Identifies() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.identifies
}

// Resumes is how many RESUME payloads the gateway received.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.resumes
}

// Heartbeats is how many heartbeats the gateway received and acknowledged.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.heartbeats
}

// LastIdentify returns the last IDENTIFY payload ("token", "intents",
// "properties", ...).
func (s *Server) LastIdentify() (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return clone(s.gw.identify), s.gw.identify != nil
}

// WaitConnected blocks until a client holds an authenticated gateway
// connection (READY or RESUMED sent on a live socket), on any shard; it
// fails tb after about 10s.
func (s *Server) WaitConnected(tb testing.TB) {
	tb.Helper()
	s.wait(tb, "a connected gateway session", func() bool {
		for _, sess := range s.gw.shards {
			if sess.conn != nil {
				return true
			}
		}
		return false
	})
}

// WaitHeartbeats blocks until the gateway has acknowledged at least n
// heartbeats in all; it fails tb after about 10s.
func (s *Server) WaitHeartbeats(tb testing.TB, n int) {
	tb.Helper()
	s.wait(tb, fmt.Sprintf("%d heartbeats", n), func() bool { return s.gw.heartbeats >= n })
}

// withoutContentLocked is a message as a session without the Message
// Content intent receives it: content, embeds, attachments and components
// empty, unless the message is a DM, mentions the bot or is the bot's own.
func (s *Server) withoutContentLocked(raw json.RawMessage) json.RawMessage {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return raw
	}
	if m["guild_id"] == nil {
		return raw
	}
	if a, _ := m["author"].(map[string]any); a["id"] == s.opts.BotUserID {
		return raw
	}
	ms, _ := m["mentions"].([]any)
	for _, u := range ms {
		if um, _ := u.(map[string]any); um["id"] == s.opts.BotUserID {
			return raw
		}
	}
	m["content"] = ""
	m["embeds"], m["attachments"], m["components"] = []any{}, []any{}, []any{}
	out, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return out
}
