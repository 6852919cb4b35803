package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// Run is the tutorial's run_server: it listens on host:port, prints where,
// serves until ctx is cancelled (Ctrl+C, in full), then shuts down within
// grace and says so. SO_REUSEADDR, which the tutorial sets by hand, is
// set by Go's net.Listen on every listening socket.
func Run(ctx context.Context, s *Server, host string, port int, grace time.Duration, w io.Writer) error {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "🚀 HTTP server listening on http://%s\n", ln.Addr())
	fmt.Fprintln(w, "   routes: GET /health | GET, POST /tasks | GET, PUT, PATCH, DELETE /tasks/{id}")
	fmt.Fprintln(w, "   press Ctrl+C to stop")
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()

	select {
	case err := <-served: // the listener failed
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err = s.Shutdown(shutdownCtx)
	s.Config.Log.Flush()
	if serveErr := <-served; !errors.Is(serveErr, ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(w, "server stopped; connections still busy after %v were closed.\n", grace)
	case err != nil:
		return err
	default:
		fmt.Fprintln(w, "server stopped.")
	}
	return nil
}
