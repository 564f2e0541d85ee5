package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// DB returns the store's database, so that the tests in package data_test
// can check pragmas and damage or age a database on purpose. Its
// statements are not rebound: on PostgreSQL they take $1, not ?. Schema changes
// do not belong there: append a step to migrations in migrate.go so that
// every database gets them once, in order.
func (s *Store) DB() *sql.DB { return s.db.sql }

// TakeTokensInTransaction is TakeTokens without its read of the buckets
// that are empty already: every take, refused or not, is decided in the
// transaction, as when the read found a token that another take then
// spent.
func (s *Store) TakeTokensInTransaction(ctx context.Context, now time.Time, buckets ...Bucket) (int, time.Duration, error) {
	if err := checkBuckets(buckets); err != nil {
		return -1, 0, err
	}
	return s.takeTokens(ctx, unixNanos(now), buckets)
}

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
