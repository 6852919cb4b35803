package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step8_cli/cli"
)

// This file compares the finished server with net/http serving the same
// step 3 handlers, under the same load, in one run. It is benchmark code
// only: net/http never serves anything in the product.
//
//	go test -run='^$' -bench=Load -benchtime=1x ./full
//	LOAD_DURATION=5s go test -run='^$' -bench=Load -benchtime=1x ./full
//	go test -run='^$' -bench=MemoryPerConn -benchtime=1x ./full

// netHTTPServer answers the tasks API with net/http, calling the same
// handlers as full does; only the HTTP layer differs.
func netHTTPServer(h *handlers.Handlers) *http.Server {
	h.Store.(*tasks.Store).Max = loadMaxTasks
	write := func(w http.ResponseWriter, r *response.Response) {
		for _, f := range r.Fields {
			w.Header().Set(f.Name, f.Value)
		}
		if r.Body != nil {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		}
		w.WriteHeader(r.Status)
		w.Write(r.Body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) { write(w, h.Health()) })
	mux.HandleFunc("GET /tasks", func(w http.ResponseWriter, r *http.Request) { write(w, h.ListTasks(r.URL.Query())) })
	mux.HandleFunc("POST /tasks", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			write(w, response.Error(413, err.Error()))
			return
		}
		write(w, h.CreateTask(body))
	})
	return &http.Server{Handler: mux}
}

// target is a server under test, listening on loopback.
type target struct {
	name string
	addr string
	stop func()
}

// loadMaxTasks lifts -max-tasks for load runs: a POST benchmark must
// measure creating tasks, not answering 507 once the store is full.
const loadMaxTasks = 1 << 30

func startOurs(tb testing.TB, onState func(net.Conn, connection.State) bool) target {
	o, err := cli.Parse("full", []string{"-max-tasks", strconv.Itoa(loadMaxTasks)})
	if err != nil {
		tb.Fatal(err)
	}
	store, _, err := openStore(o) // in memory: nothing to close
	if err != nil {
		tb.Fatal(err)
	}
	srv := newServer(o, store, io.Discard, false, nil)
	srv.Config.Log = nil // net/http logs nothing either
	srv.Config.OnState = onState
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(ln)
	return target{"ours", ln.Addr().String(), func() { srv.Shutdown(context.Background()) }}
}

func startNetHTTP(tb testing.TB, onState func(net.Conn, http.ConnState)) target {
	srv := netHTTPServer(handlers.New(tasks.NewStore(), time.Now))
	srv.ConnState = onState
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(ln)
	return target{"net/http", ln.Addr().String(), func() { srv.Shutdown(context.Background()) }}
}

// loadResult is what one load run measured.
type loadResult struct {
	reqs    int
	elapsed time.Duration
	lat     []time.Duration // every request's latency, sorted
	errs    int
}

func (r loadResult) rps() float64 { return float64(r.reqs) / r.elapsed.Seconds() }
func (r loadResult) p99() time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[len(r.lat)*99/100]
}

// load sends raw requests to addr from conns clients for d, each client
// waiting for the responses before sending the next request (as wrk does).
// With keepAlive false every request dials a new connection and sends
// Connection: close. req may hold several requests, pipelined.
func load(addr string, conns int, d time.Duration, req []byte, keepAlive bool) loadResult {
	perWrite := bytes.Count(req, []byte(" HTTP/1.1\r\n"))
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total loadResult
		stop  atomic.Bool
	)
	start := time.Now()
	time.AfterFunc(d, func() { stop.Store(true) })
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			errs := 0
			var nc net.Conn
			var br *bufio.Reader
			for !stop.Load() {
				t0 := time.Now()
				if nc == nil {
					c, err := net.Dial("tcp", addr)
					if err != nil {
						errs++
						continue
					}
					nc, br = c, bufio.NewReaderSize(c, 4096)
				}
				if _, err := nc.Write(req); err != nil || readResponses(br, perWrite) != nil {
					errs++
					nc.Close()
					nc = nil
					continue
				}
				if !keepAlive {
					nc.Close()
					nc = nil
				}
				for range perWrite {
					lat = append(lat, time.Since(t0))
				}
			}
			if nc != nil {
				nc.Close()
			}
			mu.Lock()
			total.reqs += len(lat)
			total.lat = append(total.lat, lat...)
			total.errs += errs
			mu.Unlock()
		}()
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	slices.Sort(total.lat)
	return total
}

func readResponses(br *bufio.Reader, n int) error {
	for range n {
		if err := readResponse(br); err != nil {
			return err
		}
	}
	return nil
}

// readResponse reads one response with a Content-Length body and checks
// that it is a success.
func readResponse(br *bufio.Reader) error {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return err
	}
	if len(line) < 12 || line[9] != '2' {
		return fmt.Errorf("status line %q", line)
	}
	length := -1
	for {
		line, err = br.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(line) <= 2 {
			break
		}
		if len(line) > 16 && (line[0] == 'C' || line[0] == 'c') && bytes.EqualFold(line[:15], []byte("Content-Length:")) {
			length, _ = strconv.Atoi(string(bytes.TrimSpace(line[15:])))
		}
	}
	if length < 0 {
		return errors.New("no Content-Length")
	}
	_, err = br.Discard(length)
	return err
}

func loadDuration() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("LOAD_DURATION")); err == nil {
		return d
	}
	return 2 * time.Second
}

