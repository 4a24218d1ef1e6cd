package workspace

import (
	"errors"
	"fmt"
)

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

// The kinds of Source, from the highest precedence to the lowest.
const (
	SourceFlag       = "flag"
	SourceEnv        = "env"
	SourceConfigJSON = "config.json"
	SourceAzureCLI   = "az-cli"
	SourceDefault    = "default"
)

// String renders the source as `amlconsole config` shows it, for example
// "env AZURE_SUBSCRIPTION_ID" or "config.json /home/me/project/.azureml/config.json".
func (s Source) String() string {
	if s.Name == "" {
		return s.Kind
	}
	return s.Kind + " " + s.Name
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
	AuthorityHost Value // Microsoft Entra authority; the cloud's default unless AZURE_AUTHORITY_HOST
}

// ConfigInput is everything resolution looks at; cmd fills it from flags and the process.
// Empty strings mean "not given".
type ConfigInput struct {
	Subscription, ResourceGroup, Workspace, Cloud, Endpoint, ConfigPath string // flags ("" = unset)

	WorkDir string              // where the config.json search starts; "" skips the search
	HomeDir string              // for ~/.azure; "" (and no AZURE_CONFIG_DIR) skips the Azure CLI
	Getenv  func(string) string // os.Getenv in production, a map in tests; nil reads nothing
}

// Setting is one row of `amlconsole config`: a setting's name, its resolved value and where
// the value came from.
type Setting struct {
	Name   string
	Value  string
	Source Source
}

// ResolveConfig finds the subscription, resource group, workspace, cloud and endpoints.
// Each value is taken from the first place that has it: flags, then environment variables,
// then an Azure ML config.json (--config, else searched from WorkDir upward), then the Azure
// CLI's defaults. The cloud is --cloud, else the Azure CLI's active cloud, else Azure public;
// the endpoint is --endpoint, else the cloud's Resource Manager. Files are read only when a
// value is still missing by the time their turn comes (the Azure CLI's config file also when
// --cloud is not given), so a broken file that is not needed does not stop the console.
//
// Every problem is reported at once: values that are missing (a *MissingError listing every
// way to set them), invalid (*ValueError) or unreadable files (*FileError), joined.
func ResolveConfig(in ConfigInput) (Config, error) {
	r := newResolver(in)
	var c Config
	var errs []error
	var missing []missingSetting

	cloudValue, cloudErr := r.cloud()
	if cloudErr != nil {
		errs = append(errs, cloudErr)
	}
	c.Cloud = cloudValue
	cloudInfo, _ := lookupCloud(Cloud(cloudValue.Value))

	for _, s := range []struct {
		dst  *Value
		spec settingSpec
	}{
		{&c.Subscription, subscriptionSpec()},
		{&c.ResourceGroup, resourceGroupSpec()},
		{&c.Workspace, workspaceSpec()},
	} {
		v, err := r.resolve(s.spec, cloudInfo)
		switch {
		case err != nil:
			errs = appendUnique(errs, err)
		case v.Value == "":
			missing = append(missing, r.missing(s.spec))
		default:
			*s.dst = v
		}
	}

	var err error
	c.Endpoint, err = r.endpoint(cloudValue, cloudInfo)
	if err != nil {
		errs = appendUnique(errs, err)
	}
	c.AuthorityHost, err = r.authorityHost(cloudValue, cloudInfo)
	if err != nil {
		errs = appendUnique(errs, err)
	}

	if len(missing) > 0 {
		errs = append(errs, &MissingError{settings: missing})
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return c, nil
}

// Settings lists the resolved values in the order `amlconsole config` prints them.
func (c Config) Settings() []Setting {
	return []Setting{
		{Name: "subscription", Value: c.Subscription.Value, Source: c.Subscription.Source},
		{Name: "resource group", Value: c.ResourceGroup.Value, Source: c.ResourceGroup.Source},
		{Name: "workspace", Value: c.Workspace.Value, Source: c.Workspace.Source},
		{Name: "cloud", Value: c.Cloud.Value, Source: c.Cloud.Source},
		{Name: "endpoint", Value: c.Endpoint.Value, Source: c.Endpoint.Source},
		{Name: "authority host", Value: c.AuthorityHost.Value, Source: c.AuthorityHost.Source},
	}
}

// WorkspaceID is the workspace's ARM resource ID,
// /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}.
func (c Config) WorkspaceID() string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.MachineLearningServices/workspaces/%s",
		c.Subscription.Value, c.ResourceGroup.Value, c.Workspace.Value)
}

// appendUnique appends err unless the very same error is already there: one broken file is
// reported once even when several settings looked into it.
func appendUnique(errs []error, err error) []error {
	for _, e := range errs {
		if e == err {
			return errs
		}
	}
	return append(errs, err)
}
