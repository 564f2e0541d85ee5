package bot_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
)

// registeredJSON returns the commands as the bot sent them in its last
// bulk registration for guildID, by name.
func registeredJSON(t *testing.T, srv *discordtest.Server, guildID string) map[string]map[string]any {
	t.Helper()
	path := "/applications/" + srv.AppID() + "/commands"
	if guildID != "" {
		path = "/applications/" + srv.AppID() + "/guilds/" + guildID + "/commands"
	}
	var items []any
	for _, r := range srv.Requests() {
		if r.Method == "PUT" && r.Path == path {
			items = r.Items
		}
	}
	if items == nil {
		t.Fatalf("no PUT %s", path)
	}
	out := map[string]map[string]any{}
	for _, it := range items {
		c := it.(map[string]any)
		out[c["name"].(string)] = c
	}
	return out
}

// subcommandNames lists a command's subcommands, "group sub" inside groups.
func subcommandNames(c map[string]any) []string {
	var names []string
	opts, _ := c["options"].([]any)
	for _, o := range opts {
		om := o.(map[string]any)
		switch om["type"].(float64) {
		case 1:
			names = append(names, om["name"].(string))
		case 2:
			subs, _ := om["options"].([]any)
			for _, s := range subs {
				names = append(names, om["name"].(string)+" "+s.(map[string]any)["name"].(string))
			}
		}
	}
	return names
}

func TestRegisteredCommandsAsDiscordExpects(t *testing.T) {
	for _, dms := range []bool{false, true} {
		h := startBot(t, nil, newRecordingService(), openStore(t), func(c *bot.Config) { c.AllowDMs = dms })
		cmds := registeredJSON(t, h.srv, guild)
		admin, ok := cmds["newsbot-admin"]
		if !ok {
			t.Fatalf("no admin command among %v", cmds)
		}
		// Only Manage Server (0x20) sees the admin command by default.
		if p := admin["default_member_permissions"]; p != "32" {
			t.Errorf("newsbot-admin default_member_permissions = %#v, want \"32\" (Manage Server)", p)
		}
		wantAdmin := []string{"feeds add", "feeds remove", "feeds retry", "feeds import", "digest schedule", "digest off", "alerts add", "alerts remove", "alerts list"}
		if got := subcommandNames(admin); !slices.Equal(got, wantAdmin) {
			t.Errorf("newsbot-admin subcommands = %q, want %q", got, wantAdmin)
		}
		for name, c := range cmds {
			raw, _ := json.Marshal(c)
			if _, ok := c["dm_permission"]; ok {
				t.Errorf("%s carries the deprecated dm_permission: %s", name, raw)
			}
			if it, _ := c["integration_types"].([]any); len(it) != 1 || it[0] != 0.0 {
				t.Errorf("%s integration_types = %v, want [0] (installed in servers)", name, c["integration_types"])
			}
			var contexts []float64
			ctxs, _ := c["contexts"].([]any)
			for _, x := range ctxs {
				contexts = append(contexts, x.(float64))
			}
			want := []float64{0}
			if dms && (name == "ask" || name == "summarize" || name == "search" || name == "help" || name == "newsbot") {
				want = []float64{0, 1}
			}
			if !slices.Equal(contexts, want) {
				t.Errorf("AllowDMs %v: %s contexts = %v, want %v", dms, name, contexts, want)
			}
			if name == "newsbot-admin" {
				continue
			}
			// Members' commands only read, and nobody needs a permission for them.
			if p, ok := c["default_member_permissions"]; ok && p != nil {
				t.Errorf("member command %s has default_member_permissions %v", name, p)
			}
			for _, sub := range subcommandNames(c) {
				if sub == "add" || sub == "remove" || sub == "schedule" || sub == "off" {
					t.Errorf("member command %s has the admin subcommand %s", name, sub)
				}
			}
		}
		// The autocompleted options and the since choices.
		for _, o := range []struct{ cmd, opt string }{{"ask", "since"}, {"ask", "source"}, {"search", "source"}, {"summarize", "article"}} {
			if !optionAutocompletes(cmds[o.cmd], o.opt) {
				t.Errorf("/%s %s does not autocomplete", o.cmd, o.opt)
			}
		}
		if !optionAutocompletes(admin, "timezone") || !optionAutocompletes(admin, "feed") {
			t.Errorf("the admin command's timezone and feed do not autocomplete")
		}
		h.shutdown()
	}
}

// optionAutocompletes reports whether an option of c named name, at any
// depth, has autocomplete on.
func optionAutocompletes(c map[string]any, name string) bool {
	opts, _ := c["options"].([]any)
	for _, o := range opts {
		om := o.(map[string]any)
		if om["name"] == name && om["autocomplete"] == true {
			return true
		}
		if optionAutocompletes(om, name) {
			return true
		}
	}
	return false
}

