package compute

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// AttachSpec is what the attach forms collect: an existing VM, HDInsight cluster, Databricks
// workspace or Data Lake Analytics account to attach to the workspace. Attaching never
// creates the resource, and detaching never deletes it. Attaching a resource another compute
// already points at breaks the older attachment (the service documents this).
type AttachSpec struct {
	Kind        Kind   // [kind] KindVM, KindHDInsight, KindDatabricks or KindDataLake
	Name        string // [name] see CheckName
	ResourceID  string // [resourceId] ARM id of the resource, of the kind's provider
	Description string // [description]

	// VM and HDInsight: SSH access. The user is required, with a password or a private key.
	Address    string // [address] host name or IP; "" lets the service use the resource's
	SSHPort    int    // [sshPort] 0 means 22
	Username   string // [username]
	Password   string // [password] secret
	PrivateKey string // [privateKey] secret: an OpenSSH or PEM private key
	PublicKey  string // [publicKey] the matching OpenSSH public key, optional

	// Databricks.
	AccessToken  string // [accessToken] secret: a Databricks personal access token
	WorkspaceURL string // [workspaceUrl] https URL of the Databricks workspace, optional

	// Data Lake Analytics.
	DataLakeStoreAccountName string // [dataLakeStoreAccountName] 3–24 lowercase letters and digits
}

// AttachKinds lists the kinds AttachSpec attaches, for the forms.
func AttachKinds() []Kind { return []Kind{KindVM, KindHDInsight, KindDatabricks, KindDataLake} }

// attachTarget names the ARM computeType and the resource provider type an attach kind uses.
func attachTarget(k Kind) (computeType armmachinelearning.ComputeType, provider string, ok bool) {
	switch k {
	case KindVM:
		return armmachinelearning.ComputeTypeVirtualMachine, "Microsoft.Compute/virtualMachines", true
	case KindHDInsight:
		return armmachinelearning.ComputeTypeHDInsight, "Microsoft.HDInsight/clusters", true
	case KindDatabricks:
		return armmachinelearning.ComputeTypeDatabricks, "Microsoft.Databricks/workspaces", true
	case KindDataLake:
		return armmachinelearning.ComputeTypeDataLakeAnalytics, "Microsoft.DataLakeAnalytics/accounts", true
	}
	return "", "", false
}

// armResourceID matches /subscriptions/{guid}/resourceGroups/{group}/providers/{ns}/{type}/{name}.
func armResourceID() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^/subscriptions/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/resourceGroups/[^/]+/providers/([^/]+/[^/]+)/[^/]+$`)
}

func dataLakeAccountName() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]{3,24}$`) }

// Validate returns every problem with the spec, in field order; nil when it may be sent.
// Secret values never appear in the messages.
func (s AttachSpec) Validate() []FieldError {
	computeType, provider, ok := attachTarget(s.Kind)
	if !ok {
		kinds := make([]string, 0, 4)
		for _, k := range AttachKinds() {
			kinds = append(kinds, string(k))
		}
		return []FieldError{{"kind", RuleEnum, fmt.Sprintf("%q cannot be attached here: use %s", s.Kind, strings.Join(kinds, ", "))}}
	}
	errs := CheckName("name", s.Name)
	errs = append(errs, checkAttachResourceID(s.ResourceID, provider)...)
	ssh := s.Kind == KindVM || s.Kind == KindHDInsight
	if ssh {
		errs = append(errs, s.validateSSH()...)
	}
	errs = append(errs, s.foreignFields(ssh)...)
	switch computeType {
	case armmachinelearning.ComputeTypeDatabricks:
		if s.AccessToken == "" {
			errs = append(errs, FieldError{"accessToken", RuleRequired, "a Databricks access token is required"})
		}
		if s.WorkspaceURL != "" {
			if u, err := url.Parse(s.WorkspaceURL); err != nil || u.Scheme != "https" || u.Host == "" {
				errs = append(errs, FieldError{"workspaceUrl", RuleFormat, fmt.Sprintf("%q is not an https URL such as https://adb-1234.5.azuredatabricks.net", s.WorkspaceURL)})
			}
		}
	case armmachinelearning.ComputeTypeDataLakeAnalytics:
		switch {
		case s.DataLakeStoreAccountName == "":
			errs = append(errs, FieldError{"dataLakeStoreAccountName", RuleRequired, "the Data Lake Store account name is required"})
		case !dataLakeAccountName().MatchString(s.DataLakeStoreAccountName):
			errs = append(errs, FieldError{"dataLakeStoreAccountName", RuleFormat, fmt.Sprintf("%q must be 3 to 24 lowercase letters and digits", s.DataLakeStoreAccountName)})
		}
	}
	return errs
}

