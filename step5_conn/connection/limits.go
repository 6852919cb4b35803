package connection

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"httpfromscratch/step1_parse/request"
)

// Limits bound what one request may make the server hold in memory. The
// tutorial's loop appended recv chunks forever; a client could send an
// endless header and exhaust memory. A zero field means its default.
type Limits struct {
	RequestLine int   // bytes in the request line: 414 past it
	HeaderBytes int   // bytes in the header fields (and chunked trailers): 431
	Body        int64 // bytes in the body: 413
}

// DefaultLimits: RFC 9112 §3 asks a server to take request lines of at
// least 8000 octets; 16 KiB of fields and a 1 MiB body are plenty for JSON.
var DefaultLimits = Limits{RequestLine: 8 << 10, HeaderBytes: 16 << 10, Body: 1 << 20}

// limits is cfg's limits with the defaults filled in.
func (cfg *Config) limits() Limits {
	l := cfg.Limits
	if l.RequestLine <= 0 {
		l.RequestLine = DefaultLimits.RequestLine
	}
	if l.HeaderBytes <= 0 {
		l.HeaderBytes = DefaultLimits.HeaderBytes
	}
	if l.Body <= 0 {
		l.Body = DefaultLimits.Body
	}
	return l
}

// The errors for a request over a limit; StatusOf maps each to its status.
var (
	ErrURITooLong     = errors.New("request line too long")    // 414
	ErrHeaderTooLarge = errors.New("header section too large") // 431
	ErrBodyTooLarge   = errors.New("request body too large")   // 413
)

// requestLine is readLine's fieldsStart for the request line: no field
// has begun.
const requestLine = -1

// readLine appends one line of a head, its LF included, to head. It is
// bufio's ReadSlice('\n') with the limits applied while the line is still
// arriving, so a client cannot make the server hold more than they allow:
// the request line (fieldsStart is requestLine) may grow to
// lim.RequestLine bytes (414 past it, or 501 when the method alone is
// that long), the fields from head[fieldsStart:] on together to
// lim.HeaderBytes (431).
func readLine(br *bufio.Reader, head []byte, fieldsStart int, lim Limits) ([]byte, error) {
	for {
		frag, err := br.ReadSlice('\n')
		head = append(head, frag...)
		switch {
		case fieldsStart == requestLine && len(head) > lim.RequestLine && bytes.IndexByte(head, ' ') < 0:
			// No space yet: it is the method that is too long, longer
			// than any this server implements. RFC 9112 §3: 501.
			return head, fmt.Errorf("%w: a method of more than %d bytes", ErrNotImplemented, lim.RequestLine)
		case fieldsStart == requestLine && len(head) > lim.RequestLine:
			return head, fmt.Errorf("%w: more than %d bytes", ErrURITooLong, lim.RequestLine)
		case fieldsStart != requestLine && len(head)-fieldsStart > lim.HeaderBytes:
			return head, fmt.Errorf("%w: more than %d bytes", ErrHeaderTooLarge, lim.HeaderBytes)
		case err == bufio.ErrBufferFull:
			continue // a line longer than the buffer: keep reading it
		case err == io.EOF:
			return head, fmt.Errorf("%w: connection closed in the middle of a line", request.ErrMalformed)
		}
		return head, err
	}
}

// checkBodyLength refuses a declared body over the limit, before a byte
// of it is read (and before "100 Continue" invites it).
func checkBodyLength(length int64, lim Limits) error {
	if length > lim.Body {
		return fmt.Errorf("%w: Content-Length %d is over the limit of %d bytes", ErrBodyTooLarge, length, lim.Body)
	}
	return nil
}
