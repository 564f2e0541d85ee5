package data

import (
	"context"
	"fmt"
)

// OpenStoreFailingFold opens the store at path as OpenStore does, except
// that the schema step folding URL variants fails after it has folded
// stories stories, so that tests can see that a step is all or nothing.
func OpenStoreFailingFold(ctx context.Context, path string, stories int) (*Store, error) {
	steps := migrations()
	found := false
	for i := range steps {
		if steps[i].name == foldStepName {
			steps[i].run = urlFold{afterGroup: func(folded int) error {
				if folded >= stories {
					return fmt.Errorf("injected failure after %d stories", folded)
				}
				return nil
			}}.run
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("no step %q", foldStepName)
	}
	return openStore(ctx, path, steps)
}
