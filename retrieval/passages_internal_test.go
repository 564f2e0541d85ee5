package retrieval

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/data"
)

// TestFirstPassagesMatchPassages checks that splitting only as far as the
// first n passages gives exactly those of the whole split, which search
// relies on to show the passage the index matched.
func TestFirstPassagesMatchPassages(t *testing.T) {
	var b strings.Builder
	for i := range 400 {
		// Sentences of varied length, one longer than a passage, and
		// paragraph breaks now and then.
		words := 3 + (i*7)%40
		if i == 37 {
			words = passageMaxWords + 20
		}
		b.WriteString(fmt.Sprintf("Fact %d", i))
		b.WriteString(strings.Repeat(" word", words))
		b.WriteString(". ")
		if i%9 == 8 {
			b.WriteString("\n")
		}
	}
	a := data.Article{ID: "x", Text: b.String()}
	all := Passages(a)
	if len(all) != maxPassages {
		t.Fatalf("the text makes %d passages, want it long enough for %d", len(all), maxPassages)
	}
	for n := 1; n <= maxPassages; n++ {
		got := firstPassages(a.ID, a.Text, n)
		if len(got) != n {
			t.Fatalf("firstPassages(%d) gave %d passages", n, len(got))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], all[i]) {
				t.Fatalf("firstPassages(%d)[%d] = %q, want %q", n, i, got[i].Text, all[i].Text)
			}
		}
	}
}

func TestSingleSpaced(t *testing.T) {
	for _, s := range []string{"", "one", "one two three", " lead", "trail ", "two  spaces", "tab\there",
		"non\u00a0breaking", "em\u2003space", "café au lait", "line\nbreak", "ünïcode wörds here"} {
		fields := strings.Fields(s)
		n, ok := singleSpaced(s)
		want := strings.Join(fields, " ") == s
		if ok != want || (ok && n != len(fields)) {
			t.Errorf("singleSpaced(%q) = %d, %v; want %d, %v", s, n, ok, len(fields), want)
		}
	}
}
