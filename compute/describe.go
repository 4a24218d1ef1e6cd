package compute

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// Section is one titled group of the details page and of `computes show -o table`.
type Section struct {
	Title  string
	Fields []Field
}

// Field is one labelled value. Values are verbatim from Azure except where a human form is
// documented (times, durations, yes/no); they never hold a secret.
type Field struct {
	Label, Value string
}

// Section titles, in the order Describe returns them. Error sections are titled
// "Error N of M" and come first.
const (
	TitleGeneral   = "General"
	TitleScale     = "Scale settings"
	TitleNodes     = "Nodes"
	TitleIdentity  = "Identity"
	TitleSSH       = "SSH"
	TitleNetwork   = "Network"
	TitleSchedules = "Schedules"
	TitleLastOp    = "Last operation"
)

// TimeLayout is how Describe writes timestamps: UTC, to the second.
const TimeLayout = "2006-01-02 15:04:05 UTC"

// Describe returns everything a person needs to understand a compute, as titled sections:
// every error first and verbatim (provisioningErrors, then the cluster's or instance's own
// errors, each with code, message, target and details), then general facts, scale settings,
// nodes, identity, SSH, network, the compute type's own settings, schedules and the last
// operation. Empty fields and sections are left out; secrets are never included (their
// presence is shown as "set").
func Describe(r *armmachinelearning.ComputeResource) []Section {
	if r == nil {
		return nil
	}
	var out []Section
	errs := Errors(r)
	for i, e := range errs {
		out = appendSection(out, errorSection(i, len(errs), e))
	}
	out = appendSection(out, generalSection(r))
	switch p := r.Properties.(type) {
	case *armmachinelearning.AmlCompute:
		out = append(out, describeCluster(r, p.Properties)...)
	case *armmachinelearning.ComputeInstance:
		out = append(out, describeInstance(r, p.Properties)...)
	default:
		out = appendSection(out, identitySection(r.Identity))
		out = append(out, describeAttached(r)...)
	}
	return out
}

// appendSection adds s unless it has no fields.
func appendSection(out []Section, s Section) []Section {
	if len(s.Fields) == 0 {
		return out
	}
	return append(out, s)
}

// fields collects labelled values, skipping empty ones.
type fields []Field

// add appends a field unless value is empty. SAS signatures are hidden here, once for every
// value, because Azure embeds them in URLs (and messages) of any field.
func (f *fields) add(label, value string) {
	if value != "" {
		*f = append(*f, Field{Label: label, Value: RedactText(value)})
	}
}

func (f *fields) addTime(label string, t *time.Time) { f.add(label, formatTime(t)) }

func (f *fields) addInt(label string, v *int32) {
	if v != nil {
		f.add(label, strconv.Itoa(int(*v)))
	}
}

func (f *fields) addBool(label string, v *bool) {
	if v != nil {
		f.add(label, yesNo(*v))
	}
}

// addSet shows whether a secret or long value is present without showing it.
func (f *fields) addSet(label string, v *string) {
	if v != nil && *v != "" {
		f.add(label, "set")
	}
}

func formatTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeLayout)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func enumStr[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

func resourceID(r *armmachinelearning.ResourceID) string {
	if r == nil {
		return ""
	}
	return str(r.ID)
}

// errorSection renders one error verbatim, with nested details numbered 1, 1.1, ...
func errorSection(i, n int, e Error) Section {
	s := Section{Title: fmt.Sprintf("Error %d of %d", i+1, n)}
	f := fields{}
	f.add("Source", string(e.Source))
	f.add("Code", e.Code)
	f.add("Message", e.Message)
	f.add("Target", e.Target)
	addDetails(&f, "", e.Details)
	s.Fields = f
	return s
}

func addDetails(f *fields, prefix string, details []Error) {
	for i, d := range details {
		n := prefix + strconv.Itoa(i+1)
		f.add("Detail "+n, d.String())
		f.add("Detail "+n+" target", d.Target)
		addDetails(f, n+".", d.Details)
	}
}

// generalSection holds what every compute type shares.
func generalSection(r *armmachinelearning.ComputeResource) Section {
	s := Summarize(r)
	base := baseOf(r)
	f := fields{}
	f.add("Name", s.Name)
	f.add("Kind", string(s.Kind))
	f.add("Compute type", s.ComputeType)
	f.add("Provisioning state", s.ProvisioningState)
	if s.State != s.ProvisioningState {
		f.add("State", s.State)
	}
	f.add("Health", s.Health.Symbol()+" "+s.Health.String())
	f.add("Location", str(r.Location))
	if base != nil && str(base.ComputeLocation) != str(r.Location) {
		f.add("Compute location", str(base.ComputeLocation))
	}
	f.add("VM size", s.VMSize)
	f.add("Priority", s.Priority)
	if base != nil {
		f.add("Description", str(base.Description))
		if s.Attached {
			f.add("Attached", "yes")
		}
		f.add("Resource ID", str(base.ResourceID))
		f.addBool("Local auth disabled", base.DisableLocalAuth)
	}
	if r.SKU != nil {
		f.add("SKU", strings.TrimSpace(str(r.SKU.Name)+" "+enumStr(r.SKU.Tier)))
	}
	if !s.CreatedOn.IsZero() {
		f.addTime("Created on", &s.CreatedOn)
	}
	if sd := r.SystemData; sd != nil {
		f.add("Created by", withType(str(sd.CreatedBy), enumStr(sd.CreatedByType)))
	}
	if !s.ModifiedOn.IsZero() {
		f.addTime("Modified on", &s.ModifiedOn)
	}
	if sd := r.SystemData; sd != nil {
		f.add("Modified by", withType(str(sd.LastModifiedBy), enumStr(sd.LastModifiedByType)))
	}
	f.add("Tags", formatTags(r.Tags))
	f.add("ID", str(r.ID))
	return Section{Title: TitleGeneral, Fields: f}
}

func withType(who, kind string) string {
	if who == "" || kind == "" {
		return who
	}
	return who + " (" + kind + ")"
}

// formatTags renders tags as sorted key=value pairs.
func formatTags(tags map[string]*string) string {
	parts := make([]string, 0, len(tags))
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		parts = append(parts, k+"="+str(tags[k]))
	}
	return strings.Join(parts, ", ")
}

// identitySection shows the managed identity: type, system-assigned principal and tenant, and
// every user-assigned identity (sorted by resource ID) with its principal and client ids.
func identitySection(id *armmachinelearning.ManagedServiceIdentity) Section {
	f := fields{}
	if id != nil {
		f.add("Type", enumStr(id.Type))
		f.add("Principal ID", str(id.PrincipalID))
		f.add("Tenant ID", str(id.TenantID))
		for _, k := range slices.Sorted(maps.Keys(id.UserAssignedIdentities)) {
			f.add("User-assigned", k)
			if u := id.UserAssignedIdentities[k]; u != nil {
				f.add("  Principal ID", str(u.PrincipalID))
				f.add("  Client ID", str(u.ClientID))
			}
		}
	}
	return Section{Title: TitleIdentity, Fields: f}
}
