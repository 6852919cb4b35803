package router

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step3_handlers/tasks/storetest"
)

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		name   string
		fields []string // Accept-Encoding field values; none: no field
		want   bool
	}{
		{name: "no field: the body as it is", want: false},
		{name: "an empty field: no coding wanted", fields: []string{""}, want: false},
		{name: "a browser", fields: []string{"gzip, deflate, br, zstd"}, want: true},
		{name: "curl --compressed", fields: []string{"deflate, gzip, br, zstd"}, want: true},
		{name: "codings have no case", fields: []string{"GZip"}, want: true},
		{name: "x-gzip is gzip", fields: []string{"x-gzip"}, want: true},
		{name: "spaces and tabs around members and weights", fields: []string{" br ;q=1 ,\tgzip \t; q=0.8 "}, want: true},
		{name: "a q-value below 1 still accepts", fields: []string{"gzip;q=0.001"}, want: true},
		{name: "Q in capitals", fields: []string{"gzip;Q=0.5"}, want: true},
		{name: "gzip;q=0 refuses gzip", fields: []string{"gzip;q=0, br"}, want: false},
		{name: "q=0.000 is 0", fields: []string{"gzip;q=0.000"}, want: false},
		{name: "only other codings", fields: []string{"br, zstd"}, want: false},
		{name: "* accepts every coding not named", fields: []string{"*"}, want: true},
		{name: "*;q=0 refuses what is not named, and gzip is not", fields: []string{"*;q=0"}, want: false},
		{name: "*;q=0 with gzip named", fields: []string{"gzip, *;q=0"}, want: true},
		{name: "gzip named refused though * accepts", fields: []string{"*, gzip;q=0"}, want: false},
		{name: "identity;q=0 and gzip: gzip", fields: []string{"identity;q=0, gzip"}, want: true},
		{name: "identity;q=0 alone: nothing acceptable, the body goes out as it is", fields: []string{"identity;q=0"}, want: false},
		{name: "*;q=0 alone: nothing acceptable", fields: []string{"*;q=0"}, want: false},
		{name: "the body as it is preferred by q", fields: []string{"gzip;q=0.5, identity"}, want: false},
		{name: "gzip preferred by q", fields: []string{"identity;q=0.5, gzip"}, want: true},
		{name: "a tie goes to gzip", fields: []string{"identity, gzip"}, want: true},
		{name: "* weighs the body as it is when identity is not named", fields: []string{"gzip;q=0.2, *;q=0.5"}, want: false},
		{name: "a weight that is not a qvalue drops the member", fields: []string{"gzip;q=2"}, want: false},
		{name: "q=1.5 is no qvalue", fields: []string{"gzip;q=1.5"}, want: false},
		{name: "four decimals are too many", fields: []string{"gzip;q=0.1234"}, want: false},
		{name: "q=abc", fields: []string{"gzip;q=abc"}, want: false},
		{name: "a bad member leaves the good ones", fields: []string{"gzip;q=x, x-gzip"}, want: true},
		{name: "other parameters are ignored", fields: []string{"gzip;level=9"}, want: true},
		{name: "empty members", fields: []string{", ,gzip,"}, want: true},
		{name: "several fields make one list", fields: []string{"br", "gzip;q=0.3"}, want: true},
		{name: "several fields, refused in the second", fields: []string{"gzip", "gzip;q=0"}, want: true}, // the highest weight named counts
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fs request.Fields
			for _, v := range tt.fields {
				fs = append(fs, request.Field{Name: "Accept-Encoding", Value: v})
			}
			if got := AcceptsGzip(fs); got != tt.want {
				t.Errorf("AcceptsGzip(Accept-Encoding: %q) = %v, want %v", tt.fields, got, tt.want)
			}
		})
	}
}

