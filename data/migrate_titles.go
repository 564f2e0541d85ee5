package data

import (
	"context"
	"fmt"
	"strings"
)

// titleStepName names step 5, so that tests can find it.
const titleStepName = "titles from URL slugs for untitled articles"

// slugTitles gives the stored articles that have no title the title their
// URL's slug reads, as Normalize gives new ones (see SlugTitle), each at a
// new revision so that the index catches up with them.
func slugTitles(ctx context.Context, tx *dbTx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, url, text FROM articles WHERE title = '' AND url != '' ORDER BY rev`)
	if err != nil {
		return fmt.Errorf("read untitled articles: %w", err)
	}
	type titled struct{ id, title string }
	var todo []titled
	for rows.Next() {
		var id, u, text string
		if err := rows.Scan(&id, &u, &text); err != nil {
			rows.Close()
			return fmt.Errorf("read untitled articles: %w", err)
		}
		if CanonicalURL(u) == "" {
			continue
		}
		if t := SlugTitle(u, text); t != "" {
			todo = append(todo, titled{id, t})
		}
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("read untitled articles: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read untitled articles: %w", err)
	}
	if len(todo) == 0 {
		return nil
	}
	rev, err := lockRev(ctx, tx)
	if err != nil {
		return fmt.Errorf("read revision: %w", err)
	}
	for _, t := range todo {
		rev++
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET title = ?, title_lower = ?, rev = ? WHERE id = ?`,
			t.title, strings.ToLower(t.title), rev, t.id); err != nil {
			return fmt.Errorf("title %s: %w", t.id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = 'rev'`, rev); err != nil {
		return fmt.Errorf("write revision: %w", err)
	}
	return nil
}
