// Package summarize turns retrieved passages into cited answers, summaries
// and digests, with an LLM over any OpenAI-compatible API or with the
// extractive engine used when no LLM is configured or the LLM fails.
package summarize

import "time"

// Engine names which engine wrote a reply.
const (
	EngineLLM        = "llm"
	EngineExtractive = "extractive"
)

// Citation is one numbered source of an answer.
type Citation struct {
	N         int       `json:"n"`
	ArticleID string    `json:"article_id"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	Published time.Time `json:"published,omitzero"`
	// Quote is the passage (or sentence) that supports the citing text.
	Quote string `json:"quote"`
}

// SentenceSupport is one cited sentence of an answer with the passages
// that back it, for showing why each citation is there.
type SentenceSupport struct {
	// Sentence is the sentence without its markers.
	Sentence string `json:"sentence"`
	// Quotes has one passage for each citation of the sentence.
	Quotes []SupportQuote `json:"quotes"`
}

// SupportQuote is the passage of citation N that backs a sentence.
type SupportQuote struct {
	N     int    `json:"n"`
	Quote string `json:"quote"`
}

// Answer is a cited answer or summary. Text contains markers [n] that refer
// to Citations[n-1].
type Answer struct {
	Text      string     `json:"answer"`
	Citations []Citation `json:"citations"`
	Engine    string     `json:"engine"`
	Model     string     `json:"model,omitempty"`
	// Notice is a short line for the user about how the answer was made,
	// such as "The LLM was unavailable; this is an extractive answer." It is
	// empty when there is nothing to say.
	Notice string `json:"notice,omitempty"`
	// NotCovered is true when the indexed news does not cover the question;
	// Text then says so and Headlines lists the closest articles.
	NotCovered bool       `json:"not_covered,omitempty"`
	Headlines  []Citation `json:"headlines,omitempty"`
	// Searched is how many articles were in scope.
	Searched int `json:"searched"`
	// TokensUsed is how many LLM tokens (prompt and completion) the answer
	// cost; 0 for the extractive engine.
	TokensUsed int `json:"tokens_used,omitempty"`
	// SmallTalk is true when the question was chit-chat ("hi", "thanks")
	// and Text is a short friendly reply; no search was made.
	SmallTalk bool `json:"small_talk,omitempty"`
	// Support has each cited sentence of Text with the passages of its
	// citations that back it.
	Support []SentenceSupport `json:"support,omitempty"`
}

// Story is one story of a digest: articles about the same event, grouped.
type Story struct {
	Headline string `json:"headline"`
	// URL is the lead article's: the one Headline and ArticleIDs[0] are
	// of.
	URL     string   `json:"url,omitempty"`
	Summary Answer   `json:"summary"`
	Outlets []string `json:"outlets"`
	// ArticleIDs are the grouped articles, most representative first.
	ArticleIDs []string  `json:"article_ids"`
	Latest     time.Time `json:"latest"`
}

// Digest is the news of a time window grouped into stories, most important
// first.
type Digest struct {
	Since   time.Time `json:"since"`
	Until   time.Time `json:"until"`
	Topic   string    `json:"topic,omitempty"`
	Stories []Story   `json:"stories"`
	Engine  string    `json:"engine"`
	Model   string    `json:"model,omitempty"`
	Notice  string    `json:"notice,omitempty"`
}