// gzipRouter is the tasks API with gzip, over a store of n tasks of
// varied titles.
func gzipRouter(t testing.TB, n, compressors int) *Router {
	t.Helper()
	s := tasks.NewStore()
	s.Max = n + 2
	for i, title := range storetest.Titles(n - 2) {
		if _, err := s.Add(title, i%3 == 0); err != nil {
			t.Fatal(err)
		}
	}
	rt := Tasks(handlers.New(s, func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC) }))
	rt.Gzip = NewGzip(compressors)
	return rt
}

// ask dispatches "METHOD target" with the fields given.
func ask(t testing.TB, rt *Router, method, target, version string, fields ...string) *response.Response {
	t.Helper()
	raw := method + " " + target + " " + version + "\r\nHost: a\r\n" + strings.Join(fields, "")
	if method == "POST" {
		raw += "Content-Length: 13\r\n\r\n{\"title\":\"x\"}"
	} else {
		raw += "\r\n"
	}
	req, err := request.Parse([]byte(raw))
	if err != nil {
		t.Fatalf("request.Parse(%q): %v", raw, err)
	}
	return rt.Dispatch(req)
}

const acceptGzip = "Accept-Encoding: gzip\r\n"

// decoded is the body r sends, its gzip undone.
func decoded(t testing.TB, r *response.Response) []byte {
	t.Helper()
	body := r.WholeBody()
	if r.Get("Content-Encoding") != "gzip" {
		return body
	}
	return gunzipped(t, body)
}

// TestGzipRoundTrip: the list, asked with gzip, is the list asked
// without, once gunzipped: at 2 tasks as it is (under minGzip), at 10,000
// and 100,000 compressed, and smaller.
func TestGzipRoundTrip(t *testing.T) {
	for _, n := range []int{2, 10_000, 100_000} {
		t.Run(fmt.Sprint(n, " tasks"), func(t *testing.T) {
			rt := gzipRouter(t, n, 1)
			plain := ask(t, rt, "GET", "/tasks", "HTTP/1.1")
			zipped := ask(t, rt, "GET", "/tasks", "HTTP/1.1", acceptGzip)
			wantGzip := n > 2
			if got := zipped.Get("Content-Encoding") == "gzip"; got != wantGzip {
				t.Fatalf("Content-Encoding %q for %d tasks, want gzip: %v", zipped.Get("Content-Encoding"), n, wantGzip)
			}
			if plain.Get("Content-Encoding") != "" {
				t.Fatalf("gzip without Accept-Encoding: %q", plain.Get("Content-Encoding"))
			}
			identity := plain.WholeBody()
			wire := zipped.WholeBody()
			zipped.Stream = response.Stream(nil)
			zipped.Body = wire
			if got := decoded(t, zipped); !bytes.Equal(got, identity) {
				t.Fatalf("gunzipped list of %d bytes differs from the identity list of %d bytes", len(got), len(identity))
			}
			if wantGzip && len(wire) >= len(identity) {
				t.Errorf("gzip made %d bytes of %d", len(wire), len(identity))
			}
			t.Logf("%d tasks: %d bytes, %d with gzip", n, len(identity), len(wire))
		})
	}
}

