package summarize

// Internals opened to the tests in package summarize_test.
var (
	StripTalk        = stripTalk
	IsWindowQuestion = isWindowQuestion
	AsksLatest       = asksLatest
	ClaimsText       = claimsText
)
