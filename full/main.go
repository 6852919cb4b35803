// Command full is the finished server: every step wired together.
//
//	go run ./full                 serve the tasks API on 127.0.0.1:8000 until Ctrl+C
//	go run ./full -mode demo      run the demo client against it
//	go run ./full -trace          the same, printing every byte of every connection, labelled
//	go run ./full -mode check -port 8001   check a server on 8001 against what this module teaches
//	go run ./full -mode check -port 8001 -step 4   only what the tutorial's steps 1 to 4 teach, stopping at the first failing step
//	go run ./full -h              every flag: limits, timeouts, connections
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"syscall"
	"time"

	"github.com/fatih/color"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/sqlitestore"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step5_conn/accesslog"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step5_conn/trace"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step7_client/check"
	"httpfromscratch/step7_client/client"
	"httpfromscratch/step8_cli/cli"
)

func main() {
	// Colour is decided here, once: fatih/color turns it off when stdout
	// is not a terminal or NO_COLOR is set.
	colour := !color.NoColor
	os.Exit(cli.Main("full", os.Args[1:], os.Stdout, os.Stderr, cli.Funcs{
		RunServer: func(o cli.Options) error {
			newDB := o.DB != "" && absent(o.DB)
			store, closeStore, err := openStore(o)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			err = server.Run(ctx, newServer(o, store, os.Stdout, colour, nil), o.Host, o.Port, os.Stdout)
			closeStore()
			if newDB && couldNotListen(err) {
				os.Remove(o.DB) // this run made it and served nothing: leave no file behind
			}
			return err
		},
		RunDemo: func(o cli.Options) error {
			return client.Run(os.Stdout, o.Base(), colour)
		},
		RunCheck: func(o cli.Options) (bool, error) {
			return runCheck(context.Background(), os.Stdout, o, colour)
		},
	}))
}

// runCheck runs step 7's checklist against the server o names.
func runCheck(ctx context.Context, w io.Writer, o cli.Options, colour bool) (failed bool, err error) {
	opts := check.Options{Addr: net.JoinHostPort(o.Host, strconv.Itoa(o.Port)), Verbose: o.Verbose, Slow: o.Slow, Colour: colour,
		Step: o.Step,             // 0: every check
		Lang: check.Lang(o.Lang)} // cli.Main chose it: -lang, else the locale
	if o.Only != "" {
		opts.Only = regexp.MustCompile(o.Only) // cli.Parse has compiled it once already
	}
	fmt.Fprintln(w, check.Heading(opts))
	res, err := check.Run(ctx, w, opts)
	return res.Failed > 0, err
}

// openStore returns the task store o asks for: step 3's list in memory,
// or with -db a SQLite file that keeps the tasks across restarts; and how
// to close it.
func openStore(o cli.Options) (tasks.TaskStore, func() error, error) {
	if o.DB == "" {
		s := tasks.NewStore()
		s.Max = o.MaxTasks
		return s, func() error { return nil }, nil
	}
	s, err := sqlitestore.Open(o.DB, o.MaxTasks)
	if err != nil {
		return nil, nil, err
	}
	return s, s.Close, nil
}

// absent tells whether there is no file at path yet.
func absent(path string) bool {
	_, err := os.Stat(path)
	return errors.Is(err, fs.ErrNotExist)
}

// couldNotListen tells whether err is server.Run's failure to listen:
// "bind: address already in use" when another server holds the port.
func couldNotListen(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "listen"
}

// newServer builds the finished server from the options: step 3's
// handlers over store behind step 4's routes, served by step 5's
// connections in step 6's accept loop, logging to log. now fixes the
// clock for tests; nil is the real one.
func newServer(o cli.Options, store tasks.TaskStore, log io.Writer, colour bool, now func() time.Time) *server.Server {
	clock := now
	if clock == nil {
		clock = time.Now
	}
	h := handlers.New(store, clock)
	h.MaxTitle = o.MaxTitle
	routes := router.Tasks(h)
	// Only names that can be this server (DNS rebinding): the -host it
	// listens on, -allowed-hosts, IP literals and localhost.
	routes.Hosts = router.AllowHosts(append([]string{o.Host}, o.AllowedHosts...)...)
	// The page, the list and /echo gzipped for clients that ask, with a
	// bounded number of compressors: each holds 1.2 MiB while it works.
	routes.Gzip = router.NewGzip(router.DefaultCompressors)
	srv := server.New(routes.Dispatch)
	srv.Routes = routes.Describe()
	srv.Grace = o.ShutdownTimeout
	srv.Config.Limits = o.Limits
	srv.Config.BodyMemory = connection.NewBudget(o.BodyMemory)
	srv.Config.Timeouts = o.Timeouts
	srv.Config.Log = accesslog.NewLogger(log, colour)
	if o.Trace {
		// The trace goes where the log goes; the log is then written a
		// line at a time, so that both come out in the order they happen.
		srv.Trace = trace.NewTracer(log, colour)
	} else {
		// Lines are written in batches, 50ms at most after they happen: a
		// write per request would cost a system call per request.
		srv.Config.Log.BufferFor(50 * time.Millisecond)
	}
	srv.Config.Now = now
	srv.MaxConns = o.MaxConns
	return srv
}
