package data

import "testing"

func TestRebind(t *testing.T) {
	tests := []struct{ in, sqlite, postgres string }{
		{"SELECT 1", "SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = ? AND b = ?", "a = $1 AND b = $2"},
		{"VALUES (?1, ?2, COALESCE(?1, ?12))", "VALUES (?1, ?2, COALESCE(?1, ?12))", "VALUES ($1, $2, COALESCE($1, $12))"},
		{"x = '?' AND y = ?", "x = '?' AND y = ?", "x = '?' AND y = $1"},
		{"x = 'it''s ?' AND y = ?", "x = 'it''s ?' AND y = ?", "x = 'it''s ?' AND y = $1"},
		{`"odd?col" = ?`, `"odd?col" = ?`, `"odd?col" = $1`},
		{"a = ? -- why?\nAND b = ?", "a = ? -- why?\nAND b = ?", "a = $1 -- why?\nAND b = $2"},
		{"a = ? -- trailing?", "a = ? -- trailing?", "a = $1 -- trailing?"},
		{"x = 'unterminated ?", "x = 'unterminated ?", "x = 'unterminated ?"},
	}
	for _, tt := range tests {
		if got := sqliteDialect.rebind(tt.in); got != tt.sqlite {
			t.Errorf("sqlite rebind(%q) = %q, want %q", tt.in, got, tt.sqlite)
		}
		if got := postgresDialect.rebind(tt.in); got != tt.postgres {
			t.Errorf("postgres rebind(%q) = %q, want %q", tt.in, got, tt.postgres)
		}
	}
}

func TestRedactDSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://newsbot:s3cret@db.example:5432/newsbot", "postgres://newsbot:xxxxx@db.example:5432/newsbot"},
		{"postgres://db.example/newsbot?password=s3cret&sslmode=require", "postgres://db.example/newsbot?password=xxxxx&sslmode=require"},
		{"postgres://newsbot@db.example/newsbot", "postgres://newsbot@db.example/newsbot"},
	}
	for _, tt := range tests {
		if got := redactDSN(tt.in); got != tt.want {
			t.Errorf("redactDSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
