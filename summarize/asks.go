package summarize

import "strings"

// questionOpeners are the words that open a question written without a
// question mark ("who won the cup", "did the bill pass"): question words
// and the auxiliaries of yes/no questions.
var questionOpeners = map[string]bool{
	"what": true, "what's": true, "whats": true, "who": true, "who's": true, "whom": true, "whose": true,
	"why": true, "when": true, "where": true, "where's": true, "which": true, "how": true, "how's": true,
	"is": true, "are": true, "was": true, "were": true, "did": true, "does": true, "do": true,
	"has": true, "have": true, "will": true, "can": true, "could": true, "would": true, "should": true,
	"isn't": true, "aren't": true, "didn't": true, "doesn't": true, "won't": true,
}

// requestOpeners are the phrases that ask the bot for something without
// being a question ("tell me about the strike", "any news on the port").
var requestOpeners = []string{
	"tell me", "tell us", "explain", "summarize", "summarise", "give me", "show me", "remind me",
	"any news", "any update", "any updates", "anything new", "anything on", "what about", "how about",
	"i wonder", "i'm wondering", "im wondering", "do you know", "does anyone know", "catch me up",
}

// IsQuestion reports whether text asks something: it has a question mark,
// opens with a question word or an auxiliary ("did the bill pass"), or
// asks for news ("tell me about the strike"). Chit-chat is no question,
// even "how are you?"; statements ("I think the council is wrong") are
// none either.
func IsQuestion(text string) bool {
	if classifyTalk(text) != talkNone {
		return false
	}
	text = stripTalk(text)
	if strings.Contains(text, "?") {
		return true
	}
	words := talkWords(text)
	for len(words) > 0 && leadingConjunction[words[0].w] {
		words = words[1:]
	}
	if len(words) == 0 {
		return false
	}
	if questionOpeners[words[0].w] {
		return true
	}
	var lead strings.Builder
	for i, w := range words[:min(len(words), 3)] {
		if i > 0 {
			lead.WriteByte(' ')
		}
		lead.WriteString(w.w)
	}
	for _, p := range requestOpeners {
		if l := lead.String(); l == p || strings.HasPrefix(l, p+" ") {
			return true
		}
	}
	return false
}
