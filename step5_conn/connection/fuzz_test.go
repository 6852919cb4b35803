package connection

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http/httputil"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request/requesttest"
)

// bytesConn is a net.Conn that reads from a fixed input and discards what
// is written: enough to run the reading half of a connection in a fuzzer.
type bytesConn struct {
	net.Conn
	r io.Reader
}

func (c bytesConn) Read(p []byte) (int, error)       { return c.r.Read(p) }
func (c bytesConn) Write(p []byte) (int, error)      { return len(p), nil }
func (c bytesConn) SetReadDeadline(time.Time) error  { return nil }
func (c bytesConn) SetWriteDeadline(time.Time) error { return nil }

// FuzzReadRequest feeds arbitrary bytes to the connection's request
// reader: head, framing, chunked decoding and limits together. No input
// may panic or hang, and when both it and net/http's ReadRequest accept
// an input, they must agree on the method, the target, the header fields
// and the body. Seeds: testdata/fuzz/FuzzReadRequest and the ones below.
func FuzzReadRequest(f *testing.F) {
	for _, s := range []string{
		"GET /tasks?status=done HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl\r\n\r\n",
		"POST /tasks HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
		"POST /tasks HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
		"\r\nGET / HTTP/1.0\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi",
		"GET /t\xe5\x86\x99 HTTP/1.1\r\nHost: a\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2;x=\"y\"\r\nhi\r\n0\r\n\r\n",
		"BREW / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc\r\n",
	} {
		f.Add([]byte(s))
	}
	lim := Limits{RequestLine: 256, HeaderBytes: 512, Body: 1024}
	f.Fuzz(func(t *testing.T, raw []byte) {
		c := &conn{nc: bytesConn{r: bytes.NewReader(raw)}, cfg: &Config{}, limits: lim}
		c.br = bufio.NewReaderSize(c.nc, readSize)
		ours, err := c.readRequest(time.Now())
		if err != nil {
			if StatusOf(err) < 400 {
				t.Fatalf("error %v maps to status %d", err, StatusOf(err))
			}
			return
		}
		if err := requesttest.AgreesWithNetHTTP(raw, ours); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzChunked feeds arbitrary bytes to the chunked decoder. No input may
// panic or exceed the limit, and when both it and net/http's chunked
// reader accept an input, they must decode the same data.
func FuzzChunked(f *testing.F) {
	for _, s := range []string{
		"5\r\nhello\r\n0\r\n\r\n",
		"5;ext=1\r\nhello\r\n6 ; a=\"b\"\r\n world\r\n0\r\nTrailer: x\r\n\r\n",
		"A\r\n0123456789\r\n0\r\n\r\n",
		"fffffffffffffffff\r\n",
		"1\r\nab\r\n0\r\n\r\n",
		"0\n\n",
		"5 \r\nhello\r\n0\r\n\r\n",
		"5;\r\nhello\r\n0\r\n\r\n",
		"5;a=\"b\r\nhello\r\n0\r\n\r\n",
		"5 ; a = \"q\\\"x\" ; b\r\nhello\r\n0\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	lim := Limits{HeaderBytes: 256, Body: 512}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var b body
		err := readChunked(bufio.NewReaderSize(bytes.NewReader(raw), readSize), &b, lim)
		ours := b.buf
		if err != nil {
			if StatusOf(err) < 400 {
				t.Fatalf("error %v maps to status %d", err, StatusOf(err))
			}
			return
		}
		if int64(len(ours)) > lim.Body {
			t.Fatalf("decoded %d bytes, over the %d limit", len(ours), lim.Body)
		}
		theirs, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(raw)))
		if err != nil {
			return
		}
		if !bytes.Equal(ours, theirs) {
			t.Fatalf("ours %q, net/http %q", ours, theirs)
		}
	})
}
