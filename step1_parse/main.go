// Command step1_parse runs step 1's demo: parse_request turns raw bytes into
// a method, a target, a version, header fields and a body.
//
//	go run ./step1_parse
package main

import (
	"fmt"
	"io"
	"os"

	"httpfromscratch/step1_parse/request"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "step1_parse:", err)
		os.Exit(1)
	}
}

// run parses the tutorial's sample request, then a POST with a body, then a
// malformed request, to show that a bad request is an error value.
func run(w io.Writer) error {
	raw := []byte("GET /tasks?status=done HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl\r\n\r\n")
	fmt.Fprintf(w, "raw: %q\n", raw)
	req, err := request.Parse(raw)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "method=%s, path=%s, version=%s\n", req.Method, req.Target, req.Version)
	fmt.Fprintf(w, "headers: %q\n", req.Fields[:2])

	// Content-Length counts bytes, not characters: "写博客" is 3 characters
	// but 9 bytes of UTF-8: the body is 15 characters and 21 bytes.
	body := `{"title":"写博客"}`
	raw = []byte(fmt.Sprintf("POST /tasks HTTP/1.1\r\nHost: localhost:8000\r\nContent-Length: %d\r\n\r\n%s", len(body), body))
	req, err = request.Parse(raw)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nPOST body: %s (Content-Length: %s bytes, %d characters)\n",
		req.Body, req.Get("content-length"), len([]rune(string(req.Body))))

	fmt.Fprintln(w, "\nmalformed requests are errors, not crashes:")
	for _, bad := range []string{
		"GET /tasks HTTP/1.1\nHost: x\n\n",
		"GET /tasks HTTP/1.1\r\n\r\n",
		"GET  /tasks HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /tasks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
		"GET /tasks HTTP/2.0\r\nHost: x\r\n\r\n",
	} {
		_, err := request.Parse([]byte(bad))
		fmt.Fprintf(w, "  %q\n    -> %v\n", bad, err)
	}
	return nil
}
