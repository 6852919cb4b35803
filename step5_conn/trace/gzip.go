package trace

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
)

// This file shows a gzip body (Content-Encoding: gzip) for what it is: its
// pieces and chunks are labelled as they pass, showing only gzip's first
// bytes, and once it is over one more line shows it decompressed, with its
// size on the wire and after:
//
//	[1] < chunk size     b29\r\n
//	[1] < chunk data     \x1f\x8b\x08\x00\x00\x00\x00\x00\x04\xff\x8cy\xedv\x1bG... (2857 bytes)
//	[1] < chunk end      \r\n
//	[1] < last chunk     0\r\n
//	[1] < empty line     \r\n
//	[1] < body (gzip, 2,857 bytes → 9,876 bytes) <!doctype html>...
//
// The trace reads what any peer sends (step 7's checker shows another
// server's answers with it), so it is bounded: it keeps at most
// maxZipped bytes of a body to decompress, and decompresses at most
// maxInflated; a gzip bomb is a line that says so, not a gigabyte.

const (
	maxZipped   = 1 << 20  // gzip bytes kept to decompress
	maxInflated = 64 << 20 // bytes decompressed, at most
	gzipLabel   = "body (gzip, "
)

// gzipped is a gzip body being traced.
type gzipped struct {
	on   bool
	n    int64  // its bytes so far
	kept []byte // the first maxZipped of them
}

// begin starts a body, gzip's when on.
func (z *gzipped) begin(on bool) {
	z.on, z.n, z.kept = on, 0, z.kept[:0]
}

// keep notes b, the next bytes of the body.
func (z *gzipped) keep(b []byte) {
	if !z.on {
		return
	}
	z.n += int64(len(b))
	if z.n <= maxZipped {
		z.kept = append(z.kept, b...)
	}
}

// end emits the body decompressed, once it is over, and lets its bytes go.
func (z *gzipped) end(emit emitter) {
	if !z.on {
		return
	}
	label, text := z.inflate()
	z.begin(false)
	if cap(z.kept) > 64<<10 {
		z.kept = nil // a large body's buffer goes; a connection keeps little
	}
	emit(label, text, 0, false)
}

// inflate is the label of the body decompressed, and its first bytes; or
// why it was not.
func (z *gzipped) inflate() (string, []byte) {
	size := gzipLabel + grouped(z.n) + " bytes"
	if z.n > maxZipped {
		return size + ")", fmt.Appendf(nil, "not decompressed: over %d MiB", maxZipped>>20)
	}
	zr, err := gzip.NewReader(bytes.NewReader(z.kept))
	if err != nil {
		return size + ")", fmt.Appendf(nil, "not gzip: %v", err)
	}
	var head prefix
	n, err := io.Copy(&head, io.LimitReader(zr, maxInflated+1))
	switch {
	case n > maxInflated:
		return fmt.Sprintf("%s → more than %d MiB)", size, maxInflated>>20), head.b
	case err != nil:
		return fmt.Sprintf("%s → %s bytes, then %v)", size, grouped(n), err), head.b
	}
	return fmt.Sprintf("%s → %s bytes)", size, grouped(n)), head.b
}

// prefix keeps the first bytes written to it, as many as the trace shows
// and one to tell that there are more.
type prefix struct{ b []byte }

func (p *prefix) Write(b []byte) (int, error) {
	if room := maxShown + 1 - len(p.b); room > 0 {
		p.b = append(p.b, b[:min(room, len(b))]...)
	}
	return len(b), nil
}

// grouped writes n with its thousands grouped: 9876 → "9,876".
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
