package bot

import (
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Discord writes mentions and custom emoji into message text as markup:
// <@id> or <@!id> for a member, <@&id> for a role, <#id> for a channel,
// <:name:id> or <a:name:id> for an emoji. Thread names and embed titles
// show the markup raw, and a model reads no name in it, so questions are
// made plain before they are used.

// markupKind is what a piece of markup refers to.
type markupKind int

const (
	markupUser markupKind = iota
	markupRole
	markupChannel
)

// plainMarkup replaces mentions with "@name" or "#name", as name resolves
// them (name may be nil, or return ""), and else with "@someone", "@role"
// or "#channel"; custom emoji become ":name:". Other text, broken markup
// included, is left as it is.
func plainMarkup(s string, name func(markupKind, string) string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			b.WriteString(s)
			break
		}
		if text, ok := plainToken(s[1:j], name); ok {
			b.WriteString(text)
		} else {
			b.WriteString(s[:j+1])
		}
		s = s[j+1:]
	}
	return b.String()
}

// plainToken reads the inside of one <…>; ok is false when it is not
// mention or emoji markup.
func plainToken(t string, name func(markupKind, string) string) (string, bool) {
	resolve := func(k markupKind, id, prefix, fallback string) (string, bool) {
		if !isSnowflake(id) {
			return "", false
		}
		if name != nil {
			if n := oneLine(name(k, id)); n != "" {
				return prefix + n, true
			}
		}
		return fallback, true
	}
	switch {
	case strings.HasPrefix(t, "@&"):
		return resolve(markupRole, t[2:], "@", "@role")
	case strings.HasPrefix(t, "@!"):
		return resolve(markupUser, t[2:], "@", "@someone")
	case strings.HasPrefix(t, "@"):
		return resolve(markupUser, t[1:], "@", "@someone")
	case strings.HasPrefix(t, "#"):
		return resolve(markupChannel, t[1:], "#", "#channel")
	}
	rest, ok := strings.CutPrefix(t, "a:")
	if !ok {
		rest, ok = strings.CutPrefix(t, ":")
	}
	if !ok {
		return "", false
	}
	emoji, id, ok := strings.Cut(rest, ":")
	if !ok || emoji == "" || !isSnowflake(id) || strings.ContainsAny(emoji, " :") {
		return "", false
	}
	return ":" + emoji + ":", true
}

// isSnowflake reports whether s is a Discord ID: 1 to 20 digits.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// markupNames resolves mentions in a server's message: users from those
// the message mentions, roles and channels from the session's state. It
// never calls Discord.
func markupNames(s *discordgo.Session, guildID string, users []*discordgo.User) func(markupKind, string) string {
	return func(k markupKind, id string) string {
		switch k {
		case markupUser:
			for _, u := range users {
				if u != nil && u.ID == id {
					if u.GlobalName != "" {
						return u.GlobalName
					}
					return u.Username
				}
			}
		case markupRole:
			if s != nil && s.State != nil && guildID != "" {
				if r, err := s.State.Role(guildID, id); err == nil {
					return r.Name
				}
			}
		case markupChannel:
			if s != nil && s.State != nil {
				if c, err := s.State.Channel(id); err == nil {
					return c.Name
				}
			}
		}
		return ""
	}
}

// plainOptions makes the free-text options of an interaction plain, with
// the users, roles and channels Discord resolved for it, else the state.
func plainOptions(s *discordgo.Session, i *discordgo.Interaction, inv *Invocation) {
	var users []*discordgo.User
	if i.Type == discordgo.InteractionApplicationCommand {
		if r := i.ApplicationCommandData().Resolved; r != nil {
			for _, u := range r.Users {
				users = append(users, u)
			}
		}
	}
	names := markupNames(s, i.GuildID, users)
	for _, k := range []string{"question", "topic", "query"} {
		if v, ok := inv.Options[k]; ok {
			inv.Options[k] = plainMarkup(v, names)
		}
	}
}
