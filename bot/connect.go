package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// connect checks the token, plans the shards and opens a gateway session
// for each, paced as max_concurrency asks; on an error it closes the
// sessions it opened.
func (b *Bot) connect(ctx context.Context) error {
	rest, err := b.newShardSession(discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentsMessageContent)
	if err != nil {
		return err
	}
	b.session = rest
	me, err := rest.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		if isStatus(err, http.StatusUnauthorized) || errors.Is(err, discordgo.ErrUnauthorized) {
			return ErrBadToken
		}
		// No HTTP answer at all, as opposed to an error status.
		if _, isHTTP := errors.AsType[*discordgo.RESTError](err); !isHTTP {
			return fmt.Errorf("%w: %w", ErrUnreachable, err)
		}
		return fmt.Errorf("bot: reach Discord: %w", err)
	}
	b.botID, b.botName = me.ID, me.Username
	plan, buckets, err := b.cfg.planShards(ctx, rest)
	if err != nil {
		return err
	}
	b.plan = plan
	pacer := b.newIdentifyPacer(plan, buckets, b.store)
	for i, id := range plan.ids {
		s := rest
		if i > 0 {
			// Message Content, if refused to the first shard, is not asked
			// for again.
			if s, err = b.newShardSession(rest.Identify.Intents); err != nil {
				b.closeSessions()
				return err
			}
		}
		if err := b.openShard(ctx, s, id, pacer); err != nil {
			b.closeSessions()
			return err
		}
	}
	return nil
}

// newShardSession returns a session with the bot's handlers, asking for
// intents.
func (b *Bot) newShardSession(intents discordgo.Intent) (*discordgo.Session, error) {
	s, err := b.cfg.newSession()
	if err != nil {
		return nil, err
	}
	// Discord's error bodies reach errors and logs; none may carry the token.
	s.Client = withRedactedErrors(s.Client, b.cfg.Token)
	// Message Content is privileged: asked for, and used when granted.
	s.Identify.Intents = intents
	s.LogLevel = discordgo.LogError
	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onMessage)
	return s, nil
}

// openShard connects s as shard id, once the pacer lets it identify.
func (b *Bot) openShard(ctx context.Context, s *discordgo.Session, id int, pacer *identifyPacer) error {
	if err := pacer.before(ctx, id); err != nil {
		return fmt.Errorf("bot: open gateway: %w", err)
	}
	c := &shardConn{id: id, s: s}
	s.ShardID, s.ShardCount = id, b.plan.count
	s.AddHandler(c.onConnect)
	s.AddHandler(c.onResumed)
	s.AddHandler(c.onDisconnect)
	err := b.open(ctx, s)
	pacer.done(ctx, id)
	if err != nil {
		return err
	}
	c.up.Store(true)
	b.conns = append(b.conns, c)
	return nil
}

// registerCommands registers the commands, in the process that runs shard
// 0 only: the commands are the application's, not a shard's.
func (b *Bot) registerCommands(ctx context.Context) error {
	s := b.session
	b.appID = b.cfg.AppID
	if b.appID == "" && s.State != nil {
		s.State.RLock()
		if s.State.Application != nil {
			b.appID = s.State.Application.ID
		}
		if b.appID == "" && s.State.User != nil {
			b.appID = s.State.User.ID
		}
		s.State.RUnlock()
	}
	if b.appID == "" {
		b.appID = b.botID
	}
	if !b.plan.registersCommands() {
		b.cfg.Logger.InfoContext(ctx, "bot: not registering the commands; the process that runs shard 0 does", "shard_ids", fmt.Sprint(b.plan.ids))
		return nil
	}
	if _, err := s.ApplicationCommandBulkOverwrite(b.appID, b.cfg.GuildID, commandDefs(b.cfg.MaxQuestionLen, b.cfg.AllowDMs), discordgo.WithContext(ctx)); err != nil {
		if isStatus(err, http.StatusUnauthorized) {
			return ErrBadToken
		}
		return fmt.Errorf("bot: register commands: %w", err)
	}
	return nil
}

// closeSessions closes every shard's session, all at once: discordgo
// gives each a second to say goodbye.
func (b *Bot) closeSessions() {
	var wg sync.WaitGroup
	for _, c := range b.conns {
		wg.Go(func() {
			if err := c.s.Close(); err != nil {
				b.cfg.Logger.Warn("bot: close session", "shard_id", c.id, "err", err)
			}
		})
	}
	wg.Wait()
}

// Gateway close codes that Run explains.
const (
	closeAuthFailed        = 4004
	closeInvalidShard      = 4010
	closeShardingRequired  = 4011
	closeDisallowedIntents = 4014
)

// open connects to the gateway. When Discord refuses the Message Content
// intent (close 4014: the application was not granted it), it connects
// again without it: slash commands, mentions and DMs still reach the bot,
// but in its threads only the messages that mention it or reply to it do.
func (b *Bot) open(ctx context.Context, s *discordgo.Session) error {
	err := s.Open()
	if closeCode(err) == closeDisallowedIntents && s.Identify.Intents&discordgo.IntentsMessageContent != 0 {
		b.cfg.Logger.WarnContext(ctx, "bot: Discord refused the Message Content intent (close 4014); answering slash commands, mentions and replies only",
			"fix", "turn on Message Content Intent under Bot in the developer portal to answer every follow-up in threads")
		s.Identify.Intents &^= discordgo.IntentsMessageContent
		err = s.Open()
	}
	switch closeCode(err) {
	case 0:
		if err != nil {
			return fmt.Errorf("bot: open gateway: %w", err)
		}
		return nil
	case closeAuthFailed:
		return ErrBadToken
	case closeDisallowedIntents:
		return ErrDisallowedIntents
	case closeInvalidShard:
		return ErrInvalidShard
	case closeShardingRequired:
		return ErrShardingRequired
	}
	return fmt.Errorf("bot: open gateway: %w", err)
}

// closeCode is the gateway close code behind err, or 0.
func closeCode(err error) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return 0
}
