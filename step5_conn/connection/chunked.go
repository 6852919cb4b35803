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
		size, err := parseChunkSize(line)
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
	return readTrailer(br, lim)
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

// maxChunkLine bounds a chunk-size line with its extensions: the
// reader's buffer.
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

// parseChunkSize reads a chunk-size line, without its CRLF (RFC 9112
// §7.1.1):
//
//	chunk-size [ chunk-ext ]      "1a", "1a;name", "1a ; name=value"
//	chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
//
// This server knows no extension, so it drops them; but it checks their
// syntax, because a line one server reads as a size and another as junk
// is where a smuggled request hides.
func parseChunkSize(line []byte) (int64, error) {
	var size int64
	i := 0
	for ; i < len(line); i++ {
		d := unhex(line[i])
		if d < 0 {
			break
		}
		if i >= 15 { // 16 hex digits would overflow an int64
			return 0, fmt.Errorf("%w: chunk size %q too large", request.ErrMalformed, request.Clip(string(line)))
		}
		size = size<<4 | int64(d)
	}
	if i == 0 {
		return 0, fmt.Errorf("%w: chunk size %q is not hex", request.ErrMalformed, request.Clip(string(line)))
	}
	if err := checkChunkExt(line[i:]); err != nil {
		return 0, fmt.Errorf("%w: chunk line %q: %v", request.ErrMalformed, request.Clip(string(line)), err)
	}
	return size, nil
}

// checkChunkExt checks what follows a chunk size: nothing, or extensions.
func checkChunkExt(s []byte) error {
	for len(s) > 0 {
		if s = skipBWS(s); len(s) == 0 || s[0] != ';' {
			return errors.New(`only ";extension" may follow the size`)
		}
		s = skipBWS(s[1:])
		n := tokenLen(s)
		if n == 0 {
			return errors.New("an extension without a name")
		}
		s = s[n:]
		if t := skipBWS(s); len(t) > 0 && t[0] == '=' {
			t = skipBWS(t[1:])
			if len(t) > 0 && t[0] == '"' {
				n = quotedLen(t)
			} else {
				n = tokenLen(t)
			}
			if n == 0 {
				return errors.New("an extension value that is neither a token nor a closed quoted string")
			}
			s = t[n:]
		}
	}
	return nil
}

// skipBWS skips "bad" whitespace: SP and HTAB that senders may not send
// but recipients must take (RFC 9110 §5.6.3).
func skipBWS(s []byte) []byte {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

// tokenLen is the length of the token s starts with.
func tokenLen(s []byte) int {
	n := 0
	for n < len(s) && request.IsTokenChar(s[n]) {
		n++
	}
	return n
}

// quotedLen is the length of the quoted-string s starts with, quotes
// included (RFC 9110 §5.6.4), or 0 when it is not closed. Control bytes
// never get here: readChunkLine refuses them.
func quotedLen(s []byte) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '"':
			return i + 1
		case '\\':
			i++ // a quoted-pair: the next byte is taken as it is
		}
	}
	return 0
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
