package request

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want *Request
	}{
		{
			name: "tutorial sample",
			raw:  "GET /tasks?status=done HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl\r\n\r\n",
			want: &Request{Method: "GET", Target: "/tasks?status=done", Version: "HTTP/1.1", Minor: 1,
				Fields: Fields{{"Host", "localhost:8000"}, {"User-Agent", "curl"}}},
		},
		{
			name: "body cut at Content-Length, in bytes",
			raw:  "POST /tasks HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\n写博客",
			want: &Request{Method: "POST", Target: "/tasks", Version: "HTTP/1.1", Minor: 1,
				Fields: Fields{{"Host", "a"}, {"Content-Length", "6"}}, Body: []byte("写博")},
		},
		{
			name: "optional whitespace around values is trimmed",
			raw:  "GET / HTTP/1.1\r\nHost:a\r\nX-A: \t spaced \t \r\nX-Empty:\r\n\r\n",
			want: &Request{Method: "GET", Target: "/", Version: "HTTP/1.1", Minor: 1,
				Fields: Fields{{"Host", "a"}, {"X-A", "spaced"}, {"X-Empty", ""}}},
		},
		{
			name: "HTTP/1.0 needs no Host",
			raw:  "GET / HTTP/1.0\r\n\r\n",
			want: &Request{Method: "GET", Target: "/", Version: "HTTP/1.0", Minor: 0, Fields: Fields{}},
		},
		{
			name: "HTTP/1.2 is served as 1.1",
			raw:  "GET / HTTP/1.2\r\nHost: a\r\n\r\n",
			want: &Request{Method: "GET", Target: "/", Version: "HTTP/1.2", Minor: 1, Fields: Fields{{"Host", "a"}}},
		},
		{
			name: "identical repeated Content-Length",
			raw:  "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi",
			want: &Request{Method: "POST", Target: "/", Version: "HTTP/1.1", Minor: 1,
				Fields: Fields{{"Host", "a"}, {"Content-Length", "2"}, {"Content-Length", "2"}}, Body: []byte("hi")},
		},
		{
			name: "asterisk and absolute forms",
			raw:  "OPTIONS * HTTP/1.1\r\nHost: [::1]:8000\r\n\r\n",
			want: &Request{Method: "OPTIONS", Target: "*", Version: "HTTP/1.1", Minor: 1, Fields: Fields{{"Host", "[::1]:8000"}}},
		},
		{
			name: "an empty Host where the target is not a path",
			raw:  "OPTIONS * HTTP/1.1\r\nHost:\r\n\r\n",
			want: &Request{Method: "OPTIONS", Target: "*", Version: "HTTP/1.1", Minor: 1, Fields: Fields{{"Host", ""}}},
		},
		{
			name: "a backslash in the query (browsers send it raw)",
			raw:  "GET /echo?a=\\ HTTP/1.1\r\nHost: a\r\n\r\n",
			want: &Request{Method: "GET", Target: "/echo?a=\\", Version: "HTTP/1.1", Minor: 1, Fields: Fields{{"Host", "a"}}},
		},
		{
			name: "a percent-encoded target stays as sent",
			raw:  "GET /tasks?title=%E5%86%99 HTTP/1.1\r\nHost: a\r\n\r\n",
			want: &Request{Method: "GET", Target: "/tasks?title=%E5%86%99", Version: "HTTP/1.1", Minor: 1, Fields: Fields{{"Host", "a"}}},
		},
		{
			name: "obs-text in a value",
			raw:  "GET / HTTP/1.1\r\nHost: a\r\nX-Title: \xe5\x86\x99\r\n\r\n",
			want: &Request{Method: "GET", Target: "/", Version: "HTTP/1.1", Minor: 1, Fields: Fields{{"Host", "a"}, {"X-Title", "写"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.raw))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.raw, err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Request{}, "Head"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.raw, diff)
			}
			if head, _, _ := strings.Cut(tt.raw, "\r\n\r\n"); got.Head != head+"\r\n\r\n" {
				t.Errorf("Head %q, want the head as sent, %q", got.Head, head+"\r\n\r\n")
			}
		})
	}
}

