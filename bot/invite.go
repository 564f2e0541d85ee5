package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// InvitePermissions are the permissions the bot is invited with, the
// least it needs: Add Reactions, View Channel, Send Messages, Embed Links,
// Read Message History, Create Public Threads and Send Messages in
// Threads (309237730368).
const InvitePermissions int64 = discordgo.PermissionAddReactions | discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory |
	discordgo.PermissionCreatePublicThreads | discordgo.PermissionSendMessagesInThreads

// InviteURL is the address that adds application appID to a server, as a
// bot with slash commands (scopes bot and applications.commands) and
// InvitePermissions.
func InviteURL(appID string) string {
	q := url.Values{
		"client_id":        {appID},
		"scope":            {"bot applications.commands"},
		"permissions":      {strconv.FormatInt(InvitePermissions, 10)},
		"integration_type": {"0"},
	}
	return "https://discord.com/oauth2/authorize?" + q.Encode()
}

// Application is the application a bot token belongs to.
type Application struct {
	ID, Name string
	// Public is whether anyone may invite it, not only its owner.
	Public bool
	// MessageContent is whether the Message Content intent is switched on
	// (or granted, for a verified bot).
	MessageContent bool
}

// Application flags that say the Message Content intent is on.
const (
	appFlagMessageContent        = 1 << 18
	appFlagMessageContentLimited = 1 << 19
)

// LookupApplication asks Discord which application c.Token belongs to
// (GET /oauth2/applications/@me). A refused token gives ErrBadToken, no
// answer at all ErrUnreachable.
func LookupApplication(ctx context.Context, c Config) (Application, error) {
	if err := c.Validate(); err != nil {
		return Application{}, err
	}
	s, err := c.newSession()
	if err != nil {
		return Application{}, err
	}
	// discordgo's Application takes no context, so the request is made
	// by hand.
	endpoint := discordgo.EndpointOAuth2Application("@me")
	body, err := s.RequestWithBucketID("GET", endpoint, nil, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		if isStatus(err, http.StatusUnauthorized) || errors.Is(err, discordgo.ErrUnauthorized) {
			return Application{}, ErrBadToken
		}
		if _, isHTTP := errors.AsType[*discordgo.RESTError](err); !isHTTP {
			return Application{}, fmt.Errorf("%w: %w", ErrUnreachable, err)
		}
		return Application{}, fmt.Errorf("bot: look up the application: %w", err)
	}
	var app discordgo.Application
	if err := json.Unmarshal(body, &app); err != nil {
		return Application{}, fmt.Errorf("bot: look up the application: %w", err)
	}
	return Application{
		ID: app.ID, Name: app.Name, Public: app.BotPublic,
		MessageContent: app.Flags&(appFlagMessageContent|appFlagMessageContentLimited) != 0,
	}, nil
}
