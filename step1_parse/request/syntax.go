package request

import (
	"bytes"
	"fmt"
	"strings"
)

// This file holds the syntax rules the tutorial's split(" ", 2) and
// split(":", 1) let slip; request.go calls each in one line. Each rule cites RFC 9112 (HTTP/1.1 messages) or
// RFC 9110 (HTTP semantics). A request that breaks one is rejected whole:
// guessing what a sloppy message meant is how request smuggling starts.

// checkRequestLine checks what request.go's split of "GET /tasks HTTP/1.1"
// found (RFC 9112 §3):
//
//	request-line = method SP request-target SP HTTP-version
//
// Exactly one SP separates the parts; the tutorial's split(" ", 2) would
// accept "GET  /x HTTP/1.1" and hand "" to the router. ok is false when
// there were not two spaces to split at.
func checkRequestLine(line string, ok bool, method, target, version string) error {
	if line == "" {
		return fmt.Errorf("%w: an empty line where the request line should be", ErrMalformed)
	}
	if !ok || target == "" || strings.Contains(version, " ") {
		return fmt.Errorf("%w: request line %q is not METHOD SP TARGET SP VERSION", ErrMalformed, Clip(line))
	}
	if !isToken(method) {
		return fmt.Errorf("%w: method %q is not a token", ErrMalformed, Clip(method))
	}
	return checkTarget(target)
}

// parseVersion reads "HTTP/1.1" (RFC 9112 §2.3: "HTTP/" DIGIT "." DIGIT).
// Major version 1 is ours; HTTP/1.x with x > 1 is served as 1.1 (RFC 9110
// §6.2). Any other major version is [ErrVersion], answered with 505.
func parseVersion(v string) (minor int, err error) {
	if len(v) != len("HTTP/1.1") || !strings.HasPrefix(v, "HTTP/") || v[6] != '.' || !isDigit(v[5]) || !isDigit(v[7]) {
		return 0, fmt.Errorf("%w: HTTP version %q", ErrMalformed, Clip(v))
	}
	if v[5] != '1' {
		return 0, fmt.Errorf("%w: %s (this server speaks HTTP/1.1)", ErrVersion, v) // 8 bytes: checked above
	}
	if v[7] == '0' {
		return 0, nil
	}
	return 1, nil
}

// checkTarget accepts the request-target forms of RFC 9112 §3.2 loosely:
// any run of visible ASCII characters. The router decides what it means;
// here we refuse what no form allows: control bytes, spaces, and raw
// bytes beyond ASCII. A URI is ASCII (RFC 3986 §2): a client must send
// "/tasks/写" as "/tasks/%E5%86%99", as browsers and curl do. Two ASCII
// characters are refused too: "#", because a fragment stays in the client
// and is never sent (RFC 9110 §7.1), so "/tasks#x" is a client's bug or a
// probe; and "\" in the path, which is no URI character (RFC 3986 §2) and
// which some servers read as "/": one request, two meanings.
func checkTarget(t string) error {
	inPath := true
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= 0x80:
			return fmt.Errorf("%w: request target %q has the raw byte %#02x: percent-encode what is not ASCII (RFC 3986 §2.1)", ErrMalformed, Clip(t), c)
		case c <= ' ' || c == 0x7f:
			return fmt.Errorf("%w: request target %q has the control byte %#02x", ErrMalformed, Clip(t), c)
		case c == '#':
			return fmt.Errorf("%w: request target %q has a fragment (#): a client never sends one", ErrMalformed, Clip(t))
		case c == '\\' && inPath:
			return fmt.Errorf("%w: request target %q has a backslash in its path: not a URI character", ErrMalformed, Clip(t))
		case c == '?':
			inPath = false
		}
	}
	return nil
}

