// Package response is step 2 of the tutorial, build_response: it turns a
// status code and a value into the bytes of an HTTP response.
//
//	HTTP/1.1 200 OK\r\n                               <- status line (状态行)
//	Content-Type: application/json; charset=utf-8\r\n <- header fields (响应头)
//	Content-Length: 27\r\n                            <- body size in BYTES
//	Connection: close\r\n
//	\r\n                                              <- empty line (空行)
//	{"message":"ok","count":42}                       <- body (响应体)
//
// Content-Length is what tells the client where the body ends, so it must
// count bytes: len(payload) of the UTF-8 encoding, never the number of
// characters. The tutorial's Chinese task titles make the difference show.
package response

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"

	"httpfromscratch/step1_parse/request"
)

// Build is the tutorial's build_response: a JSON response that closes the
// connection, as the tutorial's one-request-per-connection server does.
// The finished server builds the same bytes with [Response.Append], which
// also knows about keep-alive, HEAD and the Date field.
//
// Tutorial: build_response
func Build(status int, body any) []byte {
	// payload = json.dumps(body, ensure_ascii=False).encode("utf-8"), then
	// the status line, the fields, the empty line and the payload.
	return JSON(status, body).Append(nil, Meta{Closing: true})
}

// JSON returns a response whose body is v encoded as JSON. Like the
// tutorial's json.dumps(body, ensure_ascii=False), it keeps non-ASCII text
// as UTF-8 and does not escape <, > and &. Struct fields keep their order,
// so bodies come out the same every time, as Python's dicts do.
func JSON(status int, v any) *Response {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return Error(500, "cannot encode response: "+err.Error())
	}
	body := buf.Bytes()
	return &Response{Status: status, Body: body[:len(body)-1]} // drop Encode's newline
}

// Error returns the {"error": "..."} response every failure uses.
func Error(status int, message string) *Response {
	return JSON(status, struct {
		Error string `json:"error"`
	}{message})
}

// RetryAfter is how long, in seconds, a 503 tells its client to wait
// before it tries again: the server is busy or stopping, not the request
// wrong, and a second is long enough for a body to be answered, a
// connection to close or a restarted server to listen.
const RetryAfter = 1

// Unavailable is a 503 with message and a Retry-After field (RFC 9110
// §15.6.4, §10.2.3): every busy answer of the server, whether it is over
// its connection limit (step 6), out of body memory (step 5) or its store
// is closing (step 3), is built here.
func Unavailable(message string) *Response {
	r := Error(503, message)
	r.Fields = request.Fields{{Name: "Retry-After", Value: strconv.Itoa(RetryAfter)}}
	return r
}

// Response is what a handler returns: a status, extra header fields in a
// fixed order, and a body that is already JSON. The connection adds what
// only it knows (Date, Connection) when it writes the response.
type Response struct {
	Status int
	Fields request.Fields // the handler's own fields, such as Location or Allow
	Body   []byte         // nil means no body and no Content-Type
	Type   string         // Body's Content-Type; "" means JSON, as every API answer is

	// Stream, when set, is the body instead of Body: one written while it
	// is produced, too long to hold in memory at once (a long task list),
	// or one written from where it already is (/echo).
	Stream Stream

	// Close asks the connection to close after this response, as a
	// refusal does: the router sets it for a method it does not know. The
	// connection decides (Meta.Closing), from this and from the request.
	Close bool
}

// Stream is a body written as it is produced. Most often its length is
// known before its first byte, so the response still says Content-Length,
// and HTTP/1.0 clients can read it too. A body compressed as it is written
// (step 4's compress.go) cannot know it: its Len is negative, and the
// response goes out in chunks, each with its size (chunked.go).
type Stream interface {
	Len() int64                         // exactly the bytes WriteTo writes; negative: not known before they are written
	WriteTo(w io.Writer) (int64, error) // in pieces, as w takes them
}

// Meta is what the connection knows about the exchange and the handler
// does not.
type Meta struct {
	Date      string // the Date field, IMF-fixdate; left out when ""
	Closing   bool   // the server closes the connection after this response: "Connection: close"
	KeepAlive bool   // an HTTP/1.0 client asked to keep the connection
	HeadOnly  bool   // a HEAD request: every header field, but no body
	HTTP10    bool   // an HTTP/1.0 client, which knows no chunks: a body of unknown length ends when the connection closes (Closing)
}

