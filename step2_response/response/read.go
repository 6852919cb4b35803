package response

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"httpfromscratch/step1_parse/request"
)

// Read reads one response from br: the client's side of [Build]. Fields
// gets every field received. The demos and tests use it to check what a
// server sent; method is the request's, since a response to HEAD has a
// Content-Length but no body. Body is the body as it was framed:
// Content-Length bytes, the data of its chunks (chunked.go), or, in an
// answer that says Connection: close and neither, what comes until the
// connection closes; still compressed, when Content-Encoding says so.
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
	switch chunked, err := isChunked(r.Fields); {
	case err != nil:
		return nil, err
	case chunked:
		r.Body, err = readChunked(br)
		return r, err
	case r.Fields.Count("Content-Length") == 0 && r.Fields.HasToken("Connection", "close"):
		// RFC 9112 §6.3: no length, no chunks: the body ends when the
		// connection does (an HTTP/1.0 answer of unknown length).
		r.Body, err = io.ReadAll(io.LimitReader(br, maxRead+1))
		if err == nil && len(r.Body) > maxRead {
			err = fmt.Errorf("response body longer than %d bytes: Read takes at most that", maxRead)
		}
		return r, err
	case r.Fields.Count("Content-Length") == 0:
		return nil, errors.New("response without a Content-Length, chunks or Connection: close")
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

// maxRead bounds the body Read allocates for, chunks included.
const maxRead = 256 << 20

// isChunked applies RFC 9112 §6.1 to an answer's framing: chunked must be
// its one transfer coding (Read decodes no other), and an answer may not
// say both Transfer-Encoding and Content-Length.
func isChunked(fs request.Fields) (bool, error) {
	if fs.Count("Transfer-Encoding") == 0 {
		return false, nil
	}
	if fs.Count("Content-Length") > 0 {
		return false, errors.New("response with both Transfer-Encoding and Content-Length")
	}
	if !fs.HasToken("Transfer-Encoding", "chunked") || fs.Count("Transfer-Encoding") > 1 || strings.Contains(fs.Get("Transfer-Encoding"), ",") {
		return false, fmt.Errorf("response with Transfer-Encoding %q: Read decodes chunked alone", request.Clip(fs.Get("Transfer-Encoding")))
	}
	return true, nil
}

// readChunked reads a chunked body, the mirror of ChunkedWriter: chunk
// sizes by step 1's grammar, at most maxRead bytes of data in all (the
// server is a peer: a size it sends is not an allocation), then the
// trailer fields, read and dropped.
func readChunked(br *bufio.Reader) ([]byte, error) {
	var body []byte
	for {
		line, err := readLine(br)
		if err != nil {
			return nil, err
		}
		size, err := request.ParseChunkSize(line)
		switch {
		case err != nil:
			return nil, fmt.Errorf("response: %w", err)
		case size == 0:
			return body, readTrailer(br)
		case size > maxRead-int64(len(body)):
			return nil, fmt.Errorf("chunked response body of more than %d bytes: Read takes at most that", maxRead)
		}
		// Grown as the bytes arrive, not by what the size line claims.
		for left := size; left > 0; {
			n := int(min(left, 64<<10))
			body = slices.Grow(body, n)[:len(body)+n]
			if _, err := io.ReadFull(br, body[len(body)-n:]); err != nil {
				return nil, fmt.Errorf("chunk cut short: %w", err)
			}
			left -= int64(n)
		}
		if end, err := readLine(br); err != nil || len(end) != 0 {
			return nil, fmt.Errorf("chunk data longer than its size %d (%v)", size, err)
		}
	}
}

// readTrailer reads the fields after the last chunk, up to the empty
// line, at most maxTrailer lines of them.
func readTrailer(br *bufio.Reader) error {
	const maxTrailer = 64
	for range maxTrailer {
		line, err := readLine(br)
		if err != nil || len(line) == 0 {
			return err
		}
		if _, err := request.ParseField(string(line)); err != nil {
			return fmt.Errorf("in the trailer section: %w", err)
		}
	}
	return fmt.Errorf("more than %d trailer fields", maxTrailer)
}

// readLine reads a line of chunked framing, without its CRLF; a line must
// fit in br's buffer.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	switch {
	case err == bufio.ErrBufferFull:
		return nil, fmt.Errorf("a line of chunked framing longer than %d bytes", br.Size())
	case err == io.EOF:
		return nil, io.ErrUnexpectedEOF
	case err != nil:
		return nil, err
	case len(line) < 2 || line[len(line)-2] != '\r':
		return nil, errors.New("a line of chunked framing not ended by CRLF")
	}
	return line[:len(line)-2], nil
}

// Get returns the first value of the field name, case-insensitively.
func (r *Response) Get(name string) string { return r.Fields.Get(name) }

// StatusLine is "HTTP/1.1 200 OK" for r.
func (r *Response) StatusLine() string {
	return "HTTP/1.1 " + strconv.Itoa(r.Status) + " " + StatusText(r.Status)
}
