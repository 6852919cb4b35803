// Command ceiling is a yardstick, not an HTTP server: on each connection it
// waits for the empty line that ends a head and writes back fixed bytes,
// parsing nothing, timing nothing, checking nothing. Every Go server on
// net.Conn makes the same system calls a keep-alive request as it does
// (a read, a write, and a read that finds nothing yet), so what it costs
// is what the kernel and Go's runtime cost: how fast full could be if its
// HTTP layer were free. full/compare.sh runs it beside the servers on the
// GET rows (it cannot read a body, so it sits out the POST rows).
//
//	go run ./ceiling -addr 127.0.0.1:18083
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
)

// The bytes full answers with (its Date is frozen here: nothing is timed).
var (
	health = answer(`{"status":"ok","time":"2026-12-02 11:38:55","tasks_count":2}`, "")
	tasks  = answer(`{"tasks":[{"id":1,"title":"阅读 HTTP RFC","done":false},{"id":2,"title":"手写 socket 服务器","done":true}],"total":2}`,
		"ETag: W/\"0123456789abcdef-2\"\r\nVary: Accept-Encoding\r\n") // full's list tag names its run (the same length); the list may be gzipped, for a client that asks
)

func answer(body, fields string) []byte {
	return []byte("HTTP/1.1 200 OK\r\nDate: Wed, 02 Dec 2026 03:38:55 GMT\r\n" +
		"Content-Type: application/json; charset=utf-8\r\nContent-Length: " +
		strconv.Itoa(len(body)) + "\r\n" + fields + "\r\n" + body)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18083", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("ceiling serving on", *addr)
	for {
		c, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		go serve(c)
	}
}

// serve answers each head that arrives, until the client closes or sends
// a head longer than the buffer.
func serve(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 4096)
	have := 0
	for {
		n, err := c.Read(buf[have:])
		if err != nil {
			return
		}
		have += n
		for {
			end := bytes.Index(buf[:have], []byte("\r\n\r\n"))
			if end < 0 {
				break
			}
			out := health
			if bytes.HasPrefix(buf, []byte("GET /tasks ")) {
				out = tasks
			}
			if _, err := c.Write(out); err != nil {
				return
			}
			have = copy(buf, buf[end+4:have])
		}
		if have == len(buf) {
			return
		}
	}
}
