package main

// The "Write it yourself" boxes of steps 1 to 4 (boxes.go).
var boxes1to4 = []Box{
	{
		// parse_request's logic is the three splits: the request line at
		// its spaces, the head into lines, a field at its colon. Parse is
		// glue around them (the empty line, Content-Length, the body).
		Step: 1,
		Empty: []Empty{
			{File: "step1_parse/request/request.go", Func: "Request.ParseHeadString",
				Body: `return fmt.Errorf("ParseHeadString: not written yet")`},
			{File: "step1_parse/request/request.go", Func: "ParseField",
				Body: `return Field{}, fmt.Errorf("ParseField: not written yet")`},
		},
		Test: "go test -run TestParseAccepts -timeout 30s ./step1_parse/request",
		First: []string{
			`^--- FAIL: TestParseAccepts \(`,
			`^\s+request_test\.go:\d+: Parse\("GET /tasks\?status=done HTTP/1\.1\\r\\nHost: localhost:8000\\r\\nUser-Agent: curl\\r\\n\\r\\n"\) = error "ParseHeadString: not written yet"$`,
			`^\s+want method "GET", target "/tasks\?status=done", version "HTTP/1\.1" \(Minor 1\), fields \["Host: localhost:8000" "User-Agent: curl"\], body ""$`,
			`^\s+\(tutorial: lines = header_part\.split\("\\r\\n"\); method, path, version = lines\[0\]\.split\(" ", 2\); for line in lines\[1:\]: k, v = line\.split\(":", 1\)\)$`,
		},
	},
	{
		// build_response's logic is the head: the status line, the fields
		// with Content-Length in bytes, the empty line. Build is glue over
		// JSON and Append, which adds the body after AppendHead's head.
		Step: 2,
		Empty: []Empty{
			{File: "step2_response/response/response.go", Func: "Response.AppendHead",
				Body: `return dst // not written yet: no head, only the body Append adds`},
		},
		Test: "go test -run TestAppend -timeout 30s ./step2_response/response",
		First: []string{
			`^--- FAIL: TestAppend \(`,
			`^\s+response_test\.go:\d+: Append\(nil, Meta\{Closing: true\}\) of Response\{Status: 200, Fields: \[\], Body: "\{\\"a\\":\\"写\\"\}"\}:$`,
			`^\s+got  "\{\\"a\\":\\"写\\"\}"$`,
			`^\s+first difference, line 1, the status line: got "\{\\"a\\":\\"写\\"\}", want "HTTP/1\.1 200 OK\\r\\n"$`,
			`^\s+\(tutorial: f"HTTP/1\.1 \{status\} \{status_text\.get\(status, 'Unknown'\)\}\\r\\n"\): StatusText\(r\.Status\), status\.go$`,
		},
	},
	{
		// handle_tasks_post is the tutorial's step 3: decode, validate the
		// title, store, 201. Health and ListTasks stay written.
		Step: 3,
		Empty: []Empty{
			{File: "step3_handlers/handlers/handlers.go", Func: "Handlers.CreateTask",
				Body: `return response.Error(500, "CreateTask: not written yet")`},
		},
		Test: "go test -run TestCreateTaskAnswers201 -timeout 30s ./step3_handlers/handlers",
		First: []string{
			`^--- FAIL: TestCreateTaskAnswers201 \(`,
			`^\s+handlers_test\.go:\d+: CreateTask\("\{\\"title\\":\\"  写博客 \\",\\"done\\":true\}"\) = 500 \{"error":"CreateTask: not written yet"\}$`,
			`^\s+want 201 \{"task":\{"id":3,\.\.\.\}\}$`,
			`^\s+\(tutorial: data = json\.loads\(body\.decode\("utf-8"\)\); title = data\.get\("title", ""\)\.strip\(\); .*\)$`,
		},
	},
	{
		// dispatch is the split of the query, the table lookup, 404 and the
		// call. The answers every route shares (methods.go) and the guards
		// (hosts.go, crossorigin.go) stay written; Dispatch calls them.
		Step: 4,
		Empty: []Empty{
			{File: "step4_dispatch/router/router.go", Func: "Router.Dispatch",
				Body: `return response.Error(500, fmt.Sprintf("%s %s: Dispatch is not written yet", req.Method, req.Target))`},
		},
		Test: "go test -run TestDispatch -timeout 30s ./step4_dispatch/router",
		First: []string{
			`^--- FAIL: TestDispatch \(`,
			`^\s+router_test\.go:\d+: Dispatch\(GET /health\) = 500 \{"error":"GET /health: Dispatch is not written yet"\}, want 200$`,
			`^\s+\(tutorial: handler = ROUTES\.get\(clean_path\); return handler\(method, clean_path, headers, body\)\): route, id := rt\.match\(path\); .*$`,
		},
	},
}
