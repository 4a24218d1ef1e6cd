package compute

import (
	"fmt"
	"io"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// benchComputes returns n computes cycling through the recorded and example resources, each
// with its own name.
func benchComputes(b *testing.B, n int) []*armmachinelearning.ComputeResource {
	b.Helper()
	protos := recordedComputes(b, "Get-AzMLWorkspaceCompute.Recording.json")
	protos = append(protos,
		exampleCompute(b, "Compute/get/AmlCompute.json", "200"),
		exampleCompute(b, "Compute/get/ComputeInstance.json", "200"),
		exampleCompute(b, "Compute/get/KubernetesCompute.json", "200"),
		exampleCompute(b, "Compute/get/AKSCompute.json", "200"),
	)
	out := make([]*armmachinelearning.ComputeResource, n)
	for i := range out {
		r := *protos[i%len(protos)]
		name := fmt.Sprintf("compute-%05d", i)
		r.Name = &name
		out[i] = &r
	}
	return out
}

// BenchmarkSummarize5000 summarises a workspace of 5,000 computes per op, what the compute
// watcher does every cycle.
func BenchmarkSummarize5000(b *testing.B) {
	list := benchComputes(b, 5000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, r := range list {
			_ = Summarize(r)
		}
	}
}

// BenchmarkWriteList5000 renders `computes list` for 5,000 computes as a table.
func BenchmarkWriteList5000(b *testing.B) {
	list := benchComputes(b, 5000)
	items := make([]Summary, len(list))
	for i, r := range list {
		items[i] = Summarize(r)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := WriteList(io.Discard, FormatTable, items); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDescribe renders the details of one compute instance.
func BenchmarkDescribe(b *testing.B) {
	r := exampleCompute(b, "Compute/get/ComputeInstance.json", "200")
	b.ReportAllocs()
	for b.Loop() {
		_ = Describe(r)
	}
}

// BenchmarkResourceYAML renders the redacted YAML of one compute instance.
func BenchmarkResourceYAML(b *testing.B) {
	r := exampleCompute(b, "Compute/get/ComputeInstance.json", "200")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ResourceYAML(r); err != nil {
			b.Fatal(err)
		}
	}
}
