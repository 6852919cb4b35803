package connection

import (
	"errors"
	"fmt"
	"strings"

	"httpfromscratch/step1_parse/request"
)

// ErrNotImplemented: a transfer coding this server cannot decode, or a
// method longer than any it implements (501).
var ErrNotImplemented = errors.New("not implemented")

// framing applies RFC 9112 §6.1 and §6.3 to decide how the body ends:
// after length bytes, or at the last chunk. It refuses every ambiguous
// case, because an ambiguity a proxy reads one way and this server
// another is how one request gets smuggled inside another.
func framing(req *request.Request) (length int64, chunked bool, err error) {
	if req.Fields.Count("Transfer-Encoding") == 0 {
		length, err = req.ContentLength()
		return length, false, err
	}
	if req.Minor == 0 {
		// §6.1: HTTP/1.0 has no Transfer-Encoding; its framing is faulty.
		return 0, false, fmt.Errorf("%w: Transfer-Encoding in an HTTP/1.0 request", request.ErrMalformed)
	}
	if req.Fields.Count("Content-Length") > 0 {
		// §6.1: a sender MUST NOT send both; a server ought to treat it
		// as an error and close the connection, which we do.
		return 0, false, fmt.Errorf("%w: both Transfer-Encoding and Content-Length", request.ErrMalformed)
	}
	var codings []string
	for v := range req.Fields.Values("Transfer-Encoding") {
		for _, c := range strings.Split(v, ",") {
			codings = append(codings, strings.Trim(c, " \t"))
		}
	}
	last := codings[len(codings)-1]
	if !strings.EqualFold(last, "chunked") {
		// §6.3: if chunked is not the final coding, the length cannot be
		// known; a server MUST answer 400 and close.
		return 0, false, fmt.Errorf("%w: final transfer coding %q is not chunked", request.ErrMalformed, request.Clip(last))
	}
	for _, c := range codings[:len(codings)-1] {
		if c == "" || strings.EqualFold(c, "chunked") {
			// §6.1: chunked must not be applied twice; an empty member
			// is not a coding at all.
			return 0, false, fmt.Errorf("%w: Transfer-Encoding %q", request.ErrMalformed, request.Clip(req.Get("Transfer-Encoding")))
		}
	}
	if len(codings) > 1 {
		// §6.1: a coding we do not implement before the final chunked
		// (say "gzip, chunked") is answered with 501.
		return 0, false, fmt.Errorf("%w: transfer coding %q", ErrNotImplemented, request.Clip(codings[0]))
	}
	return 0, true, nil
}
