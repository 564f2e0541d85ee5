package summarize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// talkKind is what a line of chit-chat does.
type talkKind int

const (
	// talkNone is not chit-chat: a question or a statement about the news.
	talkNone talkKind = iota
	// talkGreeting greets the bot or asks how it is ("hi", "gm").
	talkGreeting
	// talkThanks thanks the bot.
	talkThanks
	// talkBye says goodbye or good night.
	talkBye
	// talkAck acknowledges, agrees or laughs ("ok", "lol", "👍").
	talkAck
)

// talkPhrases are the phrases chit-chat is made of, by what they do, in
// the normal form of talkWords. A line is chit-chat when it is nothing but
// these phrases, talkFillers, emoji and punctuation. Phrases are matched
// whole: "how are you" is chit-chat, "how much is it" is a question.
var talkPhrases = map[talkKind][]string{
	talkGreeting: {
		"hi", "hello", "hallo", "hey", "heya", "hiya", "howdy", "yo", "sup", "greetings", "gm",
		"good morning", "morning", "good afternoon", "afternoon", "good evening", "evening", "good day", "g'day",
		"how are you", "how are you doing", "how are u", "how's it going", "how is it going", "how are things",
		"how do you do", "what's up", "whats up", "wassup", "nice to meet you", "welcome", "welcome back",
		"hola", "bonjour", "salut", "ciao", "hej", "moin",
	},
	talkThanks: {
		"thanks", "thank you", "thank u", "thankyou", "thanx", "thnx", "thx", "ty", "tysm", "tyvm", "cheers",
		"many thanks", "thanks a lot", "thanks a bunch", "much appreciated", "appreciated", "appreciate it",
		"i appreciate it", "thanks for that", "thank you for that",
		"thanks for the help", "thanks for your help", "thank you for the help", "thank you for your help",
		"thanks for the info", "thank you for the info", "thanks for the update", "thank you for the update",
		"thanks for the answer", "thanks for the summary", "thanks for the digest", "thanks for the link",
		"merci", "gracias", "danke", "grazie", "obrigado", "obrigada",
	},
	talkBye: {
		"bye", "bye bye", "goodbye", "good bye", "bb", "cya", "see ya", "see you", "see y'all", "later", "laters",
		"ttyl", "talk later", "talk to you later", "catch you later", "take care", "good night", "goodnight",
		"night", "nite", "night night", "gn", "gnight", "sleep well", "sweet dreams", "have a good one",
		"have a good day", "have a nice day", "have a great day", "have a good night", "have a good weekend",
		"have a nice weekend", "enjoy your day", "peace", "peace out", "gotta go", "got to go", "i'm off", "im off",
		"off to bed", "brb", "afk",
	},
	talkAck: {
		"ok", "okay", "okey", "okie", "k", "kk", "alright", "all right", "cool", "nice", "great", "good", "awesome",
		"perfect", "excellent", "sweet", "neat", "wow", "whoa", "brilliant", "amazing", "lovely", "fantastic",
		"got it", "gotcha", "i see", "understood", "noted", "makes sense", "that makes sense", "sounds good",
		"fair enough", "sure", "yes", "yeah", "yep", "yup", "no", "nope", "nah", "np", "no problem", "no worries",
		"never mind", "nevermind", "nvm", "good to know", "good bot", "nice one", "well done", "interesting",
		"that's interesting", "that's great", "that's cool", "that's nice", "that's good", "that's it",
		"fine", "true", "indeed", "exactly", "agreed", "same", "hmm", "hm", "mhm", "uh huh", "oops", "sorry",
		"my bad", "love it", "love this", "yikes", "oof", "ouch", "wild", "crazy", "you too", "same to you",
		"likewise", "helpful", "that helps", "that helped", "that's helpful", "lol", "lul", "lolz", "lmao", "lmfao", "rofl", "xd", "ha", "hah", "heh", "kek",
	},
}

