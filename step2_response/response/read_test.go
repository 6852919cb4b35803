package response

import (
	"bufio"
	"strings"
	"testing"
)

// readString reads one answer to method from wire.
func readString(wire, method string) (*Response, error) {
	return Read(bufio.NewReader(strings.NewReader(wire)), method)
}

// TestReadChunked: what Append frames in chunks, Read reads back whole,
// however the body was cut into writes.
func TestReadChunked(t *testing.T) {
	for _, pieces := range []unknown{{"x"}, {`{"tasks":`, `[`, `]}`}, {strings.Repeat("写", 40000), "end"}, {}} {
		want := strings.Join(pieces, "")
		wire := (&Response{Status: 200, Stream: pieces}).Append(nil, Meta{})
		r, err := readString(string(wire), "GET")
		if err != nil || string(r.Body) != want || r.Get("Transfer-Encoding") != "chunked" {
			t.Errorf("Read of %d pieces, %d bytes: %v; body of %d bytes (want %d), Transfer-Encoding %q", len(pieces), len(want), err, len(r.Body), len(want), r.Get("Transfer-Encoding"))
		}
	}
}

func TestReadChunkedFraming(t *testing.T) {
	const head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	tests := []struct {
		name    string
		wire    string
		body    string // want, when wantErr is ""
		wantErr string // a piece of the error wanted
	}{
		{name: "extensions and a trailer, read and dropped", wire: head + "3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n", body: "abcde"},
		{name: "upper-case hex", wire: head + "A\r\n0123456789\r\n0\r\n\r\n", body: "0123456789"},
		{name: "a size that is not hex", wire: head + "x\r\n", wantErr: "not hex"},
		{name: "data longer than its size", wire: head + "2\r\nabc\r\n0\r\n\r\n", wantErr: "longer than its size"},
		{name: "cut short in the data", wire: head + "5\r\nab", wantErr: "cut short"},
		{name: "no last chunk", wire: head + "2\r\nab\r\n", wantErr: "unexpected EOF"},
		{name: "a size past what Read takes is refused before any allocation", wire: head + "fffffffffff\r\n", wantErr: "at most"},
		{name: "a bare LF in the framing", wire: head + "2\nab\r\n0\r\n\r\n", wantErr: "CRLF"},
		{name: "a trailer that is not a field", wire: head + "0\r\nGET / HTTP/1.1\r\n\r\n", wantErr: "trailer"},
		{name: "both framings", wire: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", wantErr: "both"},
		{name: "a transfer coding Read does not decode", wire: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", wantErr: "chunked alone"},
		{name: "no framing, but Connection: close: the body ends with the connection", wire: "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nto the end", body: "to the end"},
		{name: "no framing at all", wire: "HTTP/1.1 200 OK\r\n\r\nabc", wantErr: "without a Content-Length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := readString(tt.wire, "GET")
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Read(%q): %v, want the body %q", tt.wire, err, tt.body)
			case tt.wantErr == "" && string(r.Body) != tt.body:
				t.Errorf("Read(%q): body %q, want %q", tt.wire, r.Body, tt.body)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Read(%q): error %v, want one saying %q", tt.wire, err, tt.wantErr)
			}
		})
	}
}

// TestReadHeadOfChunked: an answer to HEAD says chunked and has no chunks.
func TestReadHeadOfChunked(t *testing.T) {
	r, err := readString("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", "HEAD")
	if err != nil || r.Body != nil {
		t.Errorf("Read of a HEAD answer: %v, body %q; want no body read", err, r.Body)
	}
}

// TestChunkedWriterSkipsEmptyWrites: an empty Write must not become the
// chunk of size 0 that ends the body.
func TestChunkedWriterSkipsEmptyWrites(t *testing.T) {
	var a appender
	cw := NewChunkedWriter(&a)
	cw.Write([]byte("ab"))
	cw.Write(nil)
	cw.Write([]byte("c"))
	cw.Close()
	if got, want := string(a.b), "2\r\nab\r\n1\r\nc\r\n0\r\n\r\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
