package check

import "testing"

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
