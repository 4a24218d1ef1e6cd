package workspace

import (
	"path/filepath"
	"strings"
)

// settingSpec describes one workspace-address setting: where each layer keeps it, how a user
// sets it there, and the rule its value must follow.
type settingSpec struct {
	name      string // as `amlconsole config` and errors name it
	flag      string // "--subscription"
	flagArg   string // how the flag is written in help: "--subscription ID"
	envVar    string
	jsonKey   string // the Azure ML config.json key
	azHow     string // the az command that sets the CLI default
	azOption  string // the Azure CLI `[defaults]` option; "" for the subscription, kept in the profile
	fromInput func(ConfigInput) string
	validate  func(string) string // "" when valid, else the rule the value breaks
}

// subscriptionSpec, resourceGroupSpec and workspaceSpec are the three settings that address a
// workspace.
func subscriptionSpec() settingSpec {
	return settingSpec{
		name: "subscription", flag: "--subscription", flagArg: "--subscription ID",
		envVar: "AZURE_SUBSCRIPTION_ID", jsonKey: "subscription_id",
		azHow:     "az account set --subscription ID",
		fromInput: func(in ConfigInput) string { return in.Subscription },
		validate:  validateSubscription,
	}
}

func resourceGroupSpec() settingSpec {
	return settingSpec{
		name: "resource group", flag: "--resource-group", flagArg: "--resource-group NAME (-g)",
		envVar: "AZURE_RESOURCE_GROUP", jsonKey: "resource_group",
		azHow: "az configure --defaults group=NAME", azOption: "group",
		fromInput: func(in ConfigInput) string { return in.ResourceGroup },
		validate:  validateResourceGroup,
	}
}

func workspaceSpec() settingSpec {
	return settingSpec{
		name: "workspace", flag: "--workspace", flagArg: "--workspace NAME (-w)",
		envVar: "AZUREML_WORKSPACE_NAME", jsonKey: "workspace_name",
		azHow: "az configure --defaults workspace=NAME", azOption: "workspace",
		fromInput: func(in ConfigInput) string { return in.Workspace },
		validate:  validateWorkspaceName,
	}
}

// resolver walks the layers for one ResolveConfig call. Files are loaded on first use and
// remembered, so each is read and reported at most once.
type resolver struct {
	in     ConfigInput
	getenv func(string) string

	aml       *amlFile // nil: none found (or not looked for yet)
	amlErr    error
	amlLoaded bool

	azIni       *iniFile
	azIniErr    error
	azIniLoaded bool

	azProf       *azProfile
	azProfErr    error
	azProfLoaded bool
}

func newResolver(in ConfigInput) *resolver {
	getenv := in.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return &resolver{in: in, getenv: getenv}
}

// env reads an environment variable, ignoring surrounding blanks.
func (r *resolver) env(name string) string { return strings.TrimSpace(r.getenv(name)) }

// resolve takes s from the first layer that has it and validates it; c is the resolved cloud,
// whose default subscription the Azure CLI layer takes.
func (r *resolver) resolve(s settingSpec, c cloudInfo) (Value, error) {
	v, err := r.lookup(s, c)
	if err != nil || v.Value == "" {
		return v, err
	}
	if rule := s.validate(v.Value); rule != "" {
		return Value{}, &ValueError{Setting: s.name, Value: v.Value, Source: v.Source, Rule: rule}
	}
	return v, nil
}

func (r *resolver) lookup(s settingSpec, c cloudInfo) (Value, error) {
	if v := strings.TrimSpace(s.fromInput(r.in)); v != "" {
		return Value{Value: v, Source: Source{Kind: SourceFlag, Name: s.flag}}, nil
	}
	if v := r.env(s.envVar); v != "" {
		return Value{Value: v, Source: Source{Kind: SourceEnv, Name: s.envVar}}, nil
	}
	f, err := r.amlConfig()
	if err != nil {
		return Value{}, err
	}
	if f != nil {
		if v := f.values[s.jsonKey]; v != "" {
			return Value{Value: v, Source: Source{Kind: SourceConfigJSON, Name: f.path}}, nil
		}
	}
	if s.azOption == "" {
		return r.azSubscription(c)
	}
	return r.azSetting("defaults", s.azOption)
}

// amlConfig loads the Azure ML config.json named by --config, or the first one found from
// WorkDir upward. It returns nil, nil when there is none.
func (r *resolver) amlConfig() (*amlFile, error) {
	if !r.amlLoaded {
		r.amlLoaded = true
		r.aml, r.amlErr = loadAMLConfig(r.in.ConfigPath, r.in.WorkDir)
	}
	return r.aml, r.amlErr
}

// azDir is the Azure CLI's configuration directory: AZURE_CONFIG_DIR as az itself honours it
// (a leading ~ is the home directory, a relative path starts at the working directory), else
// ~/.azure. It is "" when neither is known.
func (r *resolver) azDir() string {
	if d := r.env("AZURE_CONFIG_DIR"); d != "" {
		if rest, ok := strings.CutPrefix(d, "~"); ok && (rest == "" || rest[0] == '/' || rest[0] == filepath.Separator) {
			if r.in.HomeDir == "" {
				return "" // ~ with no home directory to put there
			}
			return filepath.Join(r.in.HomeDir, rest)
		}
		if !filepath.IsAbs(d) && r.in.WorkDir != "" {
			return filepath.Join(r.in.WorkDir, d)
		}
		return d
	}
	if r.in.HomeDir == "" {
		return ""
	}
	return filepath.Join(r.in.HomeDir, ".azure")
}

