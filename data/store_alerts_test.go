package data_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/newsbot/newsbot/data"
)

func TestAlertsAddListRemove(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, path := be.open(t)
		ctx := t.Context()
		at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		a1, err := s.AddAlert(ctx, data.Alert{GuildID: "g1", ChannelID: "c1", Topic: " rail ", CreatedBy: "u1", CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		a2, err := s.AddAlert(ctx, data.Alert{GuildID: "g1", ChannelID: "c2", MinOutlets: 3, CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddAlert(ctx, data.Alert{GuildID: "g2", ChannelID: "c9", MinOutlets: 2, CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
		if a1.Topic != "rail" || a1.ID == 0 || a2.ID == a1.ID {
			t.Errorf("added %+v and %+v", a1, a2)
		}
		s = be.reopen(t, path) // alerts outlive the process
		got, err := s.GuildAlerts(ctx, "g1")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, []data.Alert{a1, a2}) {
			t.Errorf("GuildAlerts = %+v, want %+v", got, []data.Alert{a1, a2})
		}
		if all, err := s.Alerts(ctx); err != nil || len(all) != 3 {
			t.Errorf("Alerts = %d, %v; want 3", len(all), err)
		}
		if err := s.RemoveAlert(ctx, "g2", a1.ID); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("another server removed g1's alert: %v", err)
		}
		if err := s.RemoveAlert(ctx, "g1", a1.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GuildAlerts(ctx, "g1"); len(got) != 1 || got[0].ID != a2.ID {
			t.Errorf("after remove: %+v", got)
		}
	})
}

func TestAddAlertValidates(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		for name, a := range map[string]data.Alert{
			"no guild":     {ChannelID: "c", Topic: "x"},
			"no channel":   {GuildID: "g", Topic: "x"},
			"no condition": {GuildID: "g", ChannelID: "c", Topic: "  "},
			"negative":     {GuildID: "g", ChannelID: "c", Topic: "x", MinOutlets: -1},
		} {
			if _, err := s.AddAlert(t.Context(), a); err == nil {
				t.Errorf("%s: AddAlert accepted %+v", name, a)
			}
		}
	})
}

func TestClaimAlertStory(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		a, err := s.AddAlert(ctx, data.Alert{GuildID: "g1", ChannelID: "c1", MinOutlets: 2})
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.ClaimAlertStory(ctx, a.ID, []string{"a1", "a2"}, at, time.Time{})
		if err != nil || !c.New || !reflect.DeepEqual(c.Added, []string{"a1", "a2"}) {
			t.Fatalf("first claim = %+v, %v", c, err)
		}
		if err := s.SetAlertPost(ctx, c.Post.ID, "m1", []byte(`{"h":1}`)); err != nil {
			t.Fatal(err)
		}
		// The same story again, with a new article: the post gets the article.
		c2, err := s.ClaimAlertStory(ctx, a.ID, []string{"a3", "a2", "a1"}, at.Add(time.Hour), time.Time{})
		if err != nil || c2.New || !reflect.DeepEqual(c2.Added, []string{"a3"}) {
			t.Fatalf("second claim = %+v, %v", c2, err)
		}
		if c2.Post.ID != c.Post.ID || c2.Post.MessageID != "m1" || string(c2.Post.Body) != `{"h":1}` ||
			!reflect.DeepEqual(c2.Post.ArticleIDs, []string{"a1", "a2", "a3"}) || !c2.Post.PostedAt.Equal(at) {
			t.Errorf("second claim's post = %+v", c2.Post)
		}
		// Nothing new: nothing added.
		if c3, err := s.ClaimAlertStory(ctx, a.ID, []string{"a1"}, at, time.Time{}); err != nil || c3.New || len(c3.Added) != 0 {
			t.Errorf("third claim = %+v, %v", c3, err)
		}
		// Another alert sees the story afresh.
		b, _ := s.AddAlert(ctx, data.Alert{GuildID: "g2", ChannelID: "c2", MinOutlets: 2})
		if c4, err := s.ClaimAlertStory(ctx, b.ID, []string{"a1"}, at, time.Time{}); err != nil || !c4.New {
			t.Errorf("other alert's claim = %+v, %v", c4, err)
		}
		// A post released after a failure is claimed anew.
		c5, _ := s.ClaimAlertStory(ctx, a.ID, []string{"b1"}, at, time.Time{})
		if err := s.ReleaseAlertPost(ctx, c5.Post.ID); err != nil {
			t.Fatal(err)
		}
		if c6, err := s.ClaimAlertStory(ctx, a.ID, []string{"b1"}, at, time.Time{}); err != nil || !c6.New {
			t.Errorf("claim after release = %+v, %v", c6, err)
		}
		if _, err := s.ClaimAlertStory(ctx, a.ID, nil, at, time.Time{}); err == nil {
			t.Error("claimed a story of no articles")
		}
		if _, err := s.ClaimAlertStory(ctx, 9999, []string{"a1"}, at, time.Time{}); err == nil {
			t.Error("claimed a story for an alert that does not exist")
		}
		// Removing the alert forgets its posts.
		if err := s.RemoveAlert(ctx, "g1", a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AlertPost(ctx, c.Post.ID); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("post of a removed alert: %v", err)
		}
	})
}

