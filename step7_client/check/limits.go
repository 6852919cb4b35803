package check

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// This file guards the checker against the server it checks. A checker
// points at servers that may be broken, or hostile, so it reads as a
// careful client does: every length it is told is only a claim, and
// everything it holds in memory has a bound. Past a bound the check
// fails, naming it; the run goes on.
const (
	maxStatusLine = 8 << 10   // "HTTP/1.1 200 OK" needs 15 bytes
	maxHead       = 64 << 10  // all the field lines of one answer
	maxFields     = 100       // our server sends 5 or 6
	maxBody       = 1 << 20   // a body kept in memory to be checked
	maxList       = 256 << 20 // the task list, read as a stream and not kept (100,000 tasks are about 100 MB)
	maxRecorded   = 64 << 10  // what one connection sent that the report keeps to show
)

// readLine reads one line, ended by LF (CRLF or a bare LF: the checks say
// which is wrong), and returns it without its end. A line longer than
// limit is errTooLong, however much more the server sends.
func (c *conn) readLine(limit int) (string, error) {
	var line []byte
	for {
		frag, err := c.br.ReadSlice('\n') // at most the buffer's 4 KiB at a time
		if len(line)+len(frag) > limit {
			return "", errTooLong
		}
		line = append(line, frag...)
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue // no LF yet: read on
		case err != nil:
			return string(line), err
		}
		return string(trimEOL(line)), nil
	}
}

var errTooLong = errors.New("too long")

func trimEOL(b []byte) []byte {
	b = b[:len(b)-1] // the LF
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// parseLength reads a Content-Length value as net/http's
// parseContentLength does: digits only, no sign, no spaces, nothing past
// what an int64 holds. A huge value allocates nothing: it is a number the
// checker compares with its bounds.
//
// The checker keeps its own reading on purpose, rather than step 1's
// request.Fields.ContentLength: a checker that shared the server's parser
// could not catch that parser's bugs.
func parseLength(s string) (int64, error) {
	n, err := strconv.ParseUint(s, 10, 63) // base 10 takes no sign and no "_"
	if err != nil {
		return 0, fail("bad-length", quote(s))
	}
	return int64(n), nil
}

// contentLength returns the length r declares; several Content-Length
// fields must agree, as a server requires of a request.
func (r *reply) contentLength() (int64, error) {
	n, seen := int64(0), ""
	for value := range r.fields.Values("Content-Length") {
		v, err := parseLength(value)
		if err != nil {
			return 0, err
		}
		if seen != "" && v != n {
			return 0, fail("two-lengths", quote(seen), quote(value))
		}
		n, seen = v, value
	}
	return n, nil
}

// exactly reads the n bytes of a body framed by Content-Length; the
// connection's end before them is io.ErrUnexpectedEOF.
type exactly struct {
	r    io.Reader
	left int64
}

func (e *exactly) Read(p []byte) (int, error) {
	if e.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n, err := e.r.Read(p)
	e.left -= int64(n)
	if errors.Is(err, io.EOF) && e.left > 0 {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// gunzip decompresses a gzip body, at most maxBody bytes of it, the bound
// of a body kept. Deflate makes up to a thousand bytes of each one sent
// (a run of zeros), so a body that fits well in maxBody may hold a
// gigabyte, a gzip bomb: the reader stops one byte past the bound, and
// the check fails, having held no more.
func gunzip(body []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, fail("not-gzip", err)
	}
	plain, err := io.ReadAll(io.LimitReader(zr, maxBody+1))
	switch {
	case err != nil:
		return nil, fail("not-gzip", err) // a cut stream, a wrong checksum, bytes after it
	case len(plain) > maxBody:
		return nil, fail("gzip-over", size(maxBody))
	}
	return plain, nil
}

// size says a bound in the unit it was chosen in: "64 KiB", "1 MiB".
type size int64

func (n size) in(l Lang) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return l.say("size-byte", int64(n))
}

func (n size) String() string { return n.in(English) }
