package connection

import (
	"bufio"
	"fmt"
	"io"
	"slices"

	"httpfromscratch/step1_parse/request"
)

// readChunked decodes a chunked body (RFC 9112 §7.1) from br, appending
// the data to dst:
//
//	5;ext=1\r\n      chunk size in hex, optional extensions (read, dropped)
//	hello\r\n        that many bytes, then CRLF
//	0\r\n            the last chunk
//	Trailer: x\r\n   optional trailer fields (read, dropped)
//	\r\n
//
// The body may grow to lim.Body bytes (413 past it); the trailer section
// to lim.HeaderBytes (431).
func readChunked(br *bufio.Reader, dst []byte, lim Limits) ([]byte, error) {
	for {
		line, err := readChunkLine(br)
		if err != nil {
			return dst, err
		}
		size, err := parseChunkSize(line)
		if err != nil {
			return dst, err
		}
		if size == 0 {
			break
		}
		if int64(len(dst))+size > lim.Body {
			return dst, fmt.Errorf("%w: chunked body over the limit of %d bytes", ErrBodyTooLarge, lim.Body)
		}
		n := len(dst)
		dst = slices.Grow(dst, int(size))[:n+int(size)]
		if _, err := io.ReadFull(br, dst[n:]); err != nil {
			return dst, fmt.Errorf("%w: chunk data cut short: %w", request.ErrMalformed, err)
		}
		crlf, err := readChunkLine(br)
		if err != nil {
			return dst, err
		}
		if len(crlf) != 0 {
			return dst, fmt.Errorf("%w: chunk data longer than its size", request.ErrMalformed)
		}
	}
	// The trailer section: field lines up to an empty line.
	total := 0
	for {
		line, err := readChunkLine(br)
		if err != nil {
			return dst, err
		}
		if len(line) == 0 {
			return dst, nil
		}
		if total += len(line) + 2; total > lim.HeaderBytes {
			return dst, fmt.Errorf("%w: trailer section over %d bytes", ErrHeaderTooLarge, lim.HeaderBytes)
		}
	}
}

// maxChunkLine bounds a chunk-size line with its extensions, or one
// trailer field line: the reader's buffer.
const maxChunkLine = 4096

// readChunkLine reads a CRLF-terminated line and returns it without the
// CRLF. The slice is only valid until the next read.
func readChunkLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	switch {
	case err == bufio.ErrBufferFull:
		return nil, fmt.Errorf("%w: chunk line longer than %d bytes", request.ErrMalformed, maxChunkLine)
	case err == io.EOF:
		return nil, fmt.Errorf("%w: chunked body cut short", request.ErrMalformed)
	case err != nil:
		return nil, err
	}
	if len(line) < 2 || line[len(line)-2] != '\r' {
		return nil, fmt.Errorf("%w: bare LF in chunked body: lines must end in CRLF", request.ErrMalformed)
	}
	line = line[:len(line)-2]
	for _, b := range line {
		if (b < ' ' && b != '\t') || b == 0x7f {
			return nil, fmt.Errorf("%w: control byte %#02x in chunked framing", request.ErrMalformed, b)
		}
	}
	return line, nil
}

// parseChunkSize reads "1a" or "1a;name=value" (RFC 9112 §7.1.1).
func parseChunkSize(line []byte) (int64, error) {
	var size int64
	i := 0
	for ; i < len(line); i++ {
		d := unhex(line[i])
		if d < 0 {
			break
		}
		if i >= 15 { // 16 hex digits would overflow an int64
			return 0, fmt.Errorf("%w: chunk size %q too large", request.ErrMalformed, line)
		}
		size = size<<4 | int64(d)
	}
	if i == 0 {
		return 0, fmt.Errorf("%w: chunk size %q is not hex", request.ErrMalformed, line)
	}
	rest := line[i:]
	for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
		rest = rest[1:] // BWS before an extension
	}
	if len(rest) > 0 && rest[0] != ';' {
		return 0, fmt.Errorf("%w: chunk size %q is not hex", request.ErrMalformed, line)
	}
	return size, nil
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}
