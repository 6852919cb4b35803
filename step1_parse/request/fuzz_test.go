package request

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
	"testing"
)

// FuzzParse feeds Parse arbitrary bytes. It must never panic, and when
// both Parse and net/http's ReadRequest accept an input, they must agree
// on the method, the target, the header fields and the body.
// Seeds: testdata/fuzz/FuzzParse, plus the ones below.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"GET /tasks?status=done HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl\r\n\r\n",
		"POST /tasks HTTP/1.1\r\nHost: a\r\nContent-Length: 21\r\n\r\n{\"title\":\"写博客\"}",
		"GET / HTTP/1.0\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nX:  b \r\nX: c\r\n\r\n",
		"GET / HTTP/1.1\nHost: a\n\n",
		"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		ours, err := Parse(raw)
		if err != nil {
			return
		}
		theirs, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return // net/http is stricter here; fine
		}
		body, err := io.ReadAll(theirs.Body)
		if err != nil {
			return
		}
		if ours.Method != theirs.Method || ours.Target != theirs.RequestURI {
			t.Fatalf("request line: ours %q %q, net/http %q %q", ours.Method, ours.Target, theirs.Method, theirs.RequestURI)
		}
		if !bytes.Equal(ours.Body, body) {
			t.Fatalf("body: ours %q, net/http %q", ours.Body, body)
		}
		want := http.Header{}
		for _, h := range ours.Headers {
			key := textproto.CanonicalMIMEHeaderKey(h.Name)
			if key == "Host" {
				continue // net/http moves it to Request.Host
			}
			want[key] = append(want[key], h.Value)
		}
		for k, v := range theirs.Header {
			if !slices.Equal(want[k], v) {
				t.Fatalf("field %s: ours %q, net/http %q", k, want[k], v)
			}
		}
		if len(want) != len(theirs.Header) {
			t.Fatalf("fields: ours %q, net/http %q", want, theirs.Header)
		}
		if strings.HasPrefix(ours.Target, "/") && ours.Get("Host") != theirs.Host {
			t.Fatalf("Host: ours %q, net/http %q", ours.Get("Host"), theirs.Host)
		}
	})
}
