package summarize

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// What-happened answers.
const (
	// latestItems is how many stories a what-happened answer lists.
	latestItems = 5
	// latestMinStories is how many stories the freshest span of a question
	// that names no window must hold before a wider one is tried.
	latestMinStories = 3
	// latestQuoteRunes is how much of a story's lead its citation quotes.
	latestQuoteRunes = 300
)

// freshestSpans are the windows tried in turn for a what-happened question
// that names none ("any news?"): the last day, then the past week and
// month as "this week" and "this month" would read them (whole days).
var freshestSpans = []struct {
	days  int
	label string
}{
	{1, "the past day"},
	{7, "the past week"},
	{30, "the past 30 days"},
}

// spanStart is when the span of days before asOf starts: 24 hours back
// for a day, midnight days back for longer spans.
func spanStart(days int, asOf time.Time) time.Time {
	if days == 1 {
		return asOf.Add(-24 * time.Hour)
	}
	y, m, d := asOf.Date()
	return time.Date(y, m, d-days, 0, 0, 0, 0, asOf.Location())
}

// newsCues are the words that make a question ask for the news itself.
var newsCues = map[string]bool{
	"news": true, "new": true, "latest": true, "happened": true, "happening": true, "happen": true,
	"headlines": true, "headline": true, "stories": true, "updates": true, "update": true, "going": true,
	"events": true, "developments": true, "breaking": true, "missed": true,
}

// newsFillers are the other words of a question that asks for the news of
// a window and names no subject: "What's been happening so far today?",
// "Tell me the top stories", "Anything new in the world?".
var newsFillers = map[string]bool{
	"what": true, "what's": true, "whats": true, "wat": true, "is": true, "was": true, "are": true, "were": true,
	"has": true, "have": true, "had": true, "been": true, "be": true, "any": true, "anything": true,
	"something": true, "some": true, "there": true, "the": true, "a": true, "an": true, "me": true, "us": true,
	"tell": true, "give": true, "show": true, "catch": true, "up": true, "far": true, "in": true, "on": true,
	"of": true, "from": true, "for": true, "to": true, "please": true, "pls": true, "plz": true, "can": true,
	"could": true, "would": true, "you": true, "i": true, "did": true, "do": true, "does": true, "we": true,
	"miss": true, "world": true, "around": true, "out": true, "else": true, "other": true, "big": true,
	"biggest": true, "main": true, "top": true, "important": true, "major": true, "lately": true,
	"recent": true, "recently": true, "currently": true, "right": true, "s": true, "overnight": true,
	"today's": true, "happens": true, "this": true, "that": true, "here": true, "there's": true, "it": true,
}

// isWindowQuestion reports whether question asks for the news of a time
// window and names no subject ("What happened yesterday?", "any news?",
// "What's the latest?"): once its time expression is read, nothing is left
// but news words.
func isWindowQuestion(question string, asOf time.Time) bool {
	_, _, rest := retrieval.ParseTimeExpr(question, asOf)
	cue := false
	for _, w := range talkWords(rest) {
		switch {
		case newsCues[w.w]:
			cue = true
		case newsFillers[w.w] || talkFillers[w.w]:
		default:
			return false
		}
	}
	return cue
}

// latestRE matches what asks for the newest coverage of a subject: "the
// latest on", "what's new with", "news about", "updates on" (not "which
// app updates its terms?").
var latestRE = regexp.MustCompile(`(?i)\b(?:latest|news|updates?\s+(?:on|about|from|for|with)|any\s+updates?|what(?:'|’)?s\s+new|what\s+is\s+new|anything\s+new|what(?:'|’)?s\s+(?:happening|going\s+on)\s+(?:with|in|at|on))\b`)

// asksLatest reports whether question asks for the newest coverage (of a
// subject or not).
func asksLatest(question string) bool {
	return latestRE.MatchString(question)
}

