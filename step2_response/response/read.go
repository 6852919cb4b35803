package response

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"httpfromscratch/step1_parse/request"
)

// Read reads one response from br: the client's side of [Build]. Fields
// gets every field received. The demos and tests use it to check what a
// server sent; method is the request's, since a response to HEAD has a
// Content-Length but no body.
func Read(br *bufio.Reader, method string) (*Response, error) {
	line, err := br.ReadString('\n')
	if err != nil {
		return nil, err
	}
	r := &Response{}
	if _, r.Status, _, err = request.ParseStatusLine(strings.TrimSuffix(line, "\r\n")); err != nil {
		return nil, err
	}
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimSuffix(line, "\r\n")
		if line == "" {
			break
		}
		f, err := request.ParseField(line) // as strict as the server is with a request
		if err != nil {
			return nil, err
		}
		r.Fields = append(r.Fields, f)
	}
	if !request.HasBody(method, r.Status) {
		return r, nil
	}
	if r.Fields.Count("Content-Length") == 0 {
		return nil, errors.New("response without a Content-Length")
	}
	n, err := r.Fields.ContentLength() // the rule a server applies to a request
	switch {
	case err != nil:
		return nil, fmt.Errorf("response: %w", err)
	case n > maxRead:
		// The server is a peer: what it declares is not an allocation.
		return nil, fmt.Errorf("response body of %d bytes: Read takes at most %d", n, maxRead)
	}
	r.Body = make([]byte, n)
	if _, err := io.ReadFull(br, r.Body); err != nil {
		return nil, err
	}
	return r, nil
}

// maxRead bounds the body Read allocates for.
const maxRead = 256 << 20

// Get returns the first value of the field name, case-insensitively.
func (r *Response) Get(name string) string { return r.Fields.Get(name) }

// StatusLine is "HTTP/1.1 200 OK" for r.
func (r *Response) StatusLine() string {
	return "HTTP/1.1 " + strconv.Itoa(r.Status) + " " + StatusText(r.Status)
}
