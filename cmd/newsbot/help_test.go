package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelpSaysWhatIsKeptAndSent: /help (here through the console, which
// runs the bot's handlers) tells members what is stored and what goes to
// the LLM provider.
func TestHelpSaysWhatIsKeptAndSent(t *testing.T) {
	env := map[string]string{"NEWSBOT_DATA_DIR": t.TempDir(), "NEWSBOT_LOG_LEVEL": "error"}
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"chat"}, strings.NewReader("/help\n"), &out, &errb, func(k string) string { return env[k] })
	if code != 0 {
		t.Fatalf("chat exited %d: %s", code, errb.String())
	}
	for _, want := range []string{"Privacy", "Kept:", "LLM provider"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("/help lacks %q:\n%s", want, out.String())
		}
	}
}
