// Package cli is step 8 of the tutorial, main: the command line that
// starts either the server or the demo client.
//
// [Main] parses the flags and calls one of two functions. They come in
// as arguments, so the step's demo can swap in fakes, as the tutorial's
// does, and check the dispatch without opening a port; full passes the
// real ones.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step5_conn/terminal"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step7_client/check"
)

// Main runs the command line with args (without the program name) and
// returns the exit status: 0 when all went well, 1 when the server or the
// demo failed (or a check did), 2 for bad flags, as Go's flag package
// does, and for a server the checker cannot reach. The tutorial's
// argparse becomes Go's flag package; -mode picks run_server or
// demo_client, as --mode does (and -mode check, the checklist, which
// speaks the language -lang or else the locale chooses: Language).
//
// Tutorial: main
func Main(name string, args []string, stdout, stderr io.Writer, f Funcs) int {
	// args = parser.parse_args()
	o, err := Parse(name, args)
	if errors.Is(err, flag.ErrHelp) {
		usage(stdout, name) // argparse's -h: the flags, then exit 0
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\nrun %s -h for the flags\n", name, err, name)
		return 2
	}
	var run func(Options) error
	switch o.Mode {
	case "server": // if args.mode == "server": run_server(args.host, args.port)
		run = f.RunServer
	case "demo": // else: demo_client(f"http://{args.host}:{args.port}")
		run = f.RunDemo
	case "check": // not in the tutorial: this module's checklist
		return runCheck(stderr, name, o, f.RunCheck)
	}
	if err := run(o); err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", name, shown(err))
		return 1
	}
	return 0
}

// usage is what -h prints: what the command does, then every flag.
func usage(w io.Writer, name string) {
	fmt.Fprintf(w, "Usage: %s [flags]\n\nServes the tasks API (-mode server), runs the demo client against it (-mode demo),\nor checks any HTTP server on -host:-port against what this module teaches (-mode check).\n\nMemory is bounded as a whole: request bodies share -max-body-memory; a long task list is\nwritten from a snapshot as the client reads it, never held whole; at -max-conns a\nconnection with no request begun, of the client address holding the most, makes room\nfor a new one.\n\n", name)
	fs, _ := flagSet(name)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// runCheck runs the checklist in the language -lang or else the locale
// chooses (Language) and returns the exit status: 2 when the server
// cannot be reached (nothing was checked), 1 when a check failed.
func runCheck(stderr io.Writer, name string, o Options, run func(Options) (bool, error)) int {
	o.Lang = Language(o.Lang, os.Getenv)
	failed, err := run(o)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 2
	case failed:
		return 1
	}
	return 0
}

// shown is an error as it may reach the terminal: the demo's errors may
// quote what a server sent (step 5's terminal package).
func shown(err error) string { return terminal.Visible(err.Error(), 0) }

