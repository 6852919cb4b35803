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
}
