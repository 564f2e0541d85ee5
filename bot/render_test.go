package bot_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/summarize"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var day = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// paris is a time zone whose date differs from UTC's near midnight.
var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

func cite(n int, title string) summarize.Citation {
	return summarize.Citation{
		N: n, ArticleID: fmt.Sprintf("u%016d", n), URL: fmt.Sprintf("https://news.example/%d", n),
		Title: title, Source: "Valley Post", Published: day, Quote: "A quoted passage number " + fmt.Sprint(n) + ".",
	}
}

// sampleReplies are the replies whose rendering is kept in golden files.
func sampleReplies() map[string]bot.Reply {
	return map[string]bot.Reply{
		"answer": {
			Title:     "What happened to the Eastgate bridge?",
			Text:      "Inspectors found a cracked pier [1], and the bridge closed to trucks [2].\n\nRepairs start next week [1].",
			Citations: []summarize.Citation{cite(1, "Eastgate bridge: cracked pier found"), cite(2, "Trucks [banned] from Eastgate")},
			Buttons:   []bot.Button{{Label: "Sources", ID: "src:k1", Hint: "/sources"}},
			Notice:    "Searched 27 articles",
		},
		"error": {Text: "Questions are limited to 500 characters; yours has 612.", Ephemeral: true, Error: true},
		"sources": bot.SourcesReply(
			[]summarize.Citation{cite(1, "Eastgate bridge: cracked pier found"), cite(2, "Trucks [banned] from Eastgate")},
			[]summarize.SentenceSupport{
				{Sentence: "Inspectors found a cracked pier, and the bridge closed to trucks.", Quotes: []summarize.SupportQuote{
					{N: 1, Quote: "Inspectors found a crack in the bridge's third pier on Monday."},
					{N: 2, Quote: "The city closed the Eastgate bridge to trucks while the pier is repaired."},
				}},
				{Sentence: "Repairs start next week.", Quotes: []summarize.SupportQuote{{N: 1, Quote: "Crews will begin repairs next week, the city said."}}},
			}),
		"digest": bot.DigestReply(summarize.Digest{
			// 23:30 UTC is the next day in Paris.
			Since: day.Add(-24 * time.Hour), Until: day.Add(14*time.Hour + 30*time.Minute),
			Stories: []summarize.Story{
				{Headline: "Storm surge hits Port Alder", URL: "https://news.example/1", ArticleIDs: []string{"u1", "u3"},
					Outlets: []string{"Harbor Courier", "Valley Post"}, Latest: day.Add(-2 * time.Hour),
					Summary: summarize.Answer{Text: "Flooding closed the harbor road [1].", Citations: []summarize.Citation{cite(1, "Port Alder floods")}}},
				{Headline: "Harriers win the cup", URL: "https://news.example/2", ArticleIDs: []string{"u2"},
					Outlets: []string{"Valley Post"}, Latest: day.Add(-5 * time.Hour),
					Summary: summarize.Answer{Text: "The Harriers won 2-1 [1].", Citations: []summarize.Citation{cite(1, "Cup final")}}},
			},
		}, paris),
		"feeds": {
			Title:  "Feeds",
			Text:   "2 feeds, plus local articles.",
			Fields: []bot.Field{{Name: "Valley Post", Value: "✅ ok · last success 2026-11-20 09:00 UTC\n<https://valley.example/feed>"}, {Name: "Metro Wire", Value: "⚠️ failing 3 times: 503 Service Unavailable · last success 2026-11-18 09:00 UTC\n<https://metro.example/rss>"}},
		},
	}
}

