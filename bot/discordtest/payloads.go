package discordtest

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// UserSpec describes the user behind an interaction or message.
type UserSpec struct {
	// ID is the user's ID (required); Name the username ("user-<ID>" if
	// empty).
	ID, Name string
	// Permissions are the member's permissions in the channel, sent with
	// interactions.
	Permissions int64
	// Admin gives the member every permission, Administrator included.
	Admin bool
}

// permissions is what Discord reports for the member in an interaction.
func (u UserSpec) permissions() int64 {
	if u.Admin {
		return u.Permissions | discordgo.PermissionAll | discordgo.PermissionAdministrator
	}
	return u.Permissions
}

// userObject is u as a Discord user object.
func userObject(u UserSpec) map[string]any {
	name := u.Name
	if name == "" {
		name = "user-" + u.ID
	}
	return map[string]any{
		"id": u.ID, "username": name, "discriminator": "0", "global_name": name,
		"avatar": nil, "bot": false, "public_flags": 0,
	}
}

// memberObject is u as a guild member object, with permissions.
func memberObject(u UserSpec, now time.Time) map[string]any {
	return map[string]any{
		"user": userObject(u), "roles": []any{}, "nick": nil, "avatar": nil,
		"joined_at": now.UTC().Format(time.RFC3339Nano), "premium_since": nil,
		"deaf": false, "mute": false, "flags": 0, "pending": false,
		"communication_disabled_until": nil,
		"permissions":                  strconv.FormatInt(u.permissions(), 10),
	}
}

// Option is a slash command option value in an interaction.
type Option struct {
	Name    string
	Type    discordgo.ApplicationCommandOptionType
	Value   any
	Focused bool
	Options []Option
}

// StringOption is a string option set to value.
func StringOption(name, value string) Option {
	return Option{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value}
}

// IntegerOption is an integer option set to value.
func IntegerOption(name string, value int64) Option {
	return Option{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: value}
}

// BooleanOption is a boolean option set to value.
func BooleanOption(name string, value bool) Option {
	return Option{Name: name, Type: discordgo.ApplicationCommandOptionBoolean, Value: value}
}

// SubCommand is a sub-command with its own options.
func SubCommand(name string, opts ...Option) Option {
	return Option{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}
}

// SubCommandGroup is a group of sub-commands.
func SubCommandGroup(name string, subs ...Option) Option {
	return Option{Name: name, Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: subs}
}

// Focused is the string option the user is typing, partial so far; a
// command carrying one is sent as an autocomplete interaction (type 4).
func Focused(name, partial string) Option {
	return Option{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: partial, Focused: true}
}

// json is the option as Discord sends it.
func (o Option) json() map[string]any {
	m := map[string]any{"name": o.Name, "type": int(o.Type)}
	if o.Value != nil {
		m["value"] = o.Value
	}
	if o.Focused {
		m["focused"] = true
	}
	if len(o.Options) > 0 || o.Type == discordgo.ApplicationCommandOptionSubCommand {
		sub := []any{}
		for _, c := range o.Options {
			sub = append(sub, c.json())
		}
		m["options"] = sub
	}
	return m
}

// focused reports whether o or an option under it is focused.
func (o Option) focused() bool {
	if o.Focused {
		return true
	}
	for _, c := range o.Options {
		if c.focused() {
			return true
		}
	}
	return false
}

// SlashCommand dispatches an INTERACTION_CREATE for the chat-input command
// name, invoked by user in a channel (guildID "" for a DM), and returns the
// interaction as the bot decodes it. The command ID is that of the
// registered command of this name, if any. With a Focused option the
// interaction is an autocomplete (type 4), otherwise a command (type 2).
func (s *Server) SlashCommand(guildID, channelID string, user UserSpec, name string, opts ...Option) *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	typ := itCommand
	options := []any{}
	for _, o := range opts {
		if o.focused() {
			typ = itAutocomplete
		}
		options = append(options, o.json())
	}
	data := map[string]any{"id": s.commandIDLocked(guildID, name), "name": name, "type": 1, "options": options}
	if res := s.resolvedLocked(opts); res != nil {
		data["resolved"] = res
	}
	if guildID != "" {
		data["guild_id"] = guildID
	}
	return s.interactionLocked(guildID, channelID, user, typ, data, nil)
}

// ButtonClick dispatches an INTERACTION_CREATE for a click on the button
// customID of message msgID and returns the interaction as the bot decodes
// it. The message is the stored one when the fake knows it.
func (s *Server) ButtonClick(guildID, channelID string, user UserSpec, customID string, msgID string) *discordgo.Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg, ok := s.st.messages[msgID]
	if ok {
		msg = clone(msg)
	} else {
		msg = map[string]any{
			"id": msgID, "channel_id": channelID, "author": s.botUser(), "content": "", "type": 0,
			"embeds": []any{}, "components": []any{}, "attachments": []any{}, "mentions": []any{},
			"timestamp": s.opts.Now().UTC().Format(time.RFC3339Nano), "flags": 0,
		}
	}
	data := map[string]any{"custom_id": customID, "component_type": int(discordgo.ButtonComponent)}
	return s.interactionLocked(guildID, channelID, user, itComponent, data, msg)
}

