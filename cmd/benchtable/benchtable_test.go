package main

import (
	"bytes"
	"strings"
	"testing"
)

const sampleOutput = `goos: linux
pkg: github.com/amlconsole/amlconsole/workspace
BenchmarkDiffComputes-2   	     300	   4000000 ns/op	  1024 B/op	      10 allocs/op
BenchmarkDiffComputes-2   	     300	   6000000 ns/op	  1024 B/op	      10 allocs/op
BenchmarkDiffComputes-2   	     300	   5000000 ns/op	  1024 B/op	      10 allocs/op
pkg: github.com/amlconsole/amlconsole/workspace/bus
BenchmarkPublish-2   	 1000	   900 ns/op	  250000 events/s
PASS
`

func TestParseTakesMedianPerBenchmarkAndPackage(t *testing.T) {
	res := parse(strings.NewReader(sampleOutput))
	if len(res.order) != 2 {
		t.Fatalf("want 2 benchmarks, got %v", res.order)
	}
	diff := res.samples["github.com/amlconsole/amlconsole/workspace BenchmarkDiffComputes"]
	if got, _ := median(diff, "ns/op"); got != 5e6 {
		t.Errorf("median ns/op = %v, want 5e6", got)
	}
	bus := res.samples["github.com/amlconsole/amlconsole/workspace/bus BenchmarkPublish"]
	if got, _ := median(bus, "events/s"); got != 250000 {
		t.Errorf("custom metric = %v, want 250000", got)
	}
}

func TestTableReportsMissedTargetsAndBaselineDelta(t *testing.T) {
	cur := parse(strings.NewReader(sampleOutput))
	old := parse(strings.NewReader(strings.ReplaceAll(sampleOutput, "5000000 ns/op", "2500000 ns/op")))
	targets := []target{
		{Match: "workspace BenchmarkDiffComputes", Unit: "ns/op", Limit: 4e6, AtMost: true},
		{Match: "bus BenchmarkPublish", Unit: "events/s", Limit: 100000},
	}
	var out bytes.Buffer
	missed := writeTable(&out, cur, old, targets)
	if missed != 1 {
		t.Errorf("missed = %d, want 1 (the diff is over 4ms)\n%s", missed, out.String())
	}
	text := out.String()
	for _, want := range []string{"MISSED (5.00ms)", "≤ 4.00ms/op", "≥ 100k events/s", "ok (250k)", "+25.0%", "+0.0%"} {
		if !strings.Contains(text, want) {
			t.Errorf("table lacks %q:\n%s", want, text)
		}
	}
}

func TestTrimCPUSuffix(t *testing.T) {
	for in, want := range map[string]string{
		"BenchmarkX-2":       "BenchmarkX",
		"BenchmarkX/size-10": "BenchmarkX/size",
		"BenchmarkX":         "BenchmarkX",
		"BenchmarkX/a-b":     "BenchmarkX/a-b",
	} {
		if got := trimCPUSuffix(in); got != want {
			t.Errorf("trimCPUSuffix(%q) = %q, want %q", in, got, want)
		}
	}
}