// Parse reads the flags; -h gives flag.ErrHelp.
func Parse(name string, args []string) (Options, error) {
	fs, o := flagSet(name)
	if err := fs.Parse(args); err != nil {
		return *o, err
	}
	if fs.NArg() > 0 {
		return *o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return *o, o.check()
}

// Options is everything the command line sets.
type Options struct {
	Mode            string // "server", "demo" or "check"
	Host            string
	AllowedHosts    []string // names the server answers to besides IP literals, localhost and Host; "all" for any
	Port            int
	Limits          connection.Limits
	Timeouts        connection.Timeouts
	MaxConns        int
	BodyMemory      int64  // request body bytes held at once, all connections together
	MaxTitle        int    // bytes in a task's title
	MaxTasks        int    // tasks in the store
	DB              string // a SQLite file that keeps the tasks; "" keeps them in memory
	ShutdownTimeout time.Duration
	Trace           bool // print every byte of every connection, labelled

	// -mode check
	Only        string // a regular expression: run the checks whose name matches
	Step        int    // run the checks of the tutorial's steps 1 to Step, stopping at the first with a failure; 0 (-step beyond): every check
	Verbose     bool   // show every exchange, not only the failures'
	Slow        bool   // also run the checks that wait for the server's timeouts
	AllowRemote bool   // check a server that is not on this machine
	Lang        string // the language of the report: "en" or "zh"; "" until Main reads the locale (lang.go)
}

// Base is the URL the demo client talks to.
func (o Options) Base() string {
	return "http://" + net.JoinHostPort(o.Host, strconv.Itoa(o.Port))
}

// Funcs are what Main dispatches to.
type Funcs struct {
	RunServer func(o Options) error
	RunDemo   func(o Options) error
	RunCheck  func(o Options) (failed bool, err error) // err: the server cannot be reached
}

// flagSet defines the flags, with their defaults, over a new Options.
func flagSet(name string) (*flag.FlagSet, *Options) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Main reports errors and prints usage itself
	o := &Options{}
	lim, to := connection.DefaultLimits, connection.DefaultTimeouts
	fs.StringVar(&o.Mode, "mode", "server", "server: serve the API; demo: run the client flow against -host:-port; check: run the checklist against the server on -host:-port")
	fs.StringVar(&o.Host, "host", "127.0.0.1", "address to listen on (server) or connect to (demo)")
	fs.IntVar(&o.Port, "port", 8000, "TCP port")
	fs.Func("allowed-hosts", "more `names` the server answers to, comma-separated: IP literals, localhost, *.localhost and -host always are, any other Host is 421; a leading dot (.example.com) allows the name and its subdomains; all allows every name", func(s string) error {
		for _, n := range strings.Split(s, ",") {
			n = strings.TrimSpace(n)
			if n == "" || strings.ContainsAny(n, ":/*@[] ") {
				return fmt.Errorf("%q: want names such as tasks.lan or .example.com, without a port (IP literals are always served)", n)
			}
			o.AllowedHosts = append(o.AllowedHosts, n)
		}
		return nil
	})
	fs.IntVar(&o.Limits.RequestLine, "max-request-line", lim.RequestLine, "longest request line in bytes (414 past it)")
	fs.IntVar(&o.Limits.HeaderBytes, "max-header-bytes", lim.HeaderBytes, "largest header section in bytes, request line not counted (431 past it)")
	fs.Int64Var(&o.Limits.Body, "max-body", lim.Body, "largest request body in bytes (413 past it)")
	fs.Int64Var(&o.BodyMemory, "max-body-memory", connection.DefaultBodyMemory, "request body bytes held in memory at once, all connections together (a body past it is 503 + Retry-After)")
	fs.IntVar(&o.MaxConns, "max-conns", server.DefaultMaxConns, "most connections open at once; at the limit one with no request begun (kept-alive idle first), of the client address holding the most, is closed for a new one, and 503 only when none may be")
	fs.IntVar(&o.MaxTitle, "max-title", handlers.DefaultMaxTitle, "longest task title in bytes of UTF-8, after trimming (400 past it)")
	fs.IntVar(&o.MaxTasks, "max-tasks", tasks.DefaultMaxTasks, "most tasks the store holds (a POST past it is 507)")
	fs.StringVar(&o.DB, "db", "", "keep the tasks in this SQLite file, so that they survive a restart (created with the tutorial's two tasks if new); without it they live in memory")
	fs.DurationVar(&o.Timeouts.Idle, "idle-timeout", to.Idle, "how long a kept-alive connection may wait for its next request")
	fs.DurationVar(&o.Timeouts.Header, "header-timeout", to.Header, "how long a client may take to send a request's header section (408 past it)")
	fs.DurationVar(&o.Timeouts.Body, "body-timeout", to.Body, "how long a client may take to send a request body (408 past it)")
	fs.DurationVar(&o.Timeouts.Write, "write-timeout", to.Write, "how long writing one response may take")
	fs.BoolVar(&o.Trace, "trace", false, "print every byte of every connection, both ways, labelled by part (request line, fields, body...)")
	fs.StringVar(&o.Only, "only", "", "with -mode check: run only the checks whose name (or, with -lang zh, whose Chinese description) matches this regular expression")
	fs.Func("step", "with -mode check: run only the checks of the tutorial's steps 1 to `N` (1 to 8), in order, stopping at the first step with a failure and saying what to read next; beyond (the default) runs every check, beyond the tutorial too, without stopping", func(s string) error {
		n, err := parseStep(s)
		if err != nil {
			return err
		}
		o.Step = n
		return nil
	})
	fs.BoolVar(&o.Verbose, "v", false, "with -mode check: show every exchange, not only the failures'")
	fs.BoolVar(&o.Slow, "slow", false, "with -mode check: also run the checks that wait for the server's own timeouts (a minute or more)")
	fs.StringVar(&o.Lang, "lang", "", "with -mode check: the language of the report, en or zh (default: the locale, from LC_ALL, LC_MESSAGES or LANG, or on Windows the user's display language; a value starting zh is Chinese)")
	fs.BoolVar(&o.AllowRemote, "allow-remote", false, "with -mode check: allow a -host that is not this machine (the checks send malformed and slow traffic: only a server you own)")
	fs.DurationVar(&o.ShutdownTimeout, "shutdown-timeout", 5*time.Second, "on SIGINT/SIGTERM, how long in-flight requests may take to finish")
	return fs, o
}