// latestInWindow answers a question about the latest on a subject within
// the window it names ("Kestrel news today"). When the window has nothing
// on the subject, it answers from the subject's latest coverage, whenever
// that was, and says so in Notice, rather than saying the news does not
// cover what it covered the day before. ok is false for other questions:
// those with an explicit window (the request's Since or Until), or
// without a time expression, go the ordinary way, where freshFirst
// prefers the newest coverage.
func (s *Service) latestInWindow(ctx context.Context, r AskRequest, asOf time.Time) (a Answer, ok bool, err error) {
	if !asksLatest(r.Question) || !r.Since.IsZero() || !r.Until.IsZero() {
		return Answer{}, false, nil
	}
	since, until, rest := retrieval.ParseTimeExpr(r.Question, asOf)
	if since.IsZero() && until.IsZero() {
		return Answer{}, false, nil
	}
	in := r
	in.AsOf, in.Since, in.Until = asOf, since, until
	a, err = s.Ask(ctx, in)
	if err != nil || !a.NotCovered {
		return a, true, err
	}
	wide := r
	wide.AsOf, wide.Question = asOf, rest
	b, err := s.Ask(ctx, wide)
	if err != nil {
		return Answer{}, true, err
	}
	if b.NotCovered {
		return a, true, nil
	}
	note := "Nothing on this from " + windowLabel(since, until, asOf) + "; this is the latest coverage."
	b.Notice = strings.TrimSpace(note + " " + b.Notice)
	return b, true, nil
}

// whatHappened answers a question that asks for the news of a window and
// names no subject with the window's top stories, grouped as in a digest
// (one story told by several outlets is one item), most covered first,
// each a line citing its newest article. The window is the one Ask's
// search reads from the question and the request; a question that names
// none gets the freshest span that holds a few stories. It needs an
// ArticleStore.
func (s *Service) whatHappened(ctx context.Context, r AskRequest, asOf time.Time) (Answer, error) {
	res, err := s.search.Search(ctx, retrieval.Query{
		Text: r.Question, K: 1, AsOf: asOf, Since: r.Since, Until: r.Until,
		Sources: r.Sources, FeedIDs: r.FeedIDs, Scoped: r.Scoped,
	})
	if err != nil {
		return Answer{}, fmt.Errorf("summarize: ask: %w", err)
	}
	var w stories
	if !res.Since.IsZero() || !res.Until.IsZero() {
		until := res.Until
		if until.IsZero() || until.After(asOf) {
			until = asOf
		}
		w, err = s.windowStories(ctx, r, res.Since, until, asOf)
		w.label = windowLabel(res.Since, until, asOf)
	} else {
		w, err = s.freshestStories(ctx, r, asOf)
	}
	if err != nil {
		return Answer{}, err
	}
	if len(w.groups) == 0 {
		return Answer{
			Text:       "Nothing in the indexed news from " + w.label + ".",
			Engine:     EngineExtractive,
			NotCovered: true,
		}, nil
	}
	a := s.storyList(w.groups, w.label)
	a.Searched = w.articles
	return a, nil
}

// stories are the stories of a window.
type stories struct {
	groups []StoryGroup
	// articles is how many articles the stories were made of.
	articles int
	// label names the window for the reader.
	label string
}

// freshestStories are the stories of the first of freshestSpans that
// holds latestMinStories of them (or of the narrowest that holds the most). When
// even that is empty, they are those of the week up to the newest article
// in scope, however old.
func (s *Service) freshestStories(ctx context.Context, r AskRequest, asOf time.Time) (stories, error) {
	var found stories
	for _, sp := range freshestSpans {
		since := spanStart(sp.days, asOf)
		w, err := s.windowStories(ctx, r, since, asOf, asOf)
		if err != nil {
			return stories{}, err
		}
		w.label = sp.label + " (" + dateRange(since, asOf, asOf) + ")"
		if len(w.groups) >= latestMinStories {
			return w, nil
		}
		// A wider span that adds no story is no better.
		if len(w.groups) > len(found.groups) {
			found = w
		}
	}
	if len(found.groups) > 0 {
		return found, nil
	}
	found.label = freshestSpans[len(freshestSpans)-1].label
	last, err := s.windowArticles(ctx, r, time.Time{}, asOf)
	if err != nil || len(last) == 0 {
		return found, err
	}
	newest := last[0].Published
	w, err := s.windowStories(ctx, r, spanStart(7, newest), newest, asOf)
	w.label = "the week to " + dateRange(newest, newest, asOf)
	return w, err
}

// windowStories groups the articles of windowArticles into stories, ranked
// as of asOf.
func (s *Service) windowStories(ctx context.Context, r AskRequest, since, until, asOf time.Time) (stories, error) {
	arts, err := s.windowArticles(ctx, r, since, until)
	if err != nil {
		return stories{}, err
	}
	return stories{groups: GroupStories(arts, asOf), articles: len(arts)}, nil
}