// talkFillers are words that chit-chat may hold besides its phrases (who
// it is addressed to, intensifiers, "see you all tomorrow") but that are
// no chit-chat alone.
var talkFillers = map[string]bool{
	"bot": true, "newsbot": true, "everyone": true, "everybody": true, "all": true, "y'all": true, "yall": true,
	"guys": true, "folks": true, "people": true, "there": true, "team": true, "friend": true, "friends": true,
	"mate": true, "buddy": true, "pal": true, "man": true, "dude": true, "bro": true, "sir": true,
	"again": true, "too": true, "so": true, "much": true, "very": true, "really": true, "just": true,
	"and": true, "then": true, "oh": true, "ah": true, "well": true, "lot": true, "now": true,
	"soon": true, "tomorrow": true, "tonight": true, "later": true,
}

// spaceOK are the phrases that may open a question with no punctuation
// after them ("hi who won?", "ok so why is it closed?"). Others must be
// set off ("thanks, and the tolls?"): "thanks to the heat wave" and
// "great Britain" are questions from their first word.
var spaceOK = map[string]bool{
	"hi": true, "hello": true, "hey": true, "heya": true, "hiya": true, "yo": true, "gm": true,
	"good morning": true, "ok": true, "okay": true, "alright": true, "lol": true, "so": true, "oh": true,
	"well": true, "bot": true, "newsbot": true, "there": true, "all": true, "everyone": true, "guys": true,
	"folks": true, "hmm": true,
}

// laughRE matches laughter written out: "haha", "hehehe", "ahah", "lolol".
var laughRE = regexp.MustCompile(`^(?:(?:ha|ah|he|hue)+h?|(?:lo)+l|l+o+l+)$`)

// emoticonRE matches a text emoticon written as one chunk: ":)", ";-D",
// "<3", "xD", "^_^".
var emoticonRE = regexp.MustCompile(`(?i)^(?:[:;=8]['\-^o]?[()\[\]dpo3*|/\\@$sx]+|</?3+|x+d+|\^[_.\-]?\^|t_t|o_o|-_-)$`)

// talkWordRE matches a word: letters and digits, with apostrophes inside.
var talkWordRE = regexp.MustCompile(`[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*`)

// talkWord is one word of a line, normal form, with its place.
type talkWord struct {
	w          string
	start, end int
}

// talkWords splits s into words, lower-cased, apostrophes straightened and
// letters stretched for effect ("thanksss", "hiii") shrunk back; text
// emoticons are left out.
func talkWords(s string) []talkWord {
	var out []talkWord
	for _, loc := range talkWordRE.FindAllStringIndex(s, -1) {
		if inEmoticon(s, loc[0], loc[1]) {
			continue
		}
		out = append(out, talkWord{w: normalTalkWord(s[loc[0]:loc[1]]), start: loc[0], end: loc[1]})
	}
	return out
}

// inEmoticon reports whether s[start:end] is part of a chunk (a run
// without spaces) that is an emoticon, such as the D of ":D".
func inEmoticon(s string, start, end int) bool {
	from := strings.LastIndexFunc(s[:start], unicode.IsSpace)
	if from < 0 {
		from = 0
	} else {
		_, n := utf8.DecodeRuneInString(s[from:])
		from += n
	}
	to := strings.IndexFunc(s[end:], unicode.IsSpace)
	if to < 0 {
		to = len(s)
	} else {
		to += end
	}
	return emoticonRE.MatchString(strings.TrimRight(s[from:to], ".,!?"))
}

// normalTalkWord lower-cases w, straightens its apostrophes and shrinks
// runs of three or more of a letter to one ("sooo" → "so") or, when that
// is no word of chit-chat, two ("goood" → "good").
func normalTalkWord(w string) string {
	w = strings.ReplaceAll(strings.ToLower(w), "’", "'")
	one, two := shrinkRuns(w, 1), shrinkRuns(w, 2)
	switch {
	case one == w:
		return w
	case talkVocab[one]:
		return one
	case talkVocab[two]:
		return two
	}
	return one
}

