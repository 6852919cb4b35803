package connection

import (
	"net"
	"time"

	"httpfromscratch/step5_conn/accesslog"
)

// Config is what every connection of a server shares.
type Config struct {
	Handler  Handler
	Limits   Limits
	Timeouts Timeouts
	Log      *accesslog.Logger // the access log; nil logs nothing
	Now      func() time.Time  // the clock; nil means time.Now

	// BodyMemory, when set, bounds the request body bytes that all the
	// connections sharing it hold at once (budget.go); step 6 gives every
	// server one. nil counts nothing.
	BodyMemory *Budget
	// OutputMemory, when set, bounds the answers the connections sharing
	// it gather past ownPending bytes each (output_memory.go); step 6
	// gives every server one. nil bounds each connection alone.
	OutputMemory *OutputMemory

	// OnState, when set, hears when the connection waits for a request
	// (StateIdle), starts reading one (StateActive) and is closed
	// (StateClosed). Step 6 uses it to close idle connections on shutdown,
	// and to close the longest idle one to make room for a new one. It
	// returns false when the connection must not go on because it was
	// closed meanwhile: then a request whose first bytes were just read
	// is dropped, never executed, since nobody could get its answer.
	OnState func(nc net.Conn, s State) bool
	// Draining, when set and true, makes the connection answer the request
	// it is serving with "Connection: close" and then close.
	Draining func() bool
}

// State is where a connection is in its life.
type State int

const (
	StateIdle   State = iota // waiting for the first byte of a request
	StateActive              // reading, serving or answering a request
	StateClosed              // closed, for good
)

func (cfg *Config) setState(nc net.Conn, s State) bool {
	return cfg.OnState == nil || cfg.OnState(nc, s)
}

func (cfg *Config) draining() bool {
	return cfg.Draining != nil && cfg.Draining()
}

// timeToShow is the time to show for real, in the Date field and the
// log: real itself, unless the config fixes the clock (as the demos do).
func (cfg *Config) timeToShow(real time.Time) time.Time {
	if cfg.Now != nil {
		return cfg.Now()
	}
	return real
}
