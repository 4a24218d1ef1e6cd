package workspace

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/amlconsole/amlconsole/compute"
)

func summarized(list ...*armmachinelearning.ComputeResource) []Compute {
	out := make([]Compute, len(list))
	for i, r := range list {
		out[i] = Compute{Resource: r, Summary: compute.Summarize(r)}
	}
	return out
}

// describeChanges renders changes as "kind name old→new" for compact comparisons.
func describeChanges(changes []ComputeChange) []string {
	var out []string
	for _, c := range changes {
		state := func(x *Compute) string {
			if x == nil {
				return "-"
			}
			return x.Summary.State
		}
		out = append(out, fmt.Sprintf("%s %s %s→%s", c.Kind, c.Name, state(c.Old), state(c.New)))
	}
	return out
}

func TestDiffComputes(t *testing.T) {
	old := summarized(
		cluster("a", "Succeeded", "Steady", 0),
		cluster("b", "Succeeded", "Resizing", 1),
		cluster("c", "Succeeded", "Steady", 2),
		cluster("d", "Creating", "", 0),
	)
	// Unsorted on purpose: DiffComputes sorts a copy and leaves the input alone.
	new := summarized(
		cluster("e", "Creating", "", 0),
		cluster("d", "Succeeded", "Steady", 0),
		cluster("b", "Succeeded", "Steady", 1),
		cluster("a", "Succeeded", "Steady", 0),
	)
	before := slices.Clone(new)
	got := describeChanges(DiffComputes(old, new))
	want := []string{
		"changed b Resizing→Steady",
		"removed c Steady→-",
		"changed d Creating→Steady",
		"added e -→Creating",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("DiffComputes = %q, want %q", got, want)
	}
	for i := range new {
		if new[i] != before[i] {
			t.Fatal("DiffComputes reordered its input")
		}
	}
	if len(DiffComputes(new, new)) != 0 {
		t.Fatal("a list differs from itself")
	}
	if got := describeChanges(DiffComputes(nil, old[:1])); !slices.Equal(got, []string{"added a -→Steady"}) {
		t.Fatalf("from nothing: %q", got)
	}
	if got := describeChanges(DiffComputes(old[:1], nil)); !slices.Equal(got, []string{"removed a Steady→-"}) {
		t.Fatalf("to nothing: %q", got)
	}
}

// TestDiffComputesPointsAtTheStates: Old and New are the very entries of the (sorted) lists.
func TestDiffComputesPointsAtTheStates(t *testing.T) {
	old := summarized(cluster("a", "Succeeded", "Resizing", 1))
	new := summarized(cluster("a", "Succeeded", "Steady", 3))
	changes := DiffComputes(old, new)
	if len(changes) != 1 || changes[0].Old != &old[0] || changes[0].New != &new[0] {
		t.Fatalf("changes = %+v, want one pointing at old[0] and new[0]", changes)
	}
	if changes[0].New.Summary.Nodes.Current != 3 || changes[0].Old.Summary.Nodes.Current != 1 {
		t.Fatal("node counts not carried in old and new")
	}
}

// TestDiffComputesIgnoresResourceIdentity: a fresh resource with the same Summary is no change;
// only what the list shows counts.
func TestDiffComputesIgnoresResourceIdentity(t *testing.T) {
	a := summarized(cluster("a", "Succeeded", "Steady", 1))
	b := summarized(cluster("a", "Succeeded", "Steady", 1))
	if a[0].Resource == b[0].Resource {
		t.Fatal("test needs distinct resources")
	}
	if n := len(DiffComputes(a, b)); n != 0 {
		t.Fatalf("%d changes between equal summaries", n)
	}
}

// commandJob returns the job's own properties, to change them (GetJobBaseProperties
// returns a copy).
func commandJob(j *armmachinelearning.JobBase) *armmachinelearning.CommandJob {
	return j.Properties.(*armmachinelearning.CommandJob)
}

