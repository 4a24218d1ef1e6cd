package compute

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/goccy/go-yaml"
)

// Output formats of the headless commands (`-o`).
const (
	FormatTable = "table"
	FormatJSON  = "json"
	FormatYAML  = "yaml"
)

// Formats lists the accepted values of -o, for flag help and completion.
func Formats() []string { return []string{FormatTable, FormatJSON, FormatYAML} }

// CheckFormat returns an error naming -o and the allowed values unless format is one of
// Formats; "" means the default, table.
func CheckFormat(format string) error {
	switch format {
	case "", FormatTable, FormatJSON, FormatYAML:
		return nil
	}
	return fmt.Errorf("-o %q: unknown output format; use one of %s", format, strings.Join(Formats(), ", "))
}

// ComputeJSON is the stable, documented shape of one compute in `computes list -o json|yaml`.
// Every key is always present. Strings are "" where Azure sent nothing; nodes is null for
// computes that are not clusters; times are RFC 3339 in UTC, or null when unknown.
type ComputeJSON struct {
	Name              string     `json:"name"`
	Kind              string     `json:"kind"`        // Cluster, Instance, VM, HDInsight, Databricks, DataLake, Kubernetes, Synapse, AKS, DataFactory, Other
	ComputeType       string     `json:"computeType"` // ARM computeType, verbatim
	ProvisioningState string     `json:"provisioningState"`
	State             string     `json:"state"`  // instance state, cluster allocation state, else provisioning state
	Health            string     `json:"health"` // ok, transitional, failed, stopped, unknown
	VMSize            string     `json:"vmSize"`
	Priority          string     `json:"priority"` // Dedicated, LowPriority or ""
	Identity          string     `json:"identity"` // managed identity type or ""
	Location          string     `json:"location"`
	Attached          bool       `json:"attached"`
	Nodes             *NodesJSON `json:"nodes"`
	ErrorCount        int        `json:"errorCount"`
	FirstError        string     `json:"firstError"` // "code: message" of the first error, or ""
	CreatedOn         *time.Time `json:"createdOn"`
	ModifiedOn        *time.Time `json:"modifiedOn"`
}

// NodesJSON holds a cluster's node counts; each is null while Azure reports null (right after
// create).
type NodesJSON struct {
	Current   *int `json:"current"`
	Target    *int `json:"target"`
	Min       *int `json:"min"`
	Max       *int `json:"max"`
	Idle      *int `json:"idle"`
	Running   *int `json:"running"`
	Preparing *int `json:"preparing"`
	Unusable  *int `json:"unusable"`
	Leaving   *int `json:"leaving"`
	Preempted *int `json:"preempted"`
}

// NodeJSON is the stable shape of one node in `computes nodes -o json|yaml`; port is null when
// unknown.
type NodeJSON struct {
	ID               string `json:"id"`
	State            string `json:"state"`
	Health           string `json:"health"`
	PrivateIPAddress string `json:"privateIpAddress"`
	PublicIPAddress  string `json:"publicIpAddress"`
	Port             *int   `json:"port"`
	RunID            string `json:"runId"`
}

// ToJSON converts a Summary to its stable JSON shape.
func (s Summary) ToJSON() ComputeJSON {
	j := ComputeJSON{
		Name: s.Name, Kind: string(s.Kind), ComputeType: s.ComputeType, ProvisioningState: s.ProvisioningState,
		State: s.State, Health: s.Health.String(), VMSize: s.VMSize, Priority: s.Priority, Identity: s.Identity,
		Location: s.Location, Attached: s.Attached, ErrorCount: s.ErrorCount, FirstError: s.FirstError,
		CreatedOn: timePtr(s.CreatedOn), ModifiedOn: timePtr(s.ModifiedOn),
	}
	if s.Kind == KindCluster {
		n := s.Nodes
		j.Nodes = &NodesJSON{}
		if n.Known {
			j.Nodes.Current, j.Nodes.Target = intPtr(n.Current), intPtr(n.Target)
		}
		if n.ScaleKnown {
			j.Nodes.Min, j.Nodes.Max = intPtr(n.Min), intPtr(n.Max)
		}
		if n.StatesKnown {
			j.Nodes.Idle, j.Nodes.Running, j.Nodes.Preparing = intPtr(n.Idle), intPtr(n.Running), intPtr(n.Preparing)
			j.Nodes.Unusable, j.Nodes.Leaving, j.Nodes.Preempted = intPtr(n.Unusable), intPtr(n.Leaving), intPtr(n.Preempted)
		}
	}
	return j
}

