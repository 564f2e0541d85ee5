package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/data/parse"
	"github.com/newsbot/newsbot/summarize"
)

func cmdSummarize(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "summarize", "summarize [--json] [--sentences N] [--extractive] ID|URL|FILE\n       newsbot summarize --topic TEXT [--since D] [--until D]\n       newsbot summarize --batch FILE|-   (JSONL {\"id\",\"title\"?,\"text\"} in, {\"id\",\"summary\"} out)")
	asJSON := fs.Bool("json", false, "print JSON: {answer, citations, engine, model}")
	sentences := fs.Int("sentences", 3, "length of the summary in sentences")
	extractive := fs.Bool("extractive", false, "use the offline extractive engine even when an LLM is configured")
	topic := fs.String("topic", "", "summarize the news on a topic across outlets")
	since := fs.String("since", "", "with --topic: since this date or duration (24h, 3d); default 7d")
	until := fs.String("until", "", "with --topic: until this date")
	batch := fs.String("batch", "", "summarize JSONL articles from FILE, or - for standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *sentences < 1 || *sentences > 20 {
		return usageErr("--sentences must be between 1 and 20")
	}
	if *batch == "" && *topic == "" && fs.NArg() != 1 {
		return usageErr("give one article ID, URL or file, or --topic TEXT, or --batch FILE")
	}
	a, err := openApp(ctx, e, openOptions{seed: *batch == "", quiet: *asJSON || *batch != ""})
	if err != nil {
		return err
	}
	defer a.Close()
	if *batch != "" {
		return summarizeBatch(ctx, e, a, *batch, *sentences, *extractive)
	}
	now := time.Now()
	req := summarize.SummaryRequest{Sentences: *sentences, Extractive: *extractive}
	switch {
	case *topic != "":
		req.Topic = *topic
		if *since == "" {
			*since = "7d"
		}
		if req.Since, req.Until, err = parseWindow(*since, *until, now); err != nil {
			return err
		}
	case data.IsHTTPURL(fs.Arg(0)):
		req.URL = fs.Arg(0)
	default:
		arg := fs.Arg(0)
		if b, err := readArticleFile(arg, a.cfg.MaxDocBytes); err == nil {
			arts, _, err := parse.File(filepath.Base(arg), b)
			if err != nil {
				return &exitError{code: 1, msg: fmt.Sprintf("%s: %v", arg, err)}
			}
			if len(arts) == 0 {
				return &exitError{code: 1, msg: arg + ": no article in the file"}
			}
			if _, err := a.ingest.CapArticle(&arts[0]); err != nil {
				return &exitError{code: 1, msg: fmt.Sprintf("%s: %v", arg, err)}
			}
			req.Title, req.Text = arts[0].Title, arts[0].Text
		} else if errors.Is(err, os.ErrNotExist) {
			req.ArticleID = arg
		} else {
			return &exitError{code: 1, msg: err.Error()}
		}
	}
	ans, err := a.svc.Summarize(ctx, req)
	if err != nil {
		if errors.Is(err, data.ErrNotFound) {
			return &exitError{code: 1, msg: fmt.Sprintf("no article %q: give a stored article ID (see newsbot search --json), a URL or a file", fs.Arg(0))}
		}
		return &exitError{code: 1, msg: userReason(err)}
	}
	if *asJSON {
		return writeJSON(e.stdout, ans)
	}
	writeAnswer(e.stdout, ans)
	return nil
}

// readArticleFile reads the article file p: a regular file of at most
// maxBytes (0: parse.DefaultMaxItemBytes), so that a FIFO or a device
// cannot hang or exhaust the command.
func readArticleFile(p string, maxBytes int) ([]byte, error) {
	if maxBytes <= 0 {
		maxBytes = parse.DefaultMaxItemBytes
	}
	info, err := os.Stat(p)
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%s: not a regular file", p)
	case info.Size() > int64(maxBytes):
		return nil, fmt.Errorf("%s: larger than %d bytes (NEWSBOT_MAX_DOC_BYTES)", p, maxBytes)
	}
	return os.ReadFile(p)
}

// summarizeBatch summarizes JSONL articles, one output line per input line.
func summarizeBatch(ctx context.Context, e *env, a *app, path string, n int, extractive bool) error {
	return batchJSONL(e, path, func(raw []byte, out *json.Encoder) error {
		var in struct {
			ID    any    `json:"id"`
			Title string `json:"title"`
			Text  string `json:"text"`
		}
		if err := json.Unmarshal(raw, &in); err != nil || strings.TrimSpace(in.Text) == "" {
			return skipLine(`expected {"id", "title"?, "text"}`)
		}
		ans, err := a.svc.Summarize(ctx, summarize.SummaryRequest{Title: in.Title, Text: in.Text, Sentences: n, Extractive: extractive})
		if err != nil {
			return skipLine("%s", userReason(err))
		}
		return out.Encode(struct {
			ID      any    `json:"id"`
			Summary string `json:"summary"`
		}{in.ID, ans.Text})
	})
}
