// Package bot is newsbot's Discord face: slash commands, mentions and
// threads, scheduled digests, and the local console that runs the same
// handlers in a terminal. Handlers produce one platform-neutral Reply that
// the Discord and the text renderers both draw.
package bot

import (
	"time"

	"github.com/newsbot/newsbot/summarize"
)

// Reply is what a handler answers, independent of where it is shown.
type Reply struct {
	// Title heads the reply, such as the question or "Digest".
	Title string
	// Text is the body: markdown with [n] markers referring to Citations.
	Text string
	// Citations are the numbered sources of Text.
	Citations []summarize.Citation
	// Sections are separate items under the body, such as a digest's
	// stories or a search's hits.
	Sections []Section
	// Fields are short name/value pairs, such as a feed's health.
	Fields []Field
	// Buttons act on the whole reply.
	Buttons []Button
	// Notice is a short line on how the reply was made.
	Notice string
	// Time, when set, is the moment the reply is of (a digest's end),
	// shown by Discord in each reader's own time zone.
	Time time.Time
	// Ephemeral replies are shown only to the person who asked.
	Ephemeral bool
	// Error marks a reply that only explains a failure or a refusal.
	Error bool
}

// Section is one item of a reply with its own heading and sources.
type Section struct {
	Title     string
	URL       string
	Text      string
	Citations []summarize.Citation
	// Button, when set, acts on this section alone.
	Button *Button
}

// Field is a short name/value pair.
type Field struct {
	Name, Value string
	Inline      bool
}

// Button is an action the reader can take. ID is the Discord custom ID
// (at most 100 characters); the console shows Label and Hint.
type Button struct {
	Label string
	ID    string
	// Hint tells a console user how to do the same thing by typing.
	Hint string
}

// errorReply is a short, human, ephemeral reply explaining a failure.
func errorReply(text string) Reply {
	return Reply{Text: text, Ephemeral: true, Error: true}
}

// Citation is a numbered source, as the summarize package defines it.
type Citation = summarize.Citation
