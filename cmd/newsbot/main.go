// Command newsbot follows news sources, indexes every article and answers
// questions about them with cited answers, on the command line and in
// Discord.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	// The IANA time zones of digest schedules, also where the system has
	// none (a static container image).
	_ "time/tzdata"

	"github.com/joho/godotenv"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// .env never overrides the real environment; a missing file is fine.
	if err := godotenv.Load(); err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "newsbot: reading .env: %v\n", err)
	}
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// exitError carries an exit code and a message already shown (or to show).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// errSomeFailed is returned by commands that completed but had failed items.
var errSomeFailed = &exitError{code: 1}

// env is what every command gets: its streams, the configuration and the
// parsed global flags.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	cfg            Config
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"ask", "answer a question from the indexed news, with citations", cmdAsk},
		{"summarize", "summarize an article, a URL, a file or a topic", cmdSummarize},
		{"digest", "the news of the last hours grouped into stories", cmdDigest},
		{"search", "search the indexed news", cmdSearch},
		{"show", "print a stored article as newsbot read it", cmdShow},
		{"ingest", "add articles from files, folders, web pages and feeds", cmdIngest},
		{"feeds", "follow feeds: add, list, remove, import, poll", cmdFeeds},
		{"stats", "counts of articles, passages and feeds, and the index's state", cmdStats},
		{"reindex", "rebuild the search index from the store", cmdReindex},
		{"sample", "remove the embedded sample articles: sample remove", cmdSample},
		{"backup", "write a consistent copy of the store, also while the bot runs", cmdBackup},
		{"migrate-store", "copy the SQLite store into PostgreSQL: migrate-store --to URL", cmdMigrateStore},
		{"run", "run the Discord bot", cmdRun},
		{"healthcheck", "exit 0 when the running bot is ready (a container's health check)", cmdHealthcheck},
		{"invite", "print the address that adds the bot to a server", cmdInvite},
		{"chat", "try the bot's commands in the terminal", cmdChat},
		{"eval", "measure retrieval or summary quality on a data set", cmdEval},
		{"bench", "measure index speed, size and memory at scale", cmdBench},
		{"version", "print the version", cmdVersion},
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `newsbot keeps a community informed about the news: it follows feeds, pages and
files, indexes every article, and answers questions with cited answers.

Usage: newsbot [--data-dir DIR] COMMAND [options] [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, `
Global options:
  --data-dir DIR   where the store and index live (env NEWSBOT_DATA_DIR;
                   default ~/.local/share/newsbot on Linux)

Run "newsbot COMMAND --help" for a command's options. Configuration comes
from the environment and a .env file (see .env.example).
`)
}

// Run runs newsbot with args and returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	global := flag.NewFlagSet("newsbot", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	dataDir := global.String("data-dir", "", "")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return 0
		}
		fmt.Fprintf(stderr, "newsbot: %v\n\n", err)
		usage(stderr)
		return 2
	}
	args = global.Args()
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	if name == "help" {
		usage(stdout)
		return 0
	}
	var cmd *command
	for _, c := range commands() {
		if c.name == name {
			cmd = &c
			break
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "newsbot: unknown command %q; run \"newsbot help\" for the list\n", name)
		return 2
	}
	cfg, err := LoadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "newsbot: configuration:\n  %s\n", strings.ReplaceAll(err.Error(), "\n", "\n  "))
		return 2
	}
	if *dataDir != "" {
		cfg.DataDir = *dataDir
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, cfg: cfg}
	err = cmd.run(ctx, e, args[1:])
	var ee *exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintf(stderr, "newsbot %s: %s\n", name, ee.msg)
		}
		return ee.code
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "newsbot %s: interrupted\n", name)
		return 130
	default:
		fmt.Fprintf(stderr, "newsbot %s: %v\n", name, err)
		return 1
	}
}

// newFlags makes a command's flag set; --data-dir is accepted after the
// command name too.
func newFlags(e *env, name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Func("data-dir", "where the store and index live (env NEWSBOT_DATA_DIR)", func(s string) error {
		e.cfg.DataDir = s
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: newsbot %s\n\nOptions:\n", usageLine)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
	}
	return fs
}

// usageErr is a command-line mistake: exit code 2.
func usageErr(format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
}

func cmdVersion(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "version")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "newsbot %s\n", version)
	return nil
}
