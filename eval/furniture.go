package eval

import (
	"regexp"
	"strings"
)

// furnitureRE matches the start of a reply that is no sentence of news: a
// dateline ("WASHINGTON (AP) —", "New York CNN Business —", "(CNN)"), a
// byline ("By Jane Doe"), or page furniture (video and photo captions,
// share bars, "Updated 3:04 PM"). It is written apart from the engine's own
// cleaner, so that the figure checks the cleaner instead of repeating it.
var furnitureRE = regexp.MustCompile(`^(?:` +
	// An outlet in brackets, alone or after a place.
	`(?:[\p{Lu}][\p{L}.'’-]*(?:,? [\p{Lu}][\p{L}.'’-]*){0,4} )?\((?:CNN|AP|Reuters|AFP|CNN Business|The Conversation|UPI|Bloomberg)[^)]*\)` +
	// A place in capitals and a dash: "WASHINGTON —", "KYIV, Ukraine —".
	`|[\p{Lu}][\p{Lu}.'’ -]{2,}(?:, [\p{L}. ]+)? ?[—–-]{1,2} ` +
	// "New York CNN Business —", "London CNN —".
	`|(?:[\p{Lu}][\p{L}.'’-]* ){1,3}CNN(?: Business| Sport)?\s*[—–-]` +
	`|By [\p{Lu}][\p{L}.'’-]+(?: [\p{Lu}][\p{L}.'’-]+){0,3}(?:,| and |$| \|)` +
	`|(?i:just watched|replay more videos|watch:|video:|photo:|photos:|image:|credit:|getty images|` +
	`updated \d|published \d|story highlights|share this|click here|sign up|subscribe|advertisement|` +
	`read more|related:|follow us|copyright|all rights reserved|hide caption|show caption|` +
	`\d+ min read|listen to this article)` +
	`)`)

// StartsWithFurniture reports whether reply starts with a dateline, a
// byline or page furniture.
func StartsWithFurniture(reply string) bool {
	return furnitureRE.MatchString(strings.TrimSpace(reply))
}
