package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/newsbot/newsbot/bot"
)

func cmdInvite(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "invite", "invite\n\nPrints the address that adds the bot of DISCORD_TOKEN to a server: scopes bot and\napplications.commands, and the least permissions it needs. Notes go to stderr.")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("invite takes no arguments")
	}
	if e.cfg.DiscordToken == "" {
		return errNoToken
	}
	app, err := bot.LookupApplication(ctx, bot.Config{Token: e.cfg.DiscordToken, APIURL: e.cfg.DiscordAPIURL})
	if err != nil {
		return explainDiscordErr(e, err)
	}
	fmt.Fprintln(e.stdout, bot.InviteURL(app.ID))
	fmt.Fprintf(e.stderr, "Open that address to add %s to a server you manage.\n", app.Name)
	if !app.Public {
		fmt.Fprintln(e.stderr, "Public Bot is off (developer portal → Bot), so only the application's owner can use it.")
	}
	if app.MessageContent {
		fmt.Fprintln(e.stderr, "Message Content intent: on, so the bot answers every follow-up in its threads.")
	} else {
		fmt.Fprintln(e.stderr, "Message Content intent: off. The bot answers slash commands, mentions and replies to it; turn on Message Content Intent (developer portal → Bot) for it to answer every follow-up in its threads.")
	}
	if e.cfg.DiscordGuildID == "" {
		fmt.Fprintln(e.stderr, globalCommandsNote)
	}
	return nil
}

// globalCommandsNote says why slash commands may not show yet.
const globalCommandsNote = "Slash commands are registered globally and can take up to an hour to appear in a server; set DISCORD_GUILD_ID to a test server's ID to register them there at once."

// errNoToken says how to get a token.
var errNoToken = &exitError{code: 2, msg: "DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications, then put its token in DISCORD_TOKEN (or .env). To try the commands without Discord, run: newsbot chat"}

// explainDiscordErr turns the bot's errors about Discord into one line a
// user can act on; it returns other errors as they are.
func explainDiscordErr(e *env, err error) error {
	switch {
	case errors.Is(err, bot.ErrBadToken):
		return &exitError{code: 1, msg: "Discord rejected the token in DISCORD_TOKEN; copy it again from the developer portal"}
	case errors.Is(err, bot.ErrDisallowedIntents):
		return &exitError{code: 1, msg: "Discord refused the bot's gateway intents (close 4014); check Privileged Gateway Intents under Bot in the developer portal"}
	case errors.Is(err, bot.ErrShardingRequired):
		return &exitError{code: 1, msg: "Discord requires more shards for this many servers (close 4011); set NEWSBOT_SHARDS=auto, or a larger count in every process"}
	case errors.Is(err, bot.ErrInvalidShard):
		return &exitError{code: 1, msg: "Discord refused the shard (close 4010); set NEWSBOT_SHARDS to the same count in every process, and NEWSBOT_SHARD_IDS below it"}
	case errors.Is(err, bot.ErrUnreachable):
		where := "Discord"
		if e.cfg.DiscordAPIURL != "" {
			where = e.cfg.DiscordAPIURL + " (DISCORD_API_URL)"
		}
		return &exitError{code: 1, msg: "cannot reach " + where + "; check the network connection and try again"}
	}
	return err
}