func TestRenderGolden(t *testing.T) {
	for name, r := range sampleReplies() {
		t.Run(name, func(t *testing.T) {
			js, err := json.MarshalIndent(bot.RenderDiscord(r), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name+".discord.json", string(js)+"\n")
			golden(t, name+".txt", bot.RenderText(r))
		})
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// checkLimits fails t for any Discord limit a message breaks.
func checkLimits(t *testing.T, msgs []bot.RenderedMessage) {
	t.Helper()
	n := func(s string) int { return len([]rune(s)) }
	for i, m := range msgs {
		if n(m.Content) > 2000 {
			t.Errorf("message %d: content %d > 2000", i, n(m.Content))
		}
		if len(m.Embeds) > 10 {
			t.Errorf("message %d: %d embeds > 10", i, len(m.Embeds))
		}
		total, buttons := 0, 0
		for j, e := range m.Embeds {
			size := n(e.Title) + n(e.Description)
			if n(e.Title) > 256 || n(e.Description) > 4096 {
				t.Errorf("message %d embed %d: title %d, description %d", i, j, n(e.Title), n(e.Description))
			}
			if len(e.Fields) > 25 {
				t.Errorf("message %d embed %d: %d fields", i, j, len(e.Fields))
			}
			for _, f := range e.Fields {
				if n(f.Name) > 256 || n(f.Value) > 1024 || f.Value == "" || f.Name == "" {
					t.Errorf("message %d embed %d: field name %d value %d", i, j, n(f.Name), n(f.Value))
				}
				size += n(f.Name) + n(f.Value)
			}
			if e.Footer != nil {
				size += n(e.Footer.Text)
			}
			total += size
		}
		if total > 6000 {
			t.Errorf("message %d: embeds total %d > 6000", i, total)
		}
		for _, row := range m.Components {
			r, ok := row.(discordgo.ActionsRow)
			if !ok || len(r.Components) > 5 {
				t.Errorf("message %d: bad action row %#v", i, row)
			}
			for _, c := range r.Components {
				if b, ok := c.(discordgo.Button); ok && (len(b.CustomID) > 100 || len(b.CustomID) == 0) {
					t.Errorf("message %d: custom ID %q", i, b.CustomID)
				}
				buttons++
			}
		}
		if len(m.Components) > 5 || buttons > 25 {
			t.Errorf("message %d: %d rows, %d buttons", i, len(m.Components), buttons)
		}
	}
}

func TestRenderDiscordLimits(t *testing.T) {
	var cs []summarize.Citation
	for i := 1; i <= 60; i++ {
		cs = append(cs, cite(i, strings.Repeat("Long headline ", 20)))
	}
	para := strings.Repeat("The rail bill passed the senate after a long debate [3]. ", 30)
	text := strings.Repeat(para+"\n\n", 12) // about 20000 characters
	var secs []bot.Section
	for i := 0; i < 14; i++ {
		secs = append(secs, bot.Section{Title: strings.Repeat("T", 300), Text: para + para, Citations: cs[:8],
			Button: &bot.Button{Label: "Ask about this", ID: "story:" + strings.Repeat("x", 120)}})
	}
	var fields []bot.Field
	for i := 0; i < 30; i++ {
		fields = append(fields, bot.Field{Name: strings.Repeat("n", 300), Value: strings.Repeat("v", 2000)})
	}
	var support []summarize.SentenceSupport
	for i := 0; i < 40; i++ {
		s := summarize.SentenceSupport{Sentence: strings.Repeat("A long cited sentence [3]. ", 40)}
		for n := 1; n <= 8; n++ {
			s.Quotes = append(s.Quotes, summarize.SupportQuote{N: n, Quote: strings.Repeat("quoted passage ", 25)})
		}
		support = append(support, s)
	}
	tests := map[string]bot.Reply{
		"huge answer":   {Title: strings.Repeat("Q", 400), Text: text, Citations: cs, Notice: strings.Repeat("notice ", 400)},
		"huge sources":  bot.SourcesReply(cs, support),
		"many sections": {Title: "Digest", Text: "Many", Sections: secs},
		"many fields":   {Title: "Feeds", Fields: fields},
		"huge error":    {Text: text, Error: true, Ephemeral: true},
		"empty":         {},
	}
	for name, r := range tests {
		t.Run(name, func(t *testing.T) {
			msgs := bot.RenderDiscord(r)
			if len(msgs) == 0 {
				t.Fatal("no messages")
			}
			checkLimits(t, msgs)
			// Nothing of the body is lost across the messages.
			var all strings.Builder
			for _, m := range msgs {
				all.WriteString(m.Content + " ")
				for _, e := range m.Embeds {
					all.WriteString(e.Description + " ")
				}
				if m.Ephemeral != r.Ephemeral {
					t.Errorf("ephemeral %v, want %v", m.Ephemeral, r.Ephemeral)
				}
			}
			want := strings.Count(r.Text, "[3]")
			for _, s := range r.Sections {
				want += strings.Count(s.Text, "[3]")
			}
			if got := strings.Count(all.String(), "[3]"); got != want {
				t.Errorf("markers [3]: %d in messages, %d in text", got, want)
			}
		})
	}
	if msgs := bot.RenderDiscord(tests["huge answer"]); len(msgs) < 2 {
		t.Errorf("a 20000-character answer fit in %d message", len(msgs))
	}
}

func TestSourceLinksSuppressPreviews(t *testing.T) {
	msgs := bot.RenderDiscord(sampleReplies()["answer"])
	var sources string
	for _, f := range msgs[0].Embeds[0].Fields {
		if f.Name == "Sources" {
			sources = f.Value
		}
	}
	want := "[1] Valley Post · 2026-11-20 · [Eastgate bridge: cracked pier found](<https://news.example/1>)\n" +
		`[2] Valley Post · 2026-11-20 · [Trucks \[banned\] from Eastgate](<https://news.example/2>)`
	if sources != want {
		t.Errorf("Sources field =\n%s\nwant\n%s", sources, want)
	}
}

func TestSectionLinksOnlyToWebAddresses(t *testing.T) {
	tests := []struct {
		url, want string
	}{
		{"https://news.example/a", "https://news.example/a"},
		{"http://news.example/a?b=c", "http://news.example/a?b=c"},
		{"javascript:alert(1)", ""},
		{"/relative/path", ""},
		{"https://", ""},
		{"https://news.example/" + strings.Repeat("a", 2100), ""},
	}
	for _, tt := range tests {
		msgs := bot.RenderDiscord(bot.Reply{Title: "Digest", Sections: []bot.Section{{Title: "Story", URL: tt.url, Text: "Text."}}})
		if got := msgs[0].Embeds[1].URL; got != tt.want {
			t.Errorf("section URL %.40q: embed links to %.40q, want %.40q", tt.url, got, tt.want)
		}
	}
}
