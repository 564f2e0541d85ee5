package data

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// feedFilter is the SQL condition " AND feed_id IN (…)" with its
// arguments, or nothing when feedIDs is nil (every feed).
func feedFilter(feedIDs []int64) (string, []any) {
	if feedIDs == nil {
		return "", nil
	}
	if len(feedIDs) == 0 {
		return " AND 1 = 0", nil
	}
	args := make([]any, len(feedIDs))
	for i, id := range feedIDs {
		args[i] = id
	}
	return " AND feed_id IN (?" + strings.Repeat(", ?", len(feedIDs)-1) + ")", args
}

// Outlet is a source articles come from: its name as articles give it,
// such as "The Daily Ledger" or "apnews.com", and the host of its
// articles' URLs.
type Outlet struct {
	Name, Domain string
	// Articles is how many stored articles name it.
	Articles int
}

// maxOutlets caps the outlets Outlets reads, whatever limit it is given.
const maxOutlets = 5000

// Outlets returns up to limit outlets (all, up to 5000, when limit <= 0)
// of the articles of feedIDs (nil means every feed) whose name or domain
// contains contains, ignoring case; those with the most articles first.
func (s *Store) Outlets(ctx context.Context, contains string, feedIDs []int64, limit int) ([]Outlet, error) {
	if limit <= 0 || limit > maxOutlets {
		limit = maxOutlets
	}
	in, args := feedFilter(feedIDs)
	rows, err := s.db.QueryContext(ctx, `SELECT source, MIN(url), COUNT(*) AS n FROM articles
		WHERE source != ''`+in+` GROUP BY source ORDER BY n DESC, source LIMIT ?`, append(args, maxOutlets)...)
	if err != nil {
		return nil, fmt.Errorf("data: outlets: %w", err)
	}
	defer rows.Close()
	needle := strings.ToLower(strings.TrimSpace(contains))
	var out []Outlet
	for rows.Next() {
		var o Outlet
		var raw string
		if err := rows.Scan(&o.Name, &raw, &o.Articles); err != nil {
			return nil, fmt.Errorf("data: outlets: %w", err)
		}
		if u, err := url.Parse(raw); err == nil {
			o.Domain = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		}
		if needle != "" && !strings.Contains(strings.ToLower(o.Name), needle) && !strings.Contains(o.Domain, needle) {
			continue
		}
		if out = append(out, o); len(out) == limit {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: outlets: %w", err)
	}
	return out, nil
}

// ArticleCount returns how many articles the feeds of feedIDs hold (nil
// means every feed).
func (s *Store) ArticleCount(ctx context.Context, feedIDs []int64) (int, error) {
	in, args := feedFilter(feedIDs)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE 1 = 1`+in, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("data: article count: %w", err)
	}
	return n, nil
}