func TestAutocompleteSuggestions(t *testing.T) {
	stack := sampleStack(t, func() time.Time { return asOf })
	h := startBot(t, nil, stack.Service, stack.Store, nil)
	suggest := func(cmd string, opts ...discordtest.Option) []string {
		t.Helper()
		in := h.srv.SlashCommand(guild, channel, admin, cmd, opts...)
		h.srv.WaitFor(t, func(r discordtest.Request) bool { return strings.Contains(r.Path, in.Token) && r.Callback() == 8 })
		_, data, _ := h.srv.Callback(in.Token)
		var out []string
		cs, _ := data["choices"].([]any)
		for _, c := range cs {
			cm := c.(map[string]any)
			out = append(out, cm["name"].(string)+" = "+cm["value"].(string))
		}
		return out
	}
	schedule := func(tz string) []discordtest.Option {
		return []discordtest.Option{discordtest.SubCommandGroup("digest", discordtest.SubCommand("schedule",
			discordtest.StringOption("channel", channel), discordtest.StringOption("time", "08:00"), discordtest.Focused("timezone", tz)))}
	}
	ask := func(o discordtest.Option) []discordtest.Option {
		return []discordtest.Option{discordtest.StringOption("question", "x"), o}
	}
	tests := []struct {
		name  string
		got   []string
		first string // the first suggestion, when set
		has   string // among the suggestions, when set
		none  bool   // nothing suggested
	}{
		{"time zone by city", suggest("newsbot-admin", schedule("paris")...), "Europe/Paris = Europe/Paris", "", false},
		{"time zone with a space", suggest("newsbot-admin", schedule("new y")...), "America/New_York = America/New_York", "", false},
		{"time zone by area", suggest("newsbot-admin", schedule("Europe/")...), "", "Europe/Amsterdam = Europe/Amsterdam", false},
		{"time zone empty", suggest("newsbot-admin", schedule("")...), "UTC = UTC", "", false},
		{"unknown time zone", suggest("newsbot-admin", schedule("atlantis")...), "", "", true},
		{"source by name", suggest("ask", ask(discordtest.Focused("source", "coastal"))...), "Coastal Press = Coastal Press", "", false},
		{"source on search", suggest("search", discordtest.StringOption("query", "x"), discordtest.Focused("source", "harbor"))[:1], "Harbor Courier (harborcourier.example) = Harbor Courier", "", false},
		{"since choices", suggest("ask", ask(discordtest.Focused("since", ""))...), "Last 12 hours = 12h", "Last week = 1w", false},
		{"since typed", suggest("ask", ask(discordtest.Focused("since", "3d"))...), "3d (since Mon Nov 23 09:00 UTC) = 3d", "", false},
		{"since filtered", suggest("ask", ask(discordtest.Focused("since", "week"))...), "Last week = 1w", "Last 2 weeks = 2w", false},
		{"since not a time", suggest("ask", ask(discordtest.Focused("since", "soonish"))...), "", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.none != (len(tc.got) == 0) {
				t.Errorf("suggestions %q, want none: %v", tc.got, tc.none)
			}
			if tc.first != "" && (len(tc.got) == 0 || tc.got[0] != tc.first) {
				t.Errorf("suggestions %q, want %q first", tc.got, tc.first)
			}
			if tc.has != "" && !slices.Contains(tc.got, tc.has) {
				t.Errorf("suggestions %q lack %q", tc.got, tc.has)
			}
			if len(tc.got) > 25 {
				t.Errorf("%d suggestions, Discord shows 25", len(tc.got))
			}
		})
	}
}

func TestThreadNamesAndTitlesArePlain(t *testing.T) {
	svc := newRecordingService()
	h := startBot(t, nil, svc, openStore(t), nil)
	bob := discordtest.UserSpec{ID: "700000000000000003", Name: "bob"}
	h.srv.AddMember(guild, bob)
	q := h.srv.Message(guild, channel, alice, "what did <@"+bob.ID+"> post in <#"+channel+"> about the port <:ship:900000000000000001>?", true)
	h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+q.ID+"/messages/") && strings.Contains(embedText(r.Body), "Answer to")
	})
	th, ok := h.srv.Channel(q.ID)
	if !ok {
		t.Fatal("no thread started")
	}
	want := "what did @bob post in #news about the port :ship:?"
	if th.Name != want {
		t.Errorf("thread name %q, want %q", th.Name, want)
	}
	if asks := svc.requests(); len(asks) != 1 || asks[0].Question != want {
		t.Errorf("question asked = %+v, want %q", asks, want)
	}
	// A slash command's question: the embed title shows no raw markup.
	in := h.srv.SlashCommand(guild, channel, alice, "ask", discordtest.StringOption("question", "news from <#"+channel+"> or <@&800000000000000001>?"))
	m := h.waitFinal(t, in.Token)
	es, _ := m["embeds"].([]any)
	if len(es) == 0 {
		t.Fatalf("no embed: %v", m)
	}
	if title, _ := es[0].(map[string]any)["title"].(string); title != "news from #news or @role?" {
		t.Errorf("embed title %q", title)
	}
}

func TestSourceByNameOrDomain(t *testing.T) {
	stack := sampleStack(t, func() time.Time { return asOf })
	h := startBot(t, nil, stack.Service, stack.Store, nil)
	for _, source := range []string{"Harbor Courier", "harbor courier", "harborcourier.example", "www.HarborCourier.example"} {
		in := h.srv.SlashCommand(guild, channel, alice, "search", discordtest.StringOption("query", "Eastgate Bridge"), discordtest.StringOption("source", source))
		text := embedText(h.waitFinal(t, in.Token))
		if !strings.Contains(text, "*Harbor Courier · <t:") || strings.Contains(text, "Coastal Press") {
			t.Errorf("source %q:\n%s", source, text)
		}
	}
}
