package summarize_test

import (
	"testing"

	"github.com/newsbot/newsbot/summarize"
)

func TestIsQuestion(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Why is the Eastgate Bridge closed?", true},
		{"And did the rail bill pass?", true},
		{"who won the cup", true},
		{"did the council vote yet", true},
		{"so what happened at the port", true},
		{"ok how much did it cost", true},
		{"tell me about the strike", true},
		{"any news on the harbor road", true},
		{"hi, who won the election", true},
		{"the tolls, are they going up?", true},
		{"Explain the rail bill", true},
		{"lol thanks, see you all tomorrow", false},
		{"how are you?", false},
		{"thanks!", false},
		{"I think the council is wrong about this", false},
		{"my brother drives over that bridge every day", false},
		{"same here, traffic was awful", false},
		{"", false},
		{"👍", false},
	}
	for _, tt := range tests {
		if got := summarize.IsQuestion(tt.line); got != tt.want {
			t.Errorf("IsQuestion(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}