// TestClaimAlertStoryTakesOverAnAbandonedClaim checks that a claim left
// without a message, as a process killed between its claim and its post
// leaves it, passes to a later claim once older than abandoned, and that
// a posted story and a claim still in time never do.
func TestClaimAlertStoryTakesOverAnAbandonedClaim(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, _ := be.open(t)
		ctx := t.Context()
		at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		a, err := s.AddAlert(ctx, data.Alert{GuildID: "g1", ChannelID: "c1", MinOutlets: 2})
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.ClaimAlertStory(ctx, a.ID, []string{"a1"}, at, time.Time{})
		if err != nil || !c.New {
			t.Fatalf("first claim = %+v, %v", c, err)
		}
		// A check a minute later, while the claim is in time (abandoned is
		// before it): the story is being posted.
		later := at.Add(time.Minute)
		if c2, err := s.ClaimAlertStory(ctx, a.ID, []string{"a1", "a2"}, later, at.Add(-time.Second)); err != nil || c2.New || !reflect.DeepEqual(c2.Added, []string{"a2"}) {
			t.Fatalf("claim while the first is in time = %+v, %v", c2, err)
		}
		// Three minutes on, with no message: abandoned, and taken over.
		late := at.Add(3 * time.Minute)
		c3, err := s.ClaimAlertStory(ctx, a.ID, []string{"a1", "a2", "a3"}, late, late.Add(-90*time.Second))
		if err != nil || !c3.New || c3.Post.ID != c.Post.ID || !c3.Post.PostedAt.Equal(late) || !reflect.DeepEqual(c3.Added, []string{"a3"}) {
			t.Fatalf("claim of the abandoned post = %+v, %v", c3, err)
		}
		if !reflect.DeepEqual(c3.Post.ArticleIDs, []string{"a1", "a2", "a3"}) {
			t.Errorf("the taken post covers %v", c3.Post.ArticleIDs)
		}
		// Taken over, it is in time again: another check right after waits.
		if c4, err := s.ClaimAlertStory(ctx, a.ID, []string{"a1"}, late, late.Add(-90*time.Second)); err != nil || c4.New {
			t.Errorf("claim right after the takeover = %+v, %v", c4, err)
		}
		// Once posted, never again, however old.
		if err := s.SetAlertPost(ctx, c.Post.ID, "m1", []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
		if c5, err := s.ClaimAlertStory(ctx, a.ID, []string{"a1"}, late.Add(time.Hour), late.Add(time.Hour)); err != nil || c5.New || c5.Post.MessageID != "m1" {
			t.Errorf("claim of a posted story = %+v, %v", c5, err)
		}
	})
}

func TestClaimAlertStoryOnceUnderConcurrency(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		s, path := be.open(t)
		other := be.reopen(t, path)
		a, err := s.AddAlert(t.Context(), data.Alert{GuildID: "g1", ChannelID: "c1", MinOutlets: 2})
		if err != nil {
			t.Fatal(err)
		}
		const claimers = 8
		news := make(chan bool, claimers)
		for i := range claimers {
			st := s
			if i%2 == 1 {
				st = other
			}
			// Overlapping views of one story, as two ticks may group it.
			ids := []string{"x1", "x2"}
			if i%3 == 0 {
				ids = []string{"x2", "x3"}
			}
			go func() {
				c, err := st.ClaimAlertStory(t.Context(), a.ID, ids, time.Now(), time.Time{})
				if err != nil {
					t.Errorf("ClaimAlertStory: %v", err)
				}
				news <- c.New
			}()
		}
		n := 0
		for range claimers {
			if <-news {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d claimers posted the story, want exactly 1", n)
		}
	})
}
