// Command step6_server runs step 6's demo: the accept loop serves several
// clients at once, each connection in its own goroutine, refuses clients
// over its connection limit, and shuts down cleanly. It runs on an
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
	"sync"
	"time"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step4_dispatch/router"
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
	srv := server.New(router.Tasks(handlers.New(handlers.NewStore(), clock)).Dispatch)
	srv.Config.Now = clock
	srv.MaxConns = 3
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

	// The three connections stay open (keep-alive), so a fourth is over
	// the limit.
	nc, err := ln.Dial()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "3. a fourth client, over the limit → %s\n", get(nc, "/health"))
	nc.Close()

	// Shutdown closes the idle connections and waits for them to end.
	if err := srv.Shutdown(context.Background()); err != nil {
		return err
	}
	fmt.Fprintf(w, "4. Shutdown: Serve returned %q\n", <-served)
	for i, nc := range conns {
		_, err := nc.Read(make([]byte, 1))
		fmt.Fprintf(w, "   client %d's connection: closed by the server (%v)\n", i+1, err)
		nc.Close()
	}
	_, err = ln.Dial()
	fmt.Fprintf(w, "   a new client: %v\n", err)
	return nil
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
