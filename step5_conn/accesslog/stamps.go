package accesslog

import (
	"strconv"
	"time"
)

// A line's time and duration, appended by hand: every request writes a
// line, and t.AppendFormat(b, time.TimeOnly) with took.String() were 40%
// of its cost. BenchmarkLogger/batched: 195-204 ns a line with them,
// 117-131 ns with these (full/README.md, "What makes it fast").

// appendClock appends t as time.TimeOnly does: "22:54:12".
func appendClock(b []byte, t time.Time) []byte {
	h, m, s := t.Clock()
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
}

// appendTook appends d rounded to the microsecond, as Duration.String
// writes it; below a millisecond, where almost every request is, without
// Duration.String's work.
func appendTook(b []byte, d time.Duration) []byte {
	d = d.Round(time.Microsecond)
	if d > 0 && d < time.Millisecond {
		return append(strconv.AppendInt(b, int64(d/time.Microsecond), 10), "µs"...)
	}
	return append(b, d.String()...)
}
