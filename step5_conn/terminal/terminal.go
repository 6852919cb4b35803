// Package terminal guards the learner's terminal: every byte this module
// prints from the network or the store goes through Visible first.
package terminal

import (
	"strconv"
	"unicode/utf8"
)

// Whatever a peer sends, or a
// store holds, may hold bytes a terminal obeys instead of showing: ESC
// starts a sequence that can move the cursor, retitle the window or write
// the clipboard (ESC ] 52), C1 controls (U+0080–U+009F, two bytes in
// UTF-8) do the same on many terminals, and bidi overrides (U+202E…) and
// line separators rearrange what a line seems to say. Everything printed
// from the network or the store — the trace, the access log, the demo's
// task table, the checker — goes through AppendVisible, so it is escaped
// one way:
//
//	"GET / HTTP/1.1\r\n"      → GET / HTTP/1.1\r\n
//	"\x1b]0;title\x07"        → \x1b]0;title\x07
//	"\u202egnp.exe"           → \u202egnp.exe
//	"写" cut after two bytes  → \xe5\x86
//
// Backslashes are left as they are, so a JSON body reads as sent.

// Visible returns s as it may reach a terminal (see AppendVisible).
func Visible(s string, max int) string {
	return string(AppendVisible(nil, s, max))
}

// AppendVisible appends s to dst with every byte a terminal would obey
// escaped: \r, \n and \t as such, other C0 controls, DEL and bytes that are
// not UTF-8 as \xNN, C1 controls, bidi controls (U+202A–U+202E,
// U+2066–U+2069) and U+2028/U+2029 as \uNNNN. Past max bytes of s (when
// max > 0) it appends "..." and stops.
func AppendVisible(dst []byte, s string, max int) []byte {
	for i := 0; i < len(s); {
		if max > 0 && i >= max {
			return append(dst, "..."...)
		}
		if c := s[i]; c >= ' ' && c < 0x7f { // the common case: printable ASCII
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r':
			dst = append(dst, `\r`...)
		case r == '\n':
			dst = append(dst, `\n`...)
		case r == '\t':
			dst = append(dst, `\t`...)
		case r < ' ' || r == 0x7f || r == utf8.RuneError && size == 1:
			dst = append(dst, `\x`...)
			dst = appendHex(dst, uint32(s[i]), 2)
		case unsafeForTerminal(r):
			dst = append(dst, `\u`...)
			dst = appendHex(dst, uint32(r), 4)
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

// unsafeForTerminal reports the runes beyond ASCII that a terminal obeys
// or that reorder a line: C1 controls, bidi controls, line and paragraph
// separators.
func unsafeForTerminal(r rune) bool {
	return r >= 0x80 && r <= 0x9f ||
		r >= 0x202a && r <= 0x202e ||
		r >= 0x2066 && r <= 0x2069 ||
		r == 0x2028 || r == 0x2029
}

// appendHex appends v as digits lowercase hex digits, zero-padded.
func appendHex(dst []byte, v uint32, digits int) []byte {
	for n := len(strconv.FormatUint(uint64(v), 16)); n < digits; n++ {
		dst = append(dst, '0')
	}
	return strconv.AppendUint(dst, uint64(v), 16)
}
