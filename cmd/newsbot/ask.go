package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/summarize"
)

func cmdAsk(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ask", "ask [--json] [--as-of DATE] [--since DATE] [--until DATE] [--source S] [--extractive] QUESTION\n       newsbot ask --batch FILE|-   (JSONL {\"id\",\"question\",\"as_of\"?} in, one JSON answer a line out)")
	var sf searchFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print JSON: {answer, citations, engine, model}")
	extractive := fs.Bool("extractive", false, "use the offline extractive engine even when an LLM is configured")
	batch := fs.String("batch", "", "read questions as JSONL from FILE, or - for standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *batch != "" {
		if fs.NArg() > 0 {
			return usageErr("give either a question or --batch FILE, not both")
		}
		a, err := openApp(ctx, e, openOptions{quiet: true})
		if err != nil {
			return err
		}
		defer a.Close()
		return askBatch(ctx, e, a, *batch, *extractive)
	}
	question := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if question == "" {
		return usageErr("give a question, e.g. newsbot ask \"Why is the Eastgate Bridge closed?\"")
	}
	if err := checkQuestionLen(e, question); err != nil {
		return err
	}
	q, err := sf.query(question, 0, time.Now())
	if err != nil {
		return err
	}
	a, err := openApp(ctx, e, openOptions{seed: true, quiet: *asJSON})
	if err != nil {
		return err
	}
	defer a.Close()
	req := summarize.AskRequest{
		Question: question, AsOf: q.AsOf, Since: q.Since, Until: q.Until, Sources: q.Sources, Extractive: *extractive,
	}
	ans, err := a.svc.Ask(ctx, req)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, ans)
	}
	writeAnswer(e.stdout, ans)
	return nil
}

// checkQuestionLen refuses questions over NEWSBOT_MAX_QUESTION_LEN.
func checkQuestionLen(e *env, question string) error {
	limit := cmp.Or(e.cfg.MaxQuestionLen, bot.DefaultMaxQuestionLen)
	if n := len([]rune(question)); n > limit {
		return usageErr("questions are limited to %d characters (this one has %d; NEWSBOT_MAX_QUESTION_LEN)", limit, n)
	}
	return nil
}

// askBatch answers JSONL questions in one process, one JSON answer a line,
// each carrying its input's id.
func askBatch(ctx context.Context, e *env, a *app, path string, extractive bool) error {
	return batchJSONL(e, path, func(raw []byte, out *json.Encoder) error {
		var in struct {
			ID       any    `json:"id"`
			Question string `json:"question"`
			AsOf     string `json:"as_of"`
		}
		if err := json.Unmarshal(raw, &in); err != nil || strings.TrimSpace(in.Question) == "" {
			return skipLine(`expected {"id", "question", "as_of"?}`)
		}
		if err := checkQuestionLen(e, in.Question); err != nil {
			return skipLine("%v", err)
		}
		sf := searchFlags{asOf: in.AsOf}
		q, err := sf.query(in.Question, 0, time.Now())
		if err != nil {
			return skipLine("%v", err)
		}
		ans, err := a.svc.Ask(ctx, summarize.AskRequest{Question: in.Question, AsOf: q.AsOf, Extractive: extractive})
		if err != nil {
			return err
		}
		return out.Encode(struct {
			ID any `json:"id"`
			summarize.Answer
		}{in.ID, ans})
	})
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeAnswer prints an answer, then its numbered sources and how it was
// made (not for a reply to chit-chat).
func writeAnswer(w io.Writer, ans summarize.Answer) {
	if ans.Notice != "" {
		fmt.Fprintf(w, "Note: %s\n\n", ans.Notice)
	}
	fmt.Fprintln(w, strings.TrimSpace(ans.Text))
	if ans.SmallTalk {
		// A reply to chit-chat searched nothing.
		return
	}
	list := ans.Citations
	heading := "Sources"
	if ans.NotCovered {
		list, heading = ans.Headlines, "Closest headlines"
	}
	if len(list) > 0 {
		fmt.Fprintf(w, "\n%s:\n", heading)
		for _, c := range list {
			writeCitation(w, c)
		}
	}
	engine := "extractive engine (no LLM)"
	if ans.Engine == summarize.EngineLLM {
		engine = "LLM " + ans.Model
	}
	noun := "articles"
	if ans.Searched == 1 {
		noun = "article"
	}
	fmt.Fprintf(w, "\n(%s; %d %s searched)\n", engine, ans.Searched, noun)
}

func writeCitation(w io.Writer, c summarize.Citation) {
	date := dateString(c.Published)
	if date == "" {
		date = "undated"
	}
	prefix := "  -"
	if c.N > 0 {
		prefix = fmt.Sprintf("[%d]", c.N)
	}
	fmt.Fprintf(w, "%s %s · %s · %s\n", prefix, orDash(c.Source), date, c.Title)
	if c.URL != "" {
		fmt.Fprintf(w, "    %s\n", c.URL)
	}
}
