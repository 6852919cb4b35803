package connection

import (
	"bufio"
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

// maxEmptyLines is how many empty lines may come before a request line.
// RFC 9112 §2.2 asks a server to ignore at least one (some clients send a
// CRLF after a body); a stream of them is not a request.
const maxEmptyLines = 8

// skipEmptyLines drops the empty lines before a request, while the
// connection is still idle: a stray CRLF is not the start of a request,
// and must not start the header timeout. More than maxEmptyLines are
// left for readHead to refuse.
func skipEmptyLines(br *bufio.Reader) error {
	for range maxEmptyLines {
		b, err := br.Peek(1)
		if err != nil || b[0] != '\r' {
			return err
		}
		if b, err = br.Peek(2); err != nil || b[1] != '\n' {
			return err // a bare CR: readHead refuses it
		}
		br.Discard(2)
	}
	return nil
}

// readHead reads a request's head, up to and including the empty line
// that ends it, appending to buf. It never holds more than the limits
// allow: a line is checked while it is still arriving.
func readHead(br *bufio.Reader, buf []byte, lim Limits) ([]byte, error) {
	lineStart := 0    // where the current line starts in buf
	fieldsStart := -1 // where the header fields start; -1 while in the request line
	for {
		frag, err := br.ReadSlice('\n')
		buf = append(buf, frag...)
		if fieldsStart < 0 && len(buf) > lim.RequestLine {
			return buf, fmt.Errorf("%w: more than %d bytes", ErrURITooLong, lim.RequestLine)
		}
		if fieldsStart >= 0 && len(buf)-fieldsStart > lim.HeaderBytes {
			return buf, fmt.Errorf("%w: more than %d bytes", ErrHeaderTooLarge, lim.HeaderBytes)
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue // a long line: keep reading it
		case err == io.EOF:
			return buf, fmt.Errorf("%w: connection closed in the middle of the head", request.ErrMalformed)
		case err != nil:
			return buf, err
		}
		line := buf[lineStart:]
		isEmpty := len(line) <= 2 && (len(line) == 1 || line[0] == '\r')
		switch {
		case isEmpty && fieldsStart < 0:
			return buf, fmt.Errorf("%w: more than %d empty lines before the request line", request.ErrMalformed, maxEmptyLines)
		case isEmpty:
			return buf, nil
		case fieldsStart < 0:
			fieldsStart = len(buf)
		}
		lineStart = len(buf)
	}
}