// TestVaryOnEveryAnswer: every answer of /, /tasks and /echo says Vary:
// Accept-Encoding, whatever its method, size, status and coding; no other
// route's does; errors and the small are never compressed; HTTP/1.0 gets
// the body as it is.
func TestVaryOnEveryAnswer(t *testing.T) {
	rt := gzipRouter(t, 200, 4)
	tests := []struct {
		method, target, version string
		fields                  []string
		wantVary                string // "" for none
		wantGzip                bool
	}{
		{method: "GET", target: "/tasks", wantVary: "Accept-Encoding", wantGzip: true},
		{method: "GET", target: "/tasks", fields: []string{"Accept-Encoding: br\r\n"}, wantVary: "Accept-Encoding"},
		{method: "GET", target: "/tasks", fields: []string{"Accept-Encoding: identity;q=0\r\n"}, wantVary: "Accept-Encoding"},
		{method: "GET", target: "/tasks", version: "HTTP/1.0", wantVary: "Accept-Encoding"},
		{method: "HEAD", target: "/tasks", wantVary: "Accept-Encoding", wantGzip: true},
		{method: "GET", target: "/tasks?status=done", wantVary: "Accept-Encoding", wantGzip: true},
		{method: "GET", target: "/tasks?status=nope", wantVary: "Accept-Encoding"}, // 400
		{method: "GET", target: "/tasks?status=%zz", wantVary: "Accept-Encoding"},  // 400
		{method: "POST", target: "/tasks", wantVary: "Accept-Encoding"},            // 201
		{method: "DELETE", target: "/tasks", wantVary: "Accept-Encoding"},          // 405
		{method: "OPTIONS", target: "/tasks", wantVary: "Accept-Encoding"},         // 204
		{method: "GET", target: "/", wantVary: "Accept-Language, Accept-Encoding", wantGzip: true},
		{method: "HEAD", target: "/", wantVary: "Accept-Language, Accept-Encoding", wantGzip: true},
		{method: "POST", target: "/", wantVary: "Accept-Encoding"},                                                                                      // 405
		{method: "GET", target: "/echo", wantVary: "Accept-Encoding"},                                                                                   // small
		{method: "GET", target: "/echo", fields: []string{"X-Pad: " + strings.Repeat("p", 1100) + "\r\n"}, wantVary: "Accept-Encoding", wantGzip: true}, // large
		{method: "POST", target: "/echo", fields: []string{"X-Pad: " + strings.Repeat("p", 1100) + "\r\n"}, wantVary: "Accept-Encoding", wantGzip: true},
		{method: "GET", target: "/health"},
		{method: "GET", target: "/tasks/1"},
		{method: "GET", target: "/nope"},
	}
	for _, tt := range tests {
		version := tt.version
		if version == "" {
			version = "HTTP/1.1"
		}
		fields := tt.fields
		if fields == nil {
			fields = []string{acceptGzip}
		} else {
			fields = append(fields, acceptGzip)
			if strings.HasPrefix(fields[0], "Accept-Encoding") {
				fields = fields[:1]
			}
		}
		name := fmt.Sprintf("%s %s %s %.40q", tt.method, tt.target, version, fields)
		t.Run(name, func(t *testing.T) {
			r := ask(t, rt, tt.method, tt.target, version, fields...)
			if got := r.Get("Vary"); got != tt.wantVary || r.Fields.Count("Vary") > 1 {
				t.Errorf("%d answer: Vary %q (%d fields), want %q in one", r.Status, got, r.Fields.Count("Vary"), tt.wantVary)
			}
			gzipped := r.Get("Content-Encoding") == "gzip"
			if gzipped != tt.wantGzip {
				t.Errorf("%d answer: Content-Encoding %q, want gzip: %v", r.Status, r.Get("Content-Encoding"), tt.wantGzip)
			}
			if gzipped && (r.Status != 200 || r.Stream == nil || r.Stream.Len() >= 0) {
				t.Errorf("a gzip answer of status %d, Stream %v: want 200, of unknown length", r.Status, r.Stream)
			}
			if tt.method != "HEAD" {
				r.WholeBody() // written, as the connection would: its compressor comes back
			}
		})
	}
}

// TestErrorsAreNeverCompressed: a large error on a route that compresses
// goes out as it is.
func TestErrorsAreNeverCompressed(t *testing.T) {
	rt := New(Route{Pattern: "/tasks", GET: func(*request.Request, Params) *response.Response {
		return response.Error(500, strings.Repeat("e", 5000))
	}})
	rt.Gzip = NewGzip(1)
	if r := ask(t, rt, "GET", "/tasks", "HTTP/1.1", acceptGzip); r.Get("Content-Encoding") != "" || r.Get("Vary") != "Accept-Encoding" {
		t.Errorf("a 5 KB 500: Content-Encoding %q, Vary %q; want none, Accept-Encoding", r.Get("Content-Encoding"), r.Get("Vary"))
	}
}

