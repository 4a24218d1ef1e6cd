package emulator

import "encoding/json"

// attachment is the part of an attached compute: a resource the user owns, reached with the
// credentials given at attach time. Secrets are kept for listKeys and never rendered by GET.
type attachment struct {
	// VirtualMachine and HDInsight.
	Address            string          `json:",omitempty"`
	SSHPort            int             `json:",omitempty"`
	VirtualMachineSize string          `json:",omitempty"`
	NotebookServerPort *int            `json:",omitempty"`
	NotebookInstance   bool            `json:",omitempty"`
	Admin              *sshCredentials `json:",omitempty"`
	// Databricks.
	DatabricksAccessToken string `json:",omitempty"`
	WorkspaceURL          string `json:",omitempty"`
	// DataLakeAnalytics.
	DataLakeStoreAccountName string `json:",omitempty"`
	// Kubernetes, AKS and SynapseSpark keep their properties verbatim (secrets removed).
	Properties json.RawMessage `json:",omitempty"`
	// Claims are the jobs running on the attached compute; each is granted at once.
	Claims []*nodeClaim `json:",omitempty"`
}

// sshCredentials is administratorAccount of a VM or HDInsight attachment.
type sshCredentials struct {
	Username       string `json:"username"`
	Password       string `json:"password,omitempty"`
	PublicKeyData  string `json:"publicKeyData,omitempty"`
	PrivateKeyData string `json:"privateKeyData,omitempty"`
}

// hasSecret reports whether any credential besides the user name was given.
func (s *sshCredentials) hasSecret() bool {
	return s.Password != "" || s.PublicKeyData != "" || s.PrivateKeyData != ""
}

// credentialsView is administratorAccount as GET shows it: secrets null, public key kept.
type credentialsView struct {
	Username       string  `json:"username"`
	Password       *string `json:"password"`
	PublicKeyData  *string `json:"publicKeyData"`
	PrivateKeyData *string `json:"privateKeyData"`
}

func (a *attachment) adminView() *credentialsView {
	if a.Admin == nil {
		return nil
	}
	v := &credentialsView{Username: a.Admin.Username}
	if k := a.Admin.PublicKeyData; k != "" {
		v.PublicKeyData = &k
	}
	return v
}

type vmPropertiesBody struct {
	VirtualMachineSize        *string          `json:"virtualMachineSize"`
	SSHPort                   int              `json:"sshPort"`
	NotebookServerPort        *int             `json:"notebookServerPort"`
	Address                   string           `json:"address"`
	AdministratorAccount      *credentialsView `json:"administratorAccount"`
	IsNotebookInstanceCompute bool             `json:"isNotebookInstanceCompute"`
}

type hdInsightPropertiesBody struct {
	SSHPort              int              `json:"sshPort"`
	Address              string           `json:"address"`
	AdministratorAccount *credentialsView `json:"administratorAccount"`
}

type databricksPropertiesBody struct {
	DatabricksAccessToken *string `json:"databricksAccessToken"`
	WorkspaceURL          *string `json:"workspaceUrl"`
}

type dataLakePropertiesBody struct {
	DataLakeStoreAccountName *string `json:"dataLakeStoreAccountName"`
}

// render builds properties.properties of an attached compute; nil when it has none.
func (a *attachment) render(computeType string) any {
	switch computeType {
	case typeVirtualMachine:
		return vmPropertiesBody{VirtualMachineSize: stringOrNull(a.VirtualMachineSize), SSHPort: a.SSHPort,
			NotebookServerPort: a.NotebookServerPort, Address: a.Address,
			AdministratorAccount: a.adminView(), IsNotebookInstanceCompute: a.NotebookInstance}
	case typeHDInsight:
		return hdInsightPropertiesBody{SSHPort: a.SSHPort, Address: a.Address, AdministratorAccount: a.adminView()}
	case typeDatabricks:
		return databricksPropertiesBody{WorkspaceURL: stringOrNull(a.WorkspaceURL)}
	case typeDataLakeAnalytics:
		return dataLakePropertiesBody{DataLakeStoreAccountName: stringOrNull(a.DataLakeStoreAccountName)}
	}
	if len(a.Properties) == 0 {
		return nil
	}
	return a.Properties
}
