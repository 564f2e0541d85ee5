package fetch

import "net/http"

// HTTPClient returns the *http.Client behind Fetch, so that the tests in
// package fetch_test can check that it keeps the guards on its own: only
// http(s), no private targets, the redirect limit, the timeout and the
// User-Agent.
func (f *Client) HTTPClient() *http.Client { return f.client }
