package request

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The tests of this file are also the guide for writing ParseHeadString
// and ParseField yourself (README, step 1, "Write it yourself"): each
// failure names the input, what came back, what was wanted and the
// tutorial's line or the check of syntax.go that gives it.

// tutorialParse is parse_request's splitting, the lines ParseHeadString and
// ParseField stand for.
const tutorialParse = `lines = header_part.split("\r\n"); method, path, version = lines[0].split(" ", 2); for line in lines[1:]: k, v = line.split(":", 1)`

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
			head, _, _ := strings.Cut(tt.raw, "\r\n\r\n")
			tt.want.Head = head + "\r\n\r\n"
			got, err := parse(tt.raw)
			if err != nil {
				t.Fatalf("Parse(%q) = %s\nwant %s%s\n(tutorial: %s)", tt.raw, describe(err), summary(tt.want), loopHint(err), tutorialParse)
			}
			for _, d := range requestDiffs(tt.want, got) {
				t.Errorf("Parse(%q): %s", tt.raw, d)
			}
		})
	}
}

// requestDiffs lists how got differs from want, one line each, with the
// line of the tutorial or the helper that gives the part.
func requestDiffs(want, got *Request) []string {
	var d []string
	if got.Method != want.Method || got.Target != want.Target || got.Version != want.Version {
		d = append(d, fmt.Sprintf("request line read as method %q, target %q, version %q; want %q, %q, %q\n(tutorial: method, path, version = lines[0].split(\" \", 2): strings.Cut(line, \" \") at the first space, then again at the next)",
			got.Method, got.Target, got.Version, want.Method, want.Target, want.Version))
	}
	if got.Minor != want.Minor {
		d = append(d, fmt.Sprintf("Minor %d, want %d: the x of HTTP/1.x, and 1 for any x above 1 (served as 1.1)\n(minor, err := parseVersion(version), syntax.go; the tutorial keeps version as a string)",
			got.Minor, want.Minor))
	}
	if !equalFields(got.Fields, want.Fields) {
		d = append(d, fmt.Sprintf("fields %q, want %q\n%s", got.Fields, want.Fields, fieldsHint(want.Fields, got.Fields)))
	}
	if !bytes.Equal(got.Body, want.Body) {
		d = append(d, fmt.Sprintf("Body %q, want %q: Parse cuts the body at Content-Length (tutorial: body[:content_length]); ParseHeadString leaves r.Body alone",
			got.Body, want.Body))
	}
	if got.Head != want.Head {
		d = append(d, fmt.Sprintf("Head %q, want the head as sent, %q: keep it, r.Head = s (every string of the request points into it; /echo sends it back)",
			got.Head, want.Head))
	}
	return d
}

func equalFields(a, b Fields) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// fieldsHint says what a tutorial-style loop over the field lines most
// likely did wrong.
func fieldsHint(want, got Fields) string {
	const line = `(tutorial: for line in lines[1:]: k, v = line.split(":", 1); headers[k.strip().lower()] = v.strip(); ParseField does it for one line)`
	if len(got) != len(want) {
		return fmt.Sprintf("%d fields, want %d: one for every line between the request line and the empty line, in order, and none after it\n%s", len(got), len(want), line)
	}
	for i := range want {
		switch g, w := got[i], want[i]; {
		case g.Name != w.Name && strings.EqualFold(g.Name, w.Name):
			return fmt.Sprintf("name %q, want %q: a name keeps its spelling as sent; Get compares names without case, so the tutorial's .lower() is left out\n%s", g.Name, w.Name, line)
		case g.Name != w.Name:
			return fmt.Sprintf("name %q, want %q: the name is what comes before the first colon\n%s", g.Name, w.Name, line)
		case g.Value != w.Value:
			return fmt.Sprintf("value %q, want %q: the value is what comes after the first colon, without the SP and HTAB around it (trimOWS, syntax.go: the tutorial's v.strip())\n%s", g.Value, w.Value, line)
		}
	}
	return line
}

