package summarize

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsbot/newsbot/data"
	"github.com/newsbot/newsbot/retrieval"
)

// Defaults of Config and of requests.
const (
	// DefaultMinRelevance is the least share of a question's content words
	// that the best hit must contain for the question to count as covered.
	DefaultMinRelevance = 0.4
	// DefaultMinCover is the least share of a question that the best
	// source must hold for the question to count as covered: the
	// question's index terms, each weighted by how rare it is in the
	// whole index, so that sharing the question's common words ("new",
	// "week", "announced") is not enough.
	DefaultMinCover = 0.5
	// DefaultModelReserve is how much of a request's time is kept back
	// from the model, when ModelReserve is zero, for the extractive
	// fallback and for delivering the answer.
	DefaultModelReserve = 10 * time.Second
	askK                = 8
	closestHeadlines    = 3
	answerSentences     = 4
	defaultSentences    = 3
)

// Searcher finds passages; *retrieval.Index implements it.
type Searcher interface {
	// Search returns the best articles for q, best first. Its errors are
	// failures of the index (a closed one, for instance) or of the store
	// it reads passages from, never "no hits".
	Search(ctx context.Context, q retrieval.Query) (retrieval.Results, error)
}

// ArticleStore reads articles; *data.Store implements it.
type ArticleStore interface {
	// Article returns the article with id. It returns an error wrapping
	// data.ErrNotFound when there is none; other errors are the store's.
	Article(ctx context.Context, id string) (data.Article, error)
	// ArticleByURL returns the article at rawURL (canonicalised). It
	// returns an error wrapping data.ErrNotFound when there is none, also
	// when rawURL is not an http(s) URL; other errors are the store's.
	ArticleByURL(ctx context.Context, rawURL string) (data.Article, error)
	// RecentArticles returns up to limit articles published in
	// [since, until), newest first; none is not an error. Its errors are
	// the store's.
	RecentArticles(ctx context.Context, since, until time.Time, limit int) ([]data.Article, error)
	// Outlets returns up to limit outlets (all when limit <= 0) of the
	// articles of feedIDs (nil: every feed) whose name or domain contains
	// contains, the largest first. Its errors are failures of the store.
	Outlets(ctx context.Context, contains string, feedIDs []int64, limit int) ([]data.Outlet, error)
}

// PageLoader fetches and parses a page by URL through the safe fetcher (the
// CLI wires fetch.Client and parse.HTML).
type PageLoader func(ctx context.Context, url string) (data.Article, error)

// Config configures a Service. Search is required; the rest may be nil.
type Config struct {
	Search Searcher
	Store  ArticleStore
	// LLM writes answers; nil means the extractive engine only.
	LLM *LLM
	// LoadPage fetches pages to summarise that are not in the store.
	LoadPage PageLoader
	// Now is the clock (default time.Now).
	Now func() time.Time
	// EvidenceTokens is the token budget of sources in a prompt (default
	// DefaultEvidenceTokens).
	EvidenceTokens int
	// MinRelevance is the least share of the question's content words the
	// best hit must contain (default DefaultMinRelevance).
	MinRelevance float64
	// MinCover is the least share of a question the best source must
	// hold (default DefaultMinCover).
	MinCover float64
	// ModelReserve is how much time before a request's deadline the model
	// call is given up, so that a model that does not answer still leaves
	// time for the extractive answer; at most half of the time left is
	// kept back. Zero means DefaultModelReserve.
	ModelReserve time.Duration
	// Logger gets details of failures (default: discard).
	Logger *slog.Logger
}

// Service is the one path from a question, article or time window to a
// cited answer, summary or digest, shared by the CLI and the bot. It is safe
// for concurrent use.
type Service struct {
	search   Searcher
	store    ArticleStore
	llm      *LLM
	loadPage PageLoader
	now      func() time.Time
	budget   int
	minRel   float64
	minCover float64
	reserve  time.Duration
	log      *slog.Logger
	split    *Splitter
	ex       *Extractive
}

// Turn is one earlier question and answer of a conversation.
type Turn struct {
	Question, Answer string
}

// ErrNoStore is returned for requests that need an ArticleStore when the
// Service has none.
var ErrNoStore = errors.New("summarize: no article store configured")

