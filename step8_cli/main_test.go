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
	// $ full -mode check -port 8001 -only Content-Length
	//   check mode dispatched: base=http://127.0.0.1:8001, only="Content-Length", slow=false
	//   exit status 0
	// $ full -mode check -host 203.0.113.9 -port 80
	// full: -host 203.0.113.9 is not this machine: the checks send malformed and slow traffic, so point them only at a server you own, and add -allow-remote
	// run full -h for the flags
	//   exit status 2
	// $ full -mode browser
	// full: -mode "browser": want server, demo or check
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
