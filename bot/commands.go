package bot

import (
	"github.com/bwmarrin/discordgo"
)

// adminCommand is the command that changes a server's setup. Its
// subcommand groups name the member command they manage: /newsbot-admin
// feeds add runs as feeds add.
const adminCommand = "newsbot-admin"

// adminPermissions is the default_member_permissions of adminCommand:
// only members who may manage the server see it, until an admin grants it
// to others under Server Settings → Integrations.
const adminPermissions int64 = discordgo.PermissionManageGuild

// commandDefs are the slash commands the bot registers. Members' commands
// only read; everything that changes the server's setup is under
// adminCommand. Commands about a server's setup work in servers only;
// the others also in the bot's DMs when allowDMs.
func commandDefs(maxQuestion int, allowDMs bool) []*discordgo.ApplicationCommand {
	str := func(name, desc string, required bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc, Required: required}
	}
	auto := func(o *discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		o.Autocomplete = true
		return o
	}
	since := func() *discordgo.ApplicationCommandOption {
		return auto(str("since", "How far back: pick one, or type 12h, 3d, yesterday or a date (2026-11-20)", false))
	}
	source := func() *discordgo.ApplicationCommandOption {
		return auto(str("source", "Only this outlet (start typing its name or domain)", false))
	}
	question := str("question", "Your question about the news", true)
	question.MaxLength = maxQuestion
	channel := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionChannel, Name: "channel", Description: "Where to post the digest", Required: true,
		ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews},
	}
	sub := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc, Options: opts}
	}
	group := func(name, desc string, subs ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: name, Description: desc, Options: subs}
	}
	everywhere := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	if allowDMs {
		everywhere = append(everywhere, discordgo.InteractionContextBotDM)
	}
	servers := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	perms := adminPermissions
	cmd := func(name, desc string, contexts []discordgo.InteractionContextType, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommand {
		return &discordgo.ApplicationCommand{
			Name: name, Description: desc, Options: opts,
			Contexts:         &contexts,
			IntegrationTypes: &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall},
		}
	}
	admin := cmd(adminCommand, "Set up newsbot in this server: its feeds, daily digest and alerts", servers,
		group("feeds", "The feeds this server follows",
			sub("add", "Follow a feed", str("url", "The feed's address (RSS, Atom or JSON Feed)", true)),
			sub("remove", "Unfollow a feed", auto(str("feed", "The feed to unfollow (start typing)", true))),
			sub("retry", "Fetch a feed again now, such as a disabled one", auto(str("feed", "The feed to retry (start typing)", true))),
			sub("import", "Follow every feed of an OPML file", &discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionAttachment, Name: "file", Description: "An OPML file your feed reader exported", Required: true,
			})),
		group("digest", "The daily digest",
			sub("schedule", "Post a digest every day", channel,
				str("time", "Time of day, HH:MM on a 24-hour clock", true),
				auto(str("timezone", "Time zone, such as Europe/Paris (start typing a city)", true)),
				str("topic", "Only stories about this", false)),
			sub("off", "Stop the daily digest")),
		alertsGroup(str, sub, group))
	admin.DefaultMemberPermissions = &perms
	return []*discordgo.ApplicationCommand{
		cmd("ask", "Ask a question about the news; I answer with sources", everywhere, question, since(), source()),
		cmd("summarize", "Summarize an article, a web page or a topic", everywhere,
			str("url", "A web page to summarize", false),
			auto(str("article", "An article I know (start typing its title)", false)),
			str("topic", "A topic to summarize across outlets", false), since()),
		cmd("digest", "The news grouped into stories", servers,
			sub("now", "A digest of the news right now", str("topic", "Only stories about this", false), since()),
			sub("status", "Show the daily digest's schedule")),
		cmd("feeds", "The feeds this server follows, and their health", servers),
		cmd("search", "Find articles: headline, outlet, when, and the passage that matched", everywhere,
			str("query", "What to look for", true), since(), source()),
		cmd("help", "What I can do", everywhere),
		cmd(statusCommand, "About newsbot here", everywhere,
			sub("status", "The AI model, today's budget, the feeds' health and the article count")),
		admin,
	}
}