func TestDiffJobs(t *testing.T) {
	tagged := job("tagged", armmachinelearning.JobStatusRunning, 3)
	commandJob(tagged).Tags = map[string]*string{"team": ptrTo("vision")}
	retagged := job("tagged", armmachinelearning.JobStatusRunning, 3)
	commandJob(retagged).Tags = map[string]*string{"team": ptrTo("nlp")}
	renamed := job("renamed", armmachinelearning.JobStatusQueued, 4)
	commandJob(renamed).DisplayName = ptrTo("a better name")

	old := []*armmachinelearning.JobBase{
		job("same", armmachinelearning.JobStatusCompleted, 1),
		job("running", armmachinelearning.JobStatusRunning, 2),
		tagged,
		job("renamed", armmachinelearning.JobStatusQueued, 4),
		job("gone", armmachinelearning.JobStatusCanceled, 0),
		nil,
	}
	new := []*armmachinelearning.JobBase{
		job("fresh", armmachinelearning.JobStatusNotStarted, 9),
		job("same", armmachinelearning.JobStatusCompleted, 1),
		job("running", armmachinelearning.JobStatusCompleted, 2),
		retagged,
		renamed,
		{Properties: &armmachinelearning.CommandJob{}}, // no name: skipped
	}
	var got []string
	for _, c := range DiffJobs(old, new) {
		got = append(got, c.Kind.String()+" "+c.Name)
		if (c.Kind == Added) != (c.Old == nil) || (c.Kind == Removed) != (c.New == nil) {
			t.Fatalf("%s %s: old/new = %v/%v", c.Kind, c.Name, c.Old != nil, c.New != nil)
		}
	}
	want := []string{"added fresh", "changed running", "changed tagged", "changed renamed", "removed gone"}
	if !slices.Equal(got, want) {
		t.Fatalf("DiffJobs = %q, want %q", got, want)
	}
	if n := len(DiffJobs(new, new)); n != 0 {
		t.Fatalf("%d changes between a list and itself", n)
	}
}

func TestJobTerminal(t *testing.T) {
	for _, status := range armmachinelearning.PossibleJobStatusValues() {
		want := false
		switch status {
		case armmachinelearning.JobStatusCompleted, armmachinelearning.JobStatusFailed,
			armmachinelearning.JobStatusCanceled, armmachinelearning.JobStatusPaused:
			want = true
		}
		if got := jobTerminal(job("j", status, 0)); got != want {
			t.Errorf("jobTerminal(%s) = %v, want %v", status, got, want)
		}
	}
	if jobTerminal(&armmachinelearning.JobBase{Name: ptrTo("no-properties")}) {
		t.Error("a job without a status counted as terminal")
	}
}

// diffBenchLists builds two snapshots of n computes: the second has 5% changed, 1% removed and
// 1% added, as a busy workspace between two polls might.
func diffBenchLists(n int) (old, new []Compute) {
	for i := range n {
		name := "compute-" + strconv.Itoa(100000+i)
		old = append(old, summarized(cluster(name, "Succeeded", "Steady", int32(i%7)))...)
		switch {
		case i%100 == 0: // removed
		case i%20 == 1:
			new = append(new, summarized(cluster(name, "Succeeded", "Resizing", int32(i%7)))...)
		default:
			new = append(new, old[i])
		}
		if i%100 == 50 {
			new = append(new, summarized(cluster(name+"-new", "Creating", "", 0))...)
		}
	}
	return old, new
}

// BenchmarkDiffComputes diffs two snapshots of 5,000 computes. Target: under 5 ms/op.
func BenchmarkDiffComputes(b *testing.B) {
	old, new := diffBenchLists(5000)
	b.ReportAllocs()
	for b.Loop() {
		if len(DiffComputes(old, new)) == 0 {
			b.Fatal("no changes found")
		}
	}
}

// BenchmarkDiffComputesUnsorted is the same with lists the caller did not sort.
func BenchmarkDiffComputesUnsorted(b *testing.B) {
	old, new := diffBenchLists(5000)
	slices.Reverse(old)
	slices.Reverse(new)
	b.ReportAllocs()
	for b.Loop() {
		if len(DiffComputes(old, new)) == 0 {
			b.Fatal("no changes found")
		}
	}
}

// BenchmarkDiffJobs diffs two lists of 5,000 jobs, 5% of which changed status.
func BenchmarkDiffJobs(b *testing.B) {
	var old, new []*armmachinelearning.JobBase
	for i := range 5000 {
		name := "job-" + strconv.Itoa(i)
		old = append(old, job(name, armmachinelearning.JobStatusRunning, i%60))
		if i%20 == 0 {
			new = append(new, job(name, armmachinelearning.JobStatusCompleted, i%60))
		} else {
			new = append(new, old[i])
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(DiffJobs(old, new)) != 250 {
			b.Fatal("wrong number of changes")
		}
	}
}