// interactionLocked builds, dispatches and decodes an interaction.
func (s *Server) interactionLocked(guildID, channelID string, user UserSpec, typ int, data, msg map[string]any) *discordgo.Interaction {
	s.addChannelLocked(guildID, channelID, "")
	id := s.newIDLocked()
	in := map[string]any{
		"id": id, "application_id": s.opts.AppID, "type": typ, "version": 1,
		"token":      "fake-interaction-token-" + id,
		"channel_id": channelID, "data": data, "locale": "en-US",
		"app_permissions": strconv.FormatInt(discordgo.PermissionAll, 10),
		"entitlements":    []any{},
	}
	if guildID != "" {
		in["guild_id"] = guildID
		in["guild_locale"] = "en-US"
		in["member"] = s.addMemberLocked(guildID, user)
		in["context"] = 0
		in["authorizing_integration_owners"] = map[string]any{"0": guildID}
	} else {
		in["user"] = userObject(user)
		in["context"] = 1
		in["authorizing_integration_owners"] = map[string]any{"0": "0"}
	}
	if msg != nil {
		in["message"] = msg
	}
	raw, err := json.Marshal(in)
	if err != nil {
		panic("discordtest: encode interaction: " + err.Error())
	}
	s.dispatchLocked("INTERACTION_CREATE", json.RawMessage(raw))
	s.notifyLocked()
	var out discordgo.Interaction
	if err := json.Unmarshal(raw, &out); err != nil {
		panic("discordtest: decode interaction: " + err.Error())
	}
	return &out
}

// commandIDLocked is the ID of the registered chat-input command name (a
// guild command first, then a global one), or a fresh ID.
func (s *Server) commandIDLocked(guildID, name string) string {
	for _, scope := range []string{guildID, ""} {
		for _, c := range s.st.commands[scope] {
			if commandKey(c) == "1/"+name {
				return c["id"].(string)
			}
		}
	}
	return s.newIDLocked()
}

// Message dispatches a MESSAGE_CREATE for a message user sent in a channel
// (guildID "" for a DM), stores it, and returns it as the bot decodes it.
// With mentionsBot the bot is in the mentions and, if content does not
// already mention it, content is prefixed with "<@BOT_ID> ", as a user's
// client would write it.
func (s *Server) Message(guildID, channelID string, user UserSpec, content string, mentionsBot bool) *discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	mentions := []any{}
	if mentionsBot {
		tag := "<@" + s.opts.BotUserID + ">"
		if !strings.Contains(content, tag) && !strings.Contains(content, "<@!"+s.opts.BotUserID+">") {
			content = tag + " " + content
		}
		mentions = append(mentions, s.botUser())
	}
	return s.userMessageLocked(guildID, channelID, user, map[string]any{"content": content, "mentions": mentions}, 0)
}

// Reply dispatches a MESSAGE_CREATE for user's reply to message refID (a
// stored message) in channelID, and returns it as the bot decodes it. As
// in Discord's client, with ping on the author of the message replied to
// is mentioned, though the content does not name them.
func (s *Server) Reply(guildID, channelID string, user UserSpec, content, refID string, ping bool) *discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	fields := map[string]any{"content": content, "mentions": []any{}}
	ref := map[string]any{"message_id": refID, "channel_id": channelID}
	if guildID != "" {
		ref["guild_id"] = guildID
	}
	fields["message_reference"] = ref
	if old, ok := s.st.messages[refID]; ok {
		fields["referenced_message"] = clone(old)
		if author, _ := old["author"].(map[string]any); ping && author != nil {
			fields["mentions"] = []any{clone(author)}
		}
	}
	return s.userMessageLocked(guildID, channelID, user, fields, 19)
}

// userMessageLocked stores and dispatches a message a user sent. Every
// user the content mentions is added to fields' mentions, as Discord does.
func (s *Server) userMessageLocked(guildID, channelID string, user UserSpec, fields map[string]any, typ int) *discordgo.Message {
	s.addChannelLocked(guildID, channelID, "")
	mentions, _ := fields["mentions"].([]any)
	content, _ := fields["content"].(string)
	for _, id := range mentionedIDs(content) {
		if u := s.knownUserLocked(id); u != nil && id != s.opts.BotUserID {
			mentions = append(mentions, u)
		}
	}
	fields["mentions"] = mentions
	m := s.newMessageLocked(channelID, userObject(user), fields, typ)
	payload := clone(m)
	if guildID != "" {
		payload["guild_id"] = guildID
		member := s.addMemberLocked(guildID, user)
		delete(member, "user")
		delete(member, "permissions")
		payload["member"] = member
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		panic("discordtest: encode message: " + err.Error())
	}
	s.dispatchLocked("MESSAGE_CREATE", json.RawMessage(raw))
	s.notifyLocked()
	var out discordgo.Message
	if err := json.Unmarshal(raw, &out); err != nil {
		panic("discordtest: decode message: " + err.Error())
	}
	return &out
}

// mentionedIDs returns the user IDs of the <@id> and <@!id> mentions in
// content, in order.
func mentionedIDs(content string) []string {
	var ids []string
	for {
		i := strings.Index(content, "<@")
		if i < 0 {
			return ids
		}
		content = content[i+2:]
		j := strings.IndexByte(content, '>')
		if j < 0 {
			return ids
		}
		id := strings.TrimPrefix(content[:j], "!")
		if id != "" && strings.Trim(id, "0123456789") == "" {
			ids = append(ids, id)
		}
		content = content[j+1:]
	}
}
