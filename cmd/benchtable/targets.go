package main

// defaultTargets are the issues' speed goals, matched against "<package> <BenchmarkName>".
func defaultTargets() []target {
	return []target{}
}
