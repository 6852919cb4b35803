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
	"time"
	"unicode/utf8"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step5_conn/accesslog"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step5_conn/trace"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "step5_conn:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	// The tutorial's sample run, 22:54:12 in China: a fixed clock in a
	// fixed zone prints the same on every machine.
	clock := func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.FixedZone("UTC+8", 8*60*60)) }
	var log bytes.Buffer
	cfg := &connection.Config{
		Handler: router.Tasks(handlers.New(tasks.NewStore(), clock)).Dispatch,
		Log:     accesslog.NewLogger(&log, false),
		Now:     clock,
	}

	body := `{"title":"部署到生产环境"}`
	post := func(length int) string {
		return fmt.Sprintf("POST /tasks HTTP/1.1\r\nHost: local\r\nContent-Length: %d\r\n\r\n%s", length, body)
	}
	conversations := []struct {
		title   string
		writes  []string // each one client.Write: what one recv on the server may see
		answers int
	}{
		{"the tutorial's request", []string{
			"GET /health HTTP/1.1\r\nHost: local\r\n\r\n",
		}, 1},
		{"one request in four writes, split inside the request line, a field and the body: one answer", []string{
			"POST /ta",
			"sks HTTP/1.1\r\nHost: lo",
			fmt.Sprintf("cal\r\nContent-Length: %d\r\n\r\n{\"title\":\"部署", len(body)),
			"到生产环境\"}",
		}, 1},
		{"three requests in one write, answered in order on one connection", []string{
			"GET /tasks?status=done HTTP/1.1\r\nHost: local\r\n\r\n" +
				post(len(body)) +
				"GET /tasks/4 HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n",
		}, 3},
		{"Content-Length counted in characters, not bytes: the body is cut short", []string{
			post(utf8.RuneCountInString(body)) + "GET /health HTTP/1.1\r\nHost: local\r\n\r\n",
		}, 2},
		{"a malformed request: 400, and the server closes the connection", []string{
			"GET /health HTTP/1.1\nHost: local\n\n",
		}, 1},
	}
	for _, conv := range conversations {
		fmt.Fprintf(w, "== %s\n", conv.title)
		server, client := net.Pipe()
		done := make(chan struct{})
		go func() {
			connection.Handle(server, cfg)
			close(done)
		}()
		if err := converse(w, client, conv.writes, conv.answers); err != nil {
			return err
		}
		client.Close()
		<-done // the server has logged by now
	}
	fmt.Fprintf(w, "== the server's access log\n%s", log.String())

	// The same kind of conversation, traced: what `go run ./full -trace`
	// prints for every connection, every byte labelled by its part.
	fmt.Fprintln(w, "== a GET and a HEAD on one connection, traced (go run ./full -trace prints this)")
	server, client := net.Pipe()
	done := make(chan struct{})
	go func() {
		connection.Handle(trace.NewTracer(w, false).Conn(server), cfg)
		close(done)
	}()
	go client.Write([]byte("GET /health HTTP/1.1\r\nHost: local\r\n\r\nHEAD /tasks/1 HTTP/1.1\r\nHost: local\r\n\r\n"))
	br := bufio.NewReader(client)
	for _, method := range []string{"GET", "HEAD"} {
		if _, err := response.Read(br, method); err != nil {
			return err
		}
	}
	client.Close()
	<-done
	return nil
}

// converse sends the writes, one client.Write each, then reads and prints
// the answers, up to the number expected or until the server closes.
// net.Pipe hands each write to the server's reads as it was written, so
// the server sees the pieces one by one, as a TCP server may.
func converse(w io.Writer, client net.Conn, writes []string, answers int) error {
	for _, data := range writes {
		fmt.Fprintf(w, "client sends: %q\n", data)
	}
	go func() { // net.Pipe is unbuffered: write while we read
		for _, data := range writes {
			if _, err := client.Write([]byte(data)); err != nil {
				return
			}
		}
	}()
	br := bufio.NewReader(client)
	for range answers {
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
	return nil
}
