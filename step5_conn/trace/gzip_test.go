package trace

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/connection"
)

// gzipOf is s gzipped.
func gzipOf(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	io.WriteString(zw, s)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pieces is a Stream of unknown length: the connection sends each piece
// as a chunk.
type pieces [][]byte

func (p pieces) Len() int64 { return -1 }

func (p pieces) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, b := range p {
		m, err := w.Write(b)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// TestTraceShowsAGzipAnswer: a chunked gzip answer is labelled chunk by
// chunk, gzip's bytes shown only as far as their magic number, then whole,
// decompressed, with its sizes; a HEAD's answer, chunked too, has neither.
func TestTraceShowsAGzipAnswer(t *testing.T) {
	text := strings.Repeat(`{"id":1,"title":"阅读 HTTP RFC","done":false},`, 100)
	zipped := gzipOf(t, text)
	cut := len(zipped) / 2
	handler := func(*request.Request) *response.Response {
		return &response.Response{Status: 200,
			Fields: request.Fields{{Name: "Content-Encoding", Value: "gzip"}, {Name: "Vary", Value: "Accept-Encoding"}},
			Stream: pieces{zipped[:cut], zipped[cut:]}}
	}
	c, trace := traced(t, &connection.Config{Handler: handler})
	c.send("GET /tasks HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\nHEAD /tasks HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n")
	if r := c.read("GET"); !bytes.Equal(r.Body, zipped) {
		t.Fatalf("the chunks read back: %d bytes, want the %d sent", len(r.Body), len(zipped))
	}
	c.read("HEAD")
	c.nc.Close()
	<-c.done
	var got []string
	for _, l := range lines(trace.String()) {
		if strings.HasPrefix(l, "[1] <") && !strings.Contains(l, "Date: ") {
			got = append(got, l)
		}
	}
	head := []string{
		`[1] < status line    HTTP/1.1 200 OK\r\n`,
		`[1] < field          Content-Type: application/json; charset=utf-8\r\n`,
		`[1] < field          Transfer-Encoding: chunked\r\n`,
		`[1] < field          Content-Encoding: gzip\r\n`,
		`[1] < field          Vary: Accept-Encoding\r\n`,
		`[1] < empty line     \r\n`,
	}
	want := append([]string{}, head...)
	for _, chunk := range [][]byte{zipped[:cut], zipped[cut:]} {
		want = append(want,
			`[1] < chunk size     `+strconv.FormatInt(int64(len(chunk)), 16)+`\r\n`,
			fmt.Sprintf(`[1] < chunk data     %s (%d bytes)`, visible(chunk, maxZippedShown), len(chunk)),
			`[1] < chunk end      \r\n`)
	}
	want = append(want, `[1] < last chunk     0\r\n`, `[1] < empty line     \r\n`,
		fmt.Sprintf(`[1] < body (gzip, %s bytes → %s bytes) %s`, grouped(int64(len(zipped))), grouped(int64(len(text))), visible([]byte(text), maxShown)))
	want = append(want, head...) // the HEAD's: the same fields, no chunk
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trace mismatch (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(want[7], `[1] < chunk data     \x1f\x8b`) {
		t.Errorf("gzip's magic number is not what the trace shows first: %s", want[7])
	}
}

// TestLabellerBoundsAGzipBody: what another server sends is decompressed
// within bounds; what is not gzip, or too much of it, is a line that says
// so.
func TestLabellerBoundsAGzipBody(t *testing.T) {
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write(make([]byte, maxInflated+1000)) // 64 MiB of zeros: 65 KB of gzip
	zw.Close()
	hello := gzipOf(t, "hello, world")
	random := make([]byte, maxZipped+1)
	rand.Read(random)
	tests := []struct {
		name string
		body []byte
		want string
	}{
		{name: "a body that decompresses", body: hello, want: fmt.Sprintf("body (gzip, %d bytes → 12 bytes) hello, world", len(hello))},
		{name: "a gzip bomb: decompressed up to 64 MiB", body: bomb.Bytes(), want: fmt.Sprintf("body (gzip, %s bytes → more than 64 MiB) %s", grouped(int64(bomb.Len())), strings.Repeat(`\x00`, maxShown)+"...")},
		{name: "not gzip at all", body: []byte("plain text"), want: "body (gzip, 10 bytes) not gzip: gzip: invalid header"},
		{name: "cut short: its trailer missing", body: hello[:len(hello)-8], want: fmt.Sprintf("body (gzip, %d bytes → 12 bytes, then unexpected EOF) hello, world", len(hello)-8)},
		{name: "too large to keep", body: random, want: "body (gzip, 1,048,577 bytes) not decompressed: over 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			l := NewLabeller(&out, "", '<', false)
			l.Write([]byte("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + strconv.Itoa(len(tt.body)) + "\r\n\r\n"))
			l.Write(tt.body)
			got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if last := got[len(got)-1]; last != "< "+tt.want {
				t.Errorf("last line %q, want %q", last, "< "+tt.want)
			}
		})
	}
}

func TestGrouped(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 9876: "9,876", 1234567: "1,234,567"} {
		if got := grouped(n); got != want {
			t.Errorf("grouped(%d) = %q, want %q", n, got, want)
		}
	}
}
