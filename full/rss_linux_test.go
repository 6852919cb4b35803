package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"httpfromscratch/step3_handlers/tasks/storetest"
)

// TestStalledClientsStayWithinMemory: the real server (this test binary
// running full's main), default flags, a full store (100,000 tasks of
// varied titles, 6.6 MB as a list), and 10,000 clients that ask for the
// list with Accept-Encoding: gzip and never read. SPEC §2: no traffic
// takes the process past a few hundred MiB. A few clients hold the
// compressors (1.2 MiB each, 32 at most), the others get the list as it
// is, and every connection holds a window of its answer. Before the
// compressors were bounded and windows past 4 KiB borrowed from a shared
// room, the same clients without gzip took the process to 1.3 GB.
//
// It runs when FULL_STALLED_CLIENTS gives the number of clients, since
// it takes both cores for ten seconds, and other packages' tests that
// bound their time, run beside it by go test ./..., would fail for it:
//
//	FULL_STALLED_CLIENTS=10000 go test -run TestStalledClientsStayWithinMemory -v ./full
//
// Linux only (the RSS is read from /proc); never under the race detector,
// which allows 8,128 goroutines.
func TestStalledClientsStayWithinMemory(t *testing.T) {
	const maxRSS = 400 << 20 // "a few hundred MiB"
	clients, err := strconv.Atoi(os.Getenv("FULL_STALLED_CLIENTS"))
	switch {
	case err != nil:
		t.Skip("FULL_STALLED_CLIENTS=10000 runs it: it takes the machine for ten seconds")
	case raceEnabled:
		t.Skip("the race detector allows 8,128 goroutines; this needs a connection per client")
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur < uint64(clients)+500 {
		t.Skipf("%d clients need as many file descriptors; the limit is %d (ulimit -n)", clients, lim.Cur)
	}
	cmd, addr := startFull(t)
	pid := cmd.Process.Pid
	fillOverTCP(t, addr, 100_000)
	filled := procStatus(t, pid)

	// Each client's receive buffer is small, as a slow phone's would be
	// full: the answers stay in the server, not in the kernel.
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	conns := make([]net.Conn, 0, clients)
	t.Cleanup(func() {
		for _, nc := range conns {
			nc.Close()
		}
	})
	began := time.Now()
	for range clients {
		nc, err := d.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("after %d clients: %v", len(conns), err)
		}
		conns = append(conns, nc)
		if _, err := io.WriteString(nc, "GET /tasks HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
	}
	opened := time.Since(began)

	// Until the peak stops growing: every answer has filled what it may.
	peak, still := procStatus(t, pid), 0
	for tick := time.NewTicker(250 * time.Millisecond); still < 12 && time.Since(began) < 2*time.Minute; {
		<-tick.C
		if now := procStatus(t, pid); now.hwm > peak.hwm {
			peak, still = now, 0
		} else {
			still++
		}
	}
	gzipped, plain := countHeads(conns)
	t.Logf("%d stalled clients (opened in %v): RSS %d MiB, peak %d MiB (%d MiB with the store filled, before them); %d answers gzipped, %d as they are, %d not begun",
		clients, opened.Round(time.Millisecond), peak.rss>>20, peak.hwm>>20, filled.hwm>>20, gzipped, plain, clients-gzipped-plain)
	if peak.hwm > maxRSS {
		t.Errorf("the server's RSS peaked at %d MiB with %d stalled clients; SPEC §2 wants a few hundred, at most %d", peak.hwm>>20, clients, maxRSS>>20)
	}
}

// fillOverTCP fills the server's store to n tasks of varied titles, with
// POSTs pipelined on one connection.
func fillOverTCP(t *testing.T, addr string, n int) {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	titles := storetest.Titles(n - 2) // the store starts with the tutorial's two
	go func() {
		w := bufio.NewWriterSize(nc, 64<<10)
		for _, title := range titles {
			body := `{"title":"` + title + `"}`
			fmt.Fprintf(w, "POST /tasks HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		}
		w.Flush()
	}()
	nc.SetReadDeadline(time.Now().Add(2 * time.Minute))
	br := bufio.NewReaderSize(nc, 64<<10)
	for i := range titles {
		line, err := br.ReadSlice('\n')
		if err != nil {
			t.Fatalf("after %d tasks: %v", i, err)
		}
		if !strings.HasPrefix(string(line), "HTTP/1.1 201") {
			t.Fatalf("POST %d: %q", i, line)
		}
		length := 0
		for len(line) != 2 { // the rest of the head
			if line, err = br.ReadSlice('\n'); err != nil {
				t.Fatal(err)
			}
			if v, ok := strings.CutPrefix(string(line), "Content-Length: "); ok {
				length, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		if _, err := br.Discard(length); err != nil {
			t.Fatal(err)
		}
	}
}

// status is what /proc says of a process's memory.
type status struct{ rss, hwm int64 }

func procStatus(t *testing.T, pid int) status {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	var s status
	for _, line := range strings.Split(string(b), "\n") {
		name, value, _ := strings.Cut(line, ":")
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch name {
		case "VmRSS":
			s.rss = kb << 10
		case "VmHWM":
			s.hwm = kb << 10
		}
	}
	return s
}

// countHeads reads the head of each connection's answer, once memory has
// been measured: how many came gzipped.
func countHeads(conns []net.Conn) (gzipped, plain int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for _, nc := range conns {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			nc.SetReadDeadline(time.Now().Add(5 * time.Second))
			br := bufio.NewReaderSize(nc, 4096)
			zipped, begun := false, false
			for {
				line, err := br.ReadSlice('\n')
				if err != nil || len(line) == 2 {
					break
				}
				begun = true
				zipped = zipped || strings.HasPrefix(string(line), "Content-Encoding: gzip")
			}
			mu.Lock()
			defer mu.Unlock()
			switch {
			case zipped:
				gzipped++
			case begun:
				plain++
			}
		})
	}
	wg.Wait()
	return gzipped, plain
}