// BenchmarkLoad runs each scenario against full and against net/http,
// one after the other in the same run, and reports both rates, their
// ratio (ours / net/http) and both p99 latencies. It runs the load once,
// whatever b.N is: use -benchtime=1x.
func BenchmarkLoad(b *testing.B) {
	post := `{"title":"load"}`
	scenarios := []struct {
		name      string
		req       string
		conns     int
		keepAlive bool
	}{
		{"keepalive_GET_health_c50", "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", 50, true},
		{"keepalive_GET_tasks_c50", "GET /tasks HTTP/1.1\r\nHost: localhost\r\n\r\n", 50, true},
		{"keepalive_POST_tasks_c50", "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(post)) + "\r\n\r\n" + post, 50, true},
		{"close_GET_health_c50", "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 50, false},
		{"keepalive_GET_health_c1000", "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", 1000, true},
		{"keepalive_GET_tasks_c1000", "GET /tasks HTTP/1.1\r\nHost: localhost\r\n\r\n", 1000, true},
		{"keepalive_POST_tasks_c1000", "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(post)) + "\r\n\r\n" + post, 1000, true},
		{"close_GET_health_c1000", "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 1000, false},
		// 16 requests a write: the answers to pipelined requests share
		// a write in full (output_batch.go); net/http writes each.
		{"pipelined16_GET_health_c50", strings.Repeat("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", 16), 50, true},
	}
	d := loadDuration()
	for _, sc := range scenarios {
		b.Run(sc.name, func(b *testing.B) {
			results := map[string]loadResult{}
			for _, start := range []func(testing.TB) target{
				func(tb testing.TB) target { return startOurs(tb, nil) },
				func(tb testing.TB) target { return startNetHTTP(tb, nil) },
			} {
				t := start(b)
				runtime.GC()
				r := load(t.addr, sc.conns, d, []byte(sc.req), sc.keepAlive)
				t.stop()
				if r.reqs == 0 || r.errs > r.reqs/100 {
					b.Fatalf("%s: %d requests, %d errors", t.name, r.reqs, r.errs)
				}
				results[t.name] = r
			}
			ours, theirs := results["ours"], results["net/http"]
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(ours.rps(), "ours-req/s")
			b.ReportMetric(theirs.rps(), "nethttp-req/s")
			b.ReportMetric(ours.rps()/theirs.rps(), "ratio")
			b.ReportMetric(float64(ours.p99().Microseconds())/1000, "ours-p99-ms")
			b.ReportMetric(float64(theirs.p99().Microseconds())/1000, "nethttp-p99-ms")
		})
	}
}

// BenchmarkMemoryPerConn opens n connections to each server and reports
// the memory (heap and stacks) each connection costs while it is idle
// before its first request ("new"), and once it has served one ("used").
// Both ends of each connection are in this process, so what a bare
// listener costs (it accepts and holds connections, serving nothing) is
// measured too and taken off: what is left is what the server adds.
func BenchmarkMemoryPerConn(b *testing.B) {
	const n = 1000
	inUse := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse + m.StackInuse
	}
	bare := func() (base float64) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		defer ln.Close()
		before := inUse()
		accepted := make(chan net.Conn, n)
		go func() {
			for {
				nc, err := ln.Accept()
				if err != nil {
					return
				}
				accepted <- nc
			}
		}()
		var conns []net.Conn
		for range n {
			nc, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			conns = append(conns, nc, <-accepted)
		}
		base = float64(inUse()-before) / n
		for _, nc := range conns {
			nc.Close()
		}
		return base
	}()
	measure := func(t target, idle <-chan struct{}) (fresh, used float64) {
		defer t.stop()
		before := inUse()
		conns := make([]net.Conn, n)
		for i := range conns {
			nc, err := net.Dial("tcp", t.addr)
			if err != nil {
				b.Fatal(err)
			}
			conns[i] = nc
		}
		for range n { // every connection accepted and waiting
			<-idle
		}
		fresh = float64(inUse()-before)/n - bare
		req := []byte("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
		for _, nc := range conns {
			nc.Write(req)
			if err := readResponse(bufio.NewReader(nc)); err != nil {
				b.Fatal(err)
			}
		}
		for range n { // and idle again after its request
			<-idle
		}
		used = float64(inUse()-before)/n - bare
		for _, nc := range conns {
			nc.Close()
		}
		return fresh, used
	}
	oursIdle := make(chan struct{}, 2*n)
	ours := startOurs(b, func(_ net.Conn, s connection.State) bool {
		if s == connection.StateIdle {
			oursIdle <- struct{}{}
		}
		return true
	})
	oursNew, oursUsed := measure(ours, oursIdle)
	theirsIdle := make(chan struct{}, 2*n)
	theirs := startNetHTTP(b, func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew || s == http.StateIdle {
			theirsIdle <- struct{}{}
		}
	})
	theirsNew, theirsUsed := measure(theirs, theirsIdle)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(bare, "bare-B/conn")
	b.ReportMetric(oursNew, "ours-B/new-conn")
	b.ReportMetric(theirsNew, "nethttp-B/new-conn")
	b.ReportMetric(oursUsed, "ours-B/used-conn")
	b.ReportMetric(theirsUsed, "nethttp-B/used-conn")
}

var _ = server.ErrServerClosed
