package main

// The "Write it yourself" boxes of steps 7 and 8 (boxes.go).
var boxes7to8 = []Box{
	{
		Step: 7,
		Empty: []Empty{{File: "step7_client/client/client.go", Func: "Demo",
			Body: `return fmt.Errorf("not written yet")`}},
		Test: "go test -run TestDemoFollowsTheTutorial -timeout 30s ./step7_client/client",
		First: []string{
			`^\s+demo_test.go:\d+: part 1 of 11 of the flow: want a line starting "=== HTTP server demo ==="$`,
			`^\s+\(tutorial: print\("\\n=== HTTP 服务器演示 ==="\)\)$`,
			`^\s+Demo returned: not written yet$`,
		},
	},
	{
		Step: 8,
		Empty: []Empty{{File: "step8_cli/cli/cli.go", Func: "Main",
			Body: "fmt.Fprintln(stderr, \"Main: not written yet\")\nreturn 1"}},
		Test: "go test -run TestMainFollowsTheTutorial -timeout 30s ./step8_cli/cli",
		First: []string{
			`^\s+--- FAIL: TestMainFollowsTheTutorial/no_flags_serve_on_127\.0\.0\.1:8000 `,
			`^\s+dispatch_test\.go:\d+: Main\("full", \[\]\): called \[\]; want RunServer called once with the address http://127\.0\.0\.1:8000$`,
			`^\s+\(tutorial: args = parser\.parse_args\(\); if args\.mode == "server": run_server\(args\.host, args\.port\), in Go o, err := Parse\(name, args\), then f\.RunServer\(o\)\)$`,
		},
	},
}