// shrinkRuns cuts every run of three or more of one letter to keep.
func shrinkRuns(w string, keep int) string {
	rs := []rune(w)
	var b strings.Builder
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		n := j - i
		if n >= 3 {
			n = keep
		}
		b.WriteString(strings.Repeat(string(rs[i]), n))
		i = j
	}
	return b.String()
}

// talkVocab holds every word of talkPhrases and talkFillers.
var talkVocab = func() map[string]bool {
	v := make(map[string]bool)
	for _, ps := range talkPhrases {
		for _, p := range ps {
			for _, w := range strings.Fields(p) {
				v[w] = true
			}
		}
	}
	for w := range talkFillers {
		v[w] = true
	}
	return v
}()

// talkIndex is talkPhrases keyed by their words joined with spaces.
var talkIndex = func() map[string]talkKind {
	ix := make(map[string]talkKind)
	for k, ps := range talkPhrases {
		for _, p := range ps {
			ix[p] = k
		}
	}
	return ix
}()

// longestPhrase is the most words any of talkPhrases has.
var longestPhrase = func() int {
	n := 0
	for _, ps := range talkPhrases {
		for _, p := range ps {
			n = max(n, len(strings.Fields(p)))
		}
	}
	return n
}()

// talkPiece is one phrase or filler of a line.
type talkPiece struct {
	kind   talkKind // talkNone for a filler
	phrase string
	// words is how many words it spans.
	words int
}

// matchTalk is the longest phrase or filler at words[i:], or false.
func matchTalk(words []talkWord, i int) (talkPiece, bool) {
	for n := min(longestPhrase, len(words)-i); n >= 1; n-- {
		parts := make([]string, n)
		for j := range parts {
			parts[j] = words[i+j].w
		}
		p := strings.Join(parts, " ")
		if k, ok := talkIndex[p]; ok {
			return talkPiece{kind: k, phrase: p, words: n}, true
		}
	}
	w := words[i].w
	switch {
	case laughRE.MatchString(w) && len(w) >= 3:
		return talkPiece{kind: talkAck, phrase: w, words: 1}, true
	case talkFillers[w]:
		return talkPiece{phrase: w, words: 1}, true
	}
	return talkPiece{}, false
}

// wave is the waving hand emoji, a greeting.
const wave = '\U0001F44B'

// classifyTalk says what kind of chit-chat text is, or talkNone when it
// says anything else. A line of only emoji or punctuation is an
// acknowledgement (a wave is a greeting). A greeting anywhere makes the
// line a greeting ("hi, thanks"): the bot should answer it. Otherwise
// thanks win over goodbyes, and goodbyes over acknowledgements.
func classifyTalk(text string) talkKind {
	words := talkWords(text)
	if len(words) == 0 {
		if strings.ContainsRune(text, wave) {
			return talkGreeting
		}
		return talkAck
	}
	seen := make(map[talkKind]bool)
	for i := 0; i < len(words); {
		p, ok := matchTalk(words, i)
		if !ok {
			return talkNone
		}
		seen[p.kind] = true
		i += p.words
	}
	for _, k := range []talkKind{talkGreeting, talkThanks, talkBye, talkAck} {
		if seen[k] {
			return k
		}
	}
	// Only fillers ("tomorrow", "so"): not chit-chat.
	return talkNone
}

// IsSmallTalk reports whether text is chit-chat (a greeting, thanks, a
// goodbye, an acknowledgement, laughter, or only emoji and punctuation)
// rather than something to look up in the news.
func IsSmallTalk(text string) bool {
	return classifyTalk(text) != talkNone
}

// IsAcknowledgement reports whether text is chit-chat that needs no answer
// in a conversation the bot follows: thanks, a goodbye, an
// acknowledgement, laughter, emoji. Greetings are not acknowledgements.
func IsAcknowledgement(text string) bool {
	k := classifyTalk(text)
	return k != talkNone && k != talkGreeting
}

