package check

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"testing"

	"httpfromscratch/step5_conn/trace"
)

func TestRelabel(t *testing.T) {
	tests := []struct {
		name string
		sent bool
		line string // after the prefix "  >" or "  <"
		want string
	}{
		{name: "a request line", sent: true, line: ` request line   GET / HTTP/1.1\r\n`, want: ` 请求行         GET / HTTP/1.1\r\n`},
		{name: "a request's field", sent: true, line: ` field          Host: a\r\n`, want: ` 请求头         Host: a\r\n`},
		{name: "a response's field", line: ` field          Content-Length: 2\r\n`, want: ` 响应头         Content-Length: 2\r\n`},
		{name: "the empty line", line: ` empty line     \r\n`, want: ` 空行           \r\n`},
		{name: "a longer label", sent: true, line: ` empty line (ignored) \r\n`, want: ` 空行(忽略)     \r\n`},
		{name: "unfinished", sent: true, line: ` request line (unfinished) GET /hea`, want: ` 请求行(未完)   GET /hea`},
		{name: "a body and its count", line: ` body           {} (2 bytes)`, want: ` 响应体         {} (2 字节)`},
		{name: "a body that says bytes itself", line: ` body           x (5 bytes) (11 bytes)`, want: ` 响应体         x (5 bytes) (11 字节)`},
		{name: "a piece of a body", sent: true, line: ` body           {"title": (9 of 2097152 bytes)`, want: ` 请求体         {"title": (9 / 2097152 字节)`},
		{name: "a shortened line", sent: true, line: ` request line   GET /aaa... (9016 bytes)`, want: ` 请求行         GET /aaa... (9016 字节)`},
		{name: "a short line's bytes stay", sent: true, line: ` field          X: (5 bytes)\r\n`, want: ` 请求头         X: (5 bytes)\r\n`},
		{name: "chunks", sent: true, line: ` chunk data     {"tit (5 bytes)`, want: ` 分块数据       {"tit (5 字节)`},
		{name: "not a label", line: ` something else`, want: ` something else`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := "  <"
			if tt.sent {
				prefix = "  >"
			}
			got := relabel(prefix+tt.line+"\n", prefix, tt.sent, Chinese)
			if want := prefix + tt.want + "\n"; got != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

// TestRelabelGzip: the line the Labeller adds after a gzip body, the body
// decompressed, is said in Chinese, its sizes and why it was not
// decompressed included; what it holds stays as it is.
func TestRelabelGzip(t *testing.T) {
	tests := []struct {
		name string
		line string // after the prefix "  <"
		want string
	}{
		{name: "decompressed", line: ` body (gzip, 249 bytes → 4,247 bytes) POST /echo HTTP/1.1\r\n...`,
			want: ` 响应体(gzip,249 字节 → 4,247 字节) POST /echo HTTP/1.1\r\n...`},
		{name: "cut short", line: ` body (gzip, 249 bytes → 120 bytes, then unexpected EOF) POST /ec`,
			want: ` 响应体(gzip,249 字节 → 120 字节,然后 unexpected EOF) POST /ec`},
		{name: "a bomb", line: ` body (gzip, 10,225 bytes → more than 64 MiB) 0000`,
			want: ` 响应体(gzip,10,225 字节 → 超过 64 MiB) 0000`},
		{name: "not gzip", line: ` body (gzip, 12 bytes) not gzip: gzip: invalid header`,
			want: ` 响应体(gzip,12 字节) 不是 gzip:gzip: invalid header`},
		{name: "too long to keep", line: ` body (gzip, 2,000,000 bytes) not decompressed: over 1 MiB`,
			want: ` 响应体(gzip,2,000,000 字节) 没有解压:超过 1 MiB`},
		{name: "empty", line: ` body (gzip, 20 bytes → 0 bytes) `, want: ` 响应体(gzip,20 字节 → 0 字节) `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := relabel("  <"+tt.line+"\n", "  <", false, Chinese), "  <"+tt.want+"\n"; got != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
			if got := relabel("  <"+tt.line+"\n", "  <", false, English); got != "  <"+tt.line+"\n" {
				t.Errorf("in English: got %q, want the line as it came", got)
			}
		})
	}
}

// TestRelabelWhatTheLabellerWrites labels real gzip answers with step 5's
// Labeller, as a report does: in English every line stays as the Labeller
// wrote it; in Chinese no line keeps an English label.
func TestRelabelWhatTheLabellerWrites(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	io.WriteString(zw, strings.Repeat("阅读 HTTP RFC\n", 100))
	zw.Close()
	z := zipped.Bytes()
	answers := map[string]string{
		"chunked":  fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", len(z), z),
		"cut":      fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s", len(z)/2, z[:len(z)/2]),
		"not gzip": "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello",
	}
	for name, answer := range answers {
		t.Run(name, func(t *testing.T) {
			var out strings.Builder
			l := trace.NewLabeller(&out, "  ", '<', false)
			l.Write([]byte(answer))
			l.Flush()
			if !strings.Contains(out.String(), "< body (gzip, ") {
				t.Fatalf("the Labeller wrote no gzip line:\n%s", out.String())
			}
			for line := range strings.Lines(out.String()) {
				if got := relabel(line, "  <", false, English); got != line {
					t.Errorf("in English: got %q, want %q", got, line)
				}
				zh := relabel(line, "  <", false, Chinese)
				for _, label := range traceLabels {
					if strings.HasPrefix(zh, "  < "+label+" ") || strings.HasPrefix(zh, "  < "+label+" (") {
						t.Errorf("an English label left: %q", zh)
					}
				}
			}
		})
	}
}
