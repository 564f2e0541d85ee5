package bot

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"

	"github.com/newsbot/newsbot/data"
)

// storyBook remembers the thread opened in each channel for each digest
// story, so that more clicks on a story's button lead to its thread
// instead of writing the story again in a new public thread. Opened
// threads are also recorded in the store, next to the Sources buttons'
// citations and pruned with them, so a restart keeps them: a story is
// forgotten only after many newer answers.
type storyBook struct {
	store SourceStore // nil: memory only
	log   *slog.Logger
	mu    sync.Mutex
	max   int
	order []string          // oldest first
	m     map[string]string // key → thread ID, "" while it is being opened
}

func newStoryBook(max int, store SourceStore, log *slog.Logger) *storyBook {
	return &storyBook{store: store, log: log, max: max, m: map[string]string{}}
}

// storyKey names a story in a channel.
func storyKey(channelID, articleID string) string { return channelID + "/" + articleID }

// storedKey is a story's key in the store, apart from the Sources keys
// (which are random base32 and have no colon).
func storedKey(key string) string { return "story:" + key }

// storedStory is a story's thread as stored.
type storedStory struct {
	Thread string `json:"thread"`
}

// claim returns the thread of the story at key, with taken set, when one
// is open or being opened; otherwise it marks the story as being opened
// by the caller, who must then call opened or release.
func (sb *storyBook) claim(ctx context.Context, key string) (threadID string, taken bool) {
	sb.mu.Lock()
	th, ok := sb.m[key]
	sb.mu.Unlock()
	if ok {
		return th, true
	}
	if th := sb.load(ctx, key); th != "" {
		sb.mu.Lock()
		defer sb.mu.Unlock()
		if _, ok := sb.m[key]; !ok {
			sb.insert(key, th)
		}
		return sb.m[key], true
	}
	sb.mu.Lock()
	defer sb.mu.Unlock()
	if th, ok := sb.m[key]; ok {
		// Another click claimed it while the store was read.
		return th, true
	}
	sb.insert(key, "")
	return "", false
}

// insert adds key, forgetting the oldest beyond max; the caller holds
// sb.mu.
func (sb *storyBook) insert(key, threadID string) {
	if len(sb.order) >= sb.max {
		delete(sb.m, sb.order[0])
		sb.order = sb.order[1:]
	}
	sb.m[key] = threadID
	sb.order = append(sb.order, key)
}

// load returns the thread the store records for key, or "".
func (sb *storyBook) load(ctx context.Context, key string) string {
	if sb.store == nil {
		return ""
	}
	raw, err := sb.store.BotSources(ctx, storedKey(key))
	if errors.Is(err, data.ErrNotFound) {
		return ""
	}
	var st storedStory
	if err == nil {
		err = json.Unmarshal(raw, &st)
	}
	if err != nil {
		sb.log.WarnContext(ctx, "bot: load story thread", "story", key, "err", err)
		return ""
	}
	return st.Thread
}

// opened records the thread opened for a claimed story.
func (sb *storyBook) opened(ctx context.Context, key, threadID string) {
	sb.mu.Lock()
	if _, ok := sb.m[key]; ok {
		sb.m[key] = threadID
	}
	sb.mu.Unlock()
	if sb.store == nil {
		return
	}
	raw, err := json.Marshal(storedStory{Thread: threadID})
	if err == nil {
		err = sb.store.PutBotSources(ctx, storedKey(key), raw, maxSources)
	}
	if err != nil {
		sb.log.WarnContext(ctx, "bot: save story thread", "story", key, "thread", threadID, "err", err)
	}
}

// release forgets a claimed story whose thread could not be opened.
func (sb *storyBook) release(key string) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	if sb.m[key] != "" {
		return
	}
	delete(sb.m, key)
	for i, k := range sb.order {
		if k == key {
			sb.order = append(sb.order[:i], sb.order[i+1:]...)
			break
		}
	}
}
