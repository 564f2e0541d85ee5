package summarize

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsbot/newsbot/data"
)

// nearOutlets is how many outlets an UnknownSourceError suggests.
const nearOutlets = 3

// UnknownSourceError is returned (wrapped) by Search and Ask when a
// request's Sources name an outlet that no stored article is from. Its
// Hint is meant for the user who wrote Name.
type UnknownSourceError struct {
	// Name is the outlet as the user wrote it.
	Name string
	// Near are the stored outlets closest to Name, closest first; when
	// none is close, the outlets with the most articles.
	Near []string
	// Close says whether Near are close to Name rather than merely the
	// largest outlets.
	Close bool
}

func (e *UnknownSourceError) Error() string {
	return "summarize: " + e.Hint()
}

// Hint says that no outlet matches and which ones to try.
func (e *UnknownSourceError) Hint() string {
	msg := fmt.Sprintf("no outlet matches %q", e.Name)
	switch {
	case len(e.Near) == 0:
		return msg + "; no articles are stored yet"
	case e.Close:
		return msg + "; did you mean " + orList(e.Near) + "?"
	default:
		return msg + "; outlets with the most articles: " + strings.Join(e.Near, ", ")
	}
}

// orList joins names as "a", "a or b", "a, b or c".
func orList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// resolveSources turns the outlets a user named into the stored outlets
// they stand for (see data.MatchOutlets), so that "CNN" searches cnn.com.
// A name that matches none is an *UnknownSourceError. Without a store, or
// without names, names are returned as they are.
func (s *Service) resolveSources(ctx context.Context, names []string) ([]string, error) {
	if len(names) == 0 || s.store == nil {
		return names, nil
	}
	outlets, err := s.store.Outlets(ctx, "", nil, 0)
	if err != nil {
		return nil, fmt.Errorf("summarize: sources: %w", err)
	}
	var out []string
	seen := map[string]bool{}
	for _, name := range names {
		if strings.TrimSpace(name) == "" {
			continue
		}
		found := data.MatchOutlets(name, outlets)
		if len(found) == 0 {
			return nil, unknownSource(name, outlets)
		}
		for _, o := range found {
			if !seen[o.Name] {
				seen[o.Name] = true
				out = append(out, o.Name)
			}
		}
	}
	return out, nil
}

func unknownSource(name string, outlets []data.Outlet) *UnknownSourceError {
	e := &UnknownSourceError{Name: strings.TrimSpace(name), Close: true}
	near := data.NearOutlets(name, outlets, nearOutlets)
	if len(near) == 0 {
		// Outlets come with the most articles first.
		e.Close, near = false, outlets[:min(nearOutlets, len(outlets))]
	}
	for _, o := range near {
		e.Near = append(e.Near, o.Name)
	}
	return e
}
