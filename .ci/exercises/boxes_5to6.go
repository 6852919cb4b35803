package main

// The "Write it yourself" boxes of steps 5 to 6 (boxes.go).
var boxes5to6 = []Box{
	{
		Step: 5,
		Empty: []Empty{
			{File: "step5_conn/connection/connection.go", Func: "Handle",
				Body: `// not written yet: the line map at the top of this file gives the Go for each line of handle_connection`},
			{File: "step5_conn/connection/connection.go", Func: "conn.readRequest",
				Body: `return nil, fmt.Errorf("readRequest: not written yet")`},
		},
		Test: "go test -run TestHandleLikeTheTutorial -timeout 30s ./step5_conn/connection",
		First: []string{
			`^\s+--- FAIL: TestHandleLikeTheTutorial/a_request_is_answered \(`,
			`^\s+connection_test\.go:\d+: no response to "GET /echo HTTP/1\.1\\r\\nHost: a\\r\\n\\r\\n": EOF$`,
			`^\s+Handle returned without answering: read the request, call the handler, send the answer \(tutorial: parse_request\(raw\); response = dispatch\(\.\.\.\); conn\.sendall\(response\); in Go, c\.readRequest, c\.runHandler, c\.send\);$`,
			`^\s+helpers_test\.go:\d+: Handle returned without closing the connection \(tutorial: finally: conn\.close\(\); in Go, defer c\.close\(\) after c := newConn\(nc, cfg\)\)$`,
		},
	},
	{
		Step: 6,
		Empty: []Empty{{File: "step6_server/server/server.go", Func: "Server.Serve",
			Body: `return errors.New("Serve: not written yet")`}},
		Test: "go test -run TestServeLikeTheTutorial -timeout 30s ./step6_server/server",
		First: []string{
			`^\s+--- FAIL: TestServeLikeTheTutorial/a_connection_is_accepted_and_served \(`,
			`^\s+server_test\.go:\d+: Serve returned "Serve: not written yet" before it accepted a connection: Serve accepts connections in a loop until Shutdown \(tutorial: while True: conn, addr = server\.accept\(\); in Go, for \{ nc, err := ln\.Accept\(\); \.\.\. \}\)$`,
		},
	},
}
