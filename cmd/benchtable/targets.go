package main

// defaultTargets are the issues' speed goals, matched against "<package> <BenchmarkName>".
func defaultTargets() []target {
	return []target{
		{Match: "workspace/bus BenchmarkDeliver10Subscribers", Unit: "events/s", Limit: 1e5,
			Why: "issue 2: at least 100,000 events per second delivered to 10 subscribers"},
		{Match: "workspace BenchmarkDiffComputes", Unit: "ns/op", Limit: 5e6, AtMost: true,
			Why: "issue 2: diffing two snapshots of 5,000 computes under 5 ms"},
		{Match: "ui/pages/computes BenchmarkRenderList5000", Unit: "ns/op", Limit: 2e6, AtMost: true,
			Why: "issue 4: one frame of 5,000 computes scrolled to the middle under 2 ms"},
		{Match: "ui/pages/computes BenchmarkComputeChange5000", Unit: "ns/op", Limit: 1e6, AtMost: true,
			Why: "issue 4: applying one bus update under 1 ms"},
		{Match: "ui/pages/computes BenchmarkComputesSnapshot5000", Unit: "ns/op", Limit: 1e6, AtMost: true,
			Why: "issue 4: applying one bus update under 1 ms"},
	}
}
