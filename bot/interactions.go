package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// deferredEphemeral lists the commands whose replies only the asker sees.
func deferredEphemeral(inv Invocation) bool {
	return inv.Command == "help" || inv.Command == "sources" || inv.Command == "story" || inv.Command == statusCommand ||
		inv.Command == "digest" && inv.Sub == "status" || inv.Command == "alerts" && inv.Sub == "list"
}

// onInteraction handles slash commands, autocompletion and button clicks.
// discordgo runs it in its own goroutine per event.
func (b *Bot) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	i := ic.Interaction
	if i == nil {
		return
	}
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		b.autocomplete(s, i)
		return
	}
	var inv Invocation
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		inv = invocationOf(i)
		plainOptions(s, i, &inv)
	case discordgo.InteractionMessageComponent:
		inv = buttonInvocation(i)
		if inv.Command == "" {
			return
		}
	default:
		return
	}
	if i.GuildID == "" && !b.cfg.AllowDMs {
		b.respondNow(s, i, errorReply("I only answer in servers."))
		return
	}
	if !b.begin() {
		b.respondNow(s, i, errorReply("I'm restarting. Please try again in a minute."))
		return
	}
	defer b.work.Done()
	if r := b.h.Check(inv); r != nil {
		b.respondNow(s, i, *r)
		return
	}
	ctx, cancel := b.workContext()
	defer cancel()
	eph := deferredEphemeral(inv)
	resp := &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{AllowedMentions: noMentions()},
	}
	if eph {
		resp.Data.Flags = discordgo.MessageFlagsEphemeral
	}
	if err := s.InteractionRespond(i, resp, discordgo.WithContext(ctx)); err != nil {
		b.cfg.Logger.WarnContext(ctx, "bot: defer interaction", "command", inv.Command, "err", err)
		return
	}
	t := &interactionTarget{s: s, i: i, ephemeral: eph}
	release, ok := b.admit(ctx, &inv)
	if !ok {
		b.finish(ctx, t, inv, busyReply())
		return
	}
	defer release()
	if r := b.readAttachment(ctx, s, i, &inv); r != nil {
		b.finish(ctx, t, inv, *r)
		return
	}
	if inv.Command == "story" {
		b.storyThread(ctx, s, i, inv, t)
		return
	}
	st := &streamer{ctx: ctx, t: t, title: replyTitle(inv), every: b.cfg.StreamEvery, now: b.cfg.Now,
		log: func(err error) { b.cfg.Logger.WarnContext(ctx, "bot: streaming edit", "err", err) }}
	inv.OnDelta = st.onDelta
	r := b.h.Handle(ctx, inv)
	st.stop()
	b.finish(ctx, t, inv, r)
}

// finish delivers the final reply, or says the reply was cut short when
// shutdown interrupted it. ctx is the reply's work context; the delivery
// has a context of its own, as the work context may have ended.
func (b *Bot) finish(ctx context.Context, t target, inv Invocation, r Reply) {
	if b.cutShort(ctx) {
		r = cutShortReply()
		r.Ephemeral = false
	}
	ctx, cancel := b.deliveryContext(ctx)
	defer cancel()
	if err := deliver(ctx, t, r); err != nil {
		b.cfg.Logger.WarnContext(ctx, "bot: deliver reply", "command", inv.Command, "err", err)
	}
}

// replyTitle is the heading shown while an answer streams.
func replyTitle(inv Invocation) string {
	switch inv.Command {
	case "ask":
		return inv.opt("question")
	case "summarize":
		return "Summary"
	}
	return inv.Command
}

// respondNow answers an interaction at once, without deferring: refusals
// and errors known before any work.
func (b *Bot) respondNow(s *discordgo.Session, i *discordgo.Interaction, r Reply) {
	m := renderDiscord(r)[0]
	data := &discordgo.InteractionResponseData{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      m.Components,
		AllowedMentions: noMentions(),
	}
	if r.Ephemeral {
		data.Flags |= discordgo.MessageFlagsEphemeral
	}
	if m.SuppressEmbeds {
		data.Flags |= discordgo.MessageFlagsSuppressEmbeds
	}
	err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data})
	if err != nil {
		b.cfg.Logger.Warn("bot: respond to interaction", "err", err)
	}
}

// invocationOf reads a slash command's name, subcommand and options.
func invocationOf(i *discordgo.Interaction) Invocation {
	d := i.ApplicationCommandData()
	inv := Invocation{Command: d.Name, Options: map[string]string{}, GuildID: i.GuildID, ChannelID: i.ChannelID}
	inv.UserID, inv.Admin = whoIs(i)
	opts := d.Options
	if len(opts) == 1 && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand || opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		inv.Sub = opts[0].Name
		opts = opts[0].Options
		if len(opts) == 1 && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
			inv.Sub += " " + opts[0].Name
			opts = opts[0].Options
		}
	}
	for _, o := range opts {
		inv.Options[o.Name] = optionString(o)
	}
	if inv.Command == adminCommand {
		// "/newsbot-admin feeds add" runs as "feeds add".
		inv.Command, inv.Sub, _ = strings.Cut(inv.Sub, " ")
	}
	return inv
}

// optionString is an option's value as text; a channel is its ID.
func optionString(o *discordgo.ApplicationCommandInteractionDataOption) string {
	switch v := o.Value.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// whoIs returns the user's ID and whether they may manage the server.
func whoIs(i *discordgo.Interaction) (id string, admin bool) {
	if i.Member != nil {
		p := i.Member.Permissions
		admin = p&discordgo.PermissionManageGuild != 0 || p&discordgo.PermissionAdministrator != 0
		if i.Member.User != nil {
			id = i.Member.User.ID
		}
	}
	if id == "" && i.User != nil {
		id = i.User.ID
	}
	return id, admin
}

// buttonInvocation reads a button's custom ID: "src:<key>" shows an
// answer's quoted passages, "story:<article ID>" opens a thread about a
// digest story.
func buttonInvocation(i *discordgo.Interaction) Invocation {
	d := i.MessageComponentData()
	inv := Invocation{GuildID: i.GuildID, ChannelID: i.ChannelID, Options: map[string]string{}}
	inv.UserID, inv.Admin = whoIs(i)
	if key, ok := strings.CutPrefix(d.CustomID, "src:"); ok {
		inv.Command, inv.Options["key"] = "sources", key
	} else if id, ok := strings.CutPrefix(d.CustomID, "story:"); ok {
		inv.Command, inv.Options["article"] = "story", id
	}
	return inv
}
