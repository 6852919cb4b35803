package router

import (
	"bufio"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"sync"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// This file is content negotiation of a body's coding (RFC 9110 §12.5.3).
// A browser says what it can decode:
//
//	Accept-Encoding: gzip, deflate, br, zstd     <- the request
//
// and the server answers with one of them, or with the body as it is:
//
//	Content-Encoding: gzip                       <- the answer
//	Transfer-Encoding: chunked                   <- its length is not known before it is written
//	Vary: Accept-Encoding                        <- a cache keeps one copy per Accept-Encoding
//
// Only the page at /, the task list and /echo are compressed: the
// others are a few dozen bytes of JSON. Their answers say Vary whatever
// their size and coding, so that a cache never hands a gzip body to a
// client that did not ask for it. The body is compressed as it is written
// (a long list is never held whole), so its length is not known before:
// it goes out in chunks (step 2's chunked.go) to an HTTP/1.1 client. An
// HTTP/1.0 client knows no chunks, and gets the body as it is: giving it
// a Content-Length means compressing the whole body first and holding it,
// 1.5 MB for a full list, where a connection holds a window; and the
// HTTP/1.0 clients left (ab, old proxies) rarely ask for gzip.

// gzipRoute reports whether pattern's answers are worth compressing.
func gzipRoute(pattern string) bool {
	return pattern == "/" || pattern == "/tasks" || pattern == "/echo"
}

// minGzip is the smallest body worth compressing, in bytes. Below it an
// answer and its head fit in one TCP segment (1,460 bytes on Ethernet)
// whatever the coding, so gzip saves no packet and no round trip; and it
// costs several times the rest of the request: gzip has a cost of its
// own however short the body (its tables, its header and trailer), and
// the shortest lists come out longer than they went in. Measured by
// BenchmarkGzipSizes against BenchmarkServerPath; the numbers are in
// full/README.md ("Compression").
const minGzip = 1024

// gzipLevel is gzip's fastest level: against level 6, the default, the
// list comes out about a quarter longer in a sixth of the time
// (BenchmarkGzipLevels; full/README.md, "Compression"), the trade nginx
// makes by default too (gzip_comp_level 1). A server compresses every
// answer anew; CPU is what it runs out of first.
const gzipLevel = gzip.BestSpeed

// chunkSize is what a compressor gathers before it writes: one chunk on
// the wire. compress/flate writes in pieces of about 240 bytes, each of
// which would otherwise be a chunk of its own.
const chunkSize = 8 << 10

// Gzip is the compressors a server shares. A gzip.Writer holds 1.2 MiB
// at level 1 (its window and its tables: BenchmarkNewCompressor), and it
// is held while its answer is written, for as long as the client takes
// to read it: ten thousand clients that ask for the list and never read
// would hold 12 GB. So there are at most a few, and an answer that finds
// none free goes out as it is.
type Gzip struct {
	slots chan struct{} // one taken per compressor in use
	free  sync.Pool     // compressors not in use: making one costs more than gzipping the page (BenchmarkNewCompressor; full/README.md, "Compression")
}

// DefaultCompressors is how many compressors full shares: 38 MiB at most,
// about a tenth of the few hundred MiB the server may take (SPEC §2). Two
// cores compress two answers at a time; the others in use wait for their
// clients to read, so more compressors would mostly be memory held for
// slow clients.
const DefaultCompressors = 32

// NewGzip returns n compressors to share; with 0, nothing is compressed,
// but the answers still say Vary.
func NewGzip(n int) *Gzip {
	return &Gzip{slots: make(chan struct{}, n)}
}

// compressor is one gzip.Writer and the buffer that makes chunks of its
// output.
type compressor struct {
	zw    *gzip.Writer
	bw    *bufio.Writer
	count countWriter
}

// take takes a compressor, or returns nil when all are in use.
func (g *Gzip) take() *compressor {
	select {
	case g.slots <- struct{}{}:
	default:
		return nil
	}
	if z, ok := g.free.Get().(*compressor); ok {
		return z
	}
	return newCompressor()
}

func newCompressor() *compressor {
	zw, _ := gzip.NewWriterLevel(nil, gzipLevel) // NOTE: ignoring the error: the level is a valid constant
	return &compressor{zw: zw, bw: bufio.NewWriterSize(nil, chunkSize)}
}

// give returns z, its answer written or abandoned.
func (g *Gzip) give(z *compressor) {
	z.count.w = nil // keep no connection alive from the pool
	z.bw.Reset(nil)
	g.free.Put(z)
	<-g.slots
}

// available reports whether a compressor is free now: a HEAD says what a
// GET would get, without taking one.
func (g *Gzip) available() bool { return len(g.slots) < cap(g.slots) }

// negotiate sets *resp, the answer a route gave, to what goes out to the
// client of req: Vary on every answer of a route that compresses, and the
// body compressed when the client accepts gzip (AcceptsGzip), the body is
// worth it, and a compressor is free. Errors, 304s and other statuses
// without a 200's body are never compressed. Dispatch calls it for every
// answer of a route, by defer; a nil g compresses nothing.
//
// An answer may be shared between requests (step 3 builds /health once a
// second), so negotiate changes a copy.
func (g *Gzip) negotiate(req *request.Request, route *Route, resp **response.Response) {
	r := *resp
	if g == nil || r == nil || !gzipRoute(route.Pattern) {
		return
	}
	v := &varied{Response: *r}
	v.Fields = withVary(v.fields[:0], r.Fields)
	*resp = &v.Response
	if r.Status != 200 || req.Minor == 0 {
		return
	}
	if r.Stream != nil && r.Stream.Len() < minGzip || r.Stream == nil && len(r.Body) < minGzip {
		return // small, or already of unknown length
	}
	if v.Fields.Get("Content-Encoding") != "" || !AcceptsGzip(req.Fields) {
		return
	}
	body := &gzipBody{g: g, src: r.Stream, body: r.Body}
	if req.Method == "HEAD" {
		if !g.available() {
			return
		}
	} else if body.z = g.take(); body.z == nil {
		return // none free: as it is
	}
	v.Body, v.Stream = nil, body
	v.Fields = append(v.Fields, request.Field{Name: "Content-Encoding", Value: "gzip"})
}

// varied is an answer as negotiate sends it: a copy of the route's, and
// room for three fields, in one allocation: a new task's Location,
// ETag and Vary.
type varied struct {
	response.Response
	fields [3]request.Field
}

// withVary appends fields to dst with Accept-Encoding in their Vary,
// added to a Vary field already there (the page's Accept-Language), or
// as a field of its own.
func withVary(dst, fields request.Fields) request.Fields {
	dst = append(dst, fields...)
	for i, f := range dst {
		if !strings.EqualFold(f.Name, "Vary") {
			continue
		}
		if f.Value == "*" || (request.Fields{f}).HasToken("Vary", "Accept-Encoding") {
			return dst
		}
		dst[i].Value += ", Accept-Encoding"
		return dst
	}
	return append(dst, request.Field{Name: "Vary", Value: "Accept-Encoding"})
}

// gzipBody is an answer's body, compressed as it is written: a
// response.Stream whose length is not known before.
type gzipBody struct {
	g    *Gzip
	z    *compressor     // taken for this answer; nil for a HEAD, and once written
	src  response.Stream // the body as the route gave it, when it is a Stream;
	body []byte          // else the body as the route gave it
}

func (b *gzipBody) Len() int64 { return -1 }

// WriteTo compresses the body into w, through the compressor's buffer,
// and gives the compressor back however it ends: written, or the client
// gone (a failed write, or the write timeout of a client that stopped
// reading).
func (b *gzipBody) WriteTo(w io.Writer) (int64, error) {
	z := b.z
	if z == nil {
		return 0, errors.New("router: a gzip body without a compressor (a HEAD's, or one already written)")
	}
	b.z = nil
	defer b.g.give(z)
	z.count = countWriter{w: w}
	z.bw.Reset(&z.count)
	z.zw.Reset(z.bw)
	var err error
	if b.src != nil {
		_, err = b.src.WriteTo(z.zw)
	} else {
		_, err = z.zw.Write(b.body)
	}
	if err == nil {
		err = z.zw.Close()
	}
	if err == nil {
		err = z.bw.Flush()
	}
	return z.count.n, err
}

// countWriter counts what passes through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// AcceptsGzip reports whether the Accept-Encoding fields of a request let
// its answer be gzip, and prefer it to the body as it is (RFC 9110
// §12.5.3):
//
//	gzip, deflate, br        -> true
//	GZIP;q=0.5               -> true (names without case; any q above 0)
//	gzip;q=0                 -> false (q=0: not acceptable)
//	*                        -> true (every coding not named)
//	*;q=0, identity          -> false
//	gzip;q=0.5, identity     -> false (the body as it is is preferred)
//	(no field), "", br       -> false
//
// "x-gzip" is gzip (RFC 9110 §8.4.1.3). A member whose weight is not a
// qvalue is ignored. When nothing is acceptable, not even the body as it
// is ("identity;q=0" alone), the answer goes out as it is all the same,
// not as 406 Not Acceptable, which the RFC also allows: an answer the
// client may decode is more use than a refusal.
func AcceptsGzip(fs request.Fields) bool {
	gzipQ, identityQ, anyQ := -1, -1, -1 // in thousandths; -1 when not named
	for v := range fs.Values("Accept-Encoding") {
		for member := range strings.SplitSeq(v, ",") {
			coding, q, ok := parseCoding(member)
			switch {
			case !ok:
			case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
				gzipQ = max(gzipQ, q)
			case strings.EqualFold(coding, "identity"):
				identityQ = max(identityQ, q)
			case coding == "*":
				anyQ = max(anyQ, q)
			}
		}
	}
	if gzipQ < 0 {
		gzipQ = anyQ // "*" is every coding not named
	}
	if identityQ < 0 {
		identityQ = anyQ // and the body as it is, when not named: it competes only if the client said something of it
	}
	return gzipQ > 0 && gzipQ >= identityQ
}

// parseCoding splits a member of Accept-Encoding, "gzip;q=0.5", into its
// coding and weight in thousandths (1000 when it has none). ok is false
// for an empty member or a weight that is not a qvalue.
func parseCoding(member string) (coding string, q int, ok bool) {
	coding, params, _ := strings.Cut(member, ";")
	coding = strings.Trim(coding, " \t")
	if coding == "" {
		return "", 0, false
	}
	q = 1000
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, _ := strings.Cut(strings.Trim(p, " \t"), "=")
		if strings.EqualFold(strings.TrimRight(name, " \t"), "q") {
			if q, ok = parseQ(strings.TrimLeft(value, " \t")); !ok {
				return "", 0, false
			}
		}
	}
	return coding, q, true
}

// parseQ reads a qvalue (RFC 9110 §12.4.2), "0", "0.5", "1.000", in
// thousandths.
func parseQ(s string) (int, bool) {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	whole, frac, dot := strings.Cut(s, ".")
	if len(whole) != 1 || (dot && len(frac) > 3) {
		return 0, false
	}
	q := int(whole[0]-'0') * 1000
	for i, scale := 0, 100; i < len(frac); i, scale = i+1, scale/10 {
		if frac[i] < '0' || frac[i] > '9' {
			return 0, false
		}
		q += int(frac[i]-'0') * scale
	}
	return q, q <= 1000
}
