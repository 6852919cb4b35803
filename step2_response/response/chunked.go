package response

import (
	"io"
	"strconv"
)

// This file is the chunked transfer coding on the answer's side (RFC 9112
// §7.1): how a body whose length is not known before it is written (a
// body compressed as it goes) tells the client where it ends. Each piece
// carries its own size, and a piece of size 0 ends the body:
//
//	HTTP/1.1 200 OK\r\n
//	Transfer-Encoding: chunked\r\n   <- instead of Content-Length
//	Content-Encoding: gzip\r\n
//	\r\n
//	b29\r\n                          <- chunk size, in hex: 2,857 bytes follow
//	\x1f\x8b\x08\x00...\r\n          <- the bytes, then CRLF
//	0\r\n                            <- the last chunk
//	\r\n                             <- no trailer fields: the message is over
//
// HTTP/1.0 has no chunks: an HTTP/1.0 client is sent the body as it is,
// and the connection closes after it (Meta.HTTP10). Step 1 reads chunked
// request bodies with the same grammar (request.ParseChunkSize); Read
// (read.go) reads chunked answers with it.

// UnknownLength reports whether r's body is a Stream whose length is not
// known before it is written.
func (r *Response) UnknownLength() bool {
	return r.Stream != nil && r.Stream.Len() < 0
}

// Chunked reports whether r's body goes out in chunks: its length is
// unknown, and the client speaks HTTP/1.1.
func (r *Response) Chunked(m Meta) bool {
	return r.UnknownLength() && !m.HTTP10
}

// ChunkedWriter frames what is written to it as chunks: each Write is one
// chunk, its size in hex on the line before it, so a writer of tiny pieces
// makes tiny chunks (step 4's gzip stream gathers its own into
// chunk-sized ones). Close writes the last chunk.
type ChunkedWriter struct {
	w    io.Writer
	size []byte // the chunk-size line being written
}

// NewChunkedWriter returns a ChunkedWriter writing to w.
func NewChunkedWriter(w io.Writer) *ChunkedWriter {
	return &ChunkedWriter{w: w, size: make([]byte, 0, 18)} // 16 hex digits and CRLF
}

var crlf = []byte("\r\n")

// Write writes p as one chunk. An empty p writes nothing: a chunk of size
// 0 would end the body.
func (cw *ChunkedWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	cw.size = append(strconv.AppendInt(cw.size[:0], int64(len(p)), 16), crlf...)
	if _, err := cw.w.Write(cw.size); err != nil {
		return 0, err
	}
	n, err := cw.w.Write(p)
	if err != nil {
		return n, err
	}
	_, err = cw.w.Write(crlf)
	return n, err
}

// Close writes the last chunk and the empty line after it: no trailer
// fields. It does not close the writer underneath.
func (cw *ChunkedWriter) Close() error {
	_, err := io.WriteString(cw.w, "0\r\n\r\n")
	return err
}
