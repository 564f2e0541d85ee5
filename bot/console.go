package bot

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/summarize"
)

// maxHistory is how many earlier turns a conversation keeps.
const maxHistory = 6

// Console runs the bot's commands in a terminal (newsbot chat), through the
// same handlers as Discord, and prints the replies as text.
type Console struct {
	// Handlers run the commands.
	Handlers *Handlers
	// Prompt is printed before each line read; empty prints none.
	Prompt string
	// Lines, when set, reads the input instead of Run's in: a terminal
	// with line editing and history (see newsbot chat).
	Lines LineReader
}

// LineReader reads the console's input a line at a time, without its line
// ending; io.EOF ends the session.
type LineReader interface {
	ReadLine() (string, error)
}

// scanLines reads in a line at a time, for input that is not a terminal.
type scanLines struct{ sc *bufio.Scanner }

func newScanLines(in io.Reader) scanLines {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	return scanLines{sc}
}

func (l scanLines) ReadLine() (string, error) {
	if l.sc.Scan() {
		return l.sc.Text(), nil
	}
	if err := l.sc.Err(); err != nil {
		return "", err
	}
	return "", io.EOF
}

// consoleOptions are the options each command takes, as name:value.
var consoleOptions = map[string][]string{
	"ask":       {"question", "since", "source"},
	"summarize": {"url", "article", "topic", "since"},
	"digest":    {"topic", "since", "channel", "time", "timezone"},
	"feeds":     {"url", "feed"},
	"search":    {"query", "since", "source"},
}

// Run reads commands from in (or from Lines when it is set), one a line,
// until the input ends, ctx is done or the user types /quit, and writes
// each reply to out. Plain text is a question; follow-up questions see the
// earlier ones as history.
func (c *Console) Run(ctx context.Context, in io.Reader, out io.Writer) error {
	var lines LineReader = newScanLines(in)
	if c.Lines != nil {
		lines = c.Lines
	}
	var history []summarize.Turn
	lastSources := ""
	for {
		if c.Prompt != "" {
			fmt.Fprint(out, c.Prompt)
		}
		if ctx.Err() != nil {
			break
		}
		raw, err := lines.ReadLine()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("bot: console: read: %w", err)
		}
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if line == "/quit" || line == "/exit" {
			return nil
		}
		inv := parseConsoleLine(line)
		inv.Local = true
		inv.UserID = "console"
		if inv.Command == "sources" {
			inv.Options = map[string]string{"key": lastSources}
		}
		if inv.Command == "ask" {
			inv.History = history
		}
		r := c.Handlers.Handle(ctx, inv)
		for _, b := range r.Buttons {
			if key, ok := strings.CutPrefix(b.ID, "src:"); ok {
				lastSources = key
			}
		}
		if inv.Command == "ask" && !r.Error {
			history = append(history, summarize.Turn{Question: inv.opt("question"), Answer: r.Text})
			if len(history) > maxHistory {
				history = history[len(history)-maxHistory:]
			}
		}
		if _, err := fmt.Fprintln(out, renderText(r)); err != nil {
			return fmt.Errorf("bot: console: write: %w", err)
		}
	}
	return ctx.Err()
}

// parseConsoleLine reads "/command [sub] free text name:value ...". Plain
// text is /ask. Free text goes to the command's main option; a URL given
// to /summarize is its url, anything else its topic.
func parseConsoleLine(line string) Invocation {
	if !strings.HasPrefix(line, "/") {
		return Invocation{Command: "ask", Options: map[string]string{"question": line}}
	}
	words := strings.Fields(line)
	inv := Invocation{Command: strings.ToLower(strings.TrimPrefix(words[0], "/")), Options: map[string]string{}}
	words = words[1:]
	if inv.Command == adminCommand && len(words) > 0 {
		// "/newsbot-admin feeds add …", as in Discord, is "/feeds add …".
		inv.Command, words = strings.ToLower(words[0]), words[1:]
	}
	if inv.Command == "digest" || inv.Command == "feeds" {
		subs := map[string][]string{"digest": {"now", "schedule", "off", "status"}, "feeds": {"add", "remove", "list"}}[inv.Command]
		inv.Sub = subs[0]
		if inv.Command == "feeds" {
			inv.Sub = "list"
		}
		if len(words) > 0 {
			for _, s := range subs {
				if strings.EqualFold(words[0], s) {
					inv.Sub, words = s, words[1:]
					break
				}
			}
		}
	}
	known := map[string]bool{}
	for _, o := range consoleOptions[inv.Command] {
		known[o] = true
	}
	target := ""
	parts := map[string][]string{}
	for _, w := range words {
		if k, v, ok := strings.Cut(w, ":"); ok && known[strings.ToLower(k)] {
			target = strings.ToLower(k)
			if v != "" {
				parts[target] = append(parts[target], v)
			}
			continue
		}
		parts[target] = append(parts[target], w)
	}
	for k, v := range parts {
		if k != "" {
			inv.Options[k] = strings.Join(v, " ")
		}
	}
	if free := strings.Join(parts[""], " "); free != "" {
		switch inv.Command {
		case "ask":
			inv.Options["question"] = free
		case "search":
			inv.Options["query"] = free
		case "summarize":
			if data.IsHTTPURL(free) {
				inv.Options["url"] = free
			} else {
				inv.Options["topic"] = free
			}
		case "digest":
			inv.Options["topic"] = free
		case "feeds":
			if inv.Sub == "remove" {
				inv.Options["feed"] = free
			} else {
				inv.Options["url"] = free
			}
		}
	}
	return inv
}
