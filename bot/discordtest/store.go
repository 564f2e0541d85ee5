package discordtest

import (
	"encoding/json"
	"time"

	"github.com/bwmarrin/discordgo"
)

// store is the fake's view of Discord: guilds, channels, members, messages,
// interactions and registered commands. It is guarded by Server.mu.
type store struct {
	guilds       map[string]bool
	channels     map[string]map[string]any            // channel ID -> channel object
	members      map[string]map[string]map[string]any // guild -> user -> member object
	messages     map[string]map[string]any            // message ID -> message object
	order        []string                             // message IDs in creation order
	deleted      map[string]bool                      // deleted message IDs
	interactions map[string]*interaction              // by token
	commands     map[string][]map[string]any          // "" (global) or guild ID -> commands
	dms          map[string]string                    // recipient user ID -> DM channel ID
	nonces       map[nonceKey]sentNonce               // messages created with enforce_nonce
}

func newStore() store {
	return store{
		guilds:       map[string]bool{},
		channels:     map[string]map[string]any{},
		members:      map[string]map[string]map[string]any{},
		messages:     map[string]map[string]any{},
		deleted:      map[string]bool{},
		interactions: map[string]*interaction{},
		commands:     map[string][]map[string]any{},
		dms:          map[string]string{},
		nonces:       map[nonceKey]sentNonce{},
	}
}

// interaction is what the fake remembers of one interaction.
type interaction struct {
	id, token, guildID, channelID string
	typ                           int
	created                       time.Time
	// callbackType and callbackData are the first (and only allowed)
	// callback; 0 until the bot acknowledges the interaction.
	callbackType int
	callbackData map[string]any
	// originalID is the message behind webhooks/{app}/{token}/messages/@original.
	originalID string
	// componentMsgID is the message a clicked component belongs to.
	componentMsgID string
	followups      []string
}

// Callback returns the callback the bot made to the interaction with token:
// its type (4 message, 5 deferred, 6/7 component update, 8 autocomplete
// result, 9 modal) and data.
func (s *Server) Callback(token string) (typ int, data map[string]any, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.st.interactions[token]
	if in == nil || in.callbackType == 0 {
		return 0, nil, false
	}
	return in.callbackType, clone(in.callbackData), true
}

// OriginalResponse returns the interaction's original response message
// (content, embeds, components, flags, ...) as it stands after every edit;
// false if there is none yet or it was deleted.
func (s *Server) OriginalResponse(token string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.st.interactions[token]
	if in == nil || in.originalID == "" || s.st.deleted[in.originalID] {
		return nil, false
	}
	m, ok := s.st.messages[in.originalID]
	return clone(m), ok
}

// Followups returns the interaction's followup messages after edits, in the
// order they were sent, leaving out deleted ones.
func (s *Server) Followups(token string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.st.interactions[token]
	if in == nil {
		return nil
	}
	var out []map[string]any
	for _, id := range in.followups {
		if !s.st.deleted[id] {
			out = append(out, clone(s.st.messages[id]))
		}
	}
	return out
}

// ChannelMessages returns the messages in a channel (posted by the bot, sent
// as interaction responses there, or dispatched by Message), after edits, in
// creation order, leaving out deleted ones.
func (s *Server) ChannelMessages(channelID string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, id := range s.st.order {
		m := s.st.messages[id]
		if m["channel_id"] == channelID && !s.st.deleted[id] {
			out = append(out, clone(m))
		}
	}
	return out
}

// Reactions returns the emoji the bot reacted to a message with, in order.
func (s *Server) Reactions(messageID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	rs, _ := s.st.messages[messageID]["reactions"].([]any)
	for _, r := range rs {
		if e, _ := r.(map[string]any)["emoji"].(map[string]any); e != nil {
			name, _ := e["name"].(string)
			out = append(out, name)
		}
	}
	return out
}

// LookupMessage returns a message by ID, after edits.
func (s *Server) LookupMessage(id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.st.messages[id]
	if !ok || s.st.deleted[id] {
		return nil, false
	}
	return clone(m), true
}

// Channel returns a known channel: added with AddChannel, seen in a payload
// helper, or created by the bot (threads, DMs).
func (s *Server) Channel(id string) (*discordgo.Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.channels[id]
	if !ok {
		return nil, false
	}
	var ch discordgo.Channel
	if err := remarshal(c, &ch); err != nil {
		panic("discordtest: decode channel: " + err.Error())
	}
	return &ch, true
}

