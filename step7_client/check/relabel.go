package check

import (
	"regexp"
	"strconv"
	"strings"
)

// This file says the labels of a report's exchanges in the report's
// language. Step 5's Labeller labels each part of a message as full
// -trace does, in English, in a column 14 wide:
//
//	> request line   GET /health HTTP/1.1\r\n
//	< body           {"status":"ok"} (15 bytes)
//
// In Chinese the report uses the tutorial's words for the parts, and
// leaves the bytes as they are:
//
//	> 请求行         GET /health HTTP/1.1\r\n
//	< 响应体         {"status":"ok"} (15 字节)

// labelWidth is the Labeller's label column: "%-14s ".
const labelWidth = 14

// traceLabels are the labels the Labeller writes, the longer of two that
// begin alike first.
var traceLabels = []string{
	"request line", "status line", "empty line (ignored)", "empty line", "trailer field", "field", "body",
	"chunk size", "chunk data", "chunk end", "last chunk",
}

var (
	bytesOf = regexp.MustCompile(`^(.*) \((\d+) of (\d+) bytes\)$`)
	bytesN  = regexp.MustCompile(`^(.*) \((\d+) bytes\)$`)
)

// gzipLine is the line the Labeller adds once a gzip body is over (step
// 5's gzip.go): the body decompressed, its sizes in the label, then what
// it holds, or why it was not decompressed.
//
//	body (gzip, 249 bytes → 4,247 bytes) POST /echo HTTP/1.1\r\n...
//	body (gzip, 249 bytes → 120 bytes, then unexpected EOF) POST /ec...
//	body (gzip, 10,225 bytes → more than 64 MiB) 00000000...
//	body (gzip, 12 bytes) not gzip: gzip: invalid header
//	body (gzip, 2,000,000 bytes) not decompressed: over 1 MiB
var gzipLine = regexp.MustCompile(`^body \(gzip, ([0-9,]+) bytes(?: → (?:([0-9,]+) bytes(?:, then (.*?))?|more than ([0-9]+) MiB))?\) (.*)$`)

// gzipIn says a gzipLine match m in l: its label and, when the body was
// not decompressed, why; what it holds stays as it is.
func gzipIn(m []string, sent bool, l Lang) string {
	zipped, plain, then, over, text := m[1], m[2], m[3], m[4], m[5]
	var sizes string
	switch {
	case then != "":
		sizes = l.say("part.gzip-then", zipped, plain, then)
	case plain != "":
		sizes = l.say("part.gzip-to", zipped, plain)
	case over != "":
		sizes = l.say("part.gzip-over", zipped, over)
	default:
		sizes = l.say("part.gzip-n", zipped)
		// No sizes after the arrow: the text is the trace's, saying why.
		if why, ok := strings.CutPrefix(text, "not gzip: "); ok {
			text = l.say("part.not-gzip", why)
		} else if mib, ok := strings.CutPrefix(text, "not decompressed: over "); ok {
			text = l.say("part.not-inflated", strings.TrimSuffix(mib, " MiB"))
		}
	}
	return pad(l.say("part.gzip", l.say(partID("body", sent)), sizes)) + " " + text
}

// relabel returns line, which the Labeller wrote after prefix (its
// indent and mark), with its label and its byte count said in l. sent
// says whose line it is: the checker's (a request) or the server's (a
// response). A line it does not recognise is returned as it came.
func relabel(line, prefix string, sent bool, l Lang) string {
	rest, ok := strings.CutPrefix(line, prefix+" ")
	if !ok {
		return line
	}
	rest = strings.TrimSuffix(rest, "\n")
	if m := gzipLine.FindStringSubmatch(rest); m != nil {
		return prefix + " " + gzipIn(m, sent, l) + "\n"
	}
	for _, label := range traceLabels {
		for _, written := range []string{label + " (unfinished)", label} {
			end := max(labelWidth, len(written)) + 1 // the label, its padding and one space
			if !strings.HasPrefix(rest, written) || len(rest) < end || strings.Trim(rest[len(written):end], " ") != "" {
				continue
			}
			said := l.say(partID(label, sent))
			if written != label {
				said = l.say("part.unfinished", said)
			}
			return prefix + " " + pad(said) + " " + countIn(rest[end:], label, l) + "\n"
		}
	}
	return line
}

// partID is the message id of a label: a field and a body are the
// request's or the response's.
func partID(label string, sent bool) string {
	if label == "field" || label == "body" {
		if sent {
			return "part.request " + label
		}
		return "part.response " + label
	}
	return "part." + label
}

// countIn says, in l, the byte count the Labeller puts after a body, a
// chunk's data and a line it shortened ("..."): the bytes before it stay
// as they are.
func countIn(text, label string, l Lang) string {
	counted := label == "body" || label == "chunk data"
	if m := bytesOf.FindStringSubmatch(text); m != nil && (counted || strings.HasSuffix(m[1], "...")) {
		part, err1 := strconv.ParseInt(m[2], 10, 64)
		whole, err2 := strconv.ParseInt(m[3], 10, 64)
		if err1 == nil && err2 == nil {
			return m[1] + " " + l.say("part.bytes-of", part, whole)
		}
	}
	if m := bytesN.FindStringSubmatch(text); m != nil && (counted || strings.HasSuffix(m[1], "...")) {
		if n, err := strconv.ParseInt(m[2], 10, 64); err == nil {
			return m[1] + " " + l.say("part.bytes", n)
		}
	}
	return text
}

// pad pads a label to the column's width as a terminal shows it: a
// Chinese character takes two columns.
func pad(label string) string {
	w := 0
	for _, r := range label {
		w++
		if r >= 0x2E80 { // CJK and full-width forms
			w++
		}
	}
	return label + strings.Repeat(" ", max(0, labelWidth-w))
}
