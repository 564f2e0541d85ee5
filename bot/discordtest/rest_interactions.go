package discordtest

// Interaction callback types.
const (
	cbMessage        = 4
	cbDeferred       = 5
	cbDeferredUpdate = 6
	cbUpdate         = 7
	cbAutocomplete   = 8
	cbModal          = 9
)

// Interaction types.
const (
	itCommand      = 2
	itComponent    = 3
	itAutocomplete = 4
	itModalSubmit  = 5
)

// Message flags.
const (
	flagEphemeral = 1 << 6
	flagLoading   = 1 << 7
)

// callbackLocked answers POST /interactions/{id}/{token}/callback: one
// callback per interaction, of a type that fits the interaction.
func (s *Server) callbackLocked(req *Request, id, token string) (int, any) {
	in := s.st.interactions[token]
	if in == nil || in.id != id {
		return fail(errUnknownInter)
	}
	if t := s.opts.InteractionTimeout; t > 0 && s.opts.Now().Sub(in.created) > t {
		return fail(errUnknownInter)
	}
	if in.callbackType != 0 {
		return fail(errAcknowledged)
	}
	typ := intOf(req.Body["type"])
	data, _ := req.Body["data"].(map[string]any)
	if !callbackAllowed(in.typ, typ) {
		return fail(invalidForm("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Value is not a valid interaction response type for this interaction"))
	}
	author := s.botUser()
	msgType := 0
	if in.typ == itCommand {
		msgType = 20 // CHAT_INPUT_COMMAND
	}
	switch typ {
	case cbMessage:
		if e := validateMessage(data, true, len(req.Files)); e != nil {
			return fail(e)
		}
		m := s.newMessageLocked(in.channelID, author, data, msgType)
		m["webhook_id"] = s.opts.AppID
		m["application_id"] = s.opts.AppID
		in.originalID = m["id"].(string)
	case cbDeferred:
		flags := flagLoading | intOf(data["flags"])&flagEphemeral
		m := s.newMessageLocked(in.channelID, author, map[string]any{"flags": flags}, msgType)
		m["webhook_id"] = s.opts.AppID
		m["application_id"] = s.opts.AppID
		in.originalID = m["id"].(string)
	case cbDeferredUpdate, cbUpdate:
		if _, ok := s.st.messages[in.componentMsgID]; !ok {
			// The clicked message was never seen by the fake; remember a
			// bare one so that edits have something to apply to.
			s.newMessageWithIDLocked(in.componentMsgID, in.channelID, author)
		}
		if typ == cbUpdate {
			if e := validateMessage(data, false, len(req.Files)); e != nil {
				return fail(e)
			}
			s.editMessageLocked(in.componentMsgID, data)
		}
		in.originalID = in.componentMsgID
	case cbAutocomplete:
		if e := validateChoices(data); e != nil {
			return fail(e)
		}
	case cbModal:
		if data["custom_id"] == nil || data["title"] == nil {
			return fail(invalidForm("data.custom_id", "BASE_TYPE_REQUIRED", "This field is required"))
		}
	}
	in.callbackType = typ
	in.callbackData = clone(data)
	return 204, nil
}

// callbackAllowed reports whether a callback type answers an interaction
// type, following Discord's rules.
func callbackAllowed(interactionType, callbackType int) bool {
	switch interactionType {
	case itAutocomplete:
		return callbackType == cbAutocomplete
	case itCommand:
		return callbackType == cbMessage || callbackType == cbDeferred || callbackType == cbModal
	case itComponent:
		return callbackType >= cbMessage && callbackType <= cbUpdate || callbackType == cbModal
	case itModalSubmit:
		return callbackType >= cbMessage && callbackType <= cbUpdate
	}
	return false
}

// newMessageWithIDLocked stores a placeholder message with a given ID.
func (s *Server) newMessageWithIDLocked(id, channelID string, author map[string]any) {
	m := s.newMessageLocked(channelID, author, map[string]any{}, 0)
	// Re-key the message under the ID the interaction named.
	delete(s.st.messages, m["id"].(string))
	s.st.order = s.st.order[:len(s.st.order)-1]
	m["id"] = id
	s.st.messages[id] = m
	s.st.order = append(s.st.order, id)
}

// webhookInteractionLocked finds the interaction behind an
// /webhooks/{app}/{token} URL.
func (s *Server) webhookInteractionLocked(app, token string) (*interaction, *apiErr) {
	if app != s.opts.AppID {
		return nil, errUnknownHook
	}
	in := s.st.interactions[token]
	if in == nil {
		return nil, errUnknownHook
	}
	return in, nil
}

// followupLocked answers POST /webhooks/{app}/{token}. As on Discord, the
// first followup after a deferred response replaces the loading message,
// which then is the original response, not a followup.
func (s *Server) followupLocked(req *Request, app, token string) (int, any) {
	in, e := s.webhookInteractionLocked(app, token)
	if e != nil {
		return fail(e)
	}
	if in.callbackType == 0 || in.callbackType == cbAutocomplete {
		return fail(errUnknownHook)
	}
	if e := validateMessage(req.Body, true, len(req.Files)); e != nil {
		return fail(e)
	}
	if in.callbackType == cbDeferred {
		if orig := s.st.messages[in.originalID]; orig != nil && intOf(orig["flags"])&flagLoading != 0 {
			return 200, s.finishDeferredLocked(in, req.Body)
		}
	}
	m := s.newMessageLocked(in.channelID, s.botUser(), req.Body, 0)
	m["webhook_id"] = s.opts.AppID
	m["application_id"] = s.opts.AppID
	in.followups = append(in.followups, m["id"].(string))
	return 200, m
}

// finishDeferredLocked applies an edit to a deferred original response and
// clears its loading flag; the ephemeral flag set when deferring stays.
func (s *Server) finishDeferredLocked(in *interaction, fields map[string]any) map[string]any {
	orig := s.st.messages[in.originalID]
	keep := intOf(orig["flags"]) & flagEphemeral
	m := s.editMessageLocked(in.originalID, fields)
	m["flags"] = intOf(m["flags"])&^(flagLoading|flagEphemeral) | keep
	return m
}

// webhookMessageLocked answers GET/PATCH/DELETE on
// /webhooks/{app}/{token}/messages/{id}, where id may be @original.
func (s *Server) webhookMessageLocked(req *Request, app, token, id string) (int, any) {
	in, e := s.webhookInteractionLocked(app, token)
	if e != nil {
		return fail(e)
	}
	if id == "@original" {
		id = in.originalID
	}
	owned := id != "" && id == in.originalID
	for _, f := range in.followups {
		owned = owned || f == id
	}
	if !owned || s.st.deleted[id] {
		return fail(errUnknownMsg)
	}
	switch req.Method {
	case "GET":
		return 200, s.st.messages[id]
	case "DELETE":
		s.st.deleted[id] = true
		return 204, nil
	case "PATCH":
		if e := validateMessage(req.Body, false, len(req.Files)); e != nil {
			return fail(e)
		}
		if id == in.originalID && in.callbackType == cbDeferred {
			return 200, s.finishDeferredLocked(in, req.Body)
		}
		return 200, s.editMessageLocked(id, req.Body)
	}
	return fail(errMethod)
}
