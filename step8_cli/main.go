// Command step8_cli runs step 8's demo: main parses -mode, -host and -port
// and dispatches to the server, the demo client or the checklist. As in the
// tutorial, the real functions are swapped for fakes that only say what
// they were given, so the demo opens no port and needs no network.
//
//	go run ./step8_cli
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"httpfromscratch/step8_cli/cli"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "step8_cli:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	fakes := cli.Funcs{
		RunServer: func(o cli.Options) error {
			fmt.Fprintf(w, "  server mode dispatched: host=%s, port=%d, max-body=%d, header-timeout=%v\n",
				o.Host, o.Port, o.Limits.Body, o.Timeouts.Header)
			return nil
		},
		RunDemo: func(o cli.Options) error {
			fmt.Fprintf(w, "  demo mode dispatched: base=%s\n", o.Base())
			return nil
		},
		RunCheck: func(o cli.Options) (bool, error) {
			fmt.Fprintf(w, "  check mode dispatched: base=%s, only=%q, slow=%t\n", o.Base(), o.Only, o.Slow)
			return false, nil
		},
	}
	for _, args := range []string{
		"-mode server -host 127.0.0.1 -port 18080",
		"-mode demo -host 127.0.0.1 -port 18080",
		"--mode server -max-body 4096 -header-timeout 2s",
		"-mode check -port 8001 -only Content-Length",
		"-mode check -host 203.0.113.9 -port 80",
		"-mode browser",
		"-port 70000",
		"-idle-timeout soon",
	} {
		fmt.Fprintf(w, "$ full %s\n", args)
		code := cli.Main("full", strings.Fields(args), w, w, fakes)
		fmt.Fprintf(w, "  exit status %d\n", code)
	}
	return nil
}
