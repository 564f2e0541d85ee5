package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/summarize"
)

// Alert limits.
const (
	// DefaultMaxAlerts is how many alerts a server may have when
	// HandlerConfig.MaxAlerts is zero.
	DefaultMaxAlerts = 10
	// maxAlertOutlets is the largest min_outlets accepted: no story is
	// covered by more outlets than a server could follow.
	maxAlertOutlets = 50
)

// AlertStore holds the servers' alerts and the stories each posted.
type AlertStore interface {
	// AddAlert saves a new alert and returns it with its ID. It fails for
	// an alert without a guild or channel, or with neither a topic nor a
	// positive MinOutlets; other errors are the store's.
	AddAlert(ctx context.Context, a data.Alert) (data.Alert, error)
	// GuildAlerts returns a server's alerts, oldest first. Its errors are
	// the store's.
	GuildAlerts(ctx context.Context, guildID string) ([]data.Alert, error)
	// Alerts returns every server's alerts. Its errors are the store's.
	Alerts(ctx context.Context) ([]data.Alert, error)
	// RemoveAlert removes a server's alert. It returns an error wrapping
	// data.ErrNotFound when the server has no alert with that ID; other
	// errors are the store's.
	RemoveAlert(ctx context.Context, guildID string, id int64) error
	// ClaimAlertStory claims a story (its article IDs) for an alert: New
	// when none of its articles was posted for the alert, or when its
	// post was claimed before abandoned and never posted; otherwise the
	// earlier post and the articles new to it. It fails for no articles
	// or an alert that is gone; other errors are the store's.
	ClaimAlertStory(ctx context.Context, alertID int64, articleIDs []string, at, abandoned time.Time) (data.AlertClaim, error)
	// SetAlertPost records the message of a claimed post and its body. It
	// returns an error wrapping data.ErrNotFound for a post that is gone;
	// other errors are the store's.
	SetAlertPost(ctx context.Context, postID int64, messageID string, body []byte) error
	// ReleaseAlertPost forgets a claimed post that could not be posted.
	// It returns an error wrapping data.ErrNotFound for a post that is
	// gone; other errors are the store's.
	ReleaseAlertPost(ctx context.Context, postID int64) error
	// Article returns one article, or an error wrapping data.ErrNotFound;
	// other errors are the store's.
	Article(ctx context.Context, id string) (data.Article, error)
}

// AlertService finds the stories an alert posts and summarises them; it
// is part of Service.
type AlertService interface {
	// Stories returns the stories of a window that match the request,
	// most important first. It returns summarize.ErrNoStore when the
	// service has no store; other errors are the store's or the search's,
	// wrapped, or ctx ending.
	Stories(ctx context.Context, r summarize.StoriesRequest) ([]summarize.StoryGroup, error)
	// StorySummary summarises one story as a digest does, extractively
	// when extractive is set or the model fails. Its error is ctx ending.
	StorySummary(ctx context.Context, g summarize.StoryGroup, until time.Time, extractive bool) (summarize.Story, error)
}

// alertsAdd adds an alert to the server.
func (h *Handlers) alertsAdd(ctx context.Context, inv Invocation) Reply {
	channel := inv.opt("channel")
	if channel == "" {
		channel = inv.ChannelID
	}
	if channel == "" {
		return errorReply("Pick a channel for the alert.")
	}
	topic := inv.opt("topic")
	if runeLen(topic) > h.cfg.MaxQuestionLen {
		return errorReply(fmt.Sprintf("Topics are limited to %d characters.", h.cfg.MaxQuestionLen))
	}
	minOutlets := 0
	if s := inv.opt("min_outlets"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxAlertOutlets {
			return errorReply(fmt.Sprintf("min_outlets is a number of outlets from 1 to %d.", maxAlertOutlets))
		}
		minOutlets = n
	}
	if topic == "" && minOutlets == 0 {
		return errorReply("Give a topic, a number of outlets (min_outlets), or both: `/newsbot-admin alerts add channel:#news topic:rail strike min_outlets:3`.")
	}
	have, err := h.store.GuildAlerts(ctx, inv.GuildID)
	if err != nil {
		return h.fail(ctx, inv, "reading the alerts", err)
	}
	if max := h.maxAlerts(); max >= 0 && len(have) >= max {
		return errorReply(fmt.Sprintf("This server has %d alerts, the most it may have. Remove one with `/newsbot-admin alerts remove` first.", len(have)))
	}
	a, err := h.store.AddAlert(ctx, data.Alert{GuildID: inv.GuildID, ChannelID: channel, Topic: topic, MinOutlets: minOutlets, CreatedBy: inv.UserID, CreatedAt: h.cfg.Now()})
	if err != nil {
		return h.fail(ctx, inv, "saving the alert", err)
	}
	return Reply{
		Title:  fmt.Sprintf("Alert #%d added", a.ID),
		Text:   "From now on I'll post " + alertText(a) + " Each story is posted once; later coverage is added to its post.",
		Notice: "Only stories that break from now on are posted, not those already out.",
	}
}

