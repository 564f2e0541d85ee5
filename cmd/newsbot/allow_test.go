package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// dirEnv is an environment of the data directory dir and the settings kv.
func dirEnv(dir string, kv map[string]string) map[string]string {
	env := map[string]string{"NEWSBOT_DATA_DIR": dir}
	for k, v := range kv {
		env[k] = v
	}
	return env
}

const allowTestPage = `<html><head><title>Greywater dam passes inspection</title></head><body><article>
<h1>Greywater dam passes inspection</h1>
<p>Inspectors who examined the Greywater dam after last week's storm found no structural damage, the water authority said on Monday.</p>
<p>The inspection took four days and included divers checking the spillway and the concrete apron below the gates.</p>
</article></body></html>`

// TestAllowCIDRsReachFeedsNotSummarizedPages allows the test server's
// address for self-hosted sources and checks that ingest reaches it while
// a page summarized on request (what /summarize url: does) is refused, so
// that allowing a feed does not let members read the host's other pages.
func TestAllowCIDRsReachFeedsNotSummarizedPages(t *testing.T) {
	var summarized atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/internal.html" {
			summarized.Add(1)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(allowTestPage))
	}))
	defer srv.Close()
	allow := map[string]string{"NEWSBOT_ALLOW_CIDRS": "127.0.0.1"}

	dir := t.TempDir()
	if out, errOut, code := runCLIEnv(t, dirEnv(dir, nil), "ingest", srv.URL+"/dam.html"); code != 1 || !strings.Contains(out, "blocked") {
		t.Errorf("ingest without an allow list: exit %d, want blocked\n%s%s", code, out, errOut)
	}
	if out, errOut, code := runCLIEnv(t, dirEnv(dir, allow), "ingest", srv.URL+"/dam.html"); code != 0 || !strings.Contains(out, "1 added") {
		t.Errorf("ingest with the address allowed: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code := runCLIEnv(t, dirEnv(dir, allow), "summarize", srv.URL+"/internal.html")
	if code == 0 || !strings.Contains(out+errOut, "blocked") {
		t.Errorf("summarize of an unstored page on the allowed address: exit %d, want blocked\n%s%s", code, out, errOut)
	}
	if n := summarized.Load(); n != 0 {
		t.Errorf("the page to summarize was requested %d times, want 0", n)
	}
}
