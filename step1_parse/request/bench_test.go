package request

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// The requests both parsers read in the benchmarks below.
var benchRequests = []struct{ name, raw string }{
	{"tutorial_GET", "GET /tasks?status=done HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl\r\n\r\n"},
	{"POST_json", "POST /tasks HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nContent-Type: application/json\r\nContent-Length: 31\r\n\r\n{\"title\":\"写博客\",\"done\":false}"},
	{"20_headers", func() string {
		var b strings.Builder
		b.WriteString("GET /tasks/1 HTTP/1.1\r\nHost: localhost:8000\r\n")
		for i := range 19 {
			fmt.Fprintf(&b, "X-Header-%02d: value number %d, with some text\r\n", i, i)
		}
		return b.String() + "\r\n"
	}()},
}

// BenchmarkParse measures step 1's parser; compare with
// BenchmarkNetHTTPReadRequest on the same bytes.
func BenchmarkParse(b *testing.B) {
	for _, r := range benchRequests {
		raw := []byte(r.raw)
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				if _, err := Parse(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNetHTTPReadRequest is the yardstick: net/http's parser, body
// read included, as Parse reads it.
func BenchmarkNetHTTPReadRequest(b *testing.B) {
	for _, r := range benchRequests {
		raw := []byte(r.raw)
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			rd := bytes.NewReader(raw)
			br := bufio.NewReader(rd)
			for b.Loop() {
				rd.Reset(raw)
				br.Reset(rd)
				req, err := http.ReadRequest(br)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, req.Body)
			}
		})
	}
}

// BenchmarkParseHead is what a connection does per request: the head
// parsed into a reused Request.
func BenchmarkParseHead(b *testing.B) {
	for _, r := range benchRequests {
		head := []byte(r.raw[:strings.Index(r.raw, "\r\n\r\n")+4])
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			var req Request
			for b.Loop() {
				if err := req.ParseHead(head); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
