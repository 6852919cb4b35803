package main

import (
	"fmt"
	"strings"
)

// unified returns the change from a to b, the texts of file, as a unified
// diff with three lines of context, the form git diff prints and git apply
// (or patch -p1) reads. The files here are small: the changed middle is
// compared line by line with a longest-common-subsequence table.
func unified(file, a, b string) string {
	al, bl := lines(a), lines(b)
	// The ops, in order: ' ' a line of both, '-' of a only, '+' of b only.
	type op struct {
		kind byte
		text string
	}
	var ops []op
	pre := 0
	for pre < len(al) && pre < len(bl) && al[pre] == bl[pre] {
		pre++
	}
	suf := 0
	for suf < len(al)-pre && suf < len(bl)-pre && al[len(al)-1-suf] == bl[len(bl)-1-suf] {
		suf++
	}
	for _, l := range al[:pre] {
		ops = append(ops, op{' ', l})
	}
	am, bm := al[pre:len(al)-suf], bl[pre:len(bl)-suf]
	// lcs[i][j]: the length of the longest common subsequence of am[i:]
	// and bm[j:].
	lcs := make([][]int, len(am)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(bm)+1)
	}
	for i := len(am) - 1; i >= 0; i-- {
		for j := len(bm) - 1; j >= 0; j-- {
			if am[i] == bm[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(am) || j < len(bm) {
		switch {
		case i < len(am) && j < len(bm) && am[i] == bm[j]:
			ops = append(ops, op{' ', am[i]})
			i, j = i+1, j+1
		case i < len(am) && (j == len(bm) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', am[i]}) // what goes before what comes, as git diff
			i++
		default:
			ops = append(ops, op{'+', bm[j]})
			j++
		}
	}
	for _, l := range al[len(al)-suf:] {
		ops = append(ops, op{' ', l})
	}

	// Hunks: each change with up to three lines around it; changes closer
	// than seven lines share a hunk.
	const context = 3
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", file, file)
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		start := max(k-context, 0)
		end := k
		for n := k; n < len(ops); n++ {
			if ops[n].kind != ' ' {
				end = n + 1
			} else if n-end >= 2*context {
				break
			}
		}
		end = min(end+context, len(ops))
		// Line numbers (1-based) of the hunk's first line in a and b.
		aLine, bLine := 1, 1
		for _, o := range ops[:start] {
			if o.kind != '+' {
				aLine++
			}
			if o.kind != '-' {
				bLine++
			}
		}
		aCount, bCount := 0, 0
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				aCount++
			}
			if o.kind != '-' {
				bCount++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", span(aLine, aCount), span(bLine, bCount))
		for _, o := range ops[start:end] {
			out.WriteByte(o.kind)
			out.WriteString(o.text)
			out.WriteByte('\n')
		}
		k = end
	}
	return out.String()
}

// span is a hunk's range as diff writes it: "line,count", where an empty
// range starts one line earlier (a file that was empty: "0,0").
func span(line, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", line-1)
	}
	return fmt.Sprintf("%d,%d", line, count)
}

// lines splits a text into its lines, without their "\n".
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
