package terminal

import (
	"fmt"
	"strings"
	"testing"
)

// TestAppendVisibleEscapesWhatATerminalObeys is the one table of what
// may not reach a terminal: every C0 control, DEL, every C1 control, the
// bidi controls and the line and paragraph separators, each escaped;
// printable text, Chinese included, left alone.
func TestAppendVisibleEscapesWhatATerminalObeys(t *testing.T) {
	type row struct{ in, want string }
	rows := []row{
		{in: "GET / HTTP/1.1\r\n", want: `GET / HTTP/1.1\r\n`},
		{in: "a\tb\\c", want: `a\tb\c`},
		{in: "阅读 HTTP RFC ✅", want: "阅读 HTTP RFC ✅"},
		{in: "写 \xe5\x86", want: `写 \xe5\x86`},                           // cut inside a rune
		{in: "\xc2", want: `\xc2`},                                       // the first byte of a C1, alone
		{in: "\xed\xa0\x80", want: `\xed\xa0\x80`},                       // a surrogate in UTF-8 is not UTF-8
		{in: "\x1b]0;PWNED\x07\x1b[2J", want: `\x1b]0;PWNED\x07\x1b[2J`}, // retitle, clear
		{in: "\r\x1b[1A\x1b[2K✔ forged", want: `\r\x1b[1A\x1b[2K✔ forged`},
		{in: "\u200bzero width", want: "\u200bzero width"}, // not a control: shown
		{in: strings.Repeat("x", 300), want: strings.Repeat("x", 200) + "..."},
	}
	for c := 0; c < 0x20; c++ {
		want := fmt.Sprintf(`\x%02x`, c)
		switch c {
		case '\r':
			want = `\r`
		case '\n':
			want = `\n`
		case '\t':
			want = `\t`
		}
		rows = append(rows, row{in: string(rune(c)), want: want})
	}
	rows = append(rows, row{in: "\x7f", want: `\x7f`})
	for r := rune(0x80); r <= 0x9f; r++ { // C1: CSI is U+009B, OSC U+009D, NEL U+0085
		rows = append(rows, row{in: string(r), want: fmt.Sprintf(`\u%04x`, r)})
	}
	for _, r := range []rune{0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029} {
		rows = append(rows, row{in: "a" + string(r) + "b", want: fmt.Sprintf(`a\u%04xb`, r)})
	}
	for _, r := range rows {
		if got := Visible(r.in, 200); got != r.want {
			t.Errorf("Visible(%q) = %q, want %q", r.in, got, r.want)
		}
		if got := string(AppendVisible([]byte("> "), r.in, 200)); got != "> "+r.want {
			t.Errorf("AppendVisible(%q) = %q, want %q", r.in, got, "> "+r.want)
		}
	}
	if got := Visible(strings.Repeat("x", 300), 0); len(got) != 300 {
		t.Errorf("Visible with no limit shortened 300 bytes to %d", len(got))
	}
}