// ToJSON converts a NodeRow to its stable JSON shape.
func (r NodeRow) ToJSON() NodeJSON {
	j := NodeJSON{ID: r.ID, State: r.State, Health: r.Health.String(), PrivateIPAddress: r.PrivateIP,
		PublicIPAddress: r.PublicIP, RunID: r.RunID}
	if r.Port != 0 {
		j.Port = intPtr(r.Port)
	}
	return j
}

func intPtr(v int) *int { return &v }

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// WriteList writes computes for `computes list`, sorted by name, ages relative to the current
// time. See WriteListAt.
func WriteList(w io.Writer, format string, items []Summary) error {
	return WriteListAt(w, format, items, time.Now())
}

// WriteListAt writes computes sorted by name: table (NAME KIND STATE VMSIZE NODES PRIORITY
// IDENTITY AGE, the state prefixed with its health symbol, "-" for empty cells), or a JSON/YAML
// array of ComputeJSON. now is the reference for the AGE column.
func WriteListAt(w io.Writer, format string, items []Summary, now time.Time) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	sorted := append([]Summary(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	if format == FormatJSON || format == FormatYAML {
		out := make([]ComputeJSON, len(sorted))
		for i, s := range sorted {
			out[i] = s.ToJSON()
		}
		return writeData(w, format, out)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tSTATE\tVMSIZE\tNODES\tPRIORITY\tIDENTITY\tAGE")
	for _, s := range sorted {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cell(s.Name), cell(string(s.Kind)),
			s.Health.Symbol()+" "+cell(s.State), cell(s.VMSize), cell(s.Nodes.String()), cell(s.Priority),
			cell(s.Identity), cell(Age(s.CreatedOn, now)))
	}
	return tw.Flush()
}

// WriteShow writes one compute for `computes show`: table is the Describe sections; json is the
// ARM resource, redacted, with sorted keys (ResourceJSON); yaml is ResourceYAML.
func WriteShow(w io.Writer, format string, r *armmachinelearning.ComputeResource) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	if r == nil {
		return fmt.Errorf("compute: no resource to show")
	}
	var out []byte
	var err error
	switch format {
	case FormatJSON:
		out, err = ResourceJSON(r)
	case FormatYAML:
		out, err = ResourceYAML(r)
	default:
		return writeSections(w, Describe(r))
	}
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// writeSections prints each section's title and its fields aligned beneath it; multi-line
// values continue in the value column.
func writeSections(w io.Writer, sections []Section) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, s := range sections {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintln(tw, s.Title)
		for _, f := range s.Fields {
			lines := strings.Split(strings.TrimRight(f.Value, "\n"), "\n")
			fmt.Fprintf(tw, "  %s\t%s\n", f.Label, lines[0])
			for _, l := range lines[1:] {
				fmt.Fprintf(tw, "  \t%s\n", l)
			}
		}
	}
	return tw.Flush()
}

// WriteNodes writes a cluster's nodes for `computes nodes`, sorted by id: table (ID STATE
// PRIVATE-IP PUBLIC-IP PORT RUN-ID, the state prefixed with its health symbol) or a JSON/YAML
// array of NodeJSON.
func WriteNodes(w io.Writer, format string, rows []NodeRow) error {
	if err := CheckFormat(format); err != nil {
		return err
	}
	sorted := append([]NodeRow(nil), rows...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	if format == FormatJSON || format == FormatYAML {
		out := make([]NodeJSON, len(sorted))
		for i, r := range sorted {
			out[i] = r.ToJSON()
		}
		return writeData(w, format, out)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tPRIVATE-IP\tPUBLIC-IP\tPORT\tRUN-ID")
	for _, r := range sorted {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cell(r.ID), r.Health.Symbol()+" "+cell(r.State),
			cell(r.PrivateIP), cell(r.PublicIP), cell(r.PortString()), cell(r.RunID))
	}
	return tw.Flush()
}

// writeData writes v as indented JSON or, converted from that same JSON so both formats carry
// identical keys in identical order, as YAML.
func writeData(w io.Writer, format string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if format == FormatYAML {
		if data, err = yaml.JSONToYAML(data); err != nil {
			return err
		}
	} else {
		data = append(data, '\n')
	}
	_, err = w.Write(data)
	return err
}

// cell keeps empty table cells visible and single-line.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.ReplaceAll(s, "\n", " ")
}
