package bot

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// target is where a reply goes: the first message is edited in place (a
// deferred interaction response or a placeholder), the others are sent
// after it.
type target interface {
	// edit puts m in place of the first message. Its errors are
	// Discord's, wrapped.
	edit(ctx context.Context, m discordMessage) error
	// send posts m after the messages so far. Its errors are Discord's,
	// wrapped.
	send(ctx context.Context, m discordMessage) error
}

// deliver sends r to t, split into as many messages as Discord's limits
// need.
func deliver(ctx context.Context, t target, r Reply) error {
	msgs := renderDiscord(r)
	if err := t.edit(ctx, msgs[0]); err != nil {
		return err
	}
	for _, m := range msgs[1:] {
		if err := t.send(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// interactionTarget answers an interaction that was deferred.
type interactionTarget struct {
	s *discordgo.Session
	i *discordgo.Interaction
	// ephemeral is whether the deferred response is ephemeral; an
	// ephemeral reply to a public deferral deletes it and follows up
	// privately.
	ephemeral bool
	mu        sync.Mutex
	replaced  bool
}

func (t *interactionTarget) edit(ctx context.Context, m discordMessage) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if m.Ephemeral && !t.ephemeral {
		if err := t.s.InteractionResponseDelete(t.i, discordgo.WithContext(ctx)); err != nil {
			return fmt.Errorf("bot: delete deferred response: %w", err)
		}
		t.replaced = true
	}
	if t.replaced {
		return t.followup(ctx, m)
	}
	content, embeds, comps := m.editFields()
	_, err := t.s.InteractionResponseEdit(t.i, &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		Components:      &comps,
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("bot: edit response: %w", err)
	}
	return nil
}

func (t *interactionTarget) send(ctx context.Context, m discordMessage) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.followup(ctx, m)
}

func (t *interactionTarget) followup(ctx context.Context, m discordMessage) error {
	p := &discordgo.WebhookParams{
		Content:         m.Content,
		Embeds:          m.Embeds,
		Components:      m.Components,
		AllowedMentions: noMentions(),
	}
	if m.Ephemeral || t.ephemeral {
		p.Flags |= discordgo.MessageFlagsEphemeral
	}
	if m.SuppressEmbeds {
		p.Flags |= discordgo.MessageFlagsSuppressEmbeds
	}
	if _, err := t.s.FollowupMessageCreate(t.i, true, p, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("bot: followup: %w", err)
	}
	return nil
}

// channelTarget answers in a channel: it edits a placeholder message and
// posts the rest after it.
type channelTarget struct {
	s         *discordgo.Session
	channelID string
	messageID string
	// key, when set, names the post, so that its messages are posted once
	// (see sendMessage); sent counts the messages sent so far.
	key  string
	sent int
}

func (t *channelTarget) edit(ctx context.Context, m discordMessage) error {
	if t.messageID == "" {
		return t.send(ctx, m)
	}
	content, embeds, comps := m.editFields()
	e := &discordgo.MessageEdit{ID: t.messageID, Channel: t.channelID, Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
	if m.SuppressEmbeds {
		e.Flags = discordgo.MessageFlagsSuppressEmbeds
	}
	if _, err := t.s.ChannelMessageEditComplex(e, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("bot: edit message: %w", err)
	}
	return nil
}

func (t *channelTarget) send(ctx context.Context, m discordMessage) error {
	part := t.sent
	t.sent++
	if _, err := sendMessage(ctx, t.s, t.channelID, t.key, part, m); err != nil {
		return fmt.Errorf("bot: send message: %w", err)
	}
	return nil
}

// messageSend converts a rendered message for posting in a channel.
func messageSend(m discordMessage) *discordgo.MessageSend {
	p := &discordgo.MessageSend{Content: m.Content, Embeds: m.Embeds, Components: m.Components, AllowedMentions: noMentions()}
	if m.SuppressEmbeds {
		p.Flags = discordgo.MessageFlagsSuppressEmbeds
	}
	return p
}

// streamer edits a target with the answer so far, at most once every
// `every` by the injected clock, so a streaming LLM answer shows as it is
// written without exceeding Discord's rate limits.
type streamer struct {
	ctx   context.Context
	t     target
	title string
	every time.Duration
	now   func() time.Time
	log   func(err error)

	mu   sync.Mutex
	last time.Time
	busy bool
	done bool
}

// onDelta is given to the service as OnDelta.
func (s *streamer) onDelta(partial string) {
	s.mu.Lock()
	now := s.now()
	if s.done || s.busy || (!s.last.IsZero() && now.Sub(s.last) < s.every) {
		s.mu.Unlock()
		return
	}
	s.busy, s.last = true, now
	s.mu.Unlock()
	err := s.t.edit(s.ctx, renderPartial(s.title, safeMarkdown(partial)))
	s.mu.Lock()
	s.busy = false
	s.mu.Unlock()
	if err != nil && s.log != nil {
		s.log(err)
	}
}

// stop ends streaming before the final edit.
func (s *streamer) stop() {
	s.mu.Lock()
	s.done = true
	s.mu.Unlock()
}

// editFields are m's parts for an edit. An edit leaves out what is nil, so
// empty lists are sent to clear embeds and buttons of the earlier version.
func (m discordMessage) editFields() (string, []*discordgo.MessageEmbed, []discordgo.MessageComponent) {
	embeds := m.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	comps := m.Components
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	return m.Content, embeds, comps
}