// TestParseRejects has a case for each syntax rule (syntax.go); each names
// the rule, and says which sentinel the error must wrap and what its
// message must mention.
func TestParseRejects(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		wantErr error
		mention string
	}{
		{"bare LF line endings", "GET / HTTP/1.1\nHost: a\n\n", ErrMalformed, "bare LF"},
		{"bare LF after a field", "GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n", ErrMalformed, "bare LF"},
		{"bare CR in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", ErrMalformed, "control byte 0x0d"},
		{"NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n", ErrMalformed, "control byte 0x00"},
		{"DEL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\x7fb\r\n\r\n", ErrMalformed, "control byte 0x7f"},
		{"two spaces after the method", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "request line"},
		{"two spaces before the version", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "request line"},
		{"tab instead of space", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "request line"},
		{"no version", "GET /\r\nHost: a\r\n\r\n", ErrMalformed, "request line"},
		{"trailing space after the version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", ErrMalformed, "request line"},
		{"method is not a token", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "method"},
		{"control byte in the target", "GET /a\x01b HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "target"},
		{"raw UTF-8 in the path", "GET /tasks/写 HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "percent-encode"},
		{"raw UTF-8 in the query", "GET /tasks?title=写 HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "percent-encode"},
		{"a lone byte over 0x7f", "GET /\xff HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "raw byte 0xff"},
		{"lowercase version", "GET / http/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "version"},
		{"two-digit minor version", "GET / HTTP/1.10\r\nHost: a\r\n\r\n", ErrMalformed, "version"},
		{"HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", ErrVersion, "HTTP/2.0"},
		{"HTTP/3.0", "GET / HTTP/3.0\r\nHost: a\r\n\r\n", ErrVersion, "HTTP/3.0"},
		{"HTTP/0.9", "GET / HTTP/0.9\r\nHost: a\r\n\r\n", ErrVersion, "HTTP/0.9"},
		{"space before the colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", ErrMalformed, "whitespace before the colon"},
		{"tab before the colon", "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", ErrMalformed, "whitespace before the colon"},
		{"obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", ErrMalformed, "folding"},
		{"no colon", "GET / HTTP/1.1\r\nHost: a\r\nJunk\r\n\r\n", ErrMalformed, "no colon"},
		{"empty field name", "GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", ErrMalformed, "not a token"},
		{"invalid token character in a name", "GET / HTTP/1.1\r\nHost: a\r\nX@Y: v\r\n\r\n", ErrMalformed, "not a token"},
		{"HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", ErrMalformed, "without Host"},
		{"two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", ErrMalformed, "2 Host fields"},
		{"two Hosts in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", ErrMalformed, "2 Host fields"},
		{"Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", ErrMalformed, "Host"},
		{"Host with a slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", ErrMalformed, "Host"},
		{"empty Host with a path", "GET /health HTTP/1.1\r\nHost:\r\n\r\n", ErrMalformed, "empty Host"},
		{"empty Host in HTTP/1.0", "GET / HTTP/1.0\r\nHost: \r\n\r\n", ErrMalformed, "empty Host"},
		{"a fragment in the target", "GET /tasks#x HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "fragment"},
		{"a fragment after a query", "GET /tasks?a=1#x HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "fragment"},
		{"a backslash in the path", "GET /tasks\\1 HTTP/1.1\r\nHost: a\r\n\r\n", ErrMalformed, "backslash"},
		{"two Content-Types", "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: a/b\r\ncontent-type: a/b\r\n\r\n", ErrMalformed, "2 Content-Type fields"},
		{"non-numeric Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", ErrMalformed, "not a number"},
		{"signed Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\nx", ErrMalformed, "not a number"},
		{"Content-Length list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\nx", ErrMalformed, "not a number"},
		{"empty Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", ErrMalformed, "empty Content-Length"},
		{"huge Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", ErrMalformed, "too large"},
		{"differing Content-Lengths", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy", ErrMalformed, "differing"},
		{"body shorter than Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab", ErrMalformed, "body has 2 bytes"},
		{"no end of head", "GET / HTTP/1.1\r\nHost: a\r\n", ErrMalformed, "no empty line"},
		{"empty input", "", ErrMalformed, "no empty line"},
		{"chunked is step 5's", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", ErrMalformed, "Content-Length bodies only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.raw))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Parse(%q) = %v, want an error wrapping %q", tt.raw, err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("Parse(%q) = %q, want it to mention %q", tt.raw, err, tt.mention)
			}
		})
	}
}

func TestParseHeadReusesRequest(t *testing.T) {
	var req Request
	if err := req.ParseHead([]byte("GET /a HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if err := req.ParseHead([]byte("GET /b HTTP/1.1\r\nHost: b\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if got, want := len(req.Fields), 1; got != want {
		t.Errorf("after a second ParseHead, %d headers, want %d: %q", got, want, req.Fields)
	}
	if req.Target != "/b" || req.Get("X") != "" {
		t.Errorf("second ParseHead left the first request behind: %+v", req)
	}
}

func TestClipBoundsQuotedInput(t *testing.T) {
	_, err := Parse([]byte("GET / HTTP/1.1\r\nHost: a\r\n" + strings.Repeat("X", 5000) + "\r\n\r\n"))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("error for a 5000-byte bad line is %d bytes long, want it clipped: %v", len(err.Error()), err)
	}
}
