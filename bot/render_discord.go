package bot

import (
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/newsbot/newsbot/summarize"
)

// Discord's limits on a message, in characters.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFields      = 25
	maxFooter      = 2048
	maxEmbedTotal  = 6000
	maxEmbeds      = 10
	maxButtons     = 25
	maxCustomID    = 100
	maxLabel       = 80
)

// embedColor is newsbot's accent colour.
const embedColor = 0x3B82F6

// discordMessage is one message of a rendered reply: the first edits the
// deferred response, the others are followups.
type discordMessage struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Ephemeral  bool
	// SuppressEmbeds is set when plain content holds links.
	SuppressEmbeds bool
}

// noMentions allows no mention of anything: nothing an article or a model
// writes can ping a user, a role or everyone. It is a function so that no
// caller can share and change one value.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// renderDiscord draws r as Discord messages within every limit: the body
// split across embeds at paragraph or sentence boundaries, sources as
// numbered links in fields, and the embeds packed into messages of at most
// ten embeds and 6000 characters.
func renderDiscord(r Reply) []discordMessage {
	if r.Error {
		return renderPlain(r)
	}
	var items []embedItem
	b := &embedBuilder{}

	b.body(r.Title, "", r.Text)
	for _, f := range r.Fields {
		b.field(f.Name, f.Value, f.Inline)
	}
	b.sources(r.Citations)
	for i, e := range b.flush() {
		it := embedItem{embed: e}
		if i == 0 {
			it.buttons = r.Buttons
		}
		items = append(items, it)
	}
	bodyButtons := len(items) > 0
	for _, s := range r.Sections {
		b := &embedBuilder{}
		b.body(s.Title, s.URL, s.Text)
		b.sources(s.Citations)
		for i, e := range b.flush() {
			it := embedItem{embed: e}
			if i == 0 && s.Button != nil {
				it.buttons = []Button{*s.Button}
			}
			items = append(items, it)
		}
	}
	if len(items) == 0 {
		items = append(items, embedItem{embed: &discordgo.MessageEmbed{Description: "(nothing to show)", Color: embedColor}})
	}
	if !r.Time.IsZero() {
		items[0].embed.Timestamp = r.Time.UTC().Format(time.RFC3339)
	}
	// A reply of sections only carries its buttons on the first message.
	if !bodyButtons && len(r.Buttons) > 0 {
		items[0].buttons = append(append([]Button(nil), r.Buttons...), items[0].buttons...)
	}
	if r.Notice != "" && len(items) > 0 {
		last := items[len(items)-1].embed
		footer := truncate(oneLine(r.Notice), maxFooter)
		if embedSize(last)+runeLen(footer) > maxEmbedTotal {
			last = &discordgo.MessageEmbed{Color: embedColor}
			items = append(items, embedItem{embed: last})
		}
		last.Footer = &discordgo.MessageEmbedFooter{Text: footer}
	}

	return packMessages(items, r.Ephemeral)
}

// embedItem is one embed of a reply with the buttons that go with it.
type embedItem struct {
	embed   *discordgo.MessageEmbed
	buttons []Button
}

// packMessages puts items into as few messages as Discord's limits on
// embeds, their size and buttons allow, in order.
func packMessages(items []embedItem, ephemeral bool) []discordMessage {
	var out []discordMessage
	var cur *discordMessage
	size := 0
	var buttons []Button
	closeMsg := func() {
		if cur != nil {
			cur.Components = buttonRows(buttons)
			out = append(out, *cur)
		}
		cur, size, buttons = nil, 0, nil
	}
	for _, it := range items {
		n := embedSize(it.embed)
		if cur != nil && (len(cur.Embeds) == maxEmbeds || size+n > maxEmbedTotal || len(buttons)+len(it.buttons) > maxButtons) {
			closeMsg()
		}
		if cur == nil {
			cur = &discordMessage{Ephemeral: ephemeral}
		}
		cur.Embeds = append(cur.Embeds, it.embed)
		size += n
		buttons = append(buttons, it.buttons...)
	}
	closeMsg()
	return out
}

// renderPlain draws a reply as plain content, split into messages of at
// most 2000 characters.
func renderPlain(r Reply) []discordMessage {
	text := r.Text
	if r.Title != "" {
		text = "**" + oneLine(r.Title) + "**\n" + text
	}
	var out []discordMessage
	for _, p := range splitText(text, maxContent) {
		out = append(out, discordMessage{
			Content:        p,
			Ephemeral:      r.Ephemeral,
			SuppressEmbeds: strings.Contains(p, "http"),
		})
	}
	if len(out) == 0 {
		out = append(out, discordMessage{Content: "…", Ephemeral: r.Ephemeral})
	}
	out[0].Components = buttonRows(r.Buttons)
	return out
}

