package request

import "errors"

// The errors Parse and ParseHead return wrap one of these, so the
// connection layer (step 5) can pick a status with errors.Is in one place
// while the message still says exactly what was wrong.
var (
	// ErrMalformed: the bytes are not a valid HTTP/1.1 request (400).
	ErrMalformed = errors.New("malformed request")
	// ErrVersion: a well-formed version this server does not speak,
	// such as HTTP/2.0 on a plain-text connection (505).
	ErrVersion = errors.New("HTTP version not supported")
)