func checkAttachResourceID(id, provider string) []FieldError {
	const field = "resourceId"
	if id == "" {
		return []FieldError{{field, RuleRequired, "the ARM id of the " + provider + " resource is required"}}
	}
	m := armResourceID().FindStringSubmatch(id)
	if m == nil {
		return []FieldError{{field, RuleFormat, fmt.Sprintf("%q is not an ARM resource id (/subscriptions/{id}/resourceGroups/{group}/providers/%s/{name})", id, provider)}}
	}
	if !strings.EqualFold(m[1], provider) {
		return []FieldError{{field, RuleConflict, fmt.Sprintf("%q names a %s resource; this kind attaches %s", id, m[1], provider)}}
	}
	return nil
}

func (s AttachSpec) validateSSH() []FieldError {
	var errs []FieldError
	hasSecret := s.Password != "" || s.PrivateKey != ""
	switch {
	case s.Username == "":
		errs = append(errs, FieldError{"username", RuleRequired, "an SSH user name is required"})
	case !hasSecret:
		errs = append(errs, FieldError{"password", RuleRequired, "the SSH user needs a password or a private key"})
	}
	if s.SSHPort < 0 || s.SSHPort > math.MaxUint16 {
		errs = append(errs, FieldError{"sshPort", RuleRange, fmt.Sprintf("must be between 1 and 65535 (it is %d)", s.SSHPort)})
	}
	if s.PrivateKey != "" && !strings.Contains(s.PrivateKey, "PRIVATE KEY") {
		errs = append(errs, FieldError{"privateKey", RuleFormat, "must be a private key in OpenSSH or PEM form (-----BEGIN … PRIVATE KEY-----)"})
	}
	return append(errs, checkSSHPublicKey("publicKey", s.PublicKey)...)
}

// foreignFields refuses values that belong to another kind, so nothing the user typed is
// silently dropped.
func (s AttachSpec) foreignFields(ssh bool) []FieldError {
	var errs []FieldError
	refuse := func(field string, set bool) {
		if set {
			errs = append(errs, FieldError{field, RuleConflict, fmt.Sprintf("does not apply to a %s attachment", s.Kind)})
		}
	}
	if !ssh {
		refuse("address", s.Address != "")
		refuse("sshPort", s.SSHPort != 0)
		refuse("username", s.Username != "")
		refuse("password", s.Password != "")
		refuse("privateKey", s.PrivateKey != "")
		refuse("publicKey", s.PublicKey != "")
	}
	if s.Kind != KindDatabricks {
		refuse("accessToken", s.AccessToken != "")
		refuse("workspaceUrl", s.WorkspaceURL != "")
	}
	if s.Kind != KindDataLake {
		refuse("dataLakeStoreAccountName", s.DataLakeStoreAccountName != "")
	}
	return errs
}

// ToARM builds the attach PUT payload. Call Validate first: ToARM does not check. The payload
// carries the secrets the service needs: hand it only to the client, never to a log.
func (s AttachSpec) ToARM() armmachinelearning.ComputeResource {
	computeType, _, _ := attachTarget(s.Kind)
	ct := computeTypePtr(computeType)
	desc, rid := nonEmpty(s.Description), nonEmpty(s.ResourceID)
	var props armmachinelearning.ComputeClassification
	switch s.Kind {
	case KindVM:
		props = &armmachinelearning.VirtualMachine{ComputeType: ct, Description: desc, ResourceID: rid,
			Properties: &armmachinelearning.VirtualMachineSchemaProperties{
				Address: nonEmpty(s.Address), SSHPort: s.sshPort(), AdministratorAccount: s.account(),
			}}
	case KindHDInsight:
		props = &armmachinelearning.HDInsight{ComputeType: ct, Description: desc, ResourceID: rid,
			Properties: &armmachinelearning.HDInsightProperties{
				Address: nonEmpty(s.Address), SSHPort: s.sshPort(), AdministratorAccount: s.account(),
			}}
	case KindDatabricks:
		props = &armmachinelearning.Databricks{ComputeType: ct, Description: desc, ResourceID: rid,
			Properties: &armmachinelearning.DatabricksProperties{
				DatabricksAccessToken: nonEmpty(s.AccessToken), WorkspaceURL: nonEmpty(s.WorkspaceURL),
			}}
	case KindDataLake:
		props = &armmachinelearning.DataLakeAnalytics{ComputeType: ct, Description: desc, ResourceID: rid,
			Properties: &armmachinelearning.DataLakeAnalyticsSchemaProperties{
				DataLakeStoreAccountName: nonEmpty(s.DataLakeStoreAccountName),
			}}
	}
	return armmachinelearning.ComputeResource{Properties: props}
}

func (s AttachSpec) sshPort() *int32 {
	if s.SSHPort == 0 {
		return nil
	}
	return int32Ptr(s.SSHPort)
}

func (s AttachSpec) account() *armmachinelearning.VirtualMachineSSHCredentials {
	return &armmachinelearning.VirtualMachineSSHCredentials{
		Username: nonEmpty(s.Username), Password: nonEmpty(s.Password),
		PrivateKeyData: nonEmpty(s.PrivateKey), PublicKeyData: nonEmpty(s.PublicKey),
	}
}