// loopHint explains the errors of a field loop that does not stop at the
// empty line: it hands "" to ParseField, or asks cutLine for a line after
// the last CRLF.
func loopHint(err error) string {
	if msg := err.Error(); strings.Contains(msg, "an empty field line") || strings.Contains(msg, `line "" does not end in CRLF`) {
		return "\nthe empty line ends the head: leave the loop over the field lines there (if line == \"\" { break })"
	}
	return ""
}

// summary shows what Parse should have returned.
func summary(r *Request) string {
	return fmt.Sprintf("method %q, target %q, version %q (Minor %d), fields %q, body %q", r.Method, r.Target, r.Version, r.Minor, r.Fields, r.Body)
}

// TestParseField: ParseField is the tutorial's k, v = line.split(":", 1)
// and v.strip() for one line. Step 2's response reader and step 5's
// chunked trailers call it too, so it is tested on its own.
func TestParseField(t *testing.T) {
	tests := []struct {
		line    string
		want    Field
		mention string // for a line ParseField must refuse: what its error says
	}{
		{line: "Host: localhost:8000", want: Field{Name: "Host", Value: "localhost:8000"}},
		{line: "X-A: \t spaced \t ", want: Field{Name: "X-A", Value: "spaced"}},
		{line: "X-Empty:", want: Field{Name: "X-Empty", Value: ""}},
		{line: "X-Time: 12:30", want: Field{Name: "X-Time", Value: "12:30"}},                       // cut at the first colon only
		{line: "X-NBSP: \u00a0kept\u00a0", want: Field{Name: "X-NBSP", Value: "\u00a0kept\u00a0"}}, // OWS is SP and HTAB only
		{line: "Junk", mention: "no colon"},
		{line: "Host : a", mention: "whitespace before the colon"},
		{line: "X: a\x00b", mention: "control byte 0x00"},
	}
	for _, tt := range tests {
		got, err := parseField(tt.line)
		switch {
		case tt.mention == "" && (err != nil || got != tt.want):
			t.Errorf("ParseField(%q) = %s, %s; want %s, nil\n(tutorial: k, v = line.split(\":\", 1): strings.Cut(line, \":\"); then v.strip() of SP and HTAB only, RFC 9110's OWS: trimOWS(value), syntax.go, where strings.TrimSpace would take U+00A0 too)",
				tt.line, showField(got), describe(err), showField(tt.want))
		case tt.mention != "" && (!errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.mention)):
			t.Errorf("ParseField(%q) = %s, %s; want an error wrapping %q that mentions %q\n(checkField(line, ok, name, value), syntax.go, refuses it: call it right after strings.Cut(line, \":\"); the tutorial's `if \":\" in line` skipped such lines in silence)",
				tt.line, showField(got), describe(err), ErrMalformed, tt.mention)
		}
	}
}

// Where the check that refuses a row of TestParseRejects is, and how the
// function you write calls it. A parser that splits as the tutorial does,
// and checks nothing, accepts most of these rows: the failure then names
// the call it is missing.
var refusedBy = map[string]string{
	"Parse":            "Parse (request.go) refuses it by itself, before or after it calls ParseHead",
	"cutLine":          `cutLine (request.go) refuses it: read the head one line at a time, line, rest, err := cutLine(rest), which wants CRLF and says "bare LF" (tutorial: lines = header_part.split("\r\n"))`,
	"checkRequestLine": `checkRequestLine (syntax.go) refuses it: cut the line with strings.Cut(line, " ") twice and pass it the line, ok1 && ok2, and the three parts (tutorial: method, path, version = lines[0].split(" ", 2))`,
	"parseVersion":     `parseVersion (syntax.go) refuses it: minor, err := parseVersion(version), after checkRequestLine (the tutorial keeps any version)`,
	"checkField":       `ParseField refuses it: it calls checkField(line, ok, name, value) (syntax.go) right after strings.Cut(line, ":") (tutorial: if ":" in line: k, v = line.split(":", 1))`,
	"checkHost":        "r.checkHost() (syntax.go) refuses it: call it once the empty line ends the head (the tutorial never looks at Host)",
	"checkSingletons":  "r.checkSingletons() (syntax.go) refuses it: call it once the empty line ends the head (the tutorial's dict keeps the last one in silence)",
	"ContentLength":    `r.ContentLength() (length.go), which Parse calls once the head is read, refuses it (tutorial: int(headers.get("content-length", 0)))`,
}

