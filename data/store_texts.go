package data

import (
	"context"
	"fmt"
	"strings"
)

// textsChunk bounds the IDs of one query, well under SQLite's limit on
// bound parameters.
const textsChunk = 500

// ArticleTexts returns the text of each of the articles ids that the store
// holds, by ID; IDs it does not hold are absent from the map. Search uses
// it to show passages, which the index does not keep.
func (s *Store) ArticleTexts(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), textsChunk)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		q := `SELECT id, text FROM articles WHERE id IN (?` + strings.Repeat(",?", len(chunk)-1) + `)`
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("data: article texts: %w", err)
		}
		for rows.Next() {
			var id, text string
			if err := rows.Scan(&id, &text); err != nil {
				rows.Close()
				return nil, fmt.Errorf("data: article texts: %w", err)
			}
			out[id] = text
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("data: article texts: %w", err)
		}
	}
	return out, nil
}
