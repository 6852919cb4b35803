package connection

import (
	"fmt"
	"strings"
	"testing"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// TestAHeadsStringsNeverChange: the request's strings point into the
// arena the head was read into, so its bytes must never be written
// again, not by the next head, not by a head too large for the arena
// (which moves to an array of its own), not by the next arena. A handler
// that keeps the targets against the rules still finds them intact.
func TestAHeadsStringsNeverChange(t *testing.T) {
	var kept []string
	c := dial(t, &Config{Handler: func(req *request.Request) *response.Response {
		kept = append(kept, req.Target, req.Get("X-N")) // against the rules, on purpose
		return response.JSON(200, map[string]string{})
	}})
	var want []string
	var sent strings.Builder
	for i := range 60 { // several arenas' worth
		target := fmt.Sprintf("/tasks/%d", i)
		n := fmt.Sprint(i)
		if i%7 == 3 {
			n = strings.Repeat(n, 3000) // a head larger than an arena
		}
		fmt.Fprintf(&sent, "GET %s HTTP/1.1\r\nHost: a\r\nX-N: %s\r\n\r\n", target, n)
		want = append(want, target, n)
	}
	c.send(sent.String())
	for range 60 {
		if r := c.read("GET"); r.Status != 200 {
			t.Fatalf("status %d", r.Status)
		}
	}
	for i := range want {
		if kept[i] != want[i] {
			t.Errorf("kept string %d is %.40q now, was %.40q when its request was served", i, kept[i], want[i])
		}
	}
}