// stripTalk removes the chit-chat that opens or closes a question ("hi,
// who won the election?" → "who won the election?", "why is it closed?
// thanks!" → "why is it closed?"). It returns text unchanged when there is
// nothing to strip or when text is chit-chat and nothing else.
func stripTalk(text string) string {
	if classifyTalk(text) != talkNone {
		return text
	}
	words := talkWords(text)
	start := openingTalk(text, words)
	end := closingTalk(text, words[start:]) + start
	if start == 0 && end == len(words) || start >= end {
		return text
	}
	from, to := 0, len(text)
	if start > 0 {
		from = words[start].start
	}
	if end < len(words) {
		to = words[end-1].end
		// Keep the question's own punctuation ("closed?").
		for to < len(text) && strings.ContainsRune("?.!", rune(text[to])) {
			to++
		}
	}
	return strings.TrimSpace(text[from:to])
}

// openingTalk is how many of words are chit-chat opening text: phrases,
// one of them more than a filler, set off from what follows by
// punctuation or, for spaceOK phrases, a space. A phrase that runs into
// the question with a space ("thanks to the heat wave", "great Britain")
// is part of it, and so is all that follows.
func openingTalk(text string, words []talkWord) int {
	// glued is true once a phrase ran into the next word with a space:
	// only punctuation can then end the opening.
	cut, real, glued := 0, false, false
	for i := 0; i < len(words); {
		p, ok := matchTalk(words, i)
		if !ok {
			break
		}
		i += p.words
		real = real || p.kind != talkNone
		if i == len(words) {
			break
		}
		gap := text[words[i-1].end:words[i].start]
		switch {
		case setOff(gap):
			if real {
				cut = i
			}
			glued = false
		case strings.TrimSpace(gap) == "" && spaceOK[p.phrase] && !glued:
			if real {
				cut = i
			}
		default:
			glued = true
			if _, ok := matchTalk(words, i); !ok {
				return cut
			}
		}
	}
	return cut
}

// closingTalk is how many of words are left once chit-chat that closes
// text ("…? thanks!") is cut off: phrases after a question mark, a period
// or an exclamation mark, to the end.
func closingTalk(text string, words []talkWord) int {
	for i := 1; i < len(words); i++ {
		gap := text[words[i-1].end:words[i].start]
		if !strings.ContainsAny(gap, "?.!") {
			continue
		}
		j, real := i, false
		for j < len(words) {
			p, ok := matchTalk(words, j)
			if !ok {
				break
			}
			real = real || p.kind != talkNone
			j += p.words
		}
		if j == len(words) && real {
			return i
		}
	}
	return len(words)
}

// setOff reports whether the text between two words separates them as a
// comma, dash or other punctuation does (not a hyphen or apostrophe).
func setOff(gap string) bool {
	t := strings.TrimSpace(gap)
	if t == "" {
		return false
	}
	if t == "-" && gap != t {
		// " - " is a dash; "-" inside "right-wing" is a hyphen.
		return true
	}
	return t != "-" && t != "'" && t != "’"
}

// smallTalkReplies are the replies to chit-chat, by kind. Each says what
// the bot can do, briefly.
var smallTalkReplies = map[talkKind]string{
	talkGreeting: "Hi! I'm newsbot: I answer questions from the indexed news, with sources.",
	talkThanks:   "You're welcome!",
	talkBye:      "See you!",
	talkAck:      "👍",
}

// smallTalkHelp follows every reply to chit-chat.
const smallTalkHelp = ` Ask me about the news, such as "What happened yesterday?" or "What's the latest on the election?", or use /summarize for an article or topic and /digest for the top stories.`

// smallTalk is the answer to chit-chat of kind k: friendly, short, with no
// search made.
func smallTalk(k talkKind) Answer {
	return Answer{Text: smallTalkReplies[k] + smallTalkHelp, Engine: EngineExtractive, SmallTalk: true}
}