// renderPartial draws an answer still being written, for a streaming edit.
func renderPartial(title, text string) discordMessage {
	desc := strings.TrimSpace(text)
	if runeLen(desc) > maxDescription-2 {
		desc = truncate(desc, maxDescription-2)
	} else {
		desc += " …"
	}
	return discordMessage{Embeds: []*discordgo.MessageEmbed{{
		Title:       truncate(oneLine(title), maxTitle),
		Description: desc,
		Color:       embedColor,
	}}}
}

// buttonRows lays buttons out in action rows of five.
func buttonRows(bs []Button) []discordgo.MessageComponent {
	if len(bs) > maxButtons {
		bs = bs[:maxButtons]
	}
	var rows []discordgo.MessageComponent
	for i := 0; i < len(bs); i += 5 {
		var row discordgo.ActionsRow
		for _, b := range bs[i:min(i+5, len(bs))] {
			if b.ID == "" || len(b.ID) > maxCustomID {
				// A cut custom ID would act on the wrong thing.
				continue
			}
			row.Components = append(row.Components, discordgo.Button{
				Label:    truncate(b.Label, maxLabel),
				Style:    discordgo.SecondaryButton,
				CustomID: b.ID,
			})
		}
		if len(row.Components) > 0 {
			rows = append(rows, row)
		}
	}
	return rows
}

// embedSize is what Discord counts towards the 6000-character total.
func embedSize(e *discordgo.MessageEmbed) int {
	if e == nil {
		return 0
	}
	n := runeLen(e.Title) + runeLen(e.Description)
	for _, f := range e.Fields {
		n += runeLen(f.Name) + runeLen(f.Value)
	}
	if e.Footer != nil {
		n += runeLen(e.Footer.Text)
	}
	if e.Author != nil {
		n += runeLen(e.Author.Name)
	}
	return n
}

// embedBuilder fills embeds, starting a new one whenever the next part
// would break a limit.
type embedBuilder struct {
	embeds []*discordgo.MessageEmbed
}

func (b *embedBuilder) last() *discordgo.MessageEmbed {
	if len(b.embeds) == 0 {
		b.embeds = append(b.embeds, &discordgo.MessageEmbed{Color: embedColor})
	}
	return b.embeds[len(b.embeds)-1]
}

// body sets the title and the text, split over as many embeds as needed.
func (b *embedBuilder) body(title, url, text string) {
	title = truncate(oneLine(title), maxTitle)
	if title == "" && strings.TrimSpace(text) == "" {
		return
	}
	e := &discordgo.MessageEmbed{Title: title, Color: embedColor}
	if title != "" && linkable(url) {
		e.URL = url
	}
	b.embeds = append(b.embeds, e)
	for i, p := range splitText(text, maxDescription) {
		if i > 0 {
			b.embeds = append(b.embeds, &discordgo.MessageEmbed{Color: embedColor})
		}
		b.last().Description = p
	}
}

// field adds one field, in a new embed if this one is full.
func (b *embedBuilder) field(name, value string, inline bool) {
	name = truncate(oneLine(name), maxFieldName)
	if name == "" {
		name = "\u200b"
	}
	value = truncate(strings.TrimSpace(value), maxFieldValue)
	if value == "" {
		value = "—"
	}
	e := b.last()
	if len(e.Fields) == maxFields || embedSize(e)+runeLen(name)+runeLen(value) > maxEmbedTotal-maxFooter/4 {
		e = &discordgo.MessageEmbed{Color: embedColor}
		b.embeds = append(b.embeds, e)
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: inline})
}

// sources adds the numbered source links as "Sources" fields, whole lines
// per field.
func (b *embedBuilder) sources(cs []summarize.Citation) {
	if len(cs) == 0 {
		return
	}
	name := "Sources"
	var cur []string
	n := 0
	for _, c := range cs {
		line := truncate(sourceLine(c, true), maxFieldValue)
		if n > 0 && n+1+runeLen(line) > maxFieldValue {
			b.field(name, strings.Join(cur, "\n"), false)
			name, cur, n = "Sources (continued)", nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, line)
		n += runeLen(line)
	}
	b.field(name, strings.Join(cur, "\n"), false)
}

// flush returns the embeds built so far.
func (b *embedBuilder) flush() []*discordgo.MessageEmbed {
	out := b.embeds
	b.embeds = nil
	return out
}
