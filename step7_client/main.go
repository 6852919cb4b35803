// Command step7_client runs step 7's demo: the tutorial's client flow with
// net/http's client. By default it runs offline: our step 6 server on an
// in-memory listener, the client dialing it through net.Pipe. Given -base
// it talks to a real server instead, ours or the tutorial's Python one:
//
//	go run ./step7_client
//	go run ./step7_client -base http://127.0.0.1:8000
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/fatih/color"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step7_client/client"
)

func main() {
	base := flag.String("base", "", "a real server to talk to, such as http://127.0.0.1:8000 (default: offline)")
	flag.Parse()
	colour := !color.NoColor // fatih/color's view of NO_COLOR and the terminal
	var err error
	if *base != "" {
		err = client.Run(os.Stdout, *base, colour)
	} else {
		err = run(os.Stdout, colour)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "step7_client:", err)
		os.Exit(1)
	}
}

// run serves the API on an in-memory listener and runs the client flow
// against it, as the tutorial's offline demo does without a port.
func run(w io.Writer, colour bool) error {
	// The tutorial's sample run, 22:54:12 in China: a fixed clock in a
	// fixed zone prints the same on every machine.
	clock := func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.FixedZone("UTC+8", 8*60*60)) }
	srv := server.New(router.Tasks(handlers.New(tasks.NewStore(), clock)).Dispatch)
	ln := server.NewPipeListener()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	transport := &http.Transport{DialContext: ln.DialContext}
	err := client.Demo(w, &http.Client{Transport: transport}, "http://pipe", colour)
	transport.CloseIdleConnections()
	if err := srv.Shutdown(context.Background()); err != nil {
		return err
	}
	<-served
	return err
}
