package bot

import (
	"github.com/bwmarrin/discordgo"
)

// commandDefs are the slash commands the bot registers.
func commandDefs(maxQuestion int, allowDMs bool) []*discordgo.ApplicationCommand {
	str := func(name, desc string, required bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc, Required: required}
	}
	since := str("since", "How far back: 12h, 2d, 1w, yesterday or a date (2026-11-20)", false)
	question := str("question", "Your question about the news", true)
	question.MaxLength = maxQuestion
	article := str("article", "An article I know (start typing its title)", false)
	article.Autocomplete = true
	feed := str("feed", "The feed to unfollow (start typing)", true)
	feed.Autocomplete = true
	channel := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionChannel, Name: "channel", Description: "Where to post the digest", Required: true,
		ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews},
	}
	sub := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc, Options: opts}
	}
	cmds := []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask a question about the news; I answer with sources", Options: []*discordgo.ApplicationCommandOption{
			question, since, str("source", "Only this outlet, such as apnews.com", false),
		}},
		{Name: "summarize", Description: "Summarize an article, a web page or a topic", Options: []*discordgo.ApplicationCommandOption{
			str("url", "A web page to summarize", false), article, str("topic", "A topic to summarize across outlets", false), since,
		}},
		{Name: "digest", Description: "The news grouped into stories", Options: []*discordgo.ApplicationCommandOption{
			sub("now", "A digest of the news right now", str("topic", "Only stories about this", false), since),
			sub("schedule", "Post a digest every day (needs Manage Server)", channel,
				str("time", "Time of day, HH:MM on a 24-hour clock", true),
				str("timezone", "Time zone, such as Europe/Paris or America/New_York", true),
				str("topic", "Only stories about this", false)),
			sub("off", "Stop the daily digest (needs Manage Server)"),
			sub("status", "Show the daily digest's schedule"),
		}},
		{Name: "feeds", Description: "The feeds this server follows", Options: []*discordgo.ApplicationCommandOption{
			sub("add", "Follow a feed (needs Manage Server)", str("url", "The feed's address (RSS, Atom or JSON Feed)", true)),
			sub("remove", "Unfollow a feed (needs Manage Server)", feed),
			sub("list", "The feeds and their health"),
		}},
		{Name: "search", Description: "The best matching passages, with scores", Options: []*discordgo.ApplicationCommandOption{
			str("query", "What to look for", true), since,
		}},
		{Name: "help", Description: "What I can do"},
	}
	// Server setup makes no sense in DMs; the rest follows AllowDMs.
	for _, c := range cmds {
		dm := allowDMs && c.Name != "feeds" && c.Name != "digest"
		//lint:ignore SA1019 moving to Contexts belongs with the command permissions of issue 12
		c.DMPermission = &dm
	}
	return cmds
}
