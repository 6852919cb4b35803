//go:build race

package main

// raceEnabled: this test binary runs under the race detector, which allows
// at most 8,128 goroutines at once.
const raceEnabled = true
