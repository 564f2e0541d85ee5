package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupWhileTheBotRuns backs up a store that a running bot holds
// (the bot holds the index, not the store), then restores the copy into a
// new data directory: the index is built from it and finds the articles.
func TestBackupWhileTheBotRuns(t *testing.T) {
	dir := t.TempDir()
	runCmd := func(env map[string]string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Run(context.Background(), args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
		return code, out.String(), errb.String()
	}
	env := map[string]string{"NEWSBOT_DATA_DIR": dir, "NEWSBOT_LOG_LEVEL": "error"}
	src := t.TempDir()
	writeFile(t, src, "a.md", "# Harbour dredging starts\n\nThe port authority began dredging the harbour on Monday.\n")
	writeFile(t, src, "b.md", "# Tram line extension approved\n\nThe council approved the tram line extension to the airport.\n")
	if code, _, errs := runCmd(env, "ingest", src); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	startRun(t, map[string]string{"NEWSBOT_DATA_DIR": dir})

	file := filepath.Join(t.TempDir(), "backup.db")
	code, out, errs := runCmd(env, "backup", file)
	if code != 0 {
		t.Fatalf("backup while the bot runs: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "2 articles") {
		t.Errorf("backup said %q, want it to count 2 articles", out)
	}
	if code, _, errs := runCmd(env, "backup", file); code != 1 || !strings.Contains(errs, "already exists") {
		t.Errorf("backup over an existing file: exit %d, %q", code, errs)
	}

	restored := t.TempDir()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, "newsbot.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCmd(map[string]string{"NEWSBOT_DATA_DIR": restored, "NEWSBOT_LOG_LEVEL": "error"}, "search", "tram line airport")
	if code != 0 {
		t.Fatalf("search in the restored store: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "Tram line extension approved") {
		t.Errorf("the restored store's search does not find the article:\n%s", out)
	}
	if !strings.Contains(errs, "building it from the store") {
		t.Errorf("the index was not rebuilt from the restored store:\n%s", errs)
	}
}

// TestBackupOfAPostgresStoreNamesPgDump: newsbot backup copies SQLite
// files; a store in PostgreSQL is the database's to back up.
func TestBackupOfAPostgresStoreNamesPgDump(t *testing.T) {
	env := map[string]string{"NEWSBOT_DATA_DIR": t.TempDir(), "NEWSBOT_LOG_LEVEL": "error",
		"NEWSBOT_DATABASE_URL": "postgres://newsbot@127.0.0.1:1/newsbot"}
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"backup", filepath.Join(t.TempDir(), "b.db")}, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	if code != 1 || !strings.Contains(errb.String(), "pg_dump") {
		t.Errorf("backup of a PostgreSQL store: exit %d, %q; want 1 and pg_dump named", code, errb.String())
	}
}
