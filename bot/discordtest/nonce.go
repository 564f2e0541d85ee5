package discordtest

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// NonceWindow is how long after a message was created a create with the
// same nonce, enforce_nonce set, by the same author in the same channel
// gets that message back instead of a new one. Discord says "the past few
// minutes"; the fake measures it with Options.Now.
const NonceWindow = 5 * time.Minute

// maxNonce is the longest nonce Discord accepts, in characters.
const maxNonce = 25

// nonceKey is what a message's nonce is unique within.
type nonceKey struct {
	channelID, authorID, nonce string
}

// sentNonce is the message created with a nonce, and when.
type sentNonce struct {
	messageID string
	at        time.Time
}

// messageNonce returns the nonce of a message create as a string (Discord
// takes a string or an integer) and whether enforce_nonce asks that it be
// unique, or the error Discord gives for a malformed one.
func messageNonce(body map[string]any) (nonce string, enforce bool, e *apiErr) {
	switch v := body["nonce"].(type) {
	case nil:
	case string:
		nonce = v
	case float64:
		if v != float64(int64(v)) {
			return "", false, invalidForm("nonce", "NUMBER_TYPE_COERCE", "Value is not int.")
		}
		nonce = strconv.FormatInt(int64(v), 10)
	default:
		return "", false, invalidForm("nonce", "BASE_TYPE_BAD_TYPE", "Must be a string or an integer.")
	}
	if utf8.RuneCountInString(nonce) > maxNonce {
		return "", false, invalidForm("nonce", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
	}
	switch v := body["enforce_nonce"].(type) {
	case nil:
	case bool:
		enforce = v
	default:
		return "", false, invalidForm("enforce_nonce", "BASE_TYPE_BOOLEAN", "Must be either true or false.")
	}
	return nonce, enforce && nonce != "", nil
}

// nonceMessageLocked returns the message created with k within
// NonceWindow of now, if there is one still standing.
func (s *Server) nonceMessageLocked(k nonceKey, now time.Time) (map[string]any, bool) {
	sent, ok := s.st.nonces[k]
	if !ok || now.Sub(sent.at) >= NonceWindow || s.st.deleted[sent.messageID] {
		return nil, false
	}
	m, ok := s.st.messages[sent.messageID]
	return m, ok
}