// Commands returns the application commands registered globally (guildID
// "") or in a guild, in registration order.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	for _, c := range s.st.commands[guildID] {
		var cmd discordgo.ApplicationCommand
		if err := remarshal(c, &cmd); err != nil {
			panic("discordtest: decode command: " + err.Error())
		}
		out = append(out, &cmd)
	}
	return out
}

// AddChannel makes a guild text channel known, so that the bot may post to
// it. Posting to an unknown channel fails with 404 Unknown Channel.
func (s *Server) AddChannel(guildID, channelID, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addChannelLocked(guildID, channelID, name)
}

// addChannelLocked registers a text channel unless it is already known.
func (s *Server) addChannelLocked(guildID, channelID, name string) {
	if channelID == "" {
		return
	}
	if _, ok := s.st.channels[channelID]; ok {
		return
	}
	if name == "" {
		name = "channel-" + channelID
	}
	c := map[string]any{"id": channelID, "type": int(discordgo.ChannelTypeGuildText), "name": name}
	if guildID != "" {
		c["guild_id"] = guildID
		s.st.guilds[guildID] = true
	} else {
		c["type"] = int(discordgo.ChannelTypeDM)
	}
	s.st.channels[channelID] = c
}

// AddMember makes u a member of a guild, as GET /guilds/{gid}/members/{uid}
// reports it.
func (s *Server) AddMember(guildID string, u UserSpec) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addMemberLocked(guildID, u)
}

func (s *Server) addMemberLocked(guildID string, u UserSpec) map[string]any {
	m := memberObject(u, s.opts.Now())
	if guildID == "" {
		return m
	}
	s.st.guilds[guildID] = true
	if s.st.members[guildID] == nil {
		s.st.members[guildID] = map[string]map[string]any{}
	}
	if old, ok := s.st.members[guildID][u.ID]; ok {
		m["joined_at"] = old["joined_at"]
	}
	stored := clone(m)
	// Members fetched over REST carry no permissions field.
	delete(stored, "permissions")
	s.st.members[guildID][u.ID] = stored
	return m
}

// botUser is the bot's user object.
func (s *Server) botUser() map[string]any {
	return map[string]any{
		"id": s.opts.BotUserID, "username": s.opts.BotUsername, "discriminator": "0",
		"global_name": nil, "avatar": nil, "bot": true, "verified": true, "flags": 0,
	}
}

// newMessageLocked stores a message and returns it. fields are the sent
// message fields (content, embeds, components, flags, ...).
func (s *Server) newMessageLocked(channelID string, author map[string]any, fields map[string]any, typ int) map[string]any {
	m := map[string]any{
		"content": "", "embeds": []any{}, "components": []any{}, "attachments": []any{},
		"mentions": []any{}, "mention_roles": []any{}, "mention_everyone": false,
		"pinned": false, "tts": false, "flags": 0,
	}
	for k, v := range fields {
		if v != nil {
			m[k] = v
		}
	}
	id := s.newIDLocked()
	m["id"] = id
	m["channel_id"] = channelID
	if c, ok := s.st.channels[channelID]; ok && c["guild_id"] != nil {
		m["guild_id"] = c["guild_id"]
	}
	m["author"] = author
	m["type"] = typ
	m["timestamp"] = s.opts.Now().UTC().Format(time.RFC3339Nano)
	m["edited_timestamp"] = nil
	delete(m, "allowed_mentions")
	s.st.messages[id] = m
	s.st.order = append(s.st.order, id)
	return m
}

// editMessageLocked merges edit fields into a stored message; JSON null
// clears a field.
func (s *Server) editMessageLocked(id string, fields map[string]any) map[string]any {
	m := s.st.messages[id]
	for k, v := range fields {
		switch k {
		case "allowed_mentions", "id", "channel_id", "author", "type", "timestamp":
			continue
		}
		if v == nil {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	m["edited_timestamp"] = s.opts.Now().UTC().Format(time.RFC3339Nano)
	return m
}

// clone deep-copies a JSON object.
func clone(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	var out map[string]any
	if err := remarshal(m, &out); err != nil {
		panic("discordtest: copy object: " + err.Error())
	}
	return out
}

// remarshal converts v to dst through JSON.
func remarshal(v, dst any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}
