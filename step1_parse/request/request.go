// Package request is step 1 of the tutorial, parse_request: it turns the raw
// bytes of an HTTP/1.1 request into a method, a target, a version, header
// fields and a body.
//
// A request on the wire looks like this (every line ends in CRLF, and an
// empty line ends the header section):
//
//	GET /tasks?status=done HTTP/1.1\r\n   <- request line
//	Host: localhost:8000\r\n              <- header fields
//	User-Agent: curl\r\n
//	\r\n                                  <- empty line
//	                                      <- body: Content-Length bytes
//
// The tutorial's parse_request finds "\r\n\r\n", splits the head into lines
// and cuts the body at Content-Length. [Parse] does the same, but a malformed
// request is an error value, never a panic or a silently empty field. The
// strict syntax rules live in syntax.go, Content-Length in length.go.
package request

import (
	"bytes"
	"fmt"
	"strings"
)

// Header is one header field line, as it was received.
type Header struct {
	Name  string // "Content-Type"
	Value string // "application/json", surrounding whitespace removed
}

// String shows the field as it stands on the wire, without the CRLF.
func (h Header) String() string { return h.Name + ": " + h.Value }

// Request is a parsed HTTP request.
//
// Unlike the tutorial's dict, header fields keep their order and their
// spelling; [Request.Get] compares names case-insensitively, as HTTP wants.
// All strings point into one copy of the head, so parsing a request costs
// one allocation for the text and one for the fields, whatever their
// number; a connection reuses its Request, and then only the text is new.
type Request struct {
	Method  string   // "GET"
	Target  string   // "/tasks?status=done", exactly as sent
	Version string   // "HTTP/1.1"
	Headers []Header // in the order received
	Body    []byte

	// Minor is the minor version: 0 for HTTP/1.0, 1 for HTTP/1.1 and for
	// any later HTTP/1.x, which RFC 9110 §6.2 lets us serve as 1.1.
	Minor int
}

// Parse is the tutorial's parse_request: raw holds one whole request, head
// and body. The body is cut at Content-Length; Transfer-Encoding is framing
// for a live connection and is read by step 5, so Parse refuses it.
func Parse(raw []byte) (*Request, error) {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		if i := bytes.IndexByte(raw, '\n'); i >= 0 && (i == 0 || raw[i-1] != '\r') {
			return nil, fmt.Errorf("%w: bare LF at byte %d: lines must end in CRLF", ErrMalformed, i)
		}
		return nil, fmt.Errorf("%w: no empty line ends the header section", ErrMalformed)
	}
	r := new(Request)
	if err := r.ParseHead(raw[:end+4]); err != nil {
		return nil, err
	}
	if r.Get("Transfer-Encoding") != "" {
		return nil, fmt.Errorf("%w: Parse reads Content-Length bodies only", ErrMalformed)
	}
	n, err := r.ContentLength()
	if err != nil {
		return nil, err
	}
	body := raw[end+4:]
	if int64(len(body)) < n {
		return nil, fmt.Errorf("%w: body has %d bytes, Content-Length says %d", ErrMalformed, len(body), n)
	}
	if n > 0 {
		r.Body = body[:n]
	}
	return r, nil
}

// ParseHead parses a request's head: the request line, the header fields
// and the empty line that ends them, each line ending in CRLF. It fills r,
// reusing r's storage, and leaves r.Body alone.
//
//	"GET /health HTTP/1.1\r\nHost: a\r\n\r\n" -> GET, /health, HTTP/1.1, [Host: a]
func (r *Request) ParseHead(head []byte) error {
	s := string(head) // the one copy every field points into
	line, rest, ok := cutLine(s)
	if !ok {
		return lineError(s)
	}
	if err := r.parseRequestLine(line); err != nil {
		return err
	}
	// Room for every field line in one allocation, kept when r is
	// reused for the next request on a connection.
	if n := strings.Count(rest, "\n") - 1; n > cap(r.Headers) {
		r.Headers = make([]Header, 0, n)
	} else {
		r.Headers = r.Headers[:0]
	}
	for {
		var next string
		if line, next, ok = cutLine(rest); !ok {
			return lineError(rest)
		}
		rest = next
		if line == "" {
			break
		}
		h, err := parseField(line)
		if err != nil {
			return err
		}
		r.Headers = append(r.Headers, h)
	}
	if rest != "" {
		return fmt.Errorf("%w: %d bytes after the empty line that ends the head", ErrMalformed, len(rest))
	}
	return r.checkHost()
}

// cutLine splits s at the first CRLF. ok is false when s holds no CRLF or
// the first line ends in a bare LF.
func cutLine(s string) (line, rest string, ok bool) {
	i := strings.IndexByte(s, '\n')
	if i < 1 || s[i-1] != '\r' {
		return "", "", false
	}
	return s[:i-1], s[i+1:], true
}

// lineError explains why cutLine failed on s.
func lineError(s string) error {
	if strings.IndexByte(s, '\n') >= 0 {
		return fmt.Errorf("%w: bare LF: lines must end in CRLF", ErrMalformed)
	}
	return fmt.Errorf("%w: line %q does not end in CRLF", ErrMalformed, clip(s))
}

// Get returns the value of the first field named name (case-insensitively),
// or "" when there is none.
func (r *Request) Get(name string) string {
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// Count reports how many field lines are named name.
func (r *Request) Count(name string) int {
	n := 0
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, name) {
			n++
		}
	}
	return n
}

// Path is the target without its query: "/tasks" for "/tasks?status=done".
func (r *Request) Path() string {
	path, _, _ := strings.Cut(r.Target, "?")
	return path
}

// Query is the target's query, without the "?": "status=done".
func (r *Request) Query() string {
	_, query, _ := strings.Cut(r.Target, "?")
	return query
}