// New returns a Service for c.
func New(c Config) (*Service, error) {
	if c.Search == nil {
		return nil, errors.New("summarize: new service: a Searcher is required")
	}
	split, err := NewSplitter()
	if err != nil {
		return nil, fmt.Errorf("summarize: new service: %w", err)
	}
	s := &Service{
		search:   c.Search,
		store:    c.Store,
		llm:      c.LLM,
		loadPage: c.LoadPage,
		now:      c.Now,
		budget:   c.EvidenceTokens,
		minRel:   c.MinRelevance,
		minCover: c.MinCover,
		reserve:  c.ModelReserve,
		log:      c.Logger,
		split:    split,
		ex:       &Extractive{Splitter: split},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.budget <= 0 {
		s.budget = DefaultEvidenceTokens
	}
	if s.minRel <= 0 {
		s.minRel = DefaultMinRelevance
	}
	if s.minCover <= 0 {
		s.minCover = DefaultMinCover
	}
	if s.reserve <= 0 {
		s.reserve = DefaultModelReserve
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// Model names the LLM that writes answers, "" when the extractive engine
// writes them all.
func (s *Service) Model() string {
	if s.llm == nil {
		return ""
	}
	return s.llm.Model()
}

// Search runs q on the index, for /search and the CLI's search command.
// Its Sources are outlets as the user wrote them (see data.MatchOutlets);
// one that matches no stored outlet is an *UnknownSourceError.
func (s *Service) Search(ctx context.Context, q retrieval.Query) (retrieval.Results, error) {
	var err error
	if q.Sources, err = s.resolveSources(ctx, q.Sources); err != nil {
		return retrieval.Results{}, err
	}
	res, err := s.search.Search(ctx, q)
	if err != nil {
		return retrieval.Results{}, fmt.Errorf("summarize: search: %w", err)
	}
	return res, nil
}

// sourcesFromHits numbers the hits as sources, their passages best first
// and separated by blank lines.
//
// Each source's Cover and PassageCover are the shares of the question it
// holds; the words that only set a time window and thing, the noun a
// which-question asks to name ("country" in "Which country …?"), do not
// count, as the answer need not repeat them.
func sourcesFromHits(res retrieval.Results, thing string) []Source {
	hits := res.Hits
	var terms []retrieval.Term
	for _, t := range res.Terms {
		w := strings.ToLower(t.Word)
		if isTimeWord(w) || (thing != "" && stemWord(w) == thing) {
			continue
		}
		terms = append(terms, t)
	}
	out := make([]Source, 0, len(hits))
	for _, h := range hits {
		var ps []string
		for _, p := range h.Passages {
			if t := strings.TrimSpace(p.Text); t != "" {
				ps = append(ps, t)
			}
		}
		if len(ps) == 0 {
			continue
		}
		src := Source{
			N:          len(out) + 1,
			ArticleID:  h.ArticleID,
			URL:        h.URL,
			Title:      h.Title,
			Outlet:     h.Source,
			Published:  h.Published,
			Text:       strings.Join(ps, "\n\n"),
			CoverKnown: len(terms) > 0,
		}
		setCovers(&src, h, terms)
		out = append(out, src)
	}
	return out
}

// setCovers sets src's Cover (the title and all passages of h) and
// PassageCover (the best passage with the title) for terms.
func setCovers(src *Source, h retrieval.Result, terms []retrieval.Term) {
	var all []string
	for _, p := range h.Passages {
		src.PassageCover = max(src.PassageCover, termCover(terms, p.Matched))
		all = append(all, p.Matched...)
	}
	src.Cover = termCover(terms, all)
}

// covered reports whether the sources found for question hold enough of
// it to answer: the best one must hold s.minCover of its rarity-weighted
// terms. A search that gives no term statistics falls back to the share
// of the question's content words in the best hit.
func (s *Service) covered(question string, res retrieval.Results, sources []Source) bool {
	if len(res.Terms) == 0 {
		return relevance(question, res.Hits) >= s.minRel
	}
	best := 0.0
	for _, src := range sources {
		best = max(best, src.Cover)
	}
	return best >= s.minCover
}

// termCover is the IDF-weighted share of terms that matched holds.
func termCover(terms []retrieval.Term, matched []string) float64 {
	var all, got float64
	for _, t := range terms {
		all += t.IDF
		if slices.Contains(matched, t.Text) {
			got += t.IDF
		}
	}
	if all == 0 {
		return 0
	}
	return got / all
}

// relevance is the share of the question's content words found in the best
// of the top hits (title and passages). Words that only set a time window
// ("yesterday", "week") are not counted.
func relevance(question string, hits []retrieval.Result) float64 {
	q := relevanceQuery(question)
	if q == "" {
		// A question of only stop words and time words cannot be checked;
		// trust the search.
		if len(hits) > 0 {
			return 1
		}
		return 0
	}
	best := 0.0
	for i, h := range hits {
		if i == askK {
			break
		}
		var b strings.Builder
		b.WriteString(h.Title)
		for _, p := range h.Passages {
			b.WriteString("\n" + p.Text)
		}
		best = max(best, Support(q, b.String()))
	}
	return best
}

// relevanceQuery drops the time words of question.
func relevanceQuery(question string) string {
	var kept []string
	for _, w := range strings.Fields(question) {
		lw := strings.ToLower(strings.Trim(w, ".,;:!?\"'()"))
		if isTimeWord(lw) {
			continue
		}
		kept = append(kept, w)
	}
	q := strings.Join(kept, " ")
	if len(ContentWords(q)) == 0 {
		return ""
	}
	return q
}

// isTimeWord reports whether w only sets a time window.
func isTimeWord(w string) bool {
	switch w {
	case "today", "yesterday", "tonight", "tomorrow", "week", "weeks", "month", "months", "year", "years",
		"day", "days", "hour", "hours", "recent", "recently", "latest", "last", "past", "this", "since", "ago",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend",
		"january", "february", "march", "april", "may", "june", "july", "august", "september",
		"october", "november", "december", "news", "happened", "happening", "new":
		return true
	}
	return false
}

// notCoveredText opens a "not covered" answer.
const notCoveredText = "The indexed news doesn't cover this."

// vague reports whether question is one common word and no question ("clear",
// "update"): whatever matches it would be a guess. One name ("Kestrel")
// or one number is a subject, and is searched.
func vague(q question, question string) bool {
	if len(q.terms) != 1 || strings.ContainsAny(question, "?") {
		return false
	}
	for _, t := range tokenize(question) {
		if t.stem != "" && (t.cap || t.num) {
			return false
		}
	}
	return len(strings.Fields(question)) <= 2
}

// notCovered is the answer when the indexed news does not cover a
// question: no model is called.
func notCovered(hits []retrieval.Result, searched int) Answer {
	a := Answer{
		Text:       notCoveredText,
		Engine:     EngineExtractive,
		NotCovered: true,
		Searched:   searched,
	}
	var titles []string
	for i, h := range hits {
		if i == closestHeadlines {
			break
		}
		a.Headlines = append(a.Headlines, Citation{
			N: i + 1, ArticleID: h.ArticleID, URL: h.URL, Title: h.Title, Source: h.Source, Published: h.Published,
		})
		t := h.Title
		if h.Source != "" {
			t += " (" + h.Source + ")"
		}
		titles = append(titles, t)
	}
	if len(titles) > 0 {
		a.Text += " Closest headlines: " + strings.Join(titles, "; ") + "."
	}
	return a
}

// claimsText writes extractive claims as sentences each followed by its
// source's marker.
func claimsText(claims []Claim) string {
	parts := make([]string, 0, len(claims))
	for _, c := range claims {
		s := strings.TrimSpace(c.Sentence)
		if r, _ := utf8.DecodeLastRuneInString(s); s != "" && !strings.ContainsRune(`.!?"')’”`, r) {
			// A claim without a final stop would run into the next.
			s += "."
		}
		parts = append(parts, withMarkers(s, []int{c.N}))
	}
	return strings.Join(parts, " ")
}

// llmNotice is the Notice of an answer made without the LLM because it
// failed.
func llmNotice(err error) string {
	reason := "it failed"
	var le *LLMError
	if errors.As(err, &le) {
		reason = le.Reason()
	}
	return "The language model is unavailable (" + reason + "); this answer was extracted from the sources."
}

// generate asks the LLM for msgs and checks its citations against sources.
// onDelta, if not nil, gets the accumulated raw text as it streams. An
// answer whose every sentence fails the check is an error, so that the
// caller falls back to the extractive engine.
func (s *Service) generate(ctx context.Context, msgs []Message, sources []Source, onDelta func(string)) (Answer, error) {
	var stream func(string)
	if onDelta != nil {
		var f thinkFilter
		stream = func(piece string) {
			if f.write(piece) {
				onDelta(f.visible())
			}
		}
	}
	mctx, cancel := s.modelContext(ctx)
	text, tokens, err := s.llm.Complete(mctx, msgs, stream)
	cancel()
	if err != nil {
		return Answer{}, err
	}
	fin := FinishCitations(stripThinking(text), sources, s.split)
	final, cits, st := fin.Text, fin.Citations, fin.Stats
	if st.Removed+st.Unsupported+st.DroppedSentences > 0 {
		s.log.InfoContext(ctx, "summarize: citations corrected", "removed", st.Removed,
			"unsupported", st.Unsupported, "dropped_sentences", st.DroppedSentences)
	}
	if strings.TrimSpace(final) == "" {
		return Answer{}, errUnchecked
	}
	return Answer{
		Text: final, Citations: cits, Support: fin.Support, Engine: EngineLLM, Model: s.llm.Model(), TokensUsed: tokens,
	}, nil
}

// modelContext is ctx for a model call: it ends s.reserve before ctx's
// deadline, or halfway to it when less than twice that is left, so that
// a model that hangs or keeps retrying still leaves the caller time to
// answer without it.
func (s *Service) modelContext(ctx context.Context) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}
	reserve := min(s.reserve, time.Until(dl)/2)
	return context.WithDeadline(ctx, dl.Add(-reserve))
}

// errUnchecked means the model's reply had nothing the sources support.
var errUnchecked = errors.New("summarize: the model's answer was not supported by the sources")

// fallbackNotice is the Notice for an answer extracted because generate
// failed with err.
func fallbackNotice(err error) string {
	if errors.Is(err, errUnchecked) {
		return "The language model's answer could not be checked against the sources; this answer was extracted from the sources."
	}
	return llmNotice(err)
}

// inScope reports whether an article from feed id is in the scope of
// feedIDs.
func inScope(id int64, feedIDs []int64, scoped bool) bool {
	if !scoped && len(feedIDs) == 0 {
		return true
	}
	return slices.Contains(feedIDs, id)
}

// extractiveAnswer makes an answer from claims.
func (s *Service) extractiveAnswer(claims []Claim, sources []Source) Answer {
	fin := FinishCitations(claimsText(claims), sources, s.split)
	return Answer{Text: fin.Text, Citations: fin.Citations, Support: fin.Support, Engine: EngineExtractive}
}
