package bot

import "sync"

// storyBook remembers the thread opened in each channel for each digest
// story, so that more clicks on a story's button lead to its thread
// instead of writing the story again in a new public thread. It is kept
// in memory only: after a restart a click opens a new thread.
type storyBook struct {
	mu    sync.Mutex
	max   int
	order []string          // oldest first
	m     map[string]string // key → thread ID, "" while it is being opened
}

func newStoryBook(max int) *storyBook {
	return &storyBook{max: max, m: map[string]string{}}
}

// storyKey names a story in a channel.
func storyKey(channelID, articleID string) string { return channelID + "/" + articleID }

// claim returns the thread of the story at key, with taken set, when one
// is open or being opened; otherwise it marks the story as being opened
// by the caller, who must then call opened or release.
func (sb *storyBook) claim(key string) (threadID string, taken bool) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	if th, ok := sb.m[key]; ok {
		return th, true
	}
	if len(sb.order) >= sb.max {
		delete(sb.m, sb.order[0])
		sb.order = sb.order[1:]
	}
	sb.m[key] = ""
	sb.order = append(sb.order, key)
	return "", false
}

// opened records the thread opened for a claimed story.
func (sb *storyBook) opened(key, threadID string) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	if _, ok := sb.m[key]; ok {
		sb.m[key] = threadID
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
