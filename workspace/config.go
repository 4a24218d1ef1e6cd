package workspace

// CONTRACT (skeleton written by the lead; the config/auth owner fills it in, keeps these names).

// Cloud names an Azure cloud.
type Cloud string

// The clouds amlconsole knows.
const (
	AzurePublic       Cloud = "AzurePublic"
	AzureChina        Cloud = "AzureChina"
	AzureUSGovernment Cloud = "AzureUSGovernment"
)

// Source says where a resolved value came from, for `amlconsole config`.
type Source struct {
	Kind string // "flag", "env", "config.json", "az-cli", "default"
	Name string // the flag, variable or file path
}

// Value is one resolved setting and where it came from.
type Value struct {
	Value  string
	Source Source
}

// Config is the resolved workspace address.
type Config struct {
	Subscription  Value
	ResourceGroup Value
	Workspace     Value
	Cloud         Value
	Endpoint      Value // Resource Manager endpoint; the cloud's default unless --endpoint
}
