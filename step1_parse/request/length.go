package request

import (
	"fmt"
)

// ContentLength returns the body length the request declares, 0 when it
// declares none.
//
// The tutorial's int(headers.get("content-length", 0)) takes whatever the
// last such field said and crashes on "abc". Here the value must be plain
// digits (RFC 9110 §8.6: no sign, no spaces inside), and several fields
// must agree: two different lengths are the classic request-smuggling
// trick, where a proxy and a server each believe a different one (RFC 9112
// §6.3, and net/http's fixLength). Repeated identical values are accepted,
// as RFC 9110 §8.6 allows.
func (r *Request) ContentLength() (int64, error) { return r.Fields.ContentLength() }

// ContentLength is the rule of [Request.ContentLength] for any message's
// fields: step 2's response reader frames a response body by it too.
func (fs Fields) ContentLength() (int64, error) {
	var n int64
	seen := false
	for value := range fs.Values("Content-Length") {
		v, err := parseLength(value)
		if err != nil {
			return 0, err
		}
		if seen && v != n {
			return 0, fmt.Errorf("%w: differing Content-Length values %d and %d", ErrMalformed, n, v)
		}
		n, seen = v, true
	}
	return n, nil
}

// parseLength reads 1*DIGIT into an int64, refusing overflow.
func parseLength(s string) (int64, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: empty Content-Length", ErrMalformed)
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, fmt.Errorf("%w: Content-Length %q is not a number", ErrMalformed, Clip(s))
		}
		if n > (1<<63-1-9)/10 {
			return 0, fmt.Errorf("%w: Content-Length %q is too large to represent", ErrMalformed, Clip(s))
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, nil
}
