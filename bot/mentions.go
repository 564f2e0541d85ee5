package bot

import (
	"context"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/newsbot/newsbot/summarize"
)

// mentionRE matches a user mention, <@id> or <@!id>.
var mentionRE = regexp.MustCompile(`<@!?(\d+)>`)

// mentions reports whether m mentions the user id.
func mentions(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	for _, sub := range mentionRE.FindAllStringSubmatch(m.Content, -1) {
		if sub[1] == id {
			return true
		}
	}
	return false
}

// stripMention removes mentions of id and tidies the rest.
func stripMention(content, id string) string {
	content = mentionRE.ReplaceAllStringFunc(content, func(s string) string {
		if strings.Trim(s, "<@!>") == id {
			return " "
		}
		return s
	})
	return strings.Join(strings.Fields(content), " ")
}

// onMessage answers "@newsbot question" by starting a thread, follow-ups
// in the threads it started (with the thread's earlier turns as history)
// and, when allowed, direct messages. Chit-chat with a mention is
// answered in the channel, without a thread. In a thread, a message with
// no mention is answered only when it is a question or a reply to the bot
// (see forTheBot), and thanks to the bot get a reaction, not a message.
// It ignores bots, itself included.
func (b *Bot) onMessage(s *discordgo.Session, mc *discordgo.MessageCreate) {
	m := mc.Message
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.ID == b.botID {
		return
	}
	if !b.begin() {
		return
	}
	defer b.work.Done()
	ctx, cancel := b.workContext()
	defer cancel()
	// Whether the bot follows this channel may take a look in the store,
	// so it is work that shutdown waits for.
	thread := b.threads.get(ctx, m.ChannelID)
	direct := m.GuildID == ""
	mentioned := mentions(m, b.botID)
	if thread == nil && !direct && !mentioned {
		return
	}
	question := plainMarkup(stripMention(m.Content, b.botID), markupNames(s, m.GuildID, m.Mentions))
	if thread != nil && !direct {
		if (mentioned || repliesToBot(m, b.botID)) && question != "" && summarize.IsAcknowledgement(question) {
			// "thanks" to the bot in its thread: a reaction says it was
			// heard without a message that interrupts the thread.
			b.react(ctx, s, m, ackReaction)
			return
		}
		if !mentioned && !forTheBot(m, b.botID, question) {
			// Chatter in a thread the bot follows is for the people
			// there; an answer would only interrupt them.
			return
		}
	}
	reply := func(r Reply) {
		ctx, cancel := b.deliveryContext(ctx)
		defer cancel()
		if _, err := s.ChannelMessageSendComplex(m.ChannelID, replyTo(messageSend(renderDiscord(r)[0]), m), discordgo.WithContext(ctx)); err != nil {
			b.cfg.Logger.WarnContext(ctx, "bot: reply to message", "err", err)
		}
	}
	if direct && !b.cfg.AllowDMs {
		reply(errorReply("I only answer in servers. Add me to one, or ask an admin to turn on direct messages."))
		return
	}
	if question == "" {
		reply(errorReply("Ask me a question after the mention, such as \"@newsbot what happened to the Eastgate bridge?\""))
		return
	}
	inv := Invocation{Command: "ask", Options: map[string]string{"question": question}, GuildID: m.GuildID, ChannelID: m.ChannelID, UserID: m.Author.ID}
	if r := b.h.Check(inv); r != nil {
		reply(*r)
		return
	}
	thread, channelID := b.conversation(ctx, s, m, thread, question)
	thread.mu.Lock()
	defer thread.mu.Unlock()
	release, ok := b.admit(ctx, &inv)
	if !ok {
		reply(busyReply())
		return
	}
	defer release()
	inv.ChannelID = channelID
	inv.History = append([]summarize.Turn(nil), thread.history...)
	b.answerMessage(ctx, s, m, thread, inv, question)
}

// conversation is the thread a question in message m is answered in, and
// its channel: the thread it was asked in (thread, when not nil), the DM
// channel, or a new thread on m; small talk and a thread that cannot be
// started are answered where they were said, outside any conversation.
func (b *Bot) conversation(ctx context.Context, s *discordgo.Session, m *discordgo.Message, thread *threadState, question string) (*threadState, string) {
	switch {
	case thread != nil:
		return thread, m.ChannelID
	case m.GuildID == "":
		// A DM channel is a conversation of its own.
		return b.threads.start(ctx, m.ChannelID), m.ChannelID
	case summarize.IsSmallTalk(question):
		// "@newsbot hi" is answered where it was said, once: a thread
		// named "hi" would be no conversation about the news.
		return &threadState{}, m.ChannelID
	}
	th, err := s.MessageThreadStartComplex(m.ChannelID, m.ID, &discordgo.ThreadStart{
		Name:                truncate(question, 90),
		AutoArchiveDuration: 1440,
	}, discordgo.WithContext(ctx))
	if err != nil {
		// In a thread already, or no right to start one: answer here, this
		// once. The channel is not a conversation the bot follows, or it
		// would answer everyone in it from now on.
		b.cfg.Logger.InfoContext(ctx, "bot: start thread", "channel_id", m.ChannelID, "err", err)
		return &threadState{}, m.ChannelID
	}
	return b.threads.start(ctx, th.ID), th.ID
}