func (r *resolver) azConfig() (*iniFile, error) {
	if !r.azIniLoaded {
		r.azIniLoaded = true
		if dir := r.azDir(); dir != "" {
			r.azIni, r.azIniErr = loadINI(filepath.Join(dir, "config"))
		}
	}
	return r.azIni, r.azIniErr
}

func (r *resolver) azProfile() (*azProfile, error) {
	if !r.azProfLoaded {
		r.azProfLoaded = true
		if dir := r.azDir(); dir != "" {
			r.azProf, r.azProfErr = loadAzProfile(filepath.Join(dir, "azureProfile.json"))
		}
	}
	return r.azProf, r.azProfErr
}

// azSetting reads an Azure CLI configuration option the way az does: the variable
// AZURE_<SECTION>_<OPTION> overrides the option in the config file.
func (r *resolver) azSetting(section, option string) (Value, error) {
	envName := "AZURE_" + strings.ToUpper(section) + "_" + strings.ToUpper(option)
	if v := r.env(envName); v != "" {
		return Value{Value: v, Source: Source{Kind: SourceAzureCLI, Name: envName}}, nil
	}
	f, err := r.azConfig()
	if err != nil || f == nil {
		return Value{}, err
	}
	if v := f.get(section, option); v != "" {
		return Value{Value: v, Source: Source{Kind: SourceAzureCLI, Name: f.path}}, nil
	}
	return Value{}, nil
}

// azSubscription is the Azure CLI's default subscription for the cloud: the profile marks one
// default per cloud, so with several clouds logged in the one of the resolved cloud wins.
func (r *resolver) azSubscription(c cloudInfo) (Value, error) {
	p, err := r.azProfile()
	if err != nil || p == nil {
		return Value{}, err
	}
	if id := p.defaultSubscription(c.azName); id != "" {
		return Value{Value: id, Source: Source{Kind: SourceAzureCLI, Name: p.path}}, nil
	}
	return Value{}, nil
}

// cloud resolves the cloud: --cloud, else the Azure CLI's active cloud, else Azure public.
func (r *resolver) cloud() (Value, error) {
	if v := strings.TrimSpace(r.in.Cloud); v != "" {
		c, ok := parseCloud(v)
		if !ok {
			return Value{}, &ValueError{Setting: "cloud", Value: v, Source: Source{Kind: SourceFlag, Name: "--cloud"},
				Rule: "must be one of " + cloudNames()}
		}
		return Value{Value: string(c.name), Source: Source{Kind: SourceFlag, Name: "--cloud"}}, nil
	}
	v, err := r.azSetting("cloud", "name")
	if err != nil {
		return Value{}, err
	}
	if v.Value != "" {
		c, ok := cloudFromAzName(v.Value)
		if !ok {
			return Value{}, &ValueError{Setting: "cloud", Value: v.Value, Source: v.Source,
				Rule: "the Azure CLI cloud must be " + azCloudNames() + " for amlconsole; pass --cloud " + cloudNames()}
		}
		return Value{Value: string(c.name), Source: v.Source}, nil
	}
	return Value{Value: string(AzurePublic), Source: Source{Kind: SourceDefault}}, nil
}

// endpoint is --endpoint, else the cloud's Resource Manager endpoint.
func (r *resolver) endpoint(cloudValue Value, c cloudInfo) (Value, error) {
	if v := strings.TrimSpace(r.in.Endpoint); v != "" {
		src := Source{Kind: SourceFlag, Name: "--endpoint"}
		u, rule := validateEndpoint(v)
		if rule != "" {
			return Value{}, &ValueError{Setting: "endpoint", Value: redactURL(v), Source: src, Rule: rule}
		}
		return Value{Value: u, Source: src}, nil
	}
	if c.name == "" {
		return Value{}, nil // the cloud itself is in error, already reported
	}
	return Value{Value: c.armEndpoint, Source: Source{Kind: SourceDefault, Name: "cloud " + cloudValue.Value}}, nil
}

// authorityHost is AZURE_AUTHORITY_HOST (the variable azidentity documents, which it ignores
// once a cloud is configured, so amlconsole honours it itself), else the cloud's authority.
func (r *resolver) authorityHost(cloudValue Value, c cloudInfo) (Value, error) {
	if v := r.env("AZURE_AUTHORITY_HOST"); v != "" {
		src := Source{Kind: SourceEnv, Name: "AZURE_AUTHORITY_HOST"}
		if rule := validateAuthorityHost(v); rule != "" {
			return Value{}, &ValueError{Setting: "authority host", Value: redactURL(v), Source: src, Rule: rule}
		}
		return Value{Value: v, Source: src}, nil
	}
	if c.name == "" {
		return Value{}, nil
	}
	return Value{Value: c.authorityHost, Source: Source{Kind: SourceDefault, Name: "cloud " + cloudValue.Value}}, nil
}
