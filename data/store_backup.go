package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to path with SQLite's
// VACUUM INTO: one read transaction, so writers (this process or another)
// carry on meanwhile and the copy holds everything committed when it
// began. The copy is compacted and has no write-ahead log. Backup refuses
// to overwrite an existing file, and a PostgreSQL store (pg_dump backs it
// up).
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.db.d.postgres {
		return errPostgresBackup
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("data: backup: %w", err)
	}
	if _, err := os.Stat(abs); err == nil {
		return fmt.Errorf("data: backup: %s: %w", path, ErrExists)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("data: backup: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		// A half-written copy is no backup.
		os.Remove(abs)
		return fmt.Errorf("data: backup to %s: %w", path, err)
	}
	return nil
}
