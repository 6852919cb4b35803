package response

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"httpfromscratch/step1_parse/request"
)

// TestAppend is also the guide for writing AppendHead yourself (README,
// step 2, "Write it yourself"): a failure names the response, the wire
// bytes that came and the ones wanted, the first line that differs, and
// the tutorial's line that writes it.
func TestAppend(t *testing.T) {
	ok := &Response{Status: 200, Body: []byte(`{"a":"写"}`)}
	tests := []struct {
		name string
		resp *Response
		meta Meta
		want string
	}{
		{name: "the tutorial's response: Connection: close, Content-Length in bytes", resp: ok, meta: Meta{Closing: true},
			want: "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"a\":\"写\"}"},
		{name: "fixed field order, Date first", resp: ok, meta: Meta{Date: "D"},
			want: "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 11\r\n\r\n{\"a\":\"写\"}"},
		{name: "the handler's fields after Content-Length, keep-alive last", resp: &Response{Status: 201, Body: []byte(`{}`), Fields: request.Fields{{Name: "Location", Value: "/tasks/3"}}}, meta: Meta{KeepAlive: true},
			want: "HTTP/1.1 201 Created\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\nLocation: /tasks/3\r\nConnection: keep-alive\r\n\r\n{}"},
		{name: "HEAD: every field, no body", resp: ok, meta: Meta{HeadOnly: true},
			want: "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 11\r\n\r\n"},
		{name: "204: no body, no Content-Length, no Content-Type", resp: &Response{Status: 204, Fields: request.Fields{{Name: "Allow", Value: "GET"}}}, meta: Meta{},
			want: "HTTP/1.1 204 No Content\r\nAllow: GET\r\n\r\n"},
		{name: "304: no body", resp: &Response{Status: 304, Body: []byte("x")}, meta: Meta{},
			want: "HTTP/1.1 304 Not Modified\r\n\r\n"},
		{name: "200 with an empty body says Content-Length: 0", resp: &Response{Status: 200}, meta: Meta{},
			want: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"},
		{name: "a Stream body: its Len is the Content-Length", resp: &Response{Status: 200, Stream: stream(`{"tasks":[]}`)}, meta: Meta{},
			want: "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 12\r\n\r\n{\"tasks\":[]}"},
		{name: "a Stream of unknown length: chunked, each Write a chunk, then the last chunk", resp: &Response{Status: 200, Stream: unknown{`{"tasks":`, `[]}`}}, meta: Meta{},
			want: "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{\"tasks\":\r\n3\r\n[]}\r\n0\r\n\r\n"},
		{name: "HEAD of a Stream of unknown length: GET's Transfer-Encoding, no chunks", resp: &Response{Status: 200, Stream: unknown{"abc"}}, meta: Meta{HeadOnly: true},
			want: "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"},
		{name: "HTTP/1.0 knows no chunks: a Stream of unknown length ends with the connection", resp: &Response{Status: 200, Stream: unknown{"ab", "c"}}, meta: Meta{HTTP10: true, Closing: true},
			want: "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\nabc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(tt.resp.Append(nil, tt.meta)); got != tt.want {
				t.Errorf("Append(nil, %s) of %s:\ngot  %q\nwant %q\n%s", showMeta(tt.meta), show(tt.resp), got, tt.want, firstDifference(got, tt.want))
			}
		})
	}
}

// show is r as a test names it: its status, fields and body.
func show(r *Response) string {
	if r.Stream != nil {
		return fmt.Sprintf("Response{Status: %d, Fields: %q, Stream: %q of Len %d}", r.Status, r.Fields, r.WholeBody(), r.Stream.Len())
	}
	return fmt.Sprintf("Response{Status: %d, Fields: %q, Body: %q}", r.Status, r.Fields, r.Body)
}

// stream is a Stream body of fixed text.
type stream string

func (s stream) Len() int64 { return int64(len(s)) }

func (s stream) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, string(s))
	return int64(n), err
}

// unknown is a Stream of unknown length that writes its pieces one Write
// each.
type unknown []string

func (u unknown) Len() int64 { return -1 }

