package cli_test

import (
	"fmt"
	"os"

	"httpfromscratch/step8_cli/cli"
)

func ExampleMain() {
	fakes := cli.Funcs{
		RunServer: func(o cli.Options) error { fmt.Printf("server on %s:%d\n", o.Host, o.Port); return nil },
		RunDemo:   func(o cli.Options) error { fmt.Println("demo against", o.Base()); return nil },
		RunCheck:  func(o cli.Options) (bool, error) { fmt.Println("check", o.Base()); return true, nil },
	}
	fmt.Println(cli.Main("full", []string{"-port", "18080"}, os.Stdout, os.Stdout, fakes))
	fmt.Println(cli.Main("full", []string{"-mode", "demo", "-port", "18080"}, os.Stdout, os.Stdout, fakes))
	fmt.Println(cli.Main("full", []string{"-mode", "check", "-port", "8001"}, os.Stdout, os.Stdout, fakes))
	fmt.Println(cli.Main("full", []string{"-mode", "both"}, os.Stdout, os.Stdout, fakes))
	// Output:
	// server on 127.0.0.1:18080
	// 0
	// demo against http://127.0.0.1:18080
	// 0
	// check http://127.0.0.1:8001
	// 1
	// full: -mode "both": want server, demo or check
	// run full -h for the flags
	// 2
}

func ExampleParse() {
	o, err := cli.Parse("full", []string{"-max-body", "4096", "-header-timeout", "2s"})
	fmt.Println(o.Mode, o.Port, o.Limits.Body, o.Timeouts.Header, o.Timeouts.Idle, err)
	// Output:
	// server 8000 4096 2s 1m0s <nil>
}
