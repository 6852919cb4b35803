package main

import "os"

func Example() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// $ full -mode server -host 127.0.0.1 -port 18080
	//   server mode dispatched: host=127.0.0.1, port=18080, max-body=1048576, header-timeout=10s
	//   exit status 0
	// $ full -mode demo -host 127.0.0.1 -port 18080
	//   demo mode dispatched: base=http://127.0.0.1:18080
	//   exit status 0
	// $ full --mode server -max-body 4096 -header-timeout 2s
	//   server mode dispatched: host=127.0.0.1, port=8000, max-body=4096, header-timeout=2s
	//   exit status 0
	// $ full -mode browser
	// full: -mode "browser": want server or demo
	// run full -h for the flags
	//   exit status 2
	// $ full -port 70000
	// full: -port 70000: want 1 to 65535 (0, for server, picks a free port)
	// run full -h for the flags
	//   exit status 2
	// $ full -idle-timeout soon
	// full: invalid value "soon" for flag -idle-timeout: parse error
	// run full -h for the flags
	//   exit status 2
}
