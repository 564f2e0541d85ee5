package bot

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"time"
)

// discordTime writes t as a Discord timestamp, which each reader sees in
// their own time zone and language. style is Discord's: "f" for the date
// and time, "R" for "3 hours ago".
func discordTime(t time.Time, style string) string {
	return fmt.Sprintf("<t:%d:%s>", t.Unix(), style)
}

// timestampRE matches a Discord timestamp, <t:unix> or <t:unix:style>.
var timestampRE = regexp.MustCompile(`<t:(-?\d{1,12})(?::[tTdDfFR])?>`)

// relativeAfterRE matches a time followed by the same time relative,
// "<t:1:f> (<t:1:R>)".
var relativeAfterRE = regexp.MustCompile(`(<t:(-?\d{1,12}):f>) \(<t:(-?\d{1,12}):R>\)`)

// plainTimestamps writes the Discord timestamps in s out for a terminal,
// in UTC: a terminal has no reader's time zone to show them in, nor a
// clock to make them relative.
func plainTimestamps(s string) string {
	s = relativeAfterRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := relativeAfterRE.FindStringSubmatch(m)
		if sub[2] != sub[3] {
			return m
		}
		return sub[1]
	})
	return timestampRE.ReplaceAllStringFunc(s, func(m string) string {
		sec, err := strconv.ParseInt(timestampRE.FindStringSubmatch(m)[1], 10, 64)
		if err != nil {
			return m
		}
		return time.Unix(sec, 0).UTC().Format("Jan 2 15:04 MST")
	})
}

// maxEmbedURL is the longest link an embed's title may carry.
const maxEmbedURL = 2048

// linkable reports whether Discord accepts u as an embed's link: an
// absolute http or https URL of reasonable length. Any other would make
// Discord refuse the whole message.
func linkable(u string) bool {
	if u == "" || len(u) > maxEmbedURL {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}
