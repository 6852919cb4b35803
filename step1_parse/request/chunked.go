package request

import (
	"errors"
	"fmt"
)

// This file is the grammar of a chunk-size line, the one line of a chunked
// body (step 5 reads the body) that is neither data nor a field line.

// ParseChunkSize reads a chunk-size line, without its CRLF (RFC 9112
// §7.1.1):
//
//	chunk-size [ chunk-ext ]      "1a", "1a;name", "1a ; name=value"
//	chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
//
// This server knows no extension, so it drops them; but it checks their
// syntax, because a line one server reads as a size and another as junk
// is where a smuggled request hides.
func ParseChunkSize(line []byte) (int64, error) {
	var size int64
	i := 0
	for ; i < len(line); i++ {
		d := unhex(line[i])
		if d < 0 {
			break
		}
		if i >= 15 { // 16 hex digits would overflow an int64
			return 0, fmt.Errorf("%w: chunk size %q too large", ErrMalformed, Clip(string(line)))
		}
		size = size<<4 | int64(d)
	}
	if i == 0 {
		return 0, fmt.Errorf("%w: chunk size %q is not hex", ErrMalformed, Clip(string(line)))
	}
	if err := checkChunkExt(line[i:]); err != nil {
		return 0, fmt.Errorf("%w: chunk line %q: %v", ErrMalformed, Clip(string(line)), err)
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
	for n < len(s) && IsTokenChar(s[n]) {
		n++
	}
	return n
}

// quotedLen is the length of the quoted-string s starts with, quotes
// included (RFC 9110 §5.6.4), or 0 when it is not closed. Control bytes
// never get here: step 5's readChunkLine refuses them.
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