// TestCompressorsAreBounded: an answer that finds every compressor in use
// goes out as it is (with Vary); a compressor comes back once its answer
// is written, or its client is gone; a HEAD takes none, and says gzip
// only while one is free.
func TestCompressorsAreBounded(t *testing.T) {
	rt := gzipRouter(t, 200, 1)
	first := ask(t, rt, "GET", "/tasks", "HTTP/1.1", acceptGzip)
	if first.Get("Content-Encoding") != "gzip" {
		t.Fatalf("the first answer: Content-Encoding %q, want gzip", first.Get("Content-Encoding"))
	}
	second := ask(t, rt, "GET", "/tasks", "HTTP/1.1", acceptGzip)
	head := ask(t, rt, "HEAD", "/tasks", "HTTP/1.1", acceptGzip)
	for _, r := range []*response.Response{second, head} {
		if r.Get("Content-Encoding") != "" || r.Get("Vary") != "Accept-Encoding" || r.UnknownLength() {
			t.Errorf("with the one compressor in use: Content-Encoding %q, Vary %q, unknown length %v; want none, Accept-Encoding, a Content-Length",
				r.Get("Content-Encoding"), r.Get("Vary"), r.UnknownLength())
		}
	}
	first.WholeBody() // written: the compressor comes back
	if r := ask(t, rt, "GET", "/tasks", "HTTP/1.1", acceptGzip); r.Get("Content-Encoding") != "gzip" {
		t.Fatalf("after the first answer was written: Content-Encoding %q, want gzip", r.Get("Content-Encoding"))
	} else if _, err := r.Stream.WriteTo(failingWriter{}); err == nil {
		t.Fatal("writing to a client that is gone did not fail")
	}
	if r := ask(t, rt, "HEAD", "/tasks", "HTTP/1.1", acceptGzip); r.Get("Content-Encoding") != "gzip" {
		t.Errorf("after a client went away mid-answer, HEAD: Content-Encoding %q, want gzip: its compressor came back", r.Get("Content-Encoding"))
	}
	if !rt.Gzip.available() {
		t.Errorf("a HEAD took the compressor")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("client gone") }

// TestNegotiateChangesACopy: an answer the handler shares between
// requests is not changed.
func TestNegotiateChangesACopy(t *testing.T) {
	shared := &response.Response{Status: 200, Body: bytes.Repeat([]byte("x"), 5000), Fields: request.Fields{{Name: "Vary", Value: "Accept-Language"}}}
	rt := New(Route{Pattern: "/", GET: func(*request.Request, Params) *response.Response { return shared }})
	rt.Gzip = NewGzip(1)
	r := ask(t, rt, "GET", "/", "HTTP/1.1", acceptGzip)
	r.WholeBody()
	if r == shared || len(shared.Fields) != 1 || shared.Fields[0].Value != "Accept-Language" || shared.Stream != nil || len(shared.Body) != 5000 {
		t.Errorf("the shared answer was changed: %+v", shared.Fields)
	}
}

// FuzzGzipListBody is step 3's FuzzListBody through gzip: whatever the
// titles hold, the list asked with Accept-Encoding: gzip, framed in
// chunks as the connection sends it (step 2's Append) and read back by
// step 2's Read, gunzips to exactly the bytes encoding/json writes for
// the list. Twenty tasks before the fuzzed one make the list worth
// compressing.
func FuzzGzipListBody(f *testing.F) {
	for _, s := range []string{"阅读 HTTP RFC", `a "quoted" \ title`, "tab\there\nnew\rline\b\f\x00\x1f\x7f",
		"<script>&</script>", "line\u2028sep\u2029", "bad \xff\xfe utf-8 \xe5\x86", "\ufffd", "", strings.Repeat("长", 5000)} {
		f.Add(s, 7, true)
	}
	// One compressor for every input, as a server reuses its own: making
	// one costs 1.2 MB and 615 µs, a hundred times the rest of an input.
	g := NewGzip(1)
	f.Fuzz(func(t *testing.T, title string, id int, done bool) {
		var list []tasks.Task
		for i := 1; i <= 20; i++ {
			list = append(list, tasks.Task{ID: i, Title: fmt.Sprintf("task %d before the fuzzed one", i), Done: i%2 == 0})
		}
		list = append(list, tasks.Task{ID: 21 + id&0xffff, Title: title, Done: done})
		s, err := tasks.LoadStore(list, list[len(list)-1].ID+1)
		if err != nil {
			t.Fatal(err)
		}
		rt := Tasks(handlers.New(s, time.Now))
		rt.Gzip = g
		r := ask(t, rt, "GET", "/tasks", "HTTP/1.1", acceptGzip)
		if r.Get("Content-Encoding") != "gzip" {
			t.Fatalf("a list of 21 tasks asked with gzip: Content-Encoding %q", r.Get("Content-Encoding"))
		}
		back, err := response.Read(bufio.NewReader(bytes.NewReader(r.Append(nil, response.Meta{}))), "GET")
		if err != nil {
			t.Fatalf("reading the chunked answer back: %v", err)
		}
		want := response.JSON(200, struct {
			Tasks []tasks.Task `json:"tasks"`
			Total int          `json:"total"`
		}{list, len(list)}).Body
		if got := gunzipped(t, back.Body); !bytes.Equal(got, want) {
			t.Fatalf("gunzipped:\n got %s\nwant %s", got, want)
		}
		if !rt.Gzip.available() {
			t.Fatal("the compressor did not come back once the answer was written")
		}
	})
}

// gunzipped undoes gzip.
func gunzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return plain
}

