package connection

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"httpfromscratch/step1_parse/request"
)

// readChunked decodes a chunked body (RFC 9112 §7.1) from br, appending
// the data to b (budget.go: it grows as the data arrives):
//
//	5;ext=1\r\n      chunk size in hex, optional extensions (read, dropped)
//	hello\r\n        that many bytes, then CRLF
//	0\r\n            the last chunk
//	Trailer: x\r\n   optional trailer fields (read, checked, dropped)
//	\r\n
//
// The body may grow to lim.Body bytes (413 past it); the trailer section
// to lim.HeaderBytes (431).
func readChunked(br *bufio.Reader, b *body, lim Limits) error {
	for {
		line, err := readChunkLine(br)
		if err != nil {
			return err
		}
		size, err := request.ParseChunkSize(line) // step 1: the line's grammar
		if err != nil {
			return err
		}
		if size == 0 {
			break
		}
		if int64(len(b.buf))+size > lim.Body {
			return fmt.Errorf("%w: chunked body over the limit of %d bytes", ErrBodyTooLarge, lim.Body)
		}
		if err := b.readN(br, size); errors.Is(err, ErrBodyMemory) {
			return err
		} else if err != nil {
			return fmt.Errorf("%w: chunk data cut short: %w", request.ErrMalformed, err)
		}
		crlf, err := readChunkLine(br)
		if err != nil {
			return err
		}
		if len(crlf) != 0 {
			return fmt.Errorf("%w: chunk data longer than its size", request.ErrMalformed)
		}
	}
	if err := readTrailer(br, lim); err != nil {
		return err
	}
	return b.read()
}

// readTrailer reads the trailer section after the last chunk: field lines
// up to an empty line, under the rules and the limit of header lines (a
// line after the last chunk that is not a field, "GET /smuggled
// HTTP/1.1", is a 400, not a trailer), then dropped.
func readTrailer(br *bufio.Reader, lim Limits) error {
	var section []byte
	for {
		start := len(section)
		var err error
		if section, err = readLine(br, section, 0, lim); err != nil { // limits.go: 431 past lim.HeaderBytes
			return err
		}
		line := section[start:]
		if len(line) < 2 || line[len(line)-2] != '\r' {
			return fmt.Errorf("%w: bare LF in the trailer section: lines must end in CRLF", request.ErrMalformed)
		}
		if len(line) == 2 {
			return nil // the empty line: the message is over
		}
		if _, err := request.ParseField(string(line[:len(line)-2])); err != nil {
			return fmt.Errorf("%w (in the trailer section)", err)
		}
	}
}

// readChunkLine reads a CRLF-terminated line and returns it without the
// CRLF. The slice is only valid until the next read. A chunk-size line,
// extensions and all, must fit in the reader's buffer (readSize bytes).
func readChunkLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	switch {
	case err == bufio.ErrBufferFull:
		return nil, fmt.Errorf("%w: chunk line longer than %d bytes", request.ErrMalformed, br.Size())
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
