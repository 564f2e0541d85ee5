package parse

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/newsbot/newsbot/data"
)

// Markdown parses a Markdown article. Optional front matter between
// "---" lines gives `key: value` fields: title, url, date or published,
// source, and author or authors (a comma list or [a, b]). Without a title
// there, the first "# " heading is the title (a setext "===" heading too);
// failing both, the first sentence is. The text is the Markdown with its
// markup stripped: heading markers, emphasis, block quotes and rules go,
// links become their text, images are dropped and fenced code is kept as
// text. Paragraphs are joined by "\n\n". An article without text gives an
// error wrapping ErrEmpty; a date that cannot be read is an error too. name
// is used in errors only.
func Markdown(name string, b []byte) (data.Article, error) {
	s := strings.ReplaceAll(toUTF8(b), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	var a data.Article
	fm, lines := frontMatter(lines)
	for _, kv := range fm {
		switch kv.key {
		case "title":
			a.Title = kv.value
		case "url", "link":
			a.URL = kv.value
		case "date", "published", "published_at", "publish_date":
			t, err := Date(kv.value)
			if err != nil {
				return data.Article{}, fmt.Errorf("parse: %s: front matter %s: %w", name, kv.key, err)
			}
			a.Published = t
		case "source", "site", "outlet":
			a.Source = kv.value
		case "author", "authors":
			for _, v := range kv.list {
				if v = unquote(v); v != "" {
					a.Authors = append(a.Authors, v)
				}
			}
		}
	}
	title, paras := markdownBlocks(lines, a.Title)
	a.Title = title
	a.Text = joinParagraphs(paras)
	if a.Title == "" {
		a.Title = firstSentence(a.Text)
	}
	a.Title = strings.Join(strings.Fields(a.Title), " ")
	if a.Text == "" {
		return data.Article{}, fmt.Errorf("parse: %s: no text after the title: %w", name, ErrEmpty)
	}
	if a.Source == "" {
		a.Source = data.HostSource(a.URL)
	}
	return a, nil
}

// fmField is one front matter field; list holds its value split into items.
type fmField struct {
	key, value string
	list       []string
}

// frontMatter reads the front matter that opens lines, if any, and returns
// its fields and the lines after it.
func frontMatter(lines []string) ([]fmField, []string) {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil, lines
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if t := strings.TrimSpace(lines[i]); t == "---" || t == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, lines
	}
	var fields []fmField
	for _, l := range lines[1:end] {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		// A YAML list item continues the previous key: "authors:\n  - A".
		if item, ok := strings.CutPrefix(t, "- "); ok && len(fields) > 0 && l != t {
			last := &fields[len(fields)-1]
			last.list = append(last.list, strings.TrimSpace(item))
			continue
		}
		k, v, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		f := fmField{key: strings.ToLower(strings.TrimSpace(k)), value: unquote(strings.TrimSpace(v))}
		raw := strings.TrimSpace(v)
		if strings.HasPrefix(raw, "[") && strings.HasSuffix(raw, "]") {
			raw = raw[1 : len(raw)-1]
		}
		for item := range strings.SplitSeq(raw, ",") {
			if item = strings.TrimSpace(item); item != "" {
				f.list = append(f.list, item)
			}
		}
		fields = append(fields, f)
	}
	return fields, lines[end+1:]
}

// unquote removes matching quotes around a front matter value.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

var (
	mdFence   = regexp.MustCompile("^ {0,3}(```+|~~~+)")
	mdHeading = regexp.MustCompile(`^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$`)
	mdRule    = regexp.MustCompile(`^ {0,3}([-*_])(?:\s*([-*_])){2,}\s*$`)
	mdSetext  = regexp.MustCompile(`^ {0,3}(=+|-+)\s*$`)
	mdRefDef  = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*\S+`)
	mdQuote   = regexp.MustCompile(`^ {0,3}(>\s?)+`)
	mdImage   = regexp.MustCompile(`!\[[^\]]*\](\([^)]*\)|\[[^\]]*\])`)
	mdLink    = regexp.MustCompile(`\[([^\]]+)\](\([^)]*\)|\[[^\]]*\])`)
	mdAuto    = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdCode    = regexp.MustCompile("`+([^`]+?)`+")
	mdStrong  = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEm      = regexp.MustCompile(`(^|[^\w*])[*_](\S(?:[^*_]*?\S)?)[*_]([^\w*]|$)`)
	mdStrike  = regexp.MustCompile(`~~(\S(?:.*?\S)?)~~`)
	mdTag     = regexp.MustCompile(`</?[a-zA-Z][^>]*>|<!--.*?-->`)
)

// markdownBlocks strips Markdown markup from lines and returns the title
// and the paragraphs. The title is known, if set, else the first level-1
// heading; that heading is not kept in the text, nor is a first level-1
// heading that repeats the known title.
func markdownBlocks(lines []string, known string) (string, [][]string) {
	var (
		title = known
		h1    bool
		paras [][]string
		cur   []string
		fence string
	)
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, cur)
			cur = nil
		}
	}
	heading := func(level int, text string) {
		flush()
		text = strings.TrimSpace(mdInline(text))
		if text == "" {
			return
		}
		if level == 1 && !h1 {
			h1 = true
			if title == "" {
				title = text
				return
			}
			if strings.EqualFold(strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(title), " ")) {
				return
			}
		}
		paras = append(paras, []string{text})
	}
	for _, line := range lines {
		line = strings.TrimRight(line, " \t")
		if fence != "" {
			if strings.HasPrefix(strings.TrimSpace(line), fence) {
				fence = ""
				flush()
				continue
			}
			cur = append(cur, line)
			continue
		}
		if m := mdFence.FindStringSubmatch(line); m != nil {
			flush()
			fence = m[1]
			continue
		}
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if m := mdSetext.FindStringSubmatch(line); m != nil && len(cur) == 1 {
			level := 2
			if m[1][0] == '=' {
				level = 1
			}
			text := cur[0]
			cur = nil
			heading(level, text)
			continue
		}
		if mdRule.MatchString(line) || mdRefDef.MatchString(line) {
			flush()
			continue
		}
		if m := mdHeading.FindStringSubmatch(line); m != nil {
			heading(len(m[1]), m[2])
			continue
		}
		line = mdQuote.ReplaceAllString(line, "")
		if text := mdInline(line); strings.TrimSpace(text) != "" {
			cur = append(cur, strings.TrimRight(text, " \t"))
		}
	}
	flush()
	return title, paras
}

// mdInline strips inline markup from one line.
func mdInline(s string) string {
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdAuto.ReplaceAllString(s, "$1")
	s = mdTag.ReplaceAllString(s, "")
	s = mdStrong.ReplaceAllString(s, "$2")
	s = mdStrike.ReplaceAllString(s, "$1")
	s = mdEm.ReplaceAllString(s, "$1$2$3")
	s = mdCode.ReplaceAllString(s, "$1")
	return s
}
