// Command full is the finished server: every step wired together.
//
//	go run ./full                 serve the tasks API on 127.0.0.1:8000 until Ctrl+C
//	go run ./full -mode demo      run the demo client against it
//	go run ./full -h              every flag: limits, timeouts, connections
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/fatih/color"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step7_client/client"
	"httpfromscratch/step8_cli/cli"
)

func main() {
	// Colour is decided here, once: fatih/color turns it off when stdout
	// is not a terminal or NO_COLOR is set.
	colour := !color.NoColor
	os.Exit(cli.Main("full", os.Args[1:], os.Stdout, os.Stderr, cli.Funcs{
		RunServer: func(o cli.Options) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return server.Run(ctx, newServer(o, os.Stdout, colour, nil), o.Host, o.Port, os.Stdout)
		},
		RunDemo: func(o cli.Options) error {
			return client.Run(os.Stdout, o.Base(), colour)
		},
	}))
}

// newServer builds the finished server from the options: step 3's store
// and handlers behind step 4's routes, served by step 5's connections in
// step 6's accept loop, logging to log. now fixes the clock for tests;
// nil is the real one.
func newServer(o cli.Options, log io.Writer, colour bool, now func() time.Time) *server.Server {
	clock := now
	if clock == nil {
		clock = time.Now
	}
	h := handlers.New(handlers.NewStore(), clock)
	h.MaxTitle = o.MaxTitle
	h.Store.Max = o.MaxTasks
	routes := router.Tasks(h)
	srv := server.New(routes.Dispatch)
	srv.Routes = routes.Describe()
	srv.Grace = o.ShutdownTimeout
	srv.Config.Limits = o.Limits
	srv.Config.Timeouts = o.Timeouts
	// Lines are written in batches, 50ms at most after they happen: a
	// write per request would cost a system call per request.
	srv.Config.Log = connection.NewLogger(log, colour).BufferFor(50 * time.Millisecond)
	srv.Config.Now = now
	srv.MaxConns = o.MaxConns
	return srv
}
