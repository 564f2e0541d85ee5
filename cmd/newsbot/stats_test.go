package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStatsAfterTheStoreIsDeleted deletes newsbot.db under an index that
// holds its articles and checks that stats reports the index as rebuilt
// for the new, empty store rather than "up to date" with the old passages.
func TestStatsAfterTheStoreIsDeleted(t *testing.T) {
	dir, src := t.TempDir(), t.TempDir()
	file := filepath.Join(src, "harbour.txt")
	body := "Harbour reopens after repairs\n\nPORT ALDER - The harbour reopened on Monday after three weeks of repairs to the sea wall.\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := runCLI(t, dir, "ingest", file); code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errOut)
	}
	for _, p := range []string{"newsbot.db", "newsbot.db-wal", "newsbot.db-shm"} {
		os.Remove(filepath.Join(dir, p))
	}
	out, errOut, code := runCLI(t, dir, "stats", "--json")
	if code != 0 {
		t.Fatalf("stats: exit %d\n%s%s", code, out, errOut)
	}
	var st struct {
		Articles int `json:"articles"`
		Index    struct {
			Articles      int    `json:"articles"`
			UpToDate      bool   `json:"up_to_date"`
			Rebuilt       bool   `json:"rebuilt"`
			RebuiltReason string `json:"rebuilt_reason"`
		} `json:"index"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if st.Articles != 0 || st.Index.Articles != 0 || !st.Index.UpToDate {
		t.Errorf("stats %+v, want an empty store and an empty, up-to-date index", st)
	}
	if !st.Index.Rebuilt || !strings.Contains(st.Index.RebuiltReason, "another store") {
		t.Errorf("stats %+v, want the index rebuilt because the store was replaced", st)
	}
}
