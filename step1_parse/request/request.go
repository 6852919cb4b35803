// Package request is step 1 of the tutorial, parse_request: it turns the raw
// bytes of an HTTP/1.1 request into a method, a target, a version, header
// fields and a body (the tutorial's 五元组, five-tuple).
//
// A request on the wire looks like this (every line ends in CRLF, and an
// empty line ends the header section):
//
//	GET /tasks?status=done HTTP/1.1\r\n   <- request line (请求行)
//	Host: localhost:8000\r\n              <- header fields (请求头)
//	User-Agent: curl\r\n
//	\r\n                                  <- empty line (空行)
//	                                      <- body (请求体): Content-Length bytes
//
// [Parse] is the tutorial's parse_request, line for line. What it adds is
// that a malformed request is an error value, never a panic or a silently
// empty field: the rules live in syntax.go (request line, fields, Host)
// and length.go (Content-Length), each called from here in one line.
package request

import (
	"bytes"
	"fmt"
	"strings"
)

// Parse is the tutorial's parse_request: raw holds one whole request, head
// and body, and the body is cut at Content-Length.
//
// Tutorial: parse_request
func Parse(raw []byte) (*Request, error) {
	// header_end = raw.find(b"\r\n\r\n")
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		return nil, noEmptyLine(raw)
	}
	// lines = header_part.split("\r\n"), and the rest of the head
	r := new(Request)
	if err := r.ParseHead(raw[:end+4]); err != nil {
		return nil, err
	}
	// content_length = int(headers.get("content-length", 0))
	n, err := r.ContentLength()
	if err != nil {
		return nil, err
	}
	if r.Get("Transfer-Encoding") != "" {
		// Chunked bodies are framing on a live connection: step 5's.
		return nil, fmt.Errorf("%w: Parse reads Content-Length bodies only", ErrMalformed)
	}
	// body = raw[header_end + 4:] ... return body[:content_length]
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
// and the empty line that ends them, each line ending in CRLF. It fills r
// and leaves r.Body alone. Step 5 calls it on each head it reads.
//
//	"GET /health HTTP/1.1\r\nHost: a\r\n\r\n" -> GET, /health, HTTP/1.1, [Host: a]
func (r *Request) ParseHead(head []byte) error {
	return r.ParseHeadString(string(head)) // one copy; every field points into it
}

// ParseHeadString is ParseHead for a head that is a string already: every
// field points into s. Step 5 reads heads into bytes it never writes
// again, and so hands them over without a copy (its head_arena.go).
func (r *Request) ParseHeadString(s string) error {
	line, rest, err := cutLine(s)
	if err != nil {
		return err
	}
	// method, path, version = lines[0].split(" ", 2)
	method, afterMethod, ok1 := strings.Cut(line, " ")
	target, version, ok2 := strings.Cut(afterMethod, " ")
	if err := checkRequestLine(line, ok1 && ok2, method, target, version); err != nil {
		return err
	}
	minor, err := parseVersion(version)
	if err != nil {
		return err
	}
	r.Method, r.Target, r.Version, r.Minor, r.Head = method, target, version, minor, s

	// for line in lines[1:]: k, v = line.split(":", 1)
	r.Fields = r.Fields[:0]
	for {
		if line, rest, err = cutLine(rest); err != nil {
			return err
		}
		if line == "" {
			break // the empty line: the head is over
		}
		h, err := ParseField(line)
		if err != nil {
			return err
		}
		// headers[k.strip()] = v.strip(), but the name keeps its spelling
		// and the fields their order: Get compares names case-insensitively.
		r.Fields = append(r.Fields, h)
	}
	if rest != "" {
		return fmt.Errorf("%w: %d bytes after the empty line that ends the head", ErrMalformed, len(rest))
	}
	if err := r.checkHost(); err != nil {
		return err
	}
	return r.checkSingletons()
}

// ParseField splits one field line, without its CRLF, at its first colon
// and checks it (syntax.go). Header lines and the trailer lines after a
// chunked body (step 5) obey the same rules:
//
//	"X-A: \t spaced \t " -> X-A, "spaced"
func ParseField(line string) (Field, error) {
	// k, v = line.split(":", 1)
	name, value, ok := strings.Cut(line, ":")
	if err := checkField(line, ok, name, value); err != nil {
		return Field{}, err
	}
	return Field{Name: name, Value: trimOWS(value)}, nil
}

// Request is a parsed HTTP request.
//
// Unlike the tutorial's dict, header fields keep their order and their
// spelling, and [Request.Get] compares names case-insensitively, as HTTP
// wants. All strings point into one copy of the head.
type Request struct {
	Method  string // "GET"
	Target  string // "/tasks?status=done", exactly as sent
	Version string // "HTTP/1.1"
	Fields  Fields // the header fields, in the order received (fields.go)
	Body    []byte

	// Head is the head as it was received: the request line, the field
	// lines and the empty line, CRLFs and all. Every string above points
	// into it; /echo sends it back.
	Head string

	// Minor is the minor version: 0 for HTTP/1.0, 1 for HTTP/1.1 and for
	// any later HTTP/1.x, which RFC 9110 §6.2 lets us serve as 1.1.
	Minor int
}

// Get returns the value of the first field named name (case-insensitively),
// or "" when there is none: the tutorial's headers.get(name, "").
func (r *Request) Get(name string) string { return r.Fields.Get(name) }

// Path is the target's path, without its query: "/tasks" for
// "/tasks?status=done" and for "http://localhost:8000/tasks?status=done"
// (the absolute form, target.go).
func (r *Request) Path() string {
	path, _ := SplitTarget(r.Target)
	return path
}

// Query is the target's query, without the "?": "status=done".
func (r *Request) Query() string {
	_, query := SplitTarget(r.Target)
	return query
}

// cutLine splits s at the first CRLF; a line that ends otherwise is an
// error that says how (syntax.go).
func cutLine(s string) (line, rest string, err error) {
	i := strings.IndexByte(s, '\n')
	if i < 1 || s[i-1] != '\r' {
		return "", "", lineError(s)
	}
	return s[:i-1], s[i+1:], nil
}
