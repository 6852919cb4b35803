package terminal

import "github.com/fatih/color"

// Paint returns a colour with attr that paints only when on: the caller
// decides once, from the terminal and NO_COLOR (fatih/color's NoColor), and
// every painter in the module (the access log, the trace, the client's
// table, the checklist) takes that one decision.
func Paint(attr color.Attribute, on bool) *color.Color {
	c := color.New(attr)
	if on {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return c
}