// Append writes the response's wire bytes to dst and returns the extended
// slice: its head, then the body that goes on the wire.
func (r *Response) Append(dst []byte, m Meta) []byte {
	dst = append(r.AppendHead(dst, m), r.WireBody(m)...)
	if s := r.WireStream(m); s != nil {
		w := appender{dst}
		// NOTE: ignoring the errors: an appender never fails.
		if r.Chunked(m) {
			cw := NewChunkedWriter(&w)
			s.WriteTo(cw)
			cw.Close()
		} else {
			s.WriteTo(&w)
		}
		dst = w.b
	}
	return dst
}

// appender is an io.Writer that appends to a slice.
type appender struct{ b []byte }

func (a *appender) Write(p []byte) (int, error) {
	a.b = append(a.b, p...)
	return len(p), nil
}

// AppendHead writes the status line, the header fields and the empty line.
// Header fields always come in the same order: Date, Content-Type,
// Content-Length (or Transfer-Encoding), the handler's own, Connection.
func (r *Response) AppendHead(dst []byte, m Meta) []byte {
	// f"HTTP/1.1 {status} {status_text.get(status, 'Unknown')}\r\n"
	dst = append(dst, "HTTP/1.1 "...)
	dst = strconv.AppendInt(dst, int64(r.Status), 10)
	dst = append(dst, ' ')
	dst = append(dst, StatusText(r.Status)...)
	dst = append(dst, "\r\n"...)
	if m.Date != "" {
		dst = appendField(dst, "Date", m.Date)
	}
	// RFC 9110 §8.6 and §15: 1xx, 204 and 304 responses carry no body and
	// no Content-Length.
	if request.HasBody("", r.Status) { // a HEAD answer says GET's Content-Length too
		if r.Body != nil || r.Stream != nil {
			dst = appendField(dst, "Content-Type", r.contentType())
		}
		switch n := r.length(); {
		case n >= 0:
			// f"Content-Length: {len(payload)}\r\n": bytes, not characters
			dst = append(dst, "Content-Length: "...)
			dst = strconv.AppendInt(dst, n, 10)
			dst = append(dst, "\r\n"...)
		case !m.HTTP10:
			// A length not known before the body is written: chunks,
			// each with its size (chunked.go). An HTTP/1.0 client gets
			// neither field: its body ends when the connection closes.
			dst = appendField(dst, "Transfer-Encoding", "chunked")
		}
	}
	for _, h := range r.Fields {
		dst = appendField(dst, h.Name, h.Value)
	}
	switch {
	case m.Closing:
		dst = appendField(dst, "Connection", "close")
	case m.KeepAlive:
		dst = appendField(dst, "Connection", "keep-alive")
	}
	return append(dst, "\r\n"...) // the empty line
}

// WireBody is the body as it goes on the wire after the head: none for a
// HEAD request, nor for a status that has no body.
func (r *Response) WireBody(m Meta) []byte {
	if !request.HasBody(m.method(), r.Status) {
		return nil
	}
	return r.Body
}

// WireStream is the Stream that goes on the wire after the head, when the
// body is one: none for a HEAD request, nor for a status that has no body.
func (r *Response) WireStream(m Meta) Stream {
	if !request.HasBody(m.method(), r.Status) {
		return nil
	}
	return r.Stream
}

// WholeBody is the body in one piece: Body, or what Stream writes. For
// demos and tests; the connection writes a Stream as it goes.
func (r *Response) WholeBody() []byte {
	if r.Stream == nil {
		return r.Body
	}
	w := appender{}
	r.Stream.WriteTo(&w) // NOTE: ignoring the error: an appender never fails
	return w.b
}

// length is the body's length in bytes; negative when it is not known
// before it is written.
func (r *Response) length() int64 {
	if r.Stream != nil {
		return r.Stream.Len()
	}
	return int64(len(r.Body))
}

func (r *Response) contentType() string {
	if r.Type != "" {
		return r.Type
	}
	return "application/json; charset=utf-8"
}

func appendField(dst []byte, name, value string) []byte {
	dst = append(dst, name...)
	dst = append(dst, ": "...)
	dst = append(dst, value...)
	return append(dst, "\r\n"...)
}

// method is the request's method as far as the body goes.
func (m Meta) method() string {
	if m.HeadOnly {
		return "HEAD"
	}
	return ""
}
