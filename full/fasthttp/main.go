// Command fasthttp is a yardstick, not part of the product: it serves the
// tasks API's benchmarked routes with github.com/valyala/fasthttp, calling
// the same step 3 handlers as full's route table does, so that only the
// HTTP layer differs. full/compare.sh runs it beside full and net/http.
//
// It lives in a module of its own (this directory's go.mod), so a
// learner's `go test ./...` never downloads or builds fasthttp.
//
//	go run . -addr 127.0.0.1:18082
package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"github.com/valyala/fasthttp"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18082", "address to listen on")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the first `profile-for` to this file")
	profileFor := flag.Duration("profile-for", 8*time.Second, "how long the CPU profile runs")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		time.AfterFunc(*profileFor, func() { pprof.StopCPUProfile(); f.Close() })
	}
	store := tasks.NewStore()
	store.Max = 1 << 30 // a POST run measures creating tasks, not 507s
	h := handlers.New(store, time.Now)
	srv := &fasthttp.Server{
		Handler: func(ctx *fasthttp.RequestCtx) { serve(ctx, h) },
		Name:    "fasthttp",
		// The same bounds as full's defaults: fasthttp without them would
		// skip work a server facing the Internet must do.
		ReadTimeout:        10 * time.Second,
		WriteTimeout:       30 * time.Second,
		IdleTimeout:        60 * time.Second,
		MaxRequestBodySize: 1 << 20,
	}
	fmt.Println("fasthttp serving on", *addr)
	if err := srv.ListenAndServe(*addr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// serve routes as full's step 4 table does for the benchmarked routes,
// the fasthttp way: the path and method compared as bytes, no copy.
func serve(ctx *fasthttp.RequestCtx, h *handlers.Handlers) {
	switch string(ctx.Path()) {
	case "/health":
		if ctx.IsGet() {
			write(ctx, h.Health())
			return
		}
	case "/tasks":
		switch {
		case ctx.IsGet():
			var q url.Values
			if ctx.QueryArgs().Len() > 0 {
				q, _ = url.ParseQuery(string(ctx.QueryArgs().QueryString()))
			}
			write(ctx, h.ListTasks(q))
			return
		case ctx.IsPost():
			write(ctx, h.CreateTask(ctx.PostBody()))
			return
		}
	}
	write(ctx, response.Error(404, "no such route: "+strconv.Quote(string(ctx.Path()))))
}

// write copies a step 3 answer into fasthttp's response.
func write(ctx *fasthttp.RequestCtx, r *response.Response) {
	ctx.SetStatusCode(r.Status)
	for _, f := range r.Fields {
		ctx.Response.Header.Set(f.Name, f.Value)
	}
	switch {
	case r.Stream != nil:
		ctx.SetContentType("application/json; charset=utf-8")
		r.Stream.WriteTo(ctx) // NOTE: ignoring the error: ctx appends to its body
	case r.Body != nil:
		ctx.SetContentType("application/json; charset=utf-8")
		ctx.SetBody(r.Body)
	}
}
