// Command benchtable runs the project's Go benchmarks and prints them as a table against their
// targets, and against a saved baseline when one is given:
//
//	go run ./cmd/benchtable                      # run every benchmark, compare with the targets
//	go run ./cmd/benchtable -save base.txt       # also keep the raw output as a baseline
//	go run ./cmd/benchtable -baseline base.txt   # add old/new/delta columns
//
// Speed targets live here and in the benchmarks, never in timed unit tests.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"text/tabwriter"
)

func main() {
	pkgs := flag.String("pkgs", "./...", "packages whose benchmarks to run")
	pattern := flag.String("bench", ".", "benchmark name pattern (go test -bench)")
	count := flag.Int("count", 5, "runs of each benchmark; the table shows the median")
	benchtime := flag.String("benchtime", "", "go test -benchtime (default: go's)")
	baseline := flag.String("baseline", "", "raw output of an earlier run to compare with")
	save := flag.String("save", "", "write this run's raw output here")
	input := flag.String("input", "", "read raw benchmark output from this file instead of running go test")
	flag.Parse()

	raw, err := benchmarkOutput(*input, *pkgs, *pattern, *count, *benchtime)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	if *save != "" {
		if err := os.WriteFile(*save, raw, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "benchtable: -save:", err)
			os.Exit(1)
		}
	}
	current := parse(bytes.NewReader(raw))
	var old results
	if *baseline != "" {
		b, err := os.ReadFile(*baseline)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable: -baseline:", err)
			os.Exit(1)
		}
		old = parse(bytes.NewReader(b))
	}
	missed := writeTable(os.Stdout, current, old, defaultTargets())
	writeTargetReasons(os.Stdout, defaultTargets())
	if missed > 0 {
		fmt.Printf("\n%d benchmark(s) missed their target\n", missed)
		os.Exit(2)
	}
}

// benchmarkOutput runs go test for the benchmarks, or reads a saved run.
func benchmarkOutput(input, pkgs, pattern string, count int, benchtime string) ([]byte, error) {
	if input != "" {
		return os.ReadFile(input)
	}
	args := []string{"test", "-run", "^$", "-bench", pattern, "-benchmem", "-count", fmt.Sprint(count)}
	if benchtime != "" {
		args = append(args, "-benchtime", benchtime)
	}
	args = append(args, pkgs)
	var out bytes.Buffer
	cmd := exec.Command("go", args...)
	cmd.Stdout = io.MultiWriter(&out, os.Stderr)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %v: %w", args, err)
	}
	return out.Bytes(), nil
}

func newTabWriter(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
}