func (u unknown) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, p := range u {
		m, err := io.WriteString(w, p)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// showMeta is m as a literal of its fields that are set.
func showMeta(m Meta) string {
	var set []string
	if m.Date != "" {
		set = append(set, fmt.Sprintf("Date: %q", m.Date))
	}
	for _, f := range []struct {
		name string
		on   bool
	}{{"Closing", m.Closing}, {"KeepAlive", m.KeepAlive}, {"HeadOnly", m.HeadOnly}, {"HTTP10", m.HTTP10}} {
		if f.on {
			set = append(set, f.name+": true")
		}
	}
	return "Meta{" + strings.Join(set, ", ") + "}"
}

// firstDifference names the first line where got differs from want, and
// the tutorial's line (or the rule beyond it) that writes that line, or
// leaves it out.
func firstDifference(got, want string) string {
	g, w := wireLines(got), wireLines(want)
	for i := 0; i < len(w) || i < len(g); i++ {
		var gl, wl wireLine
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		switch {
		case gl == wl:
			continue
		case gl.kind == "field" && !hasField(w, gl.fieldName()):
			return fmt.Sprintf("first difference, line %d: got %q, a field this response has none of (want %q there)\n%s", i+1, gl.text, wl.text, gl.hint())
		case wl.kind == "field" && !hasField(g, wl.fieldName()):
			return fmt.Sprintf("first difference, line %d: got %q, want %q: the field %s is missing\n%s", i+1, gl.text, wl.text, wl.fieldName(), wl.hint())
		case wl.kind == "":
			return fmt.Sprintf("first difference, line %d: got %q after the end of the response\n%s", i+1, gl.text, gl.hint())
		}
		return fmt.Sprintf("first difference, line %d, %s: got %q, want %q\n%s", i+1, wl.name(), gl.text, wl.text, wl.hint())
	}
	return ""
}

func hasField(lines []wireLine, name string) bool {
	for _, l := range lines {
		if l.kind == "field" && l.fieldName() == name {
			return true
		}
	}
	return false
}

// wireLine is one line of a response on the wire, CRLF included, or its
// body.
type wireLine struct {
	kind string // "the status line", "field", "the empty line", "the body"
	text string
}

// wireLines splits a response into its status line, field lines, empty
// line and body.
func wireLines(s string) []wireLine {
	var lines []wireLine
	for i := 0; s != ""; i++ {
		line, rest, ok := strings.Cut(s, "\r\n")
		switch {
		case i == 0 && ok && strings.HasPrefix(line, "HTTP/"):
			lines = append(lines, wireLine{"the status line", line + "\r\n"})
		case i > 0 && ok && line == "":
			lines = append(lines, wireLine{"the empty line", "\r\n"})
			if rest != "" {
				lines = append(lines, wireLine{"the body", rest})
			}
			return lines
		case i > 0 && ok:
			lines = append(lines, wireLine{"field", line + "\r\n"})
		default:
			return append(lines, wireLine{"the body", s}) // no head before it
		}
		s = rest
	}
	return lines
}

func (l wireLine) name() string {
	if l.kind == "field" {
		return "the field " + l.fieldName()
	}
	return l.kind
}

func (l wireLine) fieldName() string {
	name, _, _ := strings.Cut(l.text, ":")
	return name
}

// fieldHints are the tutorial's lines for each field AppendHead writes, in
// the order it writes them.
var fieldHints = map[string]string{
	"Date": "Date comes first, when m.Date is set: the connection knows the time (step 5); the tutorial sends none",
	"Content-Type": `(tutorial: f"Content-Type: application/json; charset=utf-8\r\n"): r.contentType(), after Date, ` +
		`only for a status that has a body (request.HasBody("", r.Status): not 1xx, 204, 304) and a Body or Stream for it to describe`,
	"Content-Length": `(tutorial: f"Content-Length: {len(payload)}\r\n"): r.length(), in bytes, Body's or Stream's, ` +
		`with strconv.AppendInt; after Content-Type. None when request.HasBody("", r.Status) is false (1xx, 204, 304), ` +
		"yet a HEAD answer says GET's; and none when r.length() is negative: Transfer-Encoding says chunked instead",
	"Transfer-Encoding": `(beyond the tutorial) in Content-Length's place when r.length() is negative (a Stream that cannot know ` +
		`its length before it is written): "Transfer-Encoding: chunked", unless m.HTTP10 (HTTP/1.0 has no chunks: neither field)`,
	"Connection": `(tutorial: f"Connection: close\r\n") when m.Closing; "Connection: keep-alive" when m.KeepAlive; ` +
		"else none. It comes last, after r.Fields",
}

func (l wireLine) hint() string {
	switch l.kind {
	case "the status line":
		return `(tutorial: f"HTTP/1.1 {status} {status_text.get(status, 'Unknown')}\r\n"): StatusText(r.Status), status.go`
	case "the empty line":
		return `(tutorial: f"\r\n"): the empty line ends the head; the fields come in the order Date, Content-Type, Content-Length, r.Fields, Connection`
	case "the body":
		return "(tutorial: return header + payload): Append adds the body after AppendHead's head; AppendHead writes none"
	}
	if h, ok := fieldHints[l.fieldName()]; ok {
		return h
	}
	return "the handler's own fields, r.Fields in their order, after Content-Length and before Connection (appendField writes one)"
}

func TestJSONUnencodable(t *testing.T) {
	r := JSON(200, func() {})
	if r.Status != 500 || !strings.Contains(string(r.Body), "cannot encode") {
		t.Errorf("JSON(func) = %d %s, want a 500 that says why", r.Status, r.Body)
	}
}

// TestUnavailableSaysWhenToRetry: every busy answer is a 503 with its
// message and Retry-After, built in one place.
func TestUnavailableSaysWhenToRetry(t *testing.T) {
	r := Unavailable("too many connections; retry later")
	if r.Status != 503 || r.Get("Retry-After") != "1" || string(r.Body) != `{"error":"too many connections; retry later"}` {
		t.Errorf("Unavailable: %d, Retry-After %q, %s; want 503, 1, the JSON error", r.Status, r.Get("Retry-After"), r.Body)
	}
}
