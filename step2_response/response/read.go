package response

import (
	"bufio"
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
	proto, rest, _ := strings.Cut(strings.TrimSuffix(line, "\r\n"), " ")
	code, _, _ := strings.Cut(rest, " ")
	r := &Response{}
	if r.Status, err = strconv.Atoi(code); err != nil || !strings.HasPrefix(proto, "HTTP/1.") {
		return nil, fmt.Errorf("malformed status line %q", line)
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
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("malformed field line %q", line)
		}
		r.Fields = append(r.Fields, request.Field{Name: name, Value: strings.TrimSpace(value)})
	}
	if method == "HEAD" || !hasBody(r.Status) {
		return r, nil
	}
	n, err := strconv.ParseUint(r.Get("Content-Length"), 10, 63)
	switch {
	case err != nil:
		return nil, fmt.Errorf("response without a valid Content-Length: %q", request.Clip(r.Get("Content-Length")))
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