// TestParseRejects has a case for each syntax rule (syntax.go), in the
// order ParseHeadString meets them; each names the rule, the sentinel the
// error must wrap, what its message must mention, and the check that
// refuses it (refusedBy).
func TestParseRejects(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		err     error
		mention string
		check   string // a key of refusedBy
	}{
		{name: "no end of head", raw: "GET / HTTP/1.1\r\nHost: a\r\n", err: ErrMalformed, mention: "no empty line", check: "Parse"},
		{name: "empty input", raw: "", err: ErrMalformed, mention: "no empty line", check: "Parse"},
		{name: "bare LF line endings", raw: "GET / HTTP/1.1\nHost: a\n\n", err: ErrMalformed, mention: "bare LF", check: "Parse"},
		{name: "bare LF after a field", raw: "GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n", err: ErrMalformed, mention: "bare LF", check: "cutLine"},

		{name: "two spaces after the method", raw: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "request line", check: "checkRequestLine"},
		{name: "two spaces before the version", raw: "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "request line", check: "checkRequestLine"},
		{name: "tab instead of space", raw: "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "request line", check: "checkRequestLine"},
		{name: "no version", raw: "GET /\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "request line", check: "checkRequestLine"},
		{name: "trailing space after the version", raw: "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "request line", check: "checkRequestLine"},
		{name: "method is not a token", raw: "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "method", check: "checkRequestLine"},
		{name: "control byte in the target", raw: "GET /a\x01b HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "target", check: "checkRequestLine"},
		{name: "raw UTF-8 in the path", raw: "GET /tasks/写 HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "percent-encode", check: "checkRequestLine"},
		{name: "raw UTF-8 in the query", raw: "GET /tasks?title=写 HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "percent-encode", check: "checkRequestLine"},
		{name: "a lone byte over 0x7f", raw: "GET /\xff HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "raw byte 0xff", check: "checkRequestLine"},
		{name: "a fragment in the target", raw: "GET /tasks#x HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "fragment", check: "checkRequestLine"},
		{name: "a fragment after a query", raw: "GET /tasks?a=1#x HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "fragment", check: "checkRequestLine"},
		{name: "a backslash in the path", raw: "GET /tasks\\1 HTTP/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "backslash", check: "checkRequestLine"},

		{name: "lowercase version", raw: "GET / http/1.1\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "version", check: "parseVersion"},
		{name: "two-digit minor version", raw: "GET / HTTP/1.10\r\nHost: a\r\n\r\n", err: ErrMalformed, mention: "version", check: "parseVersion"},
		{name: "HTTP/2.0", raw: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", err: ErrVersion, mention: "HTTP/2.0", check: "parseVersion"},
		{name: "HTTP/3.0", raw: "GET / HTTP/3.0\r\nHost: a\r\n\r\n", err: ErrVersion, mention: "HTTP/3.0", check: "parseVersion"},
		{name: "HTTP/0.9", raw: "GET / HTTP/0.9\r\nHost: a\r\n\r\n", err: ErrVersion, mention: "HTTP/0.9", check: "parseVersion"},

		{name: "bare CR in a value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", err: ErrMalformed, mention: "control byte 0x0d", check: "checkField"},
		{name: "NUL in a value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n", err: ErrMalformed, mention: "control byte 0x00", check: "checkField"},
		{name: "DEL in a value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX: a\x7fb\r\n\r\n", err: ErrMalformed, mention: "control byte 0x7f", check: "checkField"},
		{name: "space before the colon", raw: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", err: ErrMalformed, mention: "whitespace before the colon", check: "checkField"},
		{name: "tab before the colon", raw: "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", err: ErrMalformed, mention: "whitespace before the colon", check: "checkField"},
		{name: "obs-fold", raw: "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", err: ErrMalformed, mention: "folding", check: "checkField"},
		{name: "no colon", raw: "GET / HTTP/1.1\r\nHost: a\r\nJunk\r\n\r\n", err: ErrMalformed, mention: "no colon", check: "checkField"},
		{name: "empty field name", raw: "GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", err: ErrMalformed, mention: "not a token", check: "checkField"},
		{name: "invalid token character in a name", raw: "GET / HTTP/1.1\r\nHost: a\r\nX@Y: v\r\n\r\n", err: ErrMalformed, mention: "not a token", check: "checkField"},

		{name: "HTTP/1.1 without Host", raw: "GET / HTTP/1.1\r\n\r\n", err: ErrMalformed, mention: "without Host", check: "checkHost"},
		{name: "two Hosts", raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", err: ErrMalformed, mention: "2 Host fields", check: "checkHost"},
		{name: "two Hosts in HTTP/1.0", raw: "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", err: ErrMalformed, mention: "2 Host fields", check: "checkHost"},
		{name: "Host with a space", raw: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", err: ErrMalformed, mention: "Host", check: "checkHost"},
		{name: "Host with a slash", raw: "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", err: ErrMalformed, mention: "Host", check: "checkHost"},
		{name: "empty Host with a path", raw: "GET /health HTTP/1.1\r\nHost:\r\n\r\n", err: ErrMalformed, mention: "empty Host", check: "checkHost"},
		{name: "empty Host in HTTP/1.0", raw: "GET / HTTP/1.0\r\nHost: \r\n\r\n", err: ErrMalformed, mention: "empty Host", check: "checkHost"},

		{name: "two Content-Types", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Type: a/b\r\ncontent-type: a/b\r\n\r\n", err: ErrMalformed, mention: "2 Content-Type fields", check: "checkSingletons"},

		{name: "non-numeric Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", err: ErrMalformed, mention: "not a number", check: "ContentLength"},
		{name: "signed Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\nx", err: ErrMalformed, mention: "not a number", check: "ContentLength"},
		{name: "Content-Length list", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\nx", err: ErrMalformed, mention: "not a number", check: "ContentLength"},
		{name: "empty Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", err: ErrMalformed, mention: "empty Content-Length", check: "ContentLength"},
		{name: "huge Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", err: ErrMalformed, mention: "too large", check: "ContentLength"},
		{name: "differing Content-Lengths", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy", err: ErrMalformed, mention: "differing", check: "ContentLength"},
		{name: "body shorter than Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab", err: ErrMalformed, mention: "body has 2 bytes", check: "Parse"},
		{name: "chunked is step 5's", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", err: ErrMalformed, mention: "Content-Length bodies only", check: "Parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			how, ok := refusedBy[tt.check]
			if !ok {
				t.Fatalf("row %q names the check %q, which refusedBy does not know", tt.name, tt.check)
			}
			_, err := parse(tt.raw)
			if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("Parse(%q) = %s\nwant an error wrapping %q that mentions %q\n%s",
					tt.raw, describe(err), tt.err, tt.mention, how)
			}
		})
	}
}

func TestParseHeadReusesRequest(t *testing.T) {
	var req Request
	first, second := "GET /a HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n", "GET /b HTTP/1.1\r\nHost: b\r\n\r\n"
	for _, head := range []string{first, second} {
		if err := parseHead(&req, head); err != nil {
			t.Fatalf("ParseHead(%q) = %s, want nil\n(tutorial: %s)", head, describe(err), tutorialParse)
		}
	}
	if got, want := len(req.Fields), 1; got != want {
		t.Errorf("ParseHead(%q) after ParseHead(%q): %d fields %q, want %d: start the list afresh before the loop, r.Fields = r.Fields[:0] (which keeps its array for the next request on the connection)",
			second, first, got, req.Fields, want)
	}
	if req.Target != "/b" || req.Get("X") != "" {
		t.Errorf("ParseHead(%q) after ParseHead(%q) left the first request behind: target %q, X %q; want \"/b\", \"\"",
			second, first, req.Target, req.Get("X"))
	}
}

// TestParseHeadEndsAtTheEmptyLine: ParseHead is given one head (step 5
// reads it up to the empty line); bytes after the empty line are a body or
// the next request, never more fields.
func TestParseHeadEndsAtTheEmptyLine(t *testing.T) {
	var req Request
	head := "GET / HTTP/1.1\r\nHost: a\r\n\r\nX: b\r\n\r\n"
	err := parseHead(&req, head)
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "after the empty line") {
		t.Errorf("ParseHead(%q) = %s, fields %q\nwant an error wrapping %q that mentions \"after the empty line\": the loop over the field lines stops at the empty line, and what is left must be nothing (the tutorial splits off the body first: raw.find(b\"\\r\\n\\r\\n\"))",
			head, describe(err), req.Fields, ErrMalformed)
	}
}

func TestClipBoundsQuotedInput(t *testing.T) {
	raw := "GET / HTTP/1.1\r\nHost: a\r\n" + strings.Repeat("X", 5000) + "\r\n\r\n"
	_, err := parse(raw)
	switch {
	case err == nil:
		t.Errorf("Parse(%.40q...) accepted a 5000-byte field line with no colon, want an error\n%s", raw, refusedBy["checkField"])
	case len(err.Error()) > 200:
		t.Errorf("Parse(%.40q...): the error for a 5000-byte bad line is %d bytes long, want it clipped: quote the line through Clip, as checkField does: %.100s...", raw, len(err.Error()), err)
	}
}

// parse is Parse, with a panic turned into an error that says where it
// began: a half-written parser that indexes past the parts of a short
// request line must fail its row, not stop every test after it.
func parse(raw string) (req *Request, err error) {
	defer func() {
		if p := recover(); p != nil {
			req, err = nil, panicError{p, panicSite()}
		}
	}()
	return Parse([]byte(raw))
}

// parseHead is req.ParseHead, with a panic turned into an error.
func parseHead(req *Request, head string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = panicError{p, panicSite()}
		}
	}()
	return req.ParseHead([]byte(head))
}

// parseField is ParseField, with a panic turned into an error.
func parseField(line string) (f Field, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, err = Field{}, panicError{p, panicSite()}
		}
	}()
	return ParseField(line)
}

// panicError is a panic recovered from the code under test.
type panicError struct {
	value any
	site  string // file:line (function) where it began
}

func (e panicError) Error() string {
	return fmt.Sprintf("a panic, %v, at %s: a malformed request must be an error value, never a panic", e.value, e.site)
}

// panicSite is where the panic being recovered began: the innermost
// frame of this module's code that is not a test file.
func panicSite() string {
	pc := make([]uintptr, 64)
	frames := runtime.CallersFrames(pc[:runtime.Callers(0, pc)])
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, "httpfromscratch/") && !strings.HasSuffix(f.File, "_test.go") {
			return fmt.Sprintf("%s:%d (%s)", filepath.Base(f.File), f.Line, strings.TrimPrefix(f.Function, "httpfromscratch/step1_parse/request."))
		}
		if !more {
			return "an unknown line"
		}
	}
}

// showField shows a field with its two strings quoted: a zero Field is
// not the line ": ".
func showField(f Field) string {
	return fmt.Sprintf("Field{Name: %q, Value: %q}", f.Name, f.Value)
}

// describe shows an error, or its absence, for a failure message.
func describe(err error) string {
	if err == nil {
		return "no error"
	}
	return fmt.Sprintf("error %q", err)
}