// maxAlerts is the server's alert cap; negative means no limit.
func (h *Handlers) maxAlerts() int {
	if h.cfg.MaxAlerts == 0 {
		return DefaultMaxAlerts
	}
	return h.cfg.MaxAlerts
}

// alertText describes what an alert posts, as the end of a sentence.
func alertText(a data.Alert) string {
	var what string
	switch {
	case a.Topic != "" && a.MinOutlets > 0:
		what = fmt.Sprintf("stories about %s covered by at least %s", oneLine(a.Topic), plural(a.MinOutlets, "outlet"))
	case a.Topic != "":
		what = "stories about " + oneLine(a.Topic)
	default:
		what = "stories covered by at least " + plural(a.MinOutlets, "outlet")
	}
	return fmt.Sprintf("%s in <#%s>, as they break.", safeMarkdown(what), a.ChannelID)
}

// alertsRemove removes one of the server's alerts.
func (h *Handlers) alertsRemove(ctx context.Context, inv Invocation) Reply {
	id, err := strconv.ParseInt(strings.TrimPrefix(inv.opt("alert"), "#"), 10, 64)
	if err != nil || id <= 0 {
		return errorReply("Give the alert's number, as `/newsbot-admin alerts list` shows it.")
	}
	err = h.store.RemoveAlert(ctx, inv.GuildID, id)
	if errors.Is(err, data.ErrNotFound) {
		return errorReply(fmt.Sprintf("This server has no alert #%d. `/newsbot-admin alerts list` shows its alerts.", id))
	}
	if err != nil {
		return h.fail(ctx, inv, "removing the alert", err)
	}
	return Reply{Title: fmt.Sprintf("Alert #%d removed", id), Text: "I won't post its stories any more; what it posted stays."}
}

// alertsList lists the server's alerts.
func (h *Handlers) alertsList(ctx context.Context, inv Invocation) Reply {
	as, err := h.store.GuildAlerts(ctx, inv.GuildID)
	if err != nil {
		return h.fail(ctx, inv, "reading the alerts", err)
	}
	r := Reply{Title: "Alerts", Ephemeral: true}
	if len(as) == 0 {
		r.Text = "No alerts. `/newsbot-admin alerts add` posts stories to a channel as they break."
		return r
	}
	var lines []string
	for _, a := range as {
		line := fmt.Sprintf("**#%d** %s", a.ID, alertText(a))
		if a.CreatedBy != "" {
			line += " Set by <@" + a.CreatedBy + ">."
		}
		lines = append(lines, line)
	}
	r.Text = strings.Join(lines, "\n")
	return r
}

// alertsGroup is the alerts subcommand group of adminCommand, built with
// commandDefs' helpers.
func alertsGroup(
	str func(name, desc string, required bool) *discordgo.ApplicationCommandOption,
	sub func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption,
	group func(name, desc string, subs ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption,
) *discordgo.ApplicationCommandOption {
	channel := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionChannel, Name: "channel", Description: "Where to post the stories", Required: true,
		ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews},
	}
	least := 1.0
	outlets := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionInteger, Name: "min_outlets",
		Description: "Only stories covered by at least this many outlets",
		MinValue:    &least, MaxValue: maxAlertOutlets,
	}
	alert := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionInteger, Name: "alert", Description: "The alert's number, as alerts list shows it", Required: true,
		MinValue: &least,
	}
	return group("alerts", "Stories posted to a channel as they break",
		sub("add", "Post stories about a topic, or covered by many outlets, as they break", channel,
			str("topic", "Only stories about this", false), outlets),
		sub("remove", "Stop an alert", alert),
		sub("list", "This server's alerts"))
}
