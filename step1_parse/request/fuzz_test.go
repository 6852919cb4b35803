package request_test

import (
	"runtime/debug"
	"testing"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step1_parse/request/requesttest"
)

// FuzzParse feeds Parse arbitrary bytes. It must never panic, and when
// both Parse and net/http's ReadRequest accept an input, they must agree
// on the method, the target, the header fields and the body.
// Seeds: testdata/fuzz/FuzzParse, plus the ones below.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"GET /tasks?status=done HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl\r\n\r\n",
		"POST /tasks HTTP/1.1\r\nHost: a\r\nContent-Length: 21\r\n\r\n{\"title\":\"写博客\"}",
		"GET / HTTP/1.0\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nX:  b \r\nX: c\r\n\r\n",
		"GET / HTTP/1.1\nHost: a\n\n",
		"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		defer func() {
			// A panic would stop every seed after this one: report it
			// with its input, and its stack, and go on.
			if p := recover(); p != nil {
				t.Fatalf("Parse(%q) panicked: %v, want an error value\n%s", raw, p, debug.Stack())
			}
		}()
		ours, err := request.Parse(raw)
		if err != nil {
			return
		}
		if err := requesttest.AgreesWithNetHTTP(raw, ours); err != nil {
			t.Fatalf("Parse(%q) and net/http's ReadRequest read it differently: %v", raw, err)
		}
	})
}