// BenchmarkGzipLevels: the list of 10,000 tasks (651 KB) and the page,
// gzipped at the fastest level, the default and the best. What it says
// chose gzipLevel; full/README.md has the numbers.
func BenchmarkGzipLevels(b *testing.B) {
	list := ask(b, gzipRouter(b, 10_000, 1), "GET", "/tasks", "HTTP/1.1").WholeBody()
	page := ask(b, gzipRouter(b, 2, 1), "GET", "/", "HTTP/1.1").WholeBody()
	for _, body := range []struct {
		name string
		b    []byte
	}{{"list 10000", list}, {"page", page}} {
		for _, level := range []int{gzip.BestSpeed, gzip.DefaultCompression, gzip.BestCompression} {
			b.Run(fmt.Sprintf("%s/level %d", body.name, level), func(b *testing.B) {
				benchGzip(b, body.b, level)
			})
		}
	}
}

// BenchmarkGzipSizes: lists of 2 to 50 tasks at gzipLevel: what a small
// answer gains and costs. What it says chose minGzip.
func BenchmarkGzipSizes(b *testing.B) {
	for _, n := range []int{2, 5, 10, 20, 50} {
		list := ask(b, gzipRouter(b, n, 1), "GET", "/tasks", "HTTP/1.1").WholeBody()
		b.Run(fmt.Sprintf("%d tasks", n), func(b *testing.B) { benchGzip(b, list, gzipLevel) })
	}
}

// benchGzip gzips body with a reused writer, as a pooled compressor is,
// and reports the sizes in and out.
func benchGzip(b *testing.B, body []byte, level int) {
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, level)
	for b.Loop() {
		out.Reset()
		zw.Reset(&out)
		zw.Write(body)
		zw.Close()
	}
	b.ReportMetric(float64(len(body)), "bytes-in")
	b.ReportMetric(float64(out.Len()), "bytes-out")
}

// BenchmarkNewCompressor: what one compressor holds (B/op), which sizes
// DefaultCompressors.
func BenchmarkNewCompressor(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		z := newCompressor()
		z.zw.Reset(io.Discard)
		z.zw.Write([]byte("x")) // level 1 makes part of its tables at the first write
		z.zw.Close()
	}
}