// checkField checks what request.go's split of a field line at its first
// colon found (RFC 9112 §5):
//
//	field-line = field-name ":" OWS field-value OWS
//
// ok is false when the line has no colon.
func checkField(line string, ok bool, name, value string) error {
	if line == "" {
		return fmt.Errorf("%w: an empty field line", ErrMalformed)
	}
	if line[0] == ' ' || line[0] == '\t' {
		// RFC 9112 §5.2: obs-fold (a line continued by leading
		// whitespace) must be rejected, or replaced, by a server.
		return fmt.Errorf("%w: obsolete line folding in %q", ErrMalformed, Clip(line))
	}
	if !ok {
		return fmt.Errorf("%w: field line %q has no colon", ErrMalformed, Clip(line))
	}
	if strings.HasSuffix(name, " ") || strings.HasSuffix(name, "\t") {
		// RFC 9112 §5.1: no whitespace between the name and the colon;
		// a server MUST reject it with 400.
		return fmt.Errorf("%w: whitespace before the colon in %q", ErrMalformed, Clip(line))
	}
	if !isToken(name) {
		return fmt.Errorf("%w: field name %q is not a token", ErrMalformed, Clip(name))
	}
	for i := 0; i < len(value); i++ {
		// RFC 9110 §5.5: field values are visible characters, SP, HTAB
		// and obs-text; NUL, a bare CR and other controls are refused.
		if c := value[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return fmt.Errorf("%w: control byte %#02x in field %s", ErrMalformed, c, name)
		}
	}
	return nil
}

// lineError explains why a line does not end in CRLF.
func lineError(s string) error {
	if strings.IndexByte(s, '\n') >= 0 {
		return fmt.Errorf("%w: bare LF: lines must end in CRLF", ErrMalformed)
	}
	return fmt.Errorf("%w: line %q does not end in CRLF", ErrMalformed, Clip(s))
}

// noEmptyLine explains why Parse found no "\r\n\r\n" in raw.
func noEmptyLine(raw []byte) error {
	if i := bytes.IndexByte(raw, '\n'); i >= 0 && (i == 0 || raw[i-1] != '\r') {
		return fmt.Errorf("%w: bare LF at byte %d: lines must end in CRLF", ErrMalformed, i)
	}
	return fmt.Errorf("%w: no empty line ends the header section", ErrMalformed)
}

// trimOWS removes optional whitespace (RFC 9110 §5.6.3: SP and HTAB)
// from both ends of a field value.
func trimOWS(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// checkHost applies RFC 9112 §3.2: an HTTP/1.1 request carries exactly one
// Host field; no request carries two; and its value is a host[:port],
// not empty when the target is a path.
func (r *Request) checkHost() error {
	n, host := 0, ""
	for v := range r.Fields.Values("Host") {
		n, host = n+1, v
	}
	switch {
	case n > 1:
		return fmt.Errorf("%w: %d Host fields", ErrMalformed, n)
	case n == 0 && r.Minor >= 1:
		return fmt.Errorf("%w: HTTP/1.1 request without Host", ErrMalformed)
	case n == 1 && host == "" && strings.HasPrefix(r.Target, "/"):
		// RFC 9110 §4.2.1: an http URI has a host. An empty Host is
		// allowed only where the target names no http resource.
		return fmt.Errorf("%w: an empty Host with the target %q: an http URI has a host", ErrMalformed, Clip(r.Target))
	}
	for i := 0; i < len(host); i++ {
		if !hostChar[host[i]] {
			return fmt.Errorf("%w: Host %q", ErrMalformed, Clip(host))
		}
	}
	return nil
}

// checkSingletons refuses two Content-Type fields (RFC 9110 §5.3: a field
// that is not a list may appear once). Which one would a server read, and
// which one a proxy in front of it? Host (checkHost) and Content-Length
// (length.go) are the other singletons the server reads.
func (r *Request) checkSingletons() error {
	if n := r.Fields.Count("Content-Type"); n > 1 {
		return fmt.Errorf("%w: %d Content-Type fields", ErrMalformed, n)
	}
	return nil
}

// tokenChar is RFC 9110 §5.6.2's tchar; hostChar what a host[:port] may
// hold (RFC 3986 reg-name, IP literals and a port).
var tokenChar, hostChar [256]bool

func init() {
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for _, c := range alnum + "!#$%&'*+-.^_`|~" {
		tokenChar[c] = true
	}
	for _, c := range alnum + "-._~!$&'()*+,;=:[]%" {
		hostChar[c] = true
	}
}

// IsTokenChar reports whether c may appear in a token (RFC 9110 §5.6.2):
// a method, a field name, a chunk extension's name.
func IsTokenChar(c byte) bool { return tokenChar[c] }

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenChar[s[i]] {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// Clip shortens what a peer sent before an error message quotes it, so a
// megabyte of junk gets a line of error, not a megabyte. Every step's
// errors quote through it.
func Clip(s string) string {
	const max = 64
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}
