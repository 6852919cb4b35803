// Command step5_conn runs step 5's demo: handle_connection serves requests
// on one connection. Like the tutorial's socketpair(), net.Pipe gives two
// connected ends without opening a port, so the demo runs anywhere.
//
//	go run ./step5_conn
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step5_conn/connection"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "step5_conn:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	clock := func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.Local) }
	var log bytes.Buffer
	cfg := &connection.Config{
		Handler: router.Tasks(handlers.New(handlers.NewStore(), clock)).Dispatch,
		Log:     connection.NewLogger(&log, false),
		Now:     clock,
	}

	body := `{"title":"部署到生产环境"}`
	post := func(length int) string {
		return fmt.Sprintf("POST /tasks HTTP/1.1\r\nHost: local\r\nContent-Length: %d\r\n\r\n%s", length, body)
	}
	conversations := []struct {
		title    string
		requests []string
	}{
		{"the tutorial's request", []string{
			"GET /health HTTP/1.1\r\nHost: local\r\n\r\n",
		}},
		{"three requests in one write, answered in order on one connection", []string{
			"GET /tasks?status=done HTTP/1.1\r\nHost: local\r\n\r\n" +
				post(len(body)) +
				"GET /tasks/3 HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n",
		}},
		{"Content-Length counted in characters, not bytes: the body is cut short", []string{
			post(utf8.RuneCountInString(body)) + "GET /health HTTP/1.1\r\nHost: local\r\n\r\n",
		}},
		{"a malformed request: 400, and the server closes the connection", []string{
			"GET /health HTTP/1.1\nHost: local\n\n",
		}},
	}
	for _, conv := range conversations {
		fmt.Fprintf(w, "== %s\n", conv.title)
		server, client := net.Pipe()
		done := make(chan struct{})
		go func() {
			connection.Handle(server, cfg)
			close(done)
		}()
		if err := converse(w, client, conv.requests); err != nil {
			return err
		}
		client.Close()
		<-done // the server has logged by now
	}
	fmt.Fprintf(w, "== the server's access log\n%s", log.String())
	return nil
}

// converse sends each write, then reads and prints every response until
// the server closes the connection or the pipe has nothing more to say.
func converse(w io.Writer, client net.Conn, writes []string) error {
	br := bufio.NewReader(client)
	for _, data := range writes {
		fmt.Fprintf(w, "client sends: %q\n", data)
		go client.Write([]byte(data)) // net.Pipe is unbuffered: write while we read
		for n := strings.Count(data, "HTTP/1.1\r\n") + strings.Count(data, "HTTP/1.1\n"); n > 0; n-- {
			resp, err := response.Read(br, "")
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  response: %s\n  body:     %s\n", resp.StatusLine(), resp.Body)
			if resp.Get("Connection") == "close" {
				fmt.Fprintln(w, "  (the server closes the connection)")
				return nil
			}
		}
	}
	return nil
}
