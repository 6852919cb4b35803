package connection

import (
	"sync/atomic"
	"time"
)

// The Date field (RFC 9110 §6.6.1) in IMF-fixdate, the one format a
// server may send: "Sun, 06 Nov 1994 08:49:37 GMT".
const imfFixdate = "Mon, 02 Jan 2006 15:04:05 GMT"

// httpDate formats t as IMF-fixdate. The text changes once a second, so it
// is formatted once a second and shared by every response in that second,
// instead of a Format and an allocation a response. What that earns is
// measured in full/README.md ("What makes it fast").
func httpDate(t time.Time) string {
	sec := t.Unix()
	if d := lastDate.Load(); d != nil && d.unix == sec {
		return d.text
	}
	d := &cachedDate{sec, t.UTC().Format(imfFixdate)}
	lastDate.Store(d)
	return d.text
}

type cachedDate struct {
	unix int64
	text string
}

var lastDate atomic.Pointer[cachedDate]
