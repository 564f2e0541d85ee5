package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/newsbot/newsbot/data"
)

// A scheduled digest or an alert's story is claimed in the store so that
// it is posted once, but Discord can accept a post whose answer the bot
// never gets: the process dies before its claim of a digest commits, or
// the answer to an alert's post is lost and its claim released, and the
// post is made again. So such a post is named by a key (digestKey,
// alertKey), and each of its messages is sent with a nonce derived from
// the key and the message's place in the post, with enforce_nonce set:
// Discord answers a message whose nonce the bot used in the channel in
// the past few minutes with the earlier message and creates none. A post
// repeated later than that is posted twice.

// digestKey names the scheduled digest of guildID's slot.
func digestKey(guildID string, slot time.Time) string {
	return "digest " + guildID + " " + strconv.FormatInt(slot.Unix(), 10)
}

// alertKey names the post of a story for an alert: the story is its
// earliest article (ties broken by ID), which later coverage rarely
// changes, while its lead and its claim's ID may. A story of no articles
// has no key.
func alertKey(alertID int64, arts []data.Article) string {
	if len(arts) == 0 {
		return ""
	}
	first := arts[0]
	for _, a := range arts[1:] {
		if a.Published.Before(first.Published) || a.Published.Equal(first.Published) && a.ID < first.ID {
			first = a
		}
	}
	return "alert " + strconv.FormatInt(alertID, 10) + " " + first.ID
}

// postNonce is the nonce of the part-th message (0 the first) of the post
// named key: 24 hex digits of a hash, within Discord's 25 characters.
func postNonce(key string, part int) string {
	sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(part)))
	return hex.EncodeToString(sum[:12])
}

// onceMessage is a message create with a nonce that Discord enforces;
// discordgo's MessageSend has no field for either.
type onceMessage struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

// sendMessage posts m in channelID, as the part-th message of the post
// named key; with key empty it is a message of its own, which posting
// again posts again. Its errors are Discord's.
func sendMessage(ctx context.Context, s *discordgo.Session, channelID, key string, part int, m discordMessage) (*discordgo.Message, error) {
	p := messageSend(m)
	if key == "" {
		return s.ChannelMessageSendComplex(channelID, p, discordgo.WithContext(ctx))
	}
	// As ChannelMessageSendComplex does: Discord wants each embed's type.
	for _, e := range p.Embeds {
		if e.Type == "" {
			e.Type = discordgo.EmbedTypeRich
		}
	}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	body := onceMessage{MessageSend: p, Nonce: postNonce(key, part), EnforceNonce: true}
	raw, err := s.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	var msg discordgo.Message
	if err := json.Unmarshal(raw, &msg); err != nil {
		return nil, fmt.Errorf("decode message: %w", err)
	}
	return &msg, nil
}
