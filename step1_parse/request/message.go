package request

import (
	"fmt"
	"strings"
)

// This file holds what a response's head shares with a request's, so that
// reading one (step 2's response.Read, step 7's checker, step 5's trace)
// is the mirror of parsing the other: the start line, then field lines
// (fields.go, ParseField), the empty line, and a body or none.

// ParseStatusLine splits a response's first line (RFC 9112 §4), the mirror
// of the request line:
//
//	"HTTP/1.1 200 OK"  -> "HTTP/1.1", 200, "OK"
//	"HTTP/1.1 204 "    -> "HTTP/1.1", 204, ""
func ParseStatusLine(line string) (version string, status int, reason string, err error) {
	version, rest, ok := strings.Cut(line, " ")
	code, reason, _ := strings.Cut(rest, " ")
	if !ok || !strings.HasPrefix(version, "HTTP/") || len(code) != 3 || !isDigit(code[0]) || !isDigit(code[1]) || !isDigit(code[2]) {
		return "", 0, "", fmt.Errorf("%w: %q is not a status line (HTTP-version SP 3DIGIT SP reason)", ErrMalformed, Clip(line))
	}
	status = int(code[0]-'0')*100 + int(code[1]-'0')*10 + int(code[2]-'0')
	return version, status, reason, nil
}

// HasBody reports whether a response with status, to a request made with
// method, has a body after its head (RFC 9110 §6.4.1, RFC 9112 §6.3): an
// answer to HEAD has none, nor has an interim answer (1xx), 204 No
// Content or 304 Not Modified. Pass "" for method when it is not known.
func HasBody(method string, status int) bool {
	return method != "HEAD" && status >= 200 && status != 204 && status != 304
}
