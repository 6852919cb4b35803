package check

import (
	"fmt"
	"strings"

	"httpfromscratch/step1_parse/request"
)

// This file holds what the checks of HTTP as browsers use it share
// (SPEC §2, "Negotiation and caching"): a body gzip-coded when the client
// asks, and only then, with Vary; and requests made conditional on a
// task's ETag. The tutorial teaches neither, so a server that shows no
// sign of them (no Content-Encoding when asked, no ETag) has the check
// skipped, not failed.
//
// The gzip checks ask /echo, which answers the request exactly as it came
// (SPEC §3): what its body must decompress to is known to the byte, the
// request the check sent. The task list may be 100 MB, more than a check
// keeps; the page at / quotes the request that asked for it, so two
// requests get two pages.

// echoSize is the body the gzip checks send to /echo: past any size a
// server waits for before it compresses (full's is 1 KiB; a TCP segment
// holds about 1.4).
const echoSize = 4 << 10

// echoBody is echoSize bytes of text, in UTF-8 as the tutorial's titles
// are: a decompressed body that is not the request byte for byte shows.
var echoBody = func() string {
	const line = "阅读 HTTP RFC,手写 socket 服务器。\n"
	n := echoSize / len(line)
	return strings.Repeat(line, n) + strings.Repeat(".", echoSize-n*len(line))
}()

// echo sends POST /echo with echoBody on a new connection, with the field
// Accept-Encoding: accept (none when accept is ""), and reads the answer.
// It returns the request too: what the answer's body says, uncoded.
func (ex *exchange) echo(accept string) (sent string, r *reply, err error) {
	c, err := ex.open()
	if err != nil {
		return "", nil, err
	}
	field := ""
	if accept != "" {
		field = "Accept-Encoding: " + accept + "\r\n"
	}
	sent = fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n%sConnection: close\r\n\r\n%s",
		ex.opts.host(), len(echoBody), field, echoBody)
	if err := c.send(sent); err != nil {
		return sent, nil, err
	}
	r, err = c.read("POST")
	return sent, r, err
}

// compressing asks /echo for gzip and returns the request and the answer.
// An answer without Content-Encoding says the server has no /echo (the
// tutorial's has none) or does not compress: the check that asked is
// skipped, saying which.
func (ex *exchange) compressing() (sent string, r *reply, err error) {
	sent, r, err = ex.echo("gzip")
	if err != nil {
		return sent, r, err
	}
	switch {
	case r.get("Content-Encoding") != "":
	case r.status != 200:
		return sent, r, skip("no-echo", quote(r.line))
	default:
		return sent, r, skip("no-gzip", size(echoSize))
	}
	return sent, r, nil
}

// isGzip reports whether a Content-Encoding value names gzip alone;
// x-gzip is gzip too (RFC 9110 §8.4.1.3).
func isGzip(coding string) bool {
	return strings.EqualFold(coding, "gzip") || strings.EqualFold(coding, "x-gzip")
}

// varies reports whether r's Vary holds Accept-Encoding, or is "*" (it
// varies on everything); names without case, as a list over one or more
// field lines.
func varies(r *reply) bool {
	return r.fields.HasToken("Vary", "Accept-Encoding") || r.fields.HasToken("Vary", "*")
}

// vary is r's Vary fields as one list, for a message.
func vary(fs request.Fields) string {
	var values []string
	for v := range fs.Values("Vary") {
		values = append(values, v)
	}
	return strings.Join(values, ", ")
}

// firstDiff returns the offset of the first byte where a and b differ, a
// shorter one's end included; -1 when they are equal.
func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) == len(b) {
		return -1
	}
	return n
}

// taggedTask creates a task titled for what, then reads it back, GET
// /tasks/{id}, and returns it with the ETag that answer carries. A server
// that sends none (no such route, as the tutorial's, or no ETags) has no
// request to make conditional: the check is skipped, saying so.
func (ex *exchange) taggedTask(what string) (task, string, error) {
	t, err := ex.create(uniqueTitle(what))
	if err != nil {
		return task{}, "", fail("creating-tagged", err)
	}
	ex.id = t.ID
	r, err := ex.request("GET", taskPath(t.ID), "")
	if err != nil {
		return t, "", err
	}
	tag := r.get("ETag")
	if r.status != 200 || tag == "" {
		return t, "", skip("no-etag", t.ID, quote(r.line))
	}
	return t, tag, nil
}

func taskPath(id int) string { return fmt.Sprintf("/tasks/%d", id) }
