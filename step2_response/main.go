// Command step2_response runs step 2's demo: build_response turns a status
// and a value into a valid HTTP response, with Content-Length in bytes.
//
//	go run ./step2_response
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"httpfromscratch/step2_response/response"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "step2_response:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	// The tutorial's demo: build a response and look at two of its lines.
	resp := response.Build(200, struct {
		Message string `json:"message"`
		Count   int    `json:"count"`
	}{"ok", 42})
	lines := bytes.Split(resp, []byte("\r\n"))
	fmt.Fprintf(w, "status line: %s\n", lines[0])
	for _, l := range lines {
		if bytes.HasPrefix(l, []byte("Content-Length")) {
			fmt.Fprintf(w, "Content-Length field: %s\n", l)
		}
	}
	fmt.Fprintf(w, "on the wire: %q\n", resp)

	// Content-Length counts bytes: each Chinese character is 3 bytes of UTF-8.
	type task struct {
		ID    int    `json:"id"`
		Title string `json:"title"`
		Done  bool   `json:"done"`
	}
	r := response.JSON(201, struct {
		Task task `json:"task"`
	}{task{1, "阅读 HTTP RFC", false}})
	fmt.Fprintf(w, "\nbody: %s\n", r.Body)
	fmt.Fprintf(w, "characters: %d, bytes (Content-Length): %d\n", utf8.RuneCount(r.Body), len(r.Body))

	// The finished server adds what only the connection knows.
	fmt.Fprintln(w, "\nthe same response on a kept-alive connection, answering HEAD:")
	wire := r.Append(nil, response.Meta{Date: "Fri, 17 Apr 2026 14:54:12 GMT", HeadOnly: true})
	fmt.Fprintf(w, "%q\n", wire)
	fmt.Fprintln(w, "\na 204 has no body and no Content-Length:")
	fmt.Fprintf(w, "%q\n", (&response.Response{Status: 204}).Append(nil, response.Meta{}))
	return nil
}
