package trace

import (
	"bytes"
	"strconv"
	"strings"

	"httpfromscratch/step1_parse/request"
)

// wire follows one direction of a traced connection, a message after the
// other, to label its bytes: start line, fields, empty line, then the body
// its framing announces (Content-Length bytes, or chunks). It is a reader
// of its own, more forgiving than the server's: it labels what it sees,
// and the server decides what it accepts.
type wire struct {
	request bool // the client's direction; otherwise the server's

	state   wireState
	pending []byte // a line begun and not ended
	left    int64  // bytes left in the body or the chunk
	total   int64  // the size of the body or the chunk being traced

	// What the current head said.
	length  int64
	chunked bool
	gzip    bool // Content-Encoding: gzip
	status  int  // the server's side: the status of the answer
	closing bool // the server's side: the answer said Connection: close
	headEnd bool // the line just read was the empty line that ends a head

	zipped gzipped // the gzip body being traced (gzip.go)
}

type wireState int

const (
	atStart     wireState = iota // before a request line or a status line
	inFields                     // between the start line and the empty line
	inBody                       // Content-Length bytes
	atChunkSize                  // before a chunk-size line
	inChunk                      // chunk data
	atChunkEnd                   // the CRLF after chunk data
	inTrailer                    // after the last chunk
)

// emitter prints one part: a whole line, or the piece of a body that
// arrived (total is the size of the whole body or chunk; zipped says the
// bytes are gzip's, shown only as far as a reader can tell what they are).
type emitter func(label string, b []byte, total int64, zipped bool)

// feed labels data, the next bytes of this direction, calling emit with
// each part. A gzip body is also labelled whole once it is over
// (gzip.go): what it holds, and its size before and after.
func (w *wire) feed(data []byte, emit emitter) {
	for len(data) > 0 {
		if w.state == inBody || w.state == inChunk {
			n := int(min(int64(len(data)), w.left))
			label := "body"
			if w.state == inChunk {
				label = "chunk data"
			}
			w.zipped.keep(data[:n])
			emit(label, data[:n], w.total, w.zipped.on)
			data, w.left = data[n:], w.left-int64(n)
			if w.left == 0 {
				if w.state == inChunk {
					w.state = atChunkEnd
				} else {
					w.state = atStart
					w.zipped.end(emit)
				}
			}
			continue
		}
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			w.pending = append(w.pending, data...)
			return
		}
		line := append(w.pending, data[:i+1]...)
		w.pending, data = nil, data[i+1:]
		label := w.lineLabel(line)
		w.line(line)
		emit(label, line, 0, false)
		if w.state == atStart {
			w.zipped.end(emit) // after the last chunk's empty line
		}
	}
}

// lineLabel names line, which comes next.
func (w *wire) lineLabel(line []byte) string {
	empty := len(bytes.TrimRight(line, "\r\n")) == 0
	switch {
	case w.state == atStart && empty:
		return "empty line (ignored)"
	case w.state == atStart && w.request:
		return "request line"
	case w.state == atStart:
		return "status line"
	case w.state == atChunkSize && bytes.HasPrefix(bytes.TrimLeft(line, "0"), []byte("\r")):
		return "last chunk"
	case w.state == atChunkSize:
		return "chunk size"
	case w.state == atChunkEnd:
		return "chunk end"
	case empty:
		return "empty line"
	case w.state == inTrailer:
		return "trailer field"
	}
	return "field"
}

// line moves past one line, learning the framing from it.
func (w *wire) line(line []byte) {
	text := strings.TrimRight(string(line), "\r\n")
	w.headEnd = false
	switch w.state {
	case atStart:
		if text == "" {
			return // an empty line before a request: ignored, as by the server
		}
		w.length, w.chunked, w.gzip, w.closing, w.status = 0, false, false, false, 0
		if !w.request {
			_, w.status, _, _ = request.ParseStatusLine(text) // 0 when it is not one
		}
		w.state = inFields
	case inFields:
		if text != "" {
			w.field(text)
			return
		}
		w.headEnd = true
		w.endHead()
	case atChunkSize:
		size, err := request.ParseChunkSize([]byte(text))
		switch {
		case err != nil:
			w.state = atStart // the server refuses it; so does the trace
		case size == 0:
			w.state = inTrailer
		default:
			w.left, w.total, w.state = size, size, inChunk
		}
	case atChunkEnd:
		w.state = atChunkSize
	case inTrailer:
		if text == "" {
			w.state = atStart
		}
	}
}

// field notes what a field says about the framing.
func (w *wire) field(text string) {
	name, value, _ := strings.Cut(text, ":")
	value = strings.TrimSpace(value)
	switch {
	case strings.EqualFold(name, "Content-Length"):
		w.length, _ = strconv.ParseInt(value, 10, 64)
	case strings.EqualFold(name, "Transfer-Encoding"):
		w.chunked = strings.HasSuffix(strings.ToLower(value), "chunked")
	case strings.EqualFold(name, "Connection"):
		w.closing = strings.Contains(strings.ToLower(value), "close")
	case strings.EqualFold(name, "Content-Encoding"):
		w.gzip = strings.EqualFold(value, "gzip") || strings.EqualFold(value, "x-gzip")
	}
}

// endHead decides what follows an empty line: a body, chunks, or the next
// message. An interim answer (100 Continue) and 204 and 304 have no body.
func (w *wire) endHead() {
	switch {
	case !w.request && !request.HasBody("", w.status): // a HEAD's answer: noBody
		w.state = atStart
	case w.chunked:
		w.state = atChunkSize
		w.zipped.begin(w.gzip)
	case w.length > 0:
		w.left, w.total, w.state = w.length, w.length, inBody
		w.zipped.begin(w.gzip)
	default:
		w.state = atStart
	}
}

// noBody says that the answer whose head just ended has no body after all:
// it answers a HEAD.
func (w *wire) noBody() {
	w.state, w.left = atStart, 0
	w.zipped.begin(false)
}