// parseStep reads -step: a tutorial step, 1 to 8, or beyond (0).
func parseStep(s string) (int, error) {
	if s == "beyond" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > check.LastStep {
		return 0, fmt.Errorf("want a tutorial step, 1 to %d, or beyond", check.LastStep)
	}
	return n, nil
}

// check refuses values that parse but make no sense.
func (o Options) check() error {
	switch {
	case o.Mode != "server" && o.Mode != "demo" && o.Mode != "check":
		return fmt.Errorf("-mode %q: want server, demo or check", o.Mode)
	case o.Host == "":
		return errors.New("-host is empty")
	case o.Lang != "" && o.Lang != "en" && o.Lang != "zh":
		return fmt.Errorf("-lang %q: want en or zh", o.Lang)
	case o.Mode == "check" && !o.AllowRemote && !check.Loopback(o.Host):
		return fmt.Errorf("-host %s is not this machine: the checks send malformed and slow traffic, so point them only at a server you own, and add -allow-remote", o.Host)
	case o.Port < 0 || o.Port > 65535 || (o.Port == 0 && o.Mode != "server"):
		return fmt.Errorf("-port %d: want 1 to 65535 (0, for server, picks a free port)", o.Port)
	case o.Limits.RequestLine < 64:
		return fmt.Errorf("-max-request-line %d: want at least 64", o.Limits.RequestLine)
	case o.Limits.HeaderBytes < 64:
		return fmt.Errorf("-max-header-bytes %d: want at least 64", o.Limits.HeaderBytes)
	case o.Limits.Body < 1:
		return fmt.Errorf("-max-body %d: want at least 1", o.Limits.Body)
	case o.BodyMemory < o.Limits.Body:
		return fmt.Errorf("-max-body-memory %d: want at least -max-body (%d), or no body of that size could ever be read", o.BodyMemory, o.Limits.Body)
	case o.MaxConns < 1:
		return fmt.Errorf("-max-conns %d: want at least 1", o.MaxConns)
	case o.MaxTitle < 1:
		return fmt.Errorf("-max-title %d: want at least 1", o.MaxTitle)
	case o.MaxTasks < 1:
		return fmt.Errorf("-max-tasks %d: want at least 1", o.MaxTasks)
	}
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"idle-timeout", o.Timeouts.Idle}, {"header-timeout", o.Timeouts.Header}, {"body-timeout", o.Timeouts.Body},
		{"write-timeout", o.Timeouts.Write}, {"shutdown-timeout", o.ShutdownTimeout}} {
		if d.d <= 0 {
			return fmt.Errorf("-%s %v: want a positive duration such as 10s", d.name, d.d)
		}
	}
	if _, err := regexp.Compile(o.Only); err != nil {
		return fmt.Errorf("-only %q: %v", o.Only, err)
	}
	return nil
}
