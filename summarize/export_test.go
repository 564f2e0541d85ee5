package summarize

// Internals opened to the tests in package summarize_test.
var (
	StripTalk        = stripTalk
	IsWindowQuestion = isWindowQuestion
	AsksLatest       = asksLatest
	ClaimsText       = claimsText
)

// StripThinking removes reasoning blocks from a whole reply.
var StripThinking = stripThinking

// ThinkFilter is stripThinking for a reply that arrives in pieces.
type ThinkFilter struct{ f thinkFilter }

// Write adds a piece and reports whether the visible text grew.
func (t *ThinkFilter) Write(piece string) bool { return t.f.write(piece) }

// Visible is the text so far without reasoning.
func (t *ThinkFilter) Visible() string { return t.f.visible() }