// windowArticles are the articles published in [since, until] (until
// included; a zero since is no bound) in the request's scope and outlets,
// newest first, as Ask's search would find them: undated articles are in
// no window.
func (s *Service) windowArticles(ctx context.Context, r AskRequest, since, until time.Time) ([]data.Article, error) {
	arts, err := s.store.RecentArticles(ctx, since, until.Add(time.Nanosecond), digestScan)
	if err != nil {
		return nil, fmt.Errorf("summarize: ask: %w", err)
	}
	out := arts[:0:0]
	for _, a := range arts {
		if a.Published.IsZero() || !inScope(a.FeedID, r.FeedIDs, r.Scoped) || !fromOutlets(a, r.Sources) {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// fromOutlets reports whether a is from one of outlets (any outlet when
// there are none), compared as the index compares them.
func fromOutlets(a data.Article, outlets []string) bool {
	if len(outlets) == 0 {
		return true
	}
	src := strings.ToLower(a.Source)
	for _, o := range outlets {
		if src == strings.ToLower(strings.TrimSpace(o)) {
			return true
		}
	}
	return false
}

// storyList writes the first latestItems stories as a list, a line each:
// the headline of the story's newest article (its lead sentence when it
// has no title), how many outlets told it, and a citation of it.
func (s *Service) storyList(groups []StoryGroup, label string) Answer {
	a := Answer{Engine: EngineExtractive}
	lines := []string{"Top stories from " + label + ":"}
	for i, g := range groups {
		if i == latestItems {
			break
		}
		art := newestFirst(g.Articles)[0]
		lead := storyLead(s.split, art.Text, latestQuoteRunes)
		line := oneLine(art.Title)
		if line == "" {
			if sents := s.split.Split(lead); len(sents) > 0 {
				line = oneLine(sents[0])
			}
		}
		if n := len(g.Outlets); n > 1 {
			line += " (" + strconv.Itoa(n) + " outlets)"
		}
		n := len(a.Citations) + 1
		lines = append(lines, "- "+line+" ["+strconv.Itoa(n)+"]")
		a.Citations = append(a.Citations, Citation{
			N: n, ArticleID: art.ID, URL: art.URL, Title: art.Title, Source: art.Source, Published: art.Published,
			Quote: lead,
		})
	}
	a.Text = strings.Join(lines, "\n")
	return a
}

// windowLabel names the window [since, until] for a reader as of asOf:
// "today (Nov 24)", "yesterday (Nov 23)", "the past week (Nov 17–24)" or
// the dates.
func windowLabel(since, until, asOf time.Time) string {
	today := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, asOf.Location())
	switch {
	case since.Equal(today):
		return "today (" + dateRange(since, since, asOf) + ")"
	case since.Equal(today.AddDate(0, 0, -1)) && !until.After(today):
		return "yesterday (" + dateRange(since, since, asOf) + ")"
	case since.Equal(today.AddDate(0, 0, -7)) && until.Equal(asOf):
		return "the past week (" + dateRange(since, until, asOf) + ")"
	case since.IsZero():
		return "before " + dateRange(until, until, asOf)
	}
	return dateRange(since, until, asOf)
}

// dateRange writes the days from since to until ("Nov 17–24", "Oct 28 –
// Nov 3", "Nov 23"), in asOf's time zone, with the year when it is not
// asOf's.
func dateRange(since, until, asOf time.Time) string {
	loc := asOf.Location()
	a, b := since.In(loc), until.In(loc)
	year := ""
	if b.Year() != asOf.Year() || a.Year() != b.Year() {
		year = ", " + strconv.Itoa(b.Year())
	}
	switch {
	case a.Year() == b.Year() && a.YearDay() == b.YearDay():
		return a.Format("Jan 2") + year
	case a.Year() == b.Year() && a.Month() == b.Month():
		return a.Format("Jan 2") + "–" + b.Format("2") + year
	case a.Year() != b.Year():
		return a.Format("Jan 2, 2006") + " – " + b.Format("Jan 2") + year
	}
	return a.Format("Jan 2") + " – " + b.Format("Jan 2") + year
}