// answerMessage answers inv, asked in m, in inv's channel: a placeholder,
// streamed edits, then the answer, which joins thread's history.
func (b *Bot) answerMessage(ctx context.Context, s *discordgo.Session, m *discordgo.Message, thread *threadState, inv Invocation, question string) {
	channelID := inv.ChannelID
	ph := messageSend(discordMessage{Content: "Looking into it…"})
	if channelID == m.ChannelID {
		ph = replyTo(ph, m)
	}
	placeholder, err := s.ChannelMessageSendComplex(channelID, ph, discordgo.WithContext(ctx))
	if err != nil {
		b.cfg.Logger.WarnContext(ctx, "bot: post placeholder", "channel_id", channelID, "err", err)
		return
	}
	t := &channelTarget{s: s, channelID: channelID, messageID: placeholder.ID}
	st := &streamer{ctx: ctx, t: t, title: question, every: b.cfg.StreamEvery, now: b.cfg.Now,
		log: func(err error) { b.cfg.Logger.WarnContext(ctx, "bot: streaming edit", "err", err) }}
	inv.OnDelta = st.onDelta
	r := b.h.Handle(ctx, inv)
	st.stop()
	if !r.Error && thread.id != "" {
		dctx, cancel := b.deliveryContext(ctx)
		b.threads.add(dctx, thread, summarize.Turn{Question: question, Answer: r.Text})
		cancel()
	}
	// A refusal in a thread is for everyone there; there is no ephemeral
	// message outside interactions.
	r.Ephemeral = false
	b.finish(ctx, t, inv, r)
}

// forTheBot reports whether a message in a thread the bot follows that
// does not mention it is still for the bot: a question, or a reply to one
// of the bot's messages. Acknowledgements ("lol thanks, see you all
// tomorrow"), remarks between members and messages the bot cannot read
// (no Message Content intent) are not.
func forTheBot(m *discordgo.Message, botID, text string) bool {
	if text == "" || summarize.IsAcknowledgement(text) {
		return false
	}
	return repliesToBot(m, botID) || summarize.IsQuestion(text)
}

// repliesToBot reports whether m is a reply to one of the bot's messages.
func repliesToBot(m *discordgo.Message, botID string) bool {
	ref := m.ReferencedMessage
	return ref != nil && ref.Author != nil && ref.Author.ID == botID
}

// ackReaction is how the bot acknowledges thanks and the like in its
// threads.
const ackReaction = "👍"

// react adds the bot's reaction to m. Without the Add Reactions
// permission it fails, and the message simply goes without one.
func (b *Bot) react(ctx context.Context, s *discordgo.Session, m *discordgo.Message, emoji string) {
	ctx, cancel := b.deliveryContext(ctx)
	defer cancel()
	if err := s.MessageReactionAdd(m.ChannelID, m.ID, emoji, discordgo.WithContext(ctx)); err != nil {
		b.cfg.Logger.InfoContext(ctx, "bot: react", "channel", m.ChannelID, "err", err)
	}
}

// replyTo makes p a reply to m that does not ping its author.
func replyTo(p *discordgo.MessageSend, m *discordgo.Message) *discordgo.MessageSend {
	p.Reference = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
	return p
}

// storyThread answers a digest story's "Discuss" button: it
// summarises the story in a new thread whose conversation starts from it.
// A story that has a thread in this channel already is not written again:
// the click is pointed to its thread.
func (b *Bot) storyThread(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, inv Invocation, t *interactionTarget) {
	if i.GuildID == "" {
		b.openStoryThread(ctx, s, i, inv, t, "")
		return
	}
	key := storyKey(i.ChannelID, inv.opt("article"))
	if th, taken := b.stories.claim(ctx, key); taken {
		msg := "I'm opening a thread about this story already; it will show up here in a moment."
		if th != "" {
			msg = "There is a thread about this story already: <#" + th + ">. Ask your questions there."
		}
		b.finish(ctx, t, inv, Reply{Text: msg, Ephemeral: true})
		return
	}
	if th := b.openStoryThread(ctx, s, i, inv, t, key); th == "" {
		b.stories.release(key)
	}
}

// openStoryThread writes the story, opens its thread (recording it under
// key in b.stories, unless key is "") and posts the story there; it
// returns the thread's ID, or "" when no thread was opened.
func (b *Bot) openStoryThread(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, inv Invocation, t *interactionTarget, key string) string {
	r := b.h.Handle(ctx, inv)
	if r.Error || i.GuildID == "" || b.cutShort(ctx) {
		b.finish(ctx, t, inv, r)
		return ""
	}
	// The story is written; opening its thread must not fail because
	// writing it used up the reply's time.
	dctx, cancel := b.deliveryContext(ctx)
	defer cancel()
	th, err := s.ThreadStartComplex(i.ChannelID, &discordgo.ThreadStart{
		Name:                truncate(oneLine(r.Title), 90),
		AutoArchiveDuration: 1440,
		Type:                discordgo.ChannelTypeGuildPublicThread,
	}, discordgo.WithContext(dctx))
	if err != nil {
		b.cfg.Logger.InfoContext(ctx, "bot: start story thread", "channel_id", i.ChannelID, "err", err)
		b.finish(ctx, t, inv, r)
		return ""
	}
	if key != "" {
		// Recorded before anyone is told of the thread, so that a click
		// right after the reply finds it.
		b.stories.opened(dctx, key, th.ID)
	}
	b.threads.start(dctx, th.ID, summarize.Turn{Question: "What is this story about: " + r.Title + "?", Answer: r.Text})
	if err := deliver(dctx, &channelTarget{s: s, channelID: th.ID}, r); err != nil {
		b.cfg.Logger.WarnContext(ctx, "bot: post story", "thread_id", th.ID, "err", err)
		b.finish(ctx, t, inv, errorReply("I couldn't post in the new thread. Check that I may send messages in threads here."))
		return th.ID
	}
	b.finish(ctx, t, inv, Reply{Text: "I started a thread about this story: <#" + th.ID + ">. Ask your questions there.", Ephemeral: true})
	return th.ID
}
