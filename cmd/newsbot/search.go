package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/newsbot/newsbot/retrieval"
)

// searchFlags are the options shared by search and ask.
type searchFlags struct {
	asOf, since, until string
	sources            stringList
}

type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

func (sf *searchFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.asOf, "as-of", "", "search as of this date: later articles are excluded (default now)")
	fs.StringVar(&sf.since, "since", "", "only articles published since this date or duration (24h, 3d)")
	fs.StringVar(&sf.until, "until", "", "only articles published until this date")
	fs.Var(&sf.sources, "source", "only this outlet (repeat or comma-separate for several)")
}

// query turns the flags into a retrieval query.
func (sf *searchFlags) query(text string, k int, now time.Time) (retrieval.Query, error) {
	q := retrieval.Query{Text: text, K: k, Sources: sf.sources}
	var err error
	if q.AsOf, err = retrieval.ParseUntil(sf.asOf, now); err != nil {
		return q, usageErr("--as-of: %v", err)
	}
	// The window counts back from the moment the search is as of.
	ref := now
	if !q.AsOf.IsZero() {
		ref = q.AsOf
	}
	q.Since, q.Until, err = parseWindow(sf.since, sf.until, ref)
	return q, err
}

// hitJSON is one article of a search's JSON output.
type hitJSON struct {
	Rank      int     `json:"rank"`
	ArticleID string  `json:"article_id"`
	URL       string  `json:"url"`
	Title     string  `json:"title"`
	Source    string  `json:"source"`
	Published string  `json:"published"`
	Score     float64 `json:"score"`
	Snippet   string  `json:"snippet"`
}

func hitsJSON(res retrieval.Results) []hitJSON {
	out := make([]hitJSON, 0, len(res.Hits))
	for i, h := range res.Hits {
		out = append(out, hitJSON{
			Rank: i + 1, ArticleID: h.ArticleID, URL: h.URL, Title: h.Title, Source: h.Source,
			Published: dateString(h.Published), Score: h.Score, Snippet: plainSnippet(h.Snippet),
		})
	}
	return out
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// plainSnippet removes the terminal highlight marks.
func plainSnippet(s string) string {
	return strings.NewReplacer("«", "", "»", "").Replace(s)
}

func cmdSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "search", "search [--json] [-k N] [--as-of DATE] [--since DATE] [--until DATE] [--source S] QUERY\n       newsbot search --batch FILE|-   (JSONL {\"id\",\"query\",\"as_of\"?} in, one JSONL line per query out)")
	var sf searchFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	k := fs.Int("k", 10, "number of articles")
	batch := fs.String("batch", "", "read queries as JSONL from FILE, or - for standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *k < 1 || *k > 100 {
		return usageErr("-k must be between 1 and 100")
	}
	if *batch == "" && fs.NArg() == 0 {
		return usageErr("give a query, or --batch FILE")
	}
	a, err := openApp(ctx, e, openOptions{seed: *batch == "", quiet: *asJSON || *batch != ""})
	if err != nil {
		return err
	}
	defer a.Close()
	if *batch != "" {
		return searchBatch(ctx, e, a, *batch, *k)
	}
	q, err := sf.query(strings.Join(fs.Args(), " "), *k, time.Now())
	if err != nil {
		return err
	}
	res, err := a.svc.Search(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Query string    `json:"query"`
			Hits  []hitJSON `json:"hits"`
		}{q.Text, hitsJSON(res)})
	}
	if len(res.Hits) == 0 {
		fmt.Fprintln(e.stdout, "No articles found.")
		return nil
	}
	for i, h := range res.Hits {
		date := dateString(h.Published)
		if date == "" {
			date = "(no date)"
		}
		fmt.Fprintf(e.stdout, "%2d. %s  %s  %s\n", i+1, date, h.Source, h.Title)
		if h.Snippet != "" {
			fmt.Fprintf(e.stdout, "    %s\n", h.Snippet)
		}
		fmt.Fprintf(e.stdout, "    %s  (score %.2f)\n", h.URL, h.Score)
	}
	return nil
}

// searchBatch answers JSONL queries, one output line per input line.
func searchBatch(ctx context.Context, e *env, a *app, path string, k int) error {
	return batchJSONL(e, path, func(raw []byte, out *json.Encoder) error {
		var in struct {
			ID    any    `json:"id"`
			Query string `json:"query"`
			AsOf  string `json:"as_of"`
		}
		if err := json.Unmarshal(raw, &in); err != nil || strings.TrimSpace(in.Query) == "" {
			return skipLine(`expected {"id", "query", "as_of"?}`)
		}
		sf := searchFlags{asOf: in.AsOf}
		q, err := sf.query(in.Query, k, time.Now())
		if err != nil {
			return skipLine("%v", err)
		}
		res, err := a.svc.Search(ctx, q)
		if err != nil {
			return err
		}
		return out.Encode(struct {
			ID   any       `json:"id"`
			Hits []hitJSON `json:"hits"`
		}{in.ID, hitsJSON(res)})
	})
}
