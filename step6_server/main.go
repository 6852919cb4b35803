// Command step6_server runs step 6's demo: the accept loop serves several
// clients at once, each connection in its own goroutine; at its connection
// limit it closes the connection idle the longest to admit a new one, and
// refuses a client only when every connection is busy; it shuts down
// cleanly. It runs on an
// in-memory listener, so it needs no port; `go run ./full` runs the same
// loop on 127.0.0.1:8000.
//
//	go run ./step6_server
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step6_server/server"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "step6_server:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	// The tutorial's sample run, 22:54:12 in China: a fixed clock in a
	// fixed zone prints the same on every machine.
	clock := func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.FixedZone("UTC+8", 8*60*60)) }
	srv := server.New(router.Tasks(handlers.New(tasks.NewStore(), clock)).Dispatch)
	srv.Config.Now = clock
	srv.MaxConns = 3
	// The demo waits on what step 5 reports, never on a timer: ev counts
	// how many times connections turned idle and active.
	ev := newEvents()
	srv.Config.OnState = ev.note
	ln := server.NewPipeListener()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintln(w, "1. Serve(listener): the accept loop is running (MaxConns = 3)")

	// Three clients at once, each on its own connection. They may be
	// answered in any order; the results are printed in client order.
	targets := []string{"/health", "/tasks/1", "/tasks/2"}
	conns := make([]net.Conn, len(targets))
	results := make([]string, len(targets))
	var wg sync.WaitGroup
	for i, target := range targets {
		nc, err := ln.Dial()
		if err != nil {
			return err
		}
		conns[i] = nc
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = get(nc, target)
		}()
	}
	wg.Wait()
	fmt.Fprintln(w, "2. three clients at once, each served by its own goroutine:")
	for i, r := range results {
		fmt.Fprintf(w, "   client %d: GET %-9s → %s\n", i+1, targets[i], r)
	}
	ev.wait(connection.StateIdle, 6) // each waited once new, once kept alive

	// Each asks again, in turn: now they wait, kept alive, client 1 the
	// longest.
	for i, nc := range conns {
		get(nc, "/health")
		ev.wait(connection.StateIdle, 7+i)
	}
	fmt.Fprintln(w, "3. each asks again, in turn: all three wait idle (keep-alive), client 1 the longest")

	// A fourth client is over the limit: an idle connection makes room.
	fourth, err := ln.Dial()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "4. a fourth client, at the limit → %s\n", get(fourth, "/health"))
	_, err = conns[0].Read(make([]byte, 1))
	fmt.Fprintf(w, "   client 1's connection, idle the longest, was closed to make room (%v)\n", err)
	conns[0].Close()
	conns = append(conns[1:], fourth)
	ev.wait(connection.StateIdle, 11)

	// Every connection busy: then, and only then, a new client is refused.
	for _, nc := range conns {
		go io.WriteString(nc, "GET /health HTTP/1.1\r\n")
	}
	ev.wait(connection.StateActive, 10)
	fmt.Fprintln(w, "5. clients 2, 3 and 4 each send half a request: every connection is busy")
	fifth, err := ln.Dial()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   a fifth client → %s\n", get(fifth, "/health"))
	fifth.Close()
	var statuses []string
	for _, nc := range conns {
		go io.WriteString(nc, "Host: local\r\n\r\n")
		r, err := response.Read(bufio.NewReader(nc), "GET")
		if err != nil {
			return err
		}
		statuses = append(statuses, fmt.Sprint(r.Status))
	}
	fmt.Fprintf(w, "   clients 2, 3 and 4 finish their requests → %s\n", strings.Join(statuses, ", "))

	// Shutdown closes the idle connections and waits for them to end.
	if err := srv.Shutdown(context.Background()); err != nil {
		return err
	}
	fmt.Fprintf(w, "6. Shutdown: Serve returned %q\n", <-served)
	for i, nc := range conns {
		_, err := nc.Read(make([]byte, 1))
		fmt.Fprintf(w, "   client %d's connection: closed by the server (%v)\n", i+2, err)
		nc.Close()
	}
	_, err = ln.Dial()
	fmt.Fprintf(w, "   a new client: %v\n", err)
	return nil
}

// events counts the states step 5 reports, so the demo can wait for them.
type events struct {
	mu    sync.Mutex
	count map[connection.State]int
	cond  *sync.Cond
}

func newEvents() *events {
	e := &events{count: map[connection.State]int{}}
	e.cond = sync.NewCond(&e.mu)
	return e
}

func (e *events) note(_ net.Conn, st connection.State) bool {
	e.mu.Lock()
	e.count[st]++
	e.mu.Unlock()
	e.cond.Broadcast()
	return true // it only listens
}

// wait returns once st has been reported n times.
func (e *events) wait(st connection.State, n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for e.count[st] < n {
		e.cond.Wait()
	}
}

// get sends one GET on nc and describes the answer in a line.
func get(nc net.Conn, target string) string {
	go fmt.Fprintf(nc, "GET %s HTTP/1.1\r\nHost: local\r\n\r\n", target)
	resp, err := response.Read(bufio.NewReader(nc), "GET")
	if err != nil {
		return err.Error()
	}
	line := fmt.Sprintf("%d %s", resp.Status, resp.Body)
	if ra := resp.Get("Retry-After"); ra != "" {
		line += " (Retry-After: " + ra + ")"
	}
	return line
}
