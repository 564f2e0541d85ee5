package summarize_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/summarize"
)

// Issue 12: the outlets a user names are resolved against the store's,
// once, for search and ask alike.
func TestSourcesResolveAgainstTheStoresOutlets(t *testing.T) {
	arts := corpus()
	s := searchReturning(arts...)
	svc := newService(t, s, storeOf(arts), nil, nil)
	ctx := context.Background()
	if _, err := svc.Search(ctx, retrieval.Query{Text: "bridge", Sources: []string{"LEDGER", "courier.example"}}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(s.lastQuery(t).Sources); got != "[Ledger Courier]" {
		t.Errorf("search sources %s, want [Ledger Courier]", got)
	}
	if _, err := svc.Ask(ctx, summarize.AskRequest{Question: "Why did the Harbor Bridge reopen?", Sources: []string{"weather desk"}}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(s.lastQuery(t).Sources); got != "[Weather Desk]" {
		t.Errorf("ask sources %s, want [Weather Desk]", got)
	}
	n := len(s.queries)
	_, err := svc.Ask(ctx, summarize.AskRequest{Question: "Why did the Harbor Bridge reopen?", Sources: []string{"Ledgr"}})
	var ue *summarize.UnknownSourceError
	if !errors.As(err, &ue) || ue.Hint() != `no outlet matches "Ledgr"; did you mean Ledger?` {
		t.Errorf("error %v; want an UnknownSourceError suggesting Ledger", err)
	}
	if len(s.queries) != n {
		t.Error("an unknown outlet must not be searched")
	}
}
