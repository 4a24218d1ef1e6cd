package main

import (
	"bufio"
	"io"
	"sort"
	"strconv"
	"strings"
)

// sample is one line of benchmark output: its metrics by unit (ns/op, B/op, allocs/op and any
// b.ReportMetric unit).
type sample map[string]float64

// results are the samples of every benchmark, keyed by package and name (without the -N CPU
// suffix), in the order first seen.
type results struct {
	order   []string
	samples map[string][]sample
}

// parse reads `go test -bench` output. Lines it does not understand are skipped.
func parse(r io.Reader) results {
	res := results{samples: map[string][]sample{}}
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(rest)
			continue
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 {
			continue
		}
		name := trimCPUSuffix(fields[0])
		s := sample{}
		// fields[1] is the iteration count; then value/unit pairs.
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				break
			}
			s[fields[i+1]] = v
		}
		if len(s) == 0 {
			continue
		}
		key := pkg + " " + name
		if _, seen := res.samples[key]; !seen {
			res.order = append(res.order, key)
		}
		res.samples[key] = append(res.samples[key], s)
	}
	return res
}

// trimCPUSuffix drops the GOMAXPROCS suffix go test adds ("BenchmarkX-2" → "BenchmarkX").
func trimCPUSuffix(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}

// median is the median of unit over the samples, and whether any sample had it.
func median(samples []sample, unit string) (float64, bool) {
	var vals []float64
	for _, s := range samples {
		if v, ok := s[unit]; ok {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return 0, false
	}
	sort.Float64s(vals)
	n := len(vals)
	if n%2 == 1 {
		return vals[n/2], true
	}
	return (vals[n/2-1] + vals[n/2]) / 2, true
}
