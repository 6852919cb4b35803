// Package requesttest holds the oracle that the fuzz targets of step 1
// (FuzzParse) and step 5 (FuzzReadRequest) share: what net/http's own
// parser makes of the same bytes. It is test code, as net/http/httptest
// is: no server code imports it.
package requesttest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"slices"
	"strings"

	"httpfromscratch/step1_parse/request"
)

// AgreesWithNetHTTP reads raw with http.ReadRequest, body included. When
// net/http refuses raw, there is nothing to compare and it returns nil
// (it is stricter than we are in places, and laxer in others; we only
// ask that where both accept, both read the same request). Otherwise it
// returns the first difference from ours in the method, the target, the
// header fields, the Host, or the body.
func AgreesWithNetHTTP(raw []byte, ours *request.Request) error {
	theirs, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil
	}
	body, err := io.ReadAll(theirs.Body)
	if err != nil {
		return nil
	}
	if ours.Method != theirs.Method || ours.Target != theirs.RequestURI {
		return fmt.Errorf("request line: ours %q %q, net/http %q %q", ours.Method, ours.Target, theirs.Method, theirs.RequestURI)
	}
	if !bytes.Equal(ours.Body, body) {
		return fmt.Errorf("body: ours %q, net/http %q", ours.Body, body)
	}
	// net/http moves Host to Request.Host and may drop the framing
	// fields once it has used them; compare the others.
	skip := func(k string) bool { return k == "Host" || k == "Transfer-Encoding" || k == "Content-Length" }
	want := http.Header{}
	for _, h := range ours.Fields {
		if k := textproto.CanonicalMIMEHeaderKey(h.Name); !skip(k) {
			want[k] = append(want[k], h.Value)
		}
	}
	got := http.Header{}
	for k, v := range theirs.Header {
		if !skip(k) {
			got[k] = v
		}
	}
	for k := range merge(want, got) {
		if !slices.Equal(want[k], got[k]) {
			return fmt.Errorf("field %s: ours %q, net/http %q", k, want[k], got[k])
		}
	}
	if strings.HasPrefix(ours.Target, "/") && ours.Get("Host") != theirs.Host {
		return fmt.Errorf("field Host: ours %q, net/http %q", ours.Get("Host"), theirs.Host)
	}
	return nil
}

// merge is the set of names in a or b.
func merge(a, b http.Header) map[string]bool {
	names := map[string]bool{}
	for k := range a {
		names[k] = true
	}
	for k := range b {
		names[k] = true
	}
	return names
}
