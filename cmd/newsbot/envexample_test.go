package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/joho/godotenv"
)

// TestEnvExampleListsEveryKey: every key the config*.go files read is in
// .env.example, and the example's values, which are the defaults, load.
func TestEnvExampleListsEveryKey(t *testing.T) {
	example, err := godotenv.Read("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	var src []byte
	files, err := filepath.Glob("config*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, b...)
	}
	for _, m := range regexp.MustCompile(`"((?:NEWSBOT|OPENAI|DISCORD)_[A-Z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		if _, ok := example[m[1]]; !ok {
			t.Errorf(".env.example lacks %s", m[1])
		}
	}
	example["NEWSBOT_DATA_DIR"] = t.TempDir()
	if _, err := LoadConfig(func(k string) string { return example[k] }); err != nil {
		t.Errorf(".env.example's values do not load:\n%v", err)
	}
}
