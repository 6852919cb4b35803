package terminal_test

import (
	"fmt"

	"httpfromscratch/step5_conn/terminal"
)

// What a peer sends reaches the terminal as text: line ends and controls
// escaped, a window-title sequence shown rather than obeyed, a bidi
// override that would reverse the line named, a rune cut in half shown as
// its bytes. Chinese and backslashes stay as they are.
func ExampleVisible() {
	for _, s := range []string{
		"GET / HTTP/1.1\r\n",
		"\x1b]0;owned\x07",
		"invoice\u202egnp.exe",
		"写\xe5\x86",
		`{"title":"阅读 HTTP RFC","path":"C:\\tmp"}`,
	} {
		fmt.Println(terminal.Visible(s, 0))
	}
	fmt.Println(terminal.Visible("a long line that the trace shortens", 11))
	// Output:
	// GET / HTTP/1.1\r\n
	// \x1b]0;owned\x07
	// invoice\u202egnp.exe
	// 写\xe5\x86
	// {"title":"阅读 HTTP RFC","path":"C:\\tmp"}
	// a long line...
}
