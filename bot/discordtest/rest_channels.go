package discordtest

import (
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// postMessageLocked answers POST /channels/{cid}/messages.
func (s *Server) postMessageLocked(req *Request, cid string) (int, any) {
	if _, ok := s.st.channels[cid]; !ok {
		return fail(errUnknownChan)
	}
	if req.Body == nil && len(req.Files) == 0 {
		return fail(&apiErr{400, apiError(50006, "Cannot send an empty message")})
	}
	if e := validateMessage(req.Body, true, len(req.Files)); e != nil {
		return fail(e)
	}
	nonce, enforce, e := messageNonce(req.Body)
	if e != nil {
		return fail(e)
	}
	key := nonceKey{channelID: cid, authorID: s.opts.BotUserID, nonce: nonce}
	if enforce {
		// The same message sent again: Discord answers with the first
		// and creates nothing.
		if m, ok := s.nonceMessageLocked(key, req.At); ok {
			return 200, m
		}
	}
	typ := 0
	if ref, ok := req.Body["message_reference"].(map[string]any); ok {
		mid, _ := ref["message_id"].(string)
		failIfMissing, set := ref["fail_if_not_exists"].(bool)
		if _, exists := s.st.messages[mid]; !exists && (!set || failIfMissing) {
			return fail(invalidForm("message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"))
		}
		typ = 19 // REPLY
	}
	fields := clone(req.Body)
	delete(fields, "enforce_nonce")
	if len(req.Files) > 0 {
		var atts []any
		for _, f := range req.Files {
			atts = append(atts, map[string]any{
				"id": s.newIDLocked(), "filename": f.Name, "size": len(f.Data), "content_type": f.ContentType,
			})
		}
		fields["attachments"] = atts
	}
	m := s.newMessageLocked(cid, s.botUser(), fields, typ)
	if nonce != "" {
		s.st.nonces[key] = sentNonce{messageID: m["id"].(string), at: req.At}
	}
	if s.opts.EchoBotMessages {
		s.dispatchLocked("MESSAGE_CREATE", clone(m))
	}
	return 200, m
}

// channelMessageLocked answers GET/PATCH/DELETE on
// /channels/{cid}/messages/{mid}.
func (s *Server) channelMessageLocked(req *Request, cid, mid string) (int, any) {
	if _, ok := s.st.channels[cid]; !ok {
		return fail(errUnknownChan)
	}
	m, ok := s.st.messages[mid]
	if !ok || m["channel_id"] != cid || s.st.deleted[mid] {
		return fail(errUnknownMsg)
	}
	switch req.Method {
	case "GET":
		return 200, m
	case "DELETE":
		s.st.deleted[mid] = true
		return 204, nil
	case "PATCH":
		if author, _ := m["author"].(map[string]any); author["id"] != s.opts.BotUserID {
			return fail(errEditOthers)
		}
		if e := validateMessage(req.Body, false, len(req.Files)); e != nil {
			return fail(e)
		}
		m = s.editMessageLocked(mid, req.Body)
		if s.opts.EchoBotMessages {
			s.dispatchLocked("MESSAGE_UPDATE", clone(m))
		}
		return 200, m
	}
	return fail(errMethod)
}

// startThreadLocked answers POST /channels/{cid}/messages/{mid}/threads
// (mid set: the thread takes the message's ID, as on Discord) and POST
// /channels/{cid}/threads (mid empty).
func (s *Server) startThreadLocked(req *Request, cid, mid string) (int, any) {
	parent, ok := s.st.channels[cid]
	if !ok {
		return fail(errUnknownChan)
	}
	ptype := intOf(parent["type"])
	if ptype != int(discordgo.ChannelTypeGuildText) && ptype != int(discordgo.ChannelTypeGuildNews) &&
		ptype != int(discordgo.ChannelTypeGuildForum) {
		return fail(errChannelType)
	}
	name, _ := req.Body["name"].(string)
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
		return fail(invalidForm("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."))
	}
	typ := intOf(req.Body["type"])
	id := ""
	if mid != "" {
		m, ok := s.st.messages[mid]
		if !ok || m["channel_id"] != cid || s.st.deleted[mid] {
			return fail(errUnknownMsg)
		}
		if _, exists := s.st.channels[mid]; exists {
			return fail(errThreadExists)
		}
		id = mid
		typ = int(discordgo.ChannelTypeGuildPublicThread)
		if ptype == int(discordgo.ChannelTypeGuildNews) {
			typ = int(discordgo.ChannelTypeGuildNewsThread)
		}
	} else {
		id = s.newIDLocked()
		if typ == 0 {
			// API v9 defaults to a private thread.
			typ = int(discordgo.ChannelTypeGuildPrivateThread)
		}
	}
	archive := intOf(req.Body["auto_archive_duration"])
	if archive == 0 {
		archive = 1440
	}
	th := map[string]any{
		"id": id, "type": typ, "name": name, "parent_id": cid, "guild_id": parent["guild_id"],
		"owner_id": s.opts.BotUserID, "last_message_id": nil, "member_count": 1, "message_count": 0,
		"rate_limit_per_user": intOf(req.Body["rate_limit_per_user"]), "flags": 0,
		"thread_metadata": map[string]any{
			"archived": false, "locked": false, "auto_archive_duration": archive,
			"archive_timestamp": s.opts.Now().UTC().Format(time.RFC3339Nano),
		},
	}
	s.st.channels[id] = th
	if mid != "" {
		s.st.messages[mid]["thread"] = clone(th)
	}
	return 201, th
}

// addReactionLocked answers PUT
// /channels/{cid}/messages/{mid}/reactions/{emoji}/@me: the bot reacts to
// a message with a Unicode emoji, once however often it asks.
func (s *Server) addReactionLocked(cid, mid, emoji string) (int, any) {
	if _, ok := s.st.channels[cid]; !ok {
		return fail(errUnknownChan)
	}
	m, ok := s.st.messages[mid]
	if !ok || m["channel_id"] != cid || s.st.deleted[mid] {
		return fail(errUnknownMsg)
	}
	if emoji == "" || utf8.RuneCountInString(emoji) > 8 {
		return fail(&apiErr{400, apiError(10014, "Unknown Emoji")})
	}
	rs, _ := m["reactions"].([]any)
	for _, r := range rs {
		if e, _ := r.(map[string]any)["emoji"].(map[string]any); e["name"] == emoji {
			return 204, nil
		}
	}
	m["reactions"] = append(rs, map[string]any{"emoji": map[string]any{"id": nil, "name": emoji}, "count": 1, "me": true})
	return 204, nil
}
