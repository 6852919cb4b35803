package handlers_test

import (
	"fmt"
	"net/url"
	"time"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
)

var clock = func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC) }

func ExampleHandlers_Health() {
	h := handlers.New(tasks.NewStore(), clock)
	r := h.Health()
	fmt.Println(r.Status, string(r.Body))
	// Output:
	// 200 {"status":"ok","time":"2026-04-17 22:54:12","tasks_count":2}
}

func ExampleHandlers_ListTasks() {
	h := handlers.New(tasks.NewStore(), clock)
	r := h.ListTasks(url.Values{"status": {"todo"}})
	fmt.Println(r.Status, string(r.Body))
	// Output:
	// 200 {"tasks":[{"id":1,"title":"阅读 HTTP RFC","done":false}],"total":1}
}

func ExampleHandlers_CreateTask() {
	h := handlers.New(tasks.NewStore(), clock)
	r := h.CreateTask([]byte(`{"title":"  写单元测试  "}`))
	fmt.Println(r.Status, r.Fields, string(r.Body))
	r = h.CreateTask([]byte(`{"title":"x","priority":1}`))
	fmt.Println(r.Status, string(r.Body))
	// Output:
	// 201 [Location: /tasks/3 ETag: "716f1ecca6f71b61"] {"task":{"id":3,"title":"写单元测试","done":false}}
	// 400 {"error":"unknown field \"priority\" (the fields are \"title\" and \"done\")"}
}

func ExampleHandlers_PatchTask() {
	h := handlers.New(tasks.NewStore(), clock)
	r := h.PatchTask("1", nil, []byte(`{"done":true}`))
	fmt.Println(r.Status, string(r.Body))
	// Output:
	// 200 {"task":{"id":1,"title":"阅读 HTTP RFC","done":true}}
}

func ExampleHandlers_DeleteTask() {
	h := handlers.New(tasks.NewStore(), clock)
	fmt.Println(h.DeleteTask("2", nil).Status, h.DeleteTask("2", nil).Status)
	// Output:
	// 204 404
}
