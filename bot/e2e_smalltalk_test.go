package bot_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/bot/discordtest"
	"github.com/newsbot/newsbot/summarize"
)

// askRecorder is a Service that records the questions it is asked.
type askRecorder struct {
	bot.Service
	mu        sync.Mutex
	questions []string
}

func (r *askRecorder) Ask(ctx context.Context, req summarize.AskRequest) (summarize.Answer, error) {
	r.mu.Lock()
	r.questions = append(r.questions, req.Question)
	r.mu.Unlock()
	return r.Service.Ask(ctx, req)
}

func (r *askRecorder) asked() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.questions)
}

// edited waits for the bot's final edit of a message in channelID whose
// text contains want, and returns that text.
func (h *harness) edited(t *testing.T, channelID, want string) string {
	t.Helper()
	r := h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.HasPrefix(r.Path, "/channels/"+channelID+"/messages/") && strings.Contains(embedText(r.Body), want)
	})
	return embedText(r.Body)
}

func TestChitChatIsAnsweredInTheChannelAndLeftAloneInThreads(t *testing.T) {
	stack := sampleStack(t, func() time.Time { return asOf })
	svc := &askRecorder{Service: stack.Service}
	h := startBot(t, nil, svc, stack.Store, nil)

	// "@newsbot hi" gets the friendly reply where it was said.
	hi := h.srv.Message(guild, channel, alice, "hi", true)
	if text := h.edited(t, channel, "I'm newsbot"); !strings.Contains(text, "/digest") {
		t.Errorf("reply to hi %q does not say what the bot does", text)
	}
	if _, ok := h.srv.Channel(hi.ID); ok {
		t.Error("a thread was started for hi")
	}

	// A question starts a thread the bot follows.
	q := h.srv.Message(guild, channel, alice, "Why is the Eastgate Bridge closed?", true)
	h.edited(t, q.ID, "Eastgate")
	// Acknowledgements there are for the people in it: no reply.
	for _, ack := range []string{"thanks!", "lol", "ok 👍", "see you all tomorrow"} {
		h.srv.Message(guild, q.ID, alice, ack, false)
	}
	// Thanks with a mention are for the bot: a reaction, not a message
	// in the thread. A follow-up question is still answered.
	thanks := h.srv.Message(guild, q.ID, alice, "thanks", true)
	h.reacted(t, q.ID, thanks, "👍")
	h.srv.Message(guild, q.ID, alice, "And did the rail bill pass?", false)
	h.edited(t, q.ID, "212 votes")

	asked := svc.asked()
	slices.Sort(asked)
	want := []string{"And did the rail bill pass?", "Why is the Eastgate Bridge closed?", "hi"}
	if !slices.Equal(asked, want) {
		t.Errorf("asked %q, want %q: acknowledgements in the thread are not asked", asked, want)
	}
	placeholders := 0
	for _, r := range h.srv.Requests() {
		if r.Method == "POST" && r.Path == "/channels/"+q.ID+"/messages" {
			placeholders++
		}
	}
	if placeholders != 2 {
		t.Errorf("%d messages posted in the thread, want 2 (the question, the follow-up)", placeholders)
	}
	checkNoPings(t, h.srv)
}

// reacted waits for the bot's reaction emoji to message m in channelID.
func (h *harness) reacted(t *testing.T, channelID string, m *discordgo.Message, emoji string) {
	t.Helper()
	h.srv.WaitFor(t, func(r discordtest.Request) bool {
		return r.Method == "PUT" && r.Path == "/channels/"+channelID+"/messages/"+m.ID+"/reactions/"+emoji+"/@me" && r.Status == 204
	})
}

// answeredIn waits for the bot's reply to message m in channelID: the
// placeholder it posts as a reply to m.
func (h *harness) answeredIn(t *testing.T, channelID string, m *discordgo.Message) {
	t.Helper()
	h.srv.WaitFor(t, func(r discordtest.Request) bool {
		ref, _ := r.Body["message_reference"].(map[string]any)
		return r.Method == "POST" && r.Path == "/channels/"+channelID+"/messages" && ref["message_id"] == m.ID
	})
}

func TestThreadAnswersQuestionsAndRepliesNotChatter(t *testing.T) {
	stack := sampleStack(t, func() time.Time { return asOf })
	svc := &askRecorder{Service: stack.Service}
	h := startBot(t, nil, svc, stack.Store, nil)
	bob := discordtest.UserSpec{ID: "700000000000000003", Name: "bob"}
	h.srv.AddMember(guild, bob)

	q := h.srv.Message(guild, channel, alice, "Why is the Eastgate Bridge closed?", true)
	h.edited(t, q.ID, "Eastgate")
	var answer string
	for _, m := range h.srv.ChannelMessages(q.ID) {
		if a, _ := m["author"].(map[string]any); a["id"] == h.srv.BotUserID() {
			answer = m["id"].(string)
		}
	}
	// Members talking among themselves: small talk, remarks, a greeting.
	chatter := []string{
		"lol thanks, see you all tomorrow",
		"I think the council is wrong about this",
		"my brother drives over that bridge every day",
		"hi everyone",
	}
	for _, c := range chatter {
		h.srv.Message(guild, q.ID, bob, c, false)
	}
	// Thanks in reply to the bot get a reaction, and only they.
	thanks := h.srv.Reply(guild, q.ID, alice, "thanks, that helps", answer, false)
	h.reacted(t, q.ID, thanks, "👍")

	// A question without a question mark, and a remark made as a reply to
	// the bot's answer, are for the bot.
	who := h.srv.Message(guild, q.ID, bob, "who pays for the repairs", false)
	h.answeredIn(t, q.ID, who)
	more := h.srv.Reply(guild, q.ID, alice, "the trucks then", answer, false)
	h.answeredIn(t, q.ID, more)
	h.shutdown()

	asked := svc.asked()
	slices.Sort(asked)
	want := []string{"Why is the Eastgate Bridge closed?", "the trucks then", "who pays for the repairs"}
	if !slices.Equal(asked, want) {
		t.Errorf("asked %q, want %q: chatter in the thread is left alone", asked, want)
	}
	for _, r := range h.srv.Requests() {
		if r.Method == "PUT" && strings.Contains(r.Path, "/reactions/") && !strings.Contains(r.Path, "/messages/"+thanks.ID+"/") {
			t.Errorf("reaction %s: only the thanks to the bot get one", r.Path)
		}
	}
	checkNoPings(t, h.srv)
}
