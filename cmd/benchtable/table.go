package main

import (
	"fmt"
	"io"
	"strings"
)

// target is a speed or memory goal for the benchmarks whose key contains Match.
type target struct {
	Match  string  // substring of "<package> <BenchmarkName>"
	Unit   string  // the metric it bounds
	Limit  float64 // the bound
	AtMost bool    // true: the metric must be ≤ Limit (time, memory); false: ≥ Limit (throughput)
	Why    string  // the requirement it comes from
}

// met reports whether v satisfies the target.
func (t target) met(v float64) bool {
	if t.AtMost {
		return v <= t.Limit
	}
	return v >= t.Limit
}

func (t target) String() string {
	op := "≥"
	if t.AtMost {
		op = "≤"
	}
	if t.Unit == "ns/op" {
		return fmt.Sprintf("%s %s/op", op, formatValue(t.Limit, t.Unit))
	}
	return fmt.Sprintf("%s %s %s", op, formatValue(t.Limit, t.Unit), t.Unit)
}

// writeTable prints one row per benchmark with its median time, memory, target and verdict,
// plus old/new/delta when a baseline is given. It returns how many targets were missed.
func writeTable(w io.Writer, cur, old results, targets []target) (missed int) {
	tw := newTabWriter(w)
	header := "benchmark\tns/op\tB/op\tallocs/op\ttarget\tresult\t"
	if len(old.order) > 0 {
		header += "old ns/op\tdelta\t"
	}
	fmt.Fprintln(tw, header)
	for _, key := range cur.order {
		samples := cur.samples[key]
		ns, _ := median(samples, "ns/op")
		bytes, _ := median(samples, "B/op")
		allocs, _ := median(samples, "allocs/op")
		goal, verdict := "", ""
		for _, t := range targets {
			if !strings.Contains(key, t.Match) {
				continue
			}
			v, ok := median(samples, t.Unit)
			if !ok {
				continue
			}
			goal = t.String()
			verdict = "ok"
			if t.Unit != "ns/op" {
				// A throughput is not in the other columns: show what was measured.
				verdict = fmt.Sprintf("ok (%s)", formatValue(v, t.Unit))
			}
			if !t.met(v) {
				verdict = fmt.Sprintf("MISSED (%s)", formatValue(v, t.Unit))
				missed++
			}
			break
		}
		row := fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s\t", shortKey(key), formatValue(ns, "ns/op"),
			formatValue(bytes, "B/op"), formatValue(allocs, "allocs/op"), goal, verdict)
		if len(old.order) > 0 {
			if was, ok := median(old.samples[key], "ns/op"); ok && was > 0 {
				row += fmt.Sprintf("%s\t%+.1f%%\t", formatValue(was, "ns/op"), (ns-was)/was*100)
			} else {
				row += "-\t-\t"
			}
		}
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
	return missed
}

// shortKey drops the module path from the package for a readable first column.
func shortKey(key string) string {
	return strings.TrimPrefix(key, "github.com/amlconsole/amlconsole/")
}

func formatValue(v float64, unit string) string {
	switch {
	case unit == "ns/op" && v >= 1e6:
		return fmt.Sprintf("%.2fms", v/1e6)
	case unit == "ns/op" && v >= 1e3:
		return fmt.Sprintf("%.1fµs", v/1e3)
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.0fk", v/1e3)
	case v == float64(int64(v)):
		return fmt.Sprintf("%d", int64(v))
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// writeTargetReasons lists where each target comes from, under the table.
func writeTargetReasons(w io.Writer, targets []target) {
	fmt.Fprintln(w, "\ntargets:")
	for _, t := range targets {
		fmt.Fprintf(w, "  %s %s — %s\n", t.Match, t.String(), t.Why)
	}
}
