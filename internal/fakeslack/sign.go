package fakeslack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
)

// Sign sets the headers Slack puts on a request it sends: the timestamp and the v0
// signature, hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body)).
func Sign(h http.Header, secret string, ts int64, body []byte) {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "v0:%d:%s", ts, body)
	h.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(m.Sum(nil)))
}
