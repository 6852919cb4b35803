package cli

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestMainFollowsTheTutorial: Main does what the tutorial's main does,
// row by row, each row with the Python it stands for: the flags parsed,
// -mode picking the function to call with the address, and the exit
// status a shell sees. It is the guide for writing Main yourself.
func TestMainFollowsTheTutorial(t *testing.T) {
	tests := []struct {
		name     string
		args     string
		fail     error  // what the called function returns
		failed   bool   // what the check reports
		called   string // the function Main must call, "" for none
		base     string // the address it must be given
		exit     int
		out, err string // what stdout and stderr must hold ("" for nothing)
		tutorial string
	}{
		{name: "no flags serve on 127.0.0.1:8000", called: "RunServer", base: "http://127.0.0.1:8000",
			tutorial: `args = parser.parse_args(); if args.mode == "server": run_server(args.host, args.port), in Go o, err := Parse(name, args), then f.RunServer(o)`},
		{name: "-mode demo runs the client", args: "-mode demo", called: "RunDemo", base: "http://127.0.0.1:8000",
			tutorial: `else: demo_client(f"http://{args.host}:{args.port}"), in Go f.RunDemo(o): o.Base() is the URL`},
		{name: "-port 8001 is the port", args: "-mode demo -port 8001", called: "RunDemo", base: "http://127.0.0.1:8001",
			tutorial: `parser.add_argument("--port", type=int, default=8000)`},
		{name: "-mode check runs the checklist", args: "-mode check", called: "RunCheck", base: "http://127.0.0.1:8000",
			tutorial: `none: the checker is this module's; in Go return runCheck(stderr, name, o, f.RunCheck)`},
		{name: "a failed check exits 1", args: "-mode check", failed: true, called: "RunCheck", base: "http://127.0.0.1:8000", exit: 1,
			tutorial: `none: a shell script reads the exit status`},
		{name: "a failing server exits 1, saying why", args: "", fail: errors.New("address already in use"), called: "RunServer", base: "http://127.0.0.1:8000",
			exit: 1, err: "address already in use", tutorial: `run_server raises, and Python exits 1 with the traceback; in Go print shown(err) to stderr, return 1`},
		{name: "an unknown mode exits 2, naming the flag", args: "-mode browser", exit: 2, err: "-mode",
			tutorial: `choices=["server", "demo"]: argparse exits 2 with "invalid choice"; in Go Parse returns the error: print it to stderr, return 2`},
		{name: "-h prints the flags and exits 0", args: "-h", out: "-port",
			tutorial: `argparse's -h prints the usage and exits 0; in Go Parse returns flag.ErrHelp: usage(stdout, name), return 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []string
			var base string
			record := func(name string) func(Options) error {
				return func(o Options) error {
					calls, base = append(calls, name), o.Base()
					return tt.fail
				}
			}
			f := Funcs{RunServer: record("RunServer"), RunDemo: record("RunDemo"),
				RunCheck: func(o Options) (bool, error) {
					calls, base = append(calls, "RunCheck"), o.Base()
					return tt.failed, nil
				}}
			var stdout, stderr bytes.Buffer
			exit := Main("full", strings.Fields(tt.args), &stdout, &stderr, f)

			call := fmt.Sprintf("Main(%q, %q)", "full", strings.Fields(tt.args))
			want := "no function called"
			if tt.called != "" {
				want = tt.called + " called once with the address " + tt.base
			}
			got := fmt.Sprintf("called %v", calls)
			if len(calls) == 1 {
				got += " with the address " + base
			}
			if ok := tt.called == "" && len(calls) == 0 || slices.Equal(calls, []string{tt.called}) && base == tt.base; !ok {
				t.Errorf("%s: %s; want %s\n(tutorial: %s)", call, got, want, tt.tutorial)
			}
			if exit != tt.exit {
				t.Errorf("%s: exit status %d, want %d (0: all went well, 1: what it ran failed, 2: a bad command line)\n(tutorial: %s)\nstderr: %q", call, exit, tt.exit, tt.tutorial, stderr.String())
			}
			for _, w := range []struct{ name, got, want string }{{"stdout", stdout.String(), tt.out}, {"stderr", stderr.String(), tt.err}} {
				if w.want != "" && !strings.Contains(w.got, w.want) {
					t.Errorf("%s: %s %q, want it to name %q\n(tutorial: %s)", call, w.name, w.got, w.want, tt.tutorial)
				}
			}
		})
	}
}
