package discordtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// serveREST answers /api/vN/... requests, recording each one.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	req, err := readRequest(r, s.opts.Now())
	var status int
	var body any
	s.mu.Lock()
	if err != nil {
		status, body = 400, &apiErr{400, apiError(50109, "The request body contains invalid JSON.")}
	} else {
		status, body = s.routeLocked(&req)
	}
	req.Status = status
	s.requests = append(s.requests, req)
	s.notifyLocked()
	var delay time.Duration
	for _, d := range s.delays {
		if d.match(req) {
			delay = max(delay, d.d)
		}
	}
	s.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return // the client gave up
		case <-s.ctx.Done():
			return // the fake is closing
		}
	}
	writeReply(w, status, body)
}

// writeReply writes a JSON reply; an *apiErr is written as its own body.
func writeReply(w http.ResponseWriter, status int, body any) {
	if status == http.StatusNoContent || body == nil {
		w.WriteHeader(status)
		return
	}
	var b []byte
	if e, ok := body.(*apiErr); ok {
		b = []byte(e.body)
	} else {
		var err error
		if b, err = json.Marshal(body); err != nil {
			status, b = 500, []byte(apiError(0, "500: Internal Server Error"))
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// fail turns an API error into a route result.
func fail(e *apiErr) (int, any) { return e.status, e }

// Common errors.
var (
	errNotFound      = &apiErr{404, `{"message":"404: Not Found","code":0}`}
	errMethod        = &apiErr{405, `{"message":"405: Method Not Allowed","code":0}`}
	errUnauthorized  = &apiErr{401, `{"message":"401: Unauthorized","code":0}`}
	errUnknownChan   = &apiErr{404, apiError(10003, "Unknown Channel")}
	errUnknownMsg    = &apiErr{404, apiError(10008, "Unknown Message")}
	errUnknownHook   = &apiErr{404, apiError(10015, "Unknown Webhook")}
	errUnknownInter  = &apiErr{404, apiError(10062, "Unknown interaction")}
	errUnknownMember = &apiErr{404, apiError(10007, "Unknown Member")}
	errUnknownUser   = &apiErr{404, apiError(10013, "Unknown User")}
	errUnknownGuild  = &apiErr{404, apiError(10004, "Unknown Guild")}
	errUnknownCmd    = &apiErr{404, apiError(10063, "Unknown application command")}
	errNotOwnApp     = &apiErr{403, apiError(20012, "You are not authorized to perform this action on this application")}
	errAcknowledged  = &apiErr{400, apiError(40060, "Interaction has already been acknowledged.")}
	errEditOthers    = &apiErr{403, apiError(50005, "Cannot edit a message authored by another user")}
	errChannelType   = &apiErr{400, apiError(50024, "Cannot execute action on this channel type")}
	errThreadExists  = &apiErr{400, apiError(160004, "A thread has already been created for this message")}
)

// match reports whether segs fit pattern, where "*" matches any one
// segment, and returns the segments "*" matched.
func match(segs []string, pattern ...string) ([]string, bool) {
	if len(segs) != len(pattern) {
		return nil, false
	}
	var vars []string
	for i, p := range pattern {
		switch {
		case p == "*":
			vars = append(vars, segs[i])
		case p != segs[i]:
			return nil, false
		}
	}
	return vars, true
}

// needsAuth reports whether a route requires the bot token; interaction
// callbacks and webhook calls are authorised by their token, and the plain
// gateway address is public.
func needsAuth(req *Request) bool {
	return !strings.HasPrefix(req.Path, "/webhooks/") &&
		!strings.HasPrefix(req.Path, "/interactions/") &&
		!(req.Method == http.MethodGet && req.Path == "/gateway")
}

// routeLocked answers one request.
func (s *Server) routeLocked(req *Request) (int, any) {
	if needsAuth(req) && req.Header.Get("Authorization") != "Bot "+s.token {
		return fail(errUnauthorized)
	}
	for _, f := range s.failures {
		if f.match(*req) {
			return f.status, &apiErr{f.status, f.body}
		}
	}
	segs := strings.Split(strings.Trim(req.Path, "/"), "/")
	m := req.Method
	if _, ok := match(segs, "gateway"); ok && m == "GET" {
		return 200, map[string]any{"url": s.GatewayURL()}
	}
	if _, ok := match(segs, "gateway", "bot"); ok && m == "GET" {
		return 200, s.gatewayBotLocked()
	}
	if _, ok := match(segs, "oauth2", "applications", "@me"); ok && m == "GET" {
		return 200, s.applicationLocked()
	}
	if _, ok := match(segs, "applications", "@me"); ok && m == "GET" {
		return 200, s.applicationLocked()
	}
	if v, ok := match(segs, "users", "*"); ok && m == "GET" {
		return s.getUserLocked(v[0])
	}
	if _, ok := match(segs, "users", "@me", "channels"); ok && m == "POST" {
		return s.createDMLocked(req)
	}
	if v, ok := match(segs, "guilds", "*", "members", "*"); ok && m == "GET" {
		return s.getMemberLocked(v[0], v[1])
	}
	if v, ok := match(segs, "applications", "*", "commands"); ok {
		return s.commandsLocked(req, v[0], "")
	}
	if v, ok := match(segs, "applications", "*", "guilds", "*", "commands"); ok {
		return s.commandsLocked(req, v[0], v[1])
	}
	if v, ok := match(segs, "applications", "*", "commands", "*"); ok {
		return s.commandLocked(req, v[0], "", v[1])
	}
	if v, ok := match(segs, "applications", "*", "guilds", "*", "commands", "*"); ok {
		return s.commandLocked(req, v[0], v[1], v[2])
	}
	if v, ok := match(segs, "interactions", "*", "*", "callback"); ok && m == "POST" {
		return s.callbackLocked(req, v[0], v[1])
	}
	if v, ok := match(segs, "webhooks", "*", "*"); ok && m == "POST" {
		return s.followupLocked(req, v[0], v[1])
	}
	if v, ok := match(segs, "webhooks", "*", "*", "messages", "*"); ok {
		return s.webhookMessageLocked(req, v[0], v[1], v[2])
	}
	if v, ok := match(segs, "channels", "*"); ok && m == "GET" {
		c, ok := s.st.channels[v[0]]
		if !ok {
			return fail(errUnknownChan)
		}
		return 200, c
	}
	if v, ok := match(segs, "channels", "*", "messages"); ok && m == "POST" {
		return s.postMessageLocked(req, v[0])
	}
	if v, ok := match(segs, "channels", "*", "messages", "*"); ok {
		return s.channelMessageLocked(req, v[0], v[1])
	}
	if v, ok := match(segs, "channels", "*", "messages", "*", "reactions", "*", "@me"); ok && m == "PUT" {
		return s.addReactionLocked(v[0], v[1], v[2])
	}
	if v, ok := match(segs, "channels", "*", "messages", "*", "threads"); ok && m == "POST" {
		return s.startThreadLocked(req, v[0], v[1])
	}
	if v, ok := match(segs, "channels", "*", "threads"); ok && m == "POST" {
		return s.startThreadLocked(req, v[0], "")
	}
	return fail(errNotFound)
}

// Application flags saying the bot may receive message content: granted
// to a verified bot, or switched on for an unverified one.
const (
	appFlagMessageContent        = 1 << 18
	appFlagMessageContentLimited = 1 << 19
)

// applicationLocked is the token's application, as GET
// /oauth2/applications/@me and GET /applications/@me answer.
func (s *Server) applicationLocked() map[string]any {
	flags := appFlagMessageContentLimited
	if s.opts.MessageContentDenied {
		flags = 0
	}
	return map[string]any{
		"id": s.opts.AppID, "name": s.opts.BotUsername, "icon": nil, "description": "",
		"bot_public": true, "bot_require_code_grant": false, "flags": flags,
		"bot": s.botUser(), "verify_key": "0", "team": nil,
	}
}

// getUserLocked answers GET /users/{id}.
func (s *Server) getUserLocked(id string) (int, any) {
	if id == "@me" || id == s.opts.BotUserID {
		return 200, s.botUser()
	}
	if u := s.knownUserLocked(id); u != nil {
		return 200, u
	}
	return fail(errUnknownUser)
}

// knownUserLocked finds a user object among guild members.
func (s *Server) knownUserLocked(id string) map[string]any {
	for _, members := range s.st.members {
		if m, ok := members[id]; ok {
			u, _ := m["user"].(map[string]any)
			return clone(u)
		}
	}
	return nil
}

// getMemberLocked answers GET /guilds/{gid}/members/{uid}.
func (s *Server) getMemberLocked(gid, uid string) (int, any) {
	if !s.st.guilds[gid] {
		return fail(errUnknownGuild)
	}
	if uid == s.opts.BotUserID {
		return 200, map[string]any{"user": s.botUser(), "roles": []any{}, "joined_at": s.opts.Now().UTC().Format("2006-01-02T15:04:05Z07:00"), "deaf": false, "mute": false, "flags": 0}
	}
	m, ok := s.st.members[gid][uid]
	if !ok {
		return fail(errUnknownMember)
	}
	return 200, m
}

// createDMLocked answers POST /users/@me/channels with the one DM channel
// per recipient.
func (s *Server) createDMLocked(req *Request) (int, any) {
	rid, _ := req.Body["recipient_id"].(string)
	if rid == "" {
		return fail(invalidForm("recipient_id", "BASE_TYPE_REQUIRED", "This field is required"))
	}
	if id, ok := s.st.dms[rid]; ok {
		return 200, s.st.channels[id]
	}
	u := s.knownUserLocked(rid)
	if u == nil {
		u = map[string]any{"id": rid, "username": "user-" + rid, "discriminator": "0", "global_name": nil, "avatar": nil}
	}
	id := s.newIDLocked()
	c := map[string]any{"id": id, "type": 1, "last_message_id": nil, "flags": 0, "recipients": []any{u}}
	s.st.channels[id] = c
	s.st.dms[rid] = id
	return 200, c
}
