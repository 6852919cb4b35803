package request

import (
	"errors"
	"testing"
)

func TestParseStatusLine(t *testing.T) {
	tests := []struct {
		line    string
		status  int
		reason  string
		invalid bool
	}{
		{line: "HTTP/1.1 200 OK", status: 200, reason: "OK"},
		{line: "HTTP/1.0 404 Not Found", status: 404, reason: "Not Found"},
		{line: "HTTP/1.1 204 ", status: 204},
		{line: "HTTP/1.1 100", status: 100},
		{line: "HTTP/1.1 20 OK", invalid: true},
		{line: "HTTP/1.1 2000 OK", invalid: true},
		{line: "HTTP/1.1 +20 OK", invalid: true},
		{line: "ICY 200 OK", invalid: true},
		{line: "", invalid: true},
	}
	for _, tt := range tests {
		_, status, reason, err := ParseStatusLine(tt.line)
		switch {
		case tt.invalid && !errors.Is(err, ErrMalformed):
			t.Errorf("ParseStatusLine(%q) = %d, %v; want ErrMalformed", tt.line, status, err)
		case !tt.invalid && (err != nil || status != tt.status || reason != tt.reason):
			t.Errorf("ParseStatusLine(%q) = %d, %q, %v; want %d, %q", tt.line, status, reason, err, tt.status, tt.reason)
		}
	}
}

func TestHasBody(t *testing.T) {
	tests := []struct {
		method string
		status int
		want   bool
	}{
		{method: "GET", status: 200, want: true},
		{method: "POST", status: 404, want: true},
		{method: "HEAD", status: 200, want: false},
		{method: "POST", status: 100, want: false},
		{method: "DELETE", status: 204, want: false},
		{method: "GET", status: 304, want: false},
		{method: "", status: 503, want: true},
	}
	for _, tt := range tests {
		if got := HasBody(tt.method, tt.status); got != tt.want {
			t.Errorf("HasBody(%q, %d) = %v, want %v", tt.method, tt.status, got, tt.want)
		}
	}
}

func TestParseChunkSize(t *testing.T) {
	tests := []struct {
		line    string
		size    int64
		invalid bool
	}{
		{line: "1a", size: 26},
		{line: "0", size: 0},
		{line: "5;name=value", size: 5},
		{line: `5 ; a = "q\"x" ; b`, size: 5},
		{line: "5 ", invalid: true},                // a space, and no ";"
		{line: "5;", invalid: true},                // an extension without a name
		{line: `5;a="b`, invalid: true},            // an unclosed quoted value
		{line: "x", invalid: true},                 // no hex digit
		{line: "fffffffffffffffff", invalid: true}, // past an int64
	}
	for _, tt := range tests {
		size, err := ParseChunkSize([]byte(tt.line))
		switch {
		case tt.invalid && !errors.Is(err, ErrMalformed):
			t.Errorf("ParseChunkSize(%q) = %d, %v; want ErrMalformed", tt.line, size, err)
		case !tt.invalid && (err != nil || size != tt.size):
			t.Errorf("ParseChunkSize(%q) = %d, %v; want %d", tt.line, size, err, tt.size)
		}
	}
}
