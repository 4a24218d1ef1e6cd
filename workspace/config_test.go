package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
)

// testdataConfig is the absolute path of testdata/config/<elem...>.
func testdataConfig(t *testing.T, elem ...string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(append([]string{"testdata", "config"}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// envMap is a Getenv reading only m.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// emptyDir is a fresh directory with no Azure ML config.json in it or above it, so the
// upward search finds nothing; it skips the test on a machine where an ancestor of the
// temporary directory holds one.
func emptyDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if f, _ := loadAMLConfig("", dir); f != nil {
		t.Skipf("an ancestor of %s holds %s; the search-finds-nothing case cannot be tested here", dir, f.path)
	}
	return dir
}

// writeFile writes content to dir/name, creating directories.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustResolve(t *testing.T, in ConfigInput) Config {
	t.Helper()
	c, err := ResolveConfig(in)
	if err != nil {
		t.Fatalf("ResolveConfig: %v", err)
	}
	return c
}

func checkValue(t *testing.T, name string, got Value, want string, src Source) {
	t.Helper()
	if got.Value != want || got.Source != src {
		t.Errorf("%s = %q from %q, want %q from %q", name, got.Value, got.Source, want, src)
	}
}

// allLayers is an input where every layer holds every value, so each test removes layers to
// see the next one win.
func allLayers(t *testing.T) (ConfigInput, map[string]string) {
	env := map[string]string{
		"AZURE_SUBSCRIPTION_ID":  "eeeeeeee-eeee-eeee-eeee-eeeeeeeeeeee",
		"AZURE_RESOURCE_GROUP":   "rg-env",
		"AZUREML_WORKSPACE_NAME": "ws-env",
	}
	return ConfigInput{
		Subscription:  "ffffffff-ffff-ffff-ffff-ffffffffffff",
		ResourceGroup: "rg-flag",
		Workspace:     "ws-flag",
		WorkDir:       testdataConfig(t, "tree", "project", "src", "pkg"),
		HomeDir:       testdataConfig(t, "home"),
		Getenv:        envMap(env),
	}, env
}

func TestResolveConfigPrecedence(t *testing.T) {
	projectJSON := testdataConfig(t, "tree", "project", "config.json")
	profile := testdataConfig(t, "home", ".azure", "azureProfile.json")
	azConfig := testdataConfig(t, "home", ".azure", "config")

	t.Run("flags beat everything", func(t *testing.T) {
		in, _ := allLayers(t)
		c := mustResolve(t, in)
		checkValue(t, "subscription", c.Subscription, "ffffffff-ffff-ffff-ffff-ffffffffffff", Source{"flag", "--subscription"})
		checkValue(t, "resource group", c.ResourceGroup, "rg-flag", Source{"flag", "--resource-group"})
		checkValue(t, "workspace", c.Workspace, "ws-flag", Source{"flag", "--workspace"})
	})
	t.Run("environment beats files", func(t *testing.T) {
		in, _ := allLayers(t)
		in.Subscription, in.ResourceGroup, in.Workspace = "", "", ""
		c := mustResolve(t, in)
		checkValue(t, "subscription", c.Subscription, "eeeeeeee-eeee-eeee-eeee-eeeeeeeeeeee", Source{"env", "AZURE_SUBSCRIPTION_ID"})
		checkValue(t, "resource group", c.ResourceGroup, "rg-env", Source{"env", "AZURE_RESOURCE_GROUP"})
		checkValue(t, "workspace", c.Workspace, "ws-env", Source{"env", "AZUREML_WORKSPACE_NAME"})
	})
	t.Run("config.json beats the Azure CLI", func(t *testing.T) {
		in, _ := allLayers(t)
		in.Subscription, in.ResourceGroup, in.Workspace = "", "", ""
		in.Getenv = nil
		c := mustResolve(t, in)
		checkValue(t, "subscription", c.Subscription, "66666666-6666-6666-6666-666666666666", Source{"config.json", projectJSON})
		checkValue(t, "resource group", c.ResourceGroup, "rg-project", Source{"config.json", projectJSON})
		checkValue(t, "workspace", c.Workspace, "ws-project", Source{"config.json", projectJSON})
	})
	t.Run("Azure CLI defaults last", func(t *testing.T) {
		in, _ := allLayers(t)
		in.Subscription, in.ResourceGroup, in.Workspace = "", "", ""
		in.Getenv = nil
		in.WorkDir = emptyDir(t)
		c := mustResolve(t, in)
		// The profile starts with a UTF-8 BOM and marks one default per cloud.
		checkValue(t, "subscription", c.Subscription, "33333333-3333-3333-3333-333333333333", Source{"az-cli", profile})
		checkValue(t, "resource group", c.ResourceGroup, "rg-from-az", Source{"az-cli", azConfig})
		// Options are case-insensitive and may use ':' as in Python's configparser.
		checkValue(t, "workspace", c.Workspace, "ws-from-az", Source{"az-cli", azConfig})
		checkValue(t, "cloud", c.Cloud, "AzurePublic", Source{"az-cli", azConfig})
	})
	t.Run("each value from its own layer", func(t *testing.T) {
		in, env := allLayers(t)
		in.Subscription, in.Workspace = "", ""
		delete(env, "AZURE_SUBSCRIPTION_ID")
		delete(env, "AZURE_RESOURCE_GROUP")
		in.WorkDir = t.TempDir()
		writeFile(t, in.WorkDir, "config.json", `{"subscription_id": "12121212-1212-1212-1212-121212121212"}`)
		c := mustResolve(t, in)
		checkValue(t, "subscription", c.Subscription, "12121212-1212-1212-1212-121212121212", Source{"config.json", filepath.Join(in.WorkDir, "config.json")})
		checkValue(t, "resource group", c.ResourceGroup, "rg-flag", Source{"flag", "--resource-group"})
		checkValue(t, "workspace", c.Workspace, "ws-env", Source{"env", "AZUREML_WORKSPACE_NAME"})
	})
	t.Run("blank values count as unset", func(t *testing.T) {
		in, env := allLayers(t)
		in.Subscription, in.ResourceGroup, in.Workspace = "  ", "", "\t"
		env["AZURE_RESOURCE_GROUP"] = " "
		c := mustResolve(t, in)
		checkValue(t, "subscription", c.Subscription, "eeeeeeee-eeee-eeee-eeee-eeeeeeeeeeee", Source{"env", "AZURE_SUBSCRIPTION_ID"})
		checkValue(t, "resource group", c.ResourceGroup, "rg-project", Source{"config.json", projectJSON})
		checkValue(t, "workspace", c.Workspace, "ws-env", Source{"env", "AZUREML_WORKSPACE_NAME"})
	})
}

func TestResolveConfigAzureCLI(t *testing.T) {
	t.Run("AZURE_CONFIG_DIR replaces ~/.azure", func(t *testing.T) {
		dir := testdataConfig(t, "azcli-dir")
		c := mustResolve(t, ConfigInput{
			WorkDir: emptyDir(t),
			HomeDir: testdataConfig(t, "home"),
			Getenv:  envMap(map[string]string{"AZURE_CONFIG_DIR": dir}),
		})
		checkValue(t, "subscription", c.Subscription, "44444444-4444-4444-4444-444444444444", Source{"az-cli", filepath.Join(dir, "azureProfile.json")})
		checkValue(t, "resource group", c.ResourceGroup, "rg-from-config-dir", Source{"az-cli", filepath.Join(dir, "config")})
		checkValue(t, "cloud", c.Cloud, "AzurePublic", Source{Kind: "default"})
	})
	t.Run("AZURE_DEFAULTS_* override the config file as in az", func(t *testing.T) {
		c := mustResolve(t, ConfigInput{
			WorkDir: emptyDir(t),
			HomeDir: testdataConfig(t, "home"),
			Getenv:  envMap(map[string]string{"AZURE_DEFAULTS_GROUP": "rg-az-env", "AZURE_DEFAULTS_WORKSPACE": "ws-az-env"}),
		})
		checkValue(t, "resource group", c.ResourceGroup, "rg-az-env", Source{"az-cli", "AZURE_DEFAULTS_GROUP"})
		checkValue(t, "workspace", c.Workspace, "ws-az-env", Source{"az-cli", "AZURE_DEFAULTS_WORKSPACE"})
	})
	t.Run("the active cloud picks its own default subscription", func(t *testing.T) {
		home := testdataConfig(t, "home-china")
		c := mustResolve(t, ConfigInput{WorkDir: emptyDir(t), HomeDir: home})
		checkValue(t, "cloud", c.Cloud, "AzureChina", Source{"az-cli", filepath.Join(home, ".azure", "config")})
		checkValue(t, "subscription", c.Subscription, "22222222-2222-2222-2222-222222222222", Source{"az-cli", filepath.Join(home, ".azure", "azureProfile.json")})
		checkValue(t, "endpoint", c.Endpoint, "https://management.chinacloudapi.cn", Source{"default", "cloud AzureChina"})
		checkValue(t, "authority host", c.AuthorityHost, "https://login.chinacloudapi.cn/", Source{"default", "cloud AzureChina"})
	})
	t.Run("--cloud beats the CLI's cloud and changes the default subscription", func(t *testing.T) {
		c := mustResolve(t, ConfigInput{Cloud: "AzurePublic", WorkDir: emptyDir(t), HomeDir: testdataConfig(t, "home-china")})
		checkValue(t, "cloud", c.Cloud, "AzurePublic", Source{"flag", "--cloud"})
		if c.Subscription.Value != "33333333-3333-3333-3333-333333333333" {
			t.Errorf("subscription = %q, want the AzureCloud default", c.Subscription.Value)
		}
	})
	t.Run("an empty profile, as az writes before the first login", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "azureProfile.json", "\xef\xbb\xbf")
		_, err := ResolveConfig(ConfigInput{ResourceGroup: "rg", Workspace: "ws", WorkDir: emptyDir(t), Getenv: envMap(map[string]string{"AZURE_CONFIG_DIR": dir})})
		var missing *MissingError
		if !errors.As(err, &missing) || strings.Join(missing.Missing(), ",") != "subscription" {
			t.Fatalf("err = %v, want only the subscription missing", err)
		}
		if !strings.Contains(err.Error(), "marks no default subscription") {
			t.Errorf("error does not say the profile has no default: %v", err)
		}
	})
}

func TestResolveConfigSearch(t *testing.T) {
	tree := testdataConfig(t, "tree")
	t.Run("nearest directory upward wins", func(t *testing.T) {
		c := mustResolve(t, ConfigInput{WorkDir: filepath.Join(tree, "project", "src", "pkg")})
		checkValue(t, "workspace", c.Workspace, "ws-project", Source{"config.json", filepath.Join(tree, "project", "config.json")})
	})
	t.Run(".azureml/config.json is found from the directory that holds it", func(t *testing.T) {
		c := mustResolve(t, ConfigInput{WorkDir: tree})
		checkValue(t, "workspace", c.Workspace, "ws-tree-root", Source{"config.json", filepath.Join(tree, ".azureml", "config.json")})
	})
	t.Run(".azureml/config.json before config.json in one directory", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "config.json", `{"subscription_id": "10101010-1010-1010-1010-101010101010", "resource_group": "rg-plain", "workspace_name": "ws-plain"}`)
		hidden := writeFile(t, dir, filepath.Join(".azureml", "config.json"), `{"subscription_id": "20202020-2020-2020-2020-202020202020", "resource_group": "rg-hidden", "workspace_name": "ws-hidden"}`)
		c := mustResolve(t, ConfigInput{WorkDir: filepath.Join(dir)})
		checkValue(t, "workspace", c.Workspace, "ws-hidden", Source{"config.json", hidden})
	})
	t.Run("--config file, relative to the working directory", func(t *testing.T) {
		c := mustResolve(t, ConfigInput{ConfigPath: filepath.Join(".azureml", "config.json"), WorkDir: tree})
		checkValue(t, "resource group", c.ResourceGroup, "rg-tree-root", Source{"config.json", filepath.Join(tree, ".azureml", "config.json")})
	})
	t.Run("--config replaces the search", func(t *testing.T) {
		explicit := filepath.Join(tree, ".azureml", "config.json")
		c := mustResolve(t, ConfigInput{ConfigPath: explicit, WorkDir: filepath.Join(tree, "project")})
		checkValue(t, "workspace", c.Workspace, "ws-tree-root", Source{"config.json", explicit})
	})
	t.Run("--config directory", func(t *testing.T) {
		c := mustResolve(t, ConfigInput{ConfigPath: filepath.Join(tree, "project")})
		checkValue(t, "workspace", c.Workspace, "ws-project", Source{"config.json", filepath.Join(tree, "project", "config.json")})
	})
	t.Run("Scope instead of the three keys", func(t *testing.T) {
		p := testdataConfig(t, "aml-scope", "config.json")
		c := mustResolve(t, ConfigInput{ConfigPath: p})
		checkValue(t, "subscription", c.Subscription, "99999999-9999-9999-9999-999999999999", Source{"config.json", p})
		checkValue(t, "resource group", c.ResourceGroup, "rg-scope", Source{"config.json", p})
		checkValue(t, "workspace", c.Workspace, "ws-scope", Source{"config.json", p})
	})
	t.Run("Scope wins over the three keys, as in the SDK", func(t *testing.T) {
		p := writeFile(t, t.TempDir(), "config.json", `{"subscription_id": "10101010-1010-1010-1010-101010101010", "workspace_name": "ws-key",
			"Scope": "/subscriptions/20202020-2020-2020-2020-202020202020/resourceGroups/rg-scope/providers/Microsoft.MachineLearningServices/workspaces/ws-scope"}`)
		c := mustResolve(t, ConfigInput{ConfigPath: p})
		if c.Subscription.Value != "20202020-2020-2020-2020-202020202020" || c.Workspace.Value != "ws-scope" {
			t.Errorf("subscription %q workspace %q, want the Scope's", c.Subscription.Value, c.Workspace.Value)
		}
	})
	t.Run("a config.json with a BOM", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "config.json", "\xef\xbb\xbf"+`{"subscription_id": "30303030-3030-3030-3030-303030303030", "resource_group": "rg-bom", "workspace_name": "ws-bom"}`)
		c := mustResolve(t, ConfigInput{WorkDir: dir})
		if c.ResourceGroup.Value != "rg-bom" {
			t.Errorf("resource group = %q, want rg-bom", c.ResourceGroup.Value)
		}
	})
}

func TestResolveConfigMalformedFiles(t *testing.T) {
	malformed := testdataConfig(t, "malformed")
	cases := []struct {
		name      string
		in        ConfigInput
		path      string
		line      int
		problem   string
		notInText string
	}{
		{
			name: "config.json syntax error names file and line",
			in:   ConfigInput{ConfigPath: filepath.Join(malformed, "config.json")},
			path: filepath.Join(malformed, "config.json"), line: 4, problem: "invalid JSON",
		},
		{
			name: "config.json key of the wrong type",
			in:   ConfigInput{ConfigPath: filepath.Join(malformed, "wrong-type.json")},
			path: filepath.Join(malformed, "wrong-type.json"), line: 3, problem: `"resource_group" must be a string, not an array`,
		},
		{
			name: "config.json that is not an object",
			in:   ConfigInput{ConfigPath: writeFile(t, t.TempDir(), "config.json", `["not", "an", "object"]`)},
			line: 1, problem: "must be a JSON object",
		},
		{
			name:    "empty config.json",
			in:      ConfigInput{ConfigPath: writeFile(t, t.TempDir(), "config.json", "  \n")},
			problem: "the file is empty",
		},
		{
			name: "missing --config file",
			in:   ConfigInput{ConfigPath: filepath.Join(malformed, "nope.json")},
			path: filepath.Join(malformed, "nope.json"), problem: "no such file",
		},
		{
			name: "bad Scope",
			in:   ConfigInput{ConfigPath: writeFile(t, t.TempDir(), "config.json", "{\n\"Scope\": \"/subscriptions/x\"\n}")},
			line: 2, problem: `"Scope" must be a workspace ID`,
		},
		{
			name: "Azure CLI config line without a delimiter",
			in: ConfigInput{Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", WorkDir: emptyDir(t),
				Getenv: envMap(map[string]string{"AZURE_CONFIG_DIR": azDirWith(t, map[string]string{"config": readTestdata(t, malformed, "azure-config")})})},
			line: 3, problem: `expected "option = value"`,
		},
		{
			name: "Azure CLI config option before any section",
			in: ConfigInput{WorkDir: emptyDir(t),
				Getenv: envMap(map[string]string{"AZURE_CONFIG_DIR": azDirWith(t, map[string]string{"config": "group = rg\n"})})},
			line: 1, problem: "option outside any [section]",
		},
		{
			name: "azureProfile.json with a BOM and a trailing comma",
			in: ConfigInput{ResourceGroup: "rg", Workspace: "ws", WorkDir: emptyDir(t),
				Getenv: envMap(map[string]string{"AZURE_CONFIG_DIR": azDirWith(t, map[string]string{"azureProfile.json": readTestdata(t, malformed, "azureProfile.json")})})},
			line: 1, problem: "invalid JSON at column", notInText: "\ufeff",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ResolveConfig(tc.in)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FileError", err)
			}
			if tc.path != "" && fe.Path != tc.path {
				t.Errorf("path = %q, want %q", fe.Path, tc.path)
			}
			if fe.Line != tc.line {
				t.Errorf("line = %d, want %d (%v)", fe.Line, tc.line, fe)
			}
			if !strings.Contains(fe.Problem, tc.problem) {
				t.Errorf("problem = %q, want it to contain %q", fe.Problem, tc.problem)
			}
			if !strings.Contains(err.Error(), fe.Path) {
				t.Errorf("message %q does not name the file", err)
			}
			if tc.notInText != "" && strings.Contains(err.Error(), tc.notInText) {
				t.Errorf("message %q contains %q", err, tc.notInText)
			}
		})
	}
}

// azDirWith is a fresh Azure CLI directory holding files.
func azDirWith(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, dir, name, content)
	}
	return dir
}

func readTestdata(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestResolveConfigUnneededBrokenFilesAreIgnored(t *testing.T) {
	// Flags give every value and --cloud the cloud, so neither the broken config.json in the
	// working directory nor the broken Azure CLI files are read.
	azDir := azDirWith(t, map[string]string{"config": "garbage\n", "azureProfile.json": "{"})
	c := mustResolve(t, ConfigInput{
		Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1", Cloud: "AzurePublic",
		WorkDir: testdataConfig(t, "malformed"),
		Getenv:  envMap(map[string]string{"AZURE_CONFIG_DIR": azDir}),
	})
	if c.Workspace.Value != "ws1" {
		t.Errorf("workspace = %q", c.Workspace.Value)
	}
}

func TestResolveConfigMissingListsEveryWay(t *testing.T) {
	home := t.TempDir()
	_, err := ResolveConfig(ConfigInput{ResourceGroup: "rg", WorkDir: emptyDir(t), HomeDir: home})
	var missing *MissingError
	if !errors.As(err, &missing) {
		t.Fatalf("err = %v, want a *MissingError", err)
	}
	if got := strings.Join(missing.Missing(), ","); got != "subscription,workspace" {
		t.Errorf("missing = %s, want subscription,workspace", got)
	}
	msg := err.Error()
	for _, want := range []string{
		"no subscription and workspace configured",
		"--subscription ID", "AZURE_SUBSCRIPTION_ID=ID", `"subscription_id"`, "az account set --subscription ID",
		"--workspace NAME (-w)", "AZUREML_WORKSPACE_NAME=NAME", `"workspace_name"`, "az configure --defaults workspace=NAME",
		".azureml/config.json", "--config PATH",
		filepath.Join(home, ".azure", "azureProfile.json") + " not found",
		filepath.Join(home, ".azure", "config") + " not found",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "resource group:") {
		t.Errorf("message lists the resource group, which was given:\n%s", msg)
	}
	if n := strings.Count(msg, "set each in any one of these ways"); n != 1 {
		t.Errorf("want one message for all missing values, got %d:\n%s", n, msg)
	}
}

func TestResolveConfigMissingSaysWhatFilesHeld(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "config.json", `{"subscription_id": "ffffffff-ffff-ffff-ffff-ffffffffffff"}`)
	_, err := ResolveConfig(ConfigInput{WorkDir: dir, HomeDir: t.TempDir()})
	var missing *MissingError
	if !errors.As(err, &missing) || strings.Join(missing.Missing(), ",") != "resource group,workspace" {
		t.Fatalf("err = %v, want the resource group and workspace missing", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, p+" has none") {
		t.Errorf("message does not say the found config.json lacks the value:\n%s", msg)
	}
}

func TestResolveConfigInvalidValues(t *testing.T) {
	base := func() ConfigInput {
		return ConfigInput{Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1", WorkDir: emptyDir(t), HomeDir: t.TempDir()}
	}
	cases := []struct {
		name    string
		edit    func(*ConfigInput)
		setting string
		source  string
		rule    string
		hidden  string
	}{
		{"subscription name instead of ID", func(in *ConfigInput) { in.Subscription = "My Subscription" }, "subscription", "flag --subscription", "must be a GUID", ""},
		{"subscription from env", func(in *ConfigInput) {
			in.Subscription = ""
			in.Getenv = envMap(map[string]string{"AZURE_SUBSCRIPTION_ID": "1234"})
		}, "subscription", "env AZURE_SUBSCRIPTION_ID", "must be a GUID", ""},
		{"resource group with a slash", func(in *ConfigInput) { in.ResourceGroup = "rg/x" }, "resource group", "flag --resource-group", "1-90 characters", ""},
		{"resource group ending in a period", func(in *ConfigInput) { in.ResourceGroup = "rg." }, "resource group", "flag --resource-group", "not ending in '.'", ""},
		{"workspace too short", func(in *ConfigInput) { in.Workspace = "ws" }, "workspace", "flag --workspace", "3-33 characters", ""},
		{"workspace starting with a dash", func(in *ConfigInput) { in.Workspace = "-ws" }, "workspace", "flag --workspace", "starting with a letter or digit", ""},
		{"unknown cloud", func(in *ConfigInput) { in.Cloud = "AzureGermany" }, "cloud", "flag --cloud", "AzurePublic, AzureChina, AzureUSGovernment", ""},
		{"relative endpoint", func(in *ConfigInput) { in.Endpoint = "management.azure.com" }, "endpoint", "flag --endpoint", "absolute http(s) URL", ""},
		{"ftp endpoint", func(in *ConfigInput) { in.Endpoint = "ftp://example.com" }, "endpoint", "flag --endpoint", "must use https", ""},
		{"http endpoint off loopback", func(in *ConfigInput) { in.Endpoint = "http://10.0.0.4:8080" }, "endpoint", "flag --endpoint", "clear text", ""},
		{"endpoint with a password", func(in *ConfigInput) { in.Endpoint = "https://me:s3cr3t@example.com" }, "endpoint", "flag --endpoint", "user name or password", "s3cr3t"},
		{"endpoint with a query", func(in *ConfigInput) { in.Endpoint = "https://example.com/?sig=abc" }, "endpoint", "flag --endpoint", "query", ""},
		{"plain-http authority", func(in *ConfigInput) {
			in.Getenv = envMap(map[string]string{"AZURE_AUTHORITY_HOST": "http://login.example.com/"})
		}, "authority host", "env AZURE_AUTHORITY_HOST", "must use https", ""},
		{"unknown Azure CLI cloud", func(in *ConfigInput) {
			in.Getenv = envMap(map[string]string{"AZURE_CLOUD_NAME": "AzureStackHub"})
		}, "cloud", "az-cli AZURE_CLOUD_NAME", "pass --cloud", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := base()
			tc.edit(&in)
			_, err := ResolveConfig(in)
			var ve *ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *ValueError", err)
			}
			if ve.Setting != tc.setting || ve.Source.String() != tc.source || !strings.Contains(ve.Rule, tc.rule) {
				t.Errorf("got %s / %s / %q, want %s / %s / rule containing %q", ve.Setting, ve.Source, ve.Rule, tc.setting, tc.source, tc.rule)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.setting) || !strings.Contains(msg, tc.rule) {
				t.Errorf("message %q does not name the setting and the rule", msg)
			}
			if tc.hidden != "" && strings.Contains(msg, tc.hidden) {
				t.Errorf("message %q shows the secret %q", msg, tc.hidden)
			}
		})
	}
}

func TestResolveConfigReportsEveryProblemAtOnce(t *testing.T) {
	_, err := ResolveConfig(ConfigInput{Subscription: "nope", Endpoint: "nope", WorkDir: emptyDir(t), HomeDir: t.TempDir()})
	var ve *ValueError
	var missing *MissingError
	if !errors.As(err, &ve) || !errors.As(err, &missing) {
		t.Fatalf("err = %v, want value errors and the missing values together", err)
	}
	msg := err.Error()
	for _, want := range []string{`subscription "nope"`, `endpoint "nope"`, "no resource group and workspace configured"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestResolveConfigCloudsAndEndpoints(t *testing.T) {
	in := func(cloud, endpoint string) ConfigInput {
		return ConfigInput{Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1", Cloud: cloud, Endpoint: endpoint}
	}
	cases := []struct {
		cloud, endpoint                 string
		wantCloud, wantEndpoint, wantAD string
		audience                        string
	}{
		{"", "", "AzurePublic", "https://management.azure.com", "https://login.microsoftonline.com/", "https://management.core.windows.net/"},
		{"AzureChina", "", "AzureChina", "https://management.chinacloudapi.cn", "https://login.chinacloudapi.cn/", "https://management.core.chinacloudapi.cn/"},
		{"azureusgovernment", "", "AzureUSGovernment", "https://management.usgovcloudapi.net", "https://login.microsoftonline.us/", "https://management.core.usgovcloudapi.net/"},
		{"AzureChinaCloud", "", "AzureChina", "https://management.chinacloudapi.cn", "https://login.chinacloudapi.cn/", "https://management.core.chinacloudapi.cn/"},
		{"AzureUSGovernment", "https://usgovvirginia.management.example/", "AzureUSGovernment", "https://usgovvirginia.management.example", "https://login.microsoftonline.us/", "https://management.core.usgovcloudapi.net/"},
		{"", "http://127.0.0.1:8443", "AzurePublic", "http://127.0.0.1:8443", "https://login.microsoftonline.com/", "https://management.core.windows.net/"},
		{"", "http://[::1]:8443/", "AzurePublic", "http://[::1]:8443", "https://login.microsoftonline.com/", "https://management.core.windows.net/"},
		{"", "http://localhost:1234", "AzurePublic", "http://localhost:1234", "https://login.microsoftonline.com/", "https://management.core.windows.net/"},
	}
	for _, tc := range cases {
		c := mustResolve(t, in(tc.cloud, tc.endpoint))
		if c.Cloud.Value != tc.wantCloud || c.Endpoint.Value != tc.wantEndpoint || c.AuthorityHost.Value != tc.wantAD {
			t.Errorf("--cloud %q --endpoint %q: cloud %q endpoint %q authority %q, want %q %q %q",
				tc.cloud, tc.endpoint, c.Cloud.Value, c.Endpoint.Value, c.AuthorityHost.Value, tc.wantCloud, tc.wantEndpoint, tc.wantAD)
		}
		cc := c.CloudConfiguration()
		rm := cc.Services[cloud.ResourceManager]
		if rm.Endpoint != tc.wantEndpoint || rm.Audience != tc.audience || cc.ActiveDirectoryAuthorityHost != tc.wantAD {
			t.Errorf("--cloud %q --endpoint %q: CloudConfiguration %+v", tc.cloud, tc.endpoint, cc)
		}
		if got, want := c.TokenScope(), tc.audience+"/.default"; got != want {
			t.Errorf("TokenScope = %q, want %q", got, want)
		}
	}
}

func TestCloudConfigurationIsAFreshValue(t *testing.T) {
	c := mustResolve(t, ConfigInput{Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1"})
	c.CloudConfiguration().Services[cloud.ResourceManager] = cloud.ServiceConfiguration{Audience: "x", Endpoint: "y"}
	if got := c.CloudConfiguration().Services[cloud.ResourceManager].Endpoint; got != "https://management.azure.com" {
		t.Errorf("a caller's change leaked into the next CloudConfiguration: %q", got)
	}
	var zero Config
	if got := zero.CloudConfiguration().Services[cloud.ResourceManager].Audience; got != "https://management.core.windows.net/" {
		t.Errorf("a zero Config's audience = %q, want Azure public's", got)
	}
}

func TestAuthorityHostFromEnvironment(t *testing.T) {
	c := mustResolve(t, ConfigInput{
		Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", ResourceGroup: "rg", Workspace: "ws1", Cloud: "AzureChina",
		Getenv: envMap(map[string]string{"AZURE_AUTHORITY_HOST": "https://login.private.example/"}),
	})
	checkValue(t, "authority host", c.AuthorityHost, "https://login.private.example/", Source{"env", "AZURE_AUTHORITY_HOST"})
	if got := c.CloudConfiguration().ActiveDirectoryAuthorityHost; got != "https://login.private.example/" {
		t.Errorf("CloudConfiguration authority = %q", got)
	}
}

func TestSettingsAndWorkspaceID(t *testing.T) {
	in, _ := allLayers(t)
	in.Workspace = ""
	c := mustResolve(t, in)
	var rows []string
	for _, s := range c.Settings() {
		rows = append(rows, s.Name+"="+s.Value+" <"+s.Source.String()+">")
	}
	want := []string{
		"subscription=ffffffff-ffff-ffff-ffff-ffffffffffff <flag --subscription>",
		"resource group=rg-flag <flag --resource-group>",
		"workspace=ws-env <env AZUREML_WORKSPACE_NAME>",
		"cloud=AzurePublic <az-cli " + testdataConfig(t, "home", ".azure", "config") + ">",
		"endpoint=https://management.azure.com <default cloud AzurePublic>",
		"authority host=https://login.microsoftonline.com/ <default cloud AzurePublic>",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("Settings:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if got, want := c.WorkspaceID(), "/subscriptions/ffffffff-ffff-ffff-ffff-ffffffffffff/resourceGroups/rg-flag/providers/Microsoft.MachineLearningServices/workspaces/ws-env"; got != want {
		t.Errorf("WorkspaceID = %q, want %q", got, want)
	}
	if got := (Source{Kind: "default"}).String(); got != "default" {
		t.Errorf("Source.String() of a nameless source = %q", got)
	}
}

func TestAzureConfigDirForms(t *testing.T) {
	home := t.TempDir()
	writeFile(t, home, filepath.Join("custom-az", "config"), "[defaults]\ngroup = rg-tilde\n")
	work := t.TempDir()
	writeFile(t, work, filepath.Join("rel-az", "config"), "[defaults]\ngroup = rg-relative\n")
	for dir, want := range map[string]string{"~/custom-az": "rg-tilde", "rel-az": "rg-relative"} {
		c := mustResolve(t, ConfigInput{
			Subscription: "ffffffff-ffff-ffff-ffff-ffffffffffff", Workspace: "ws1",
			WorkDir: work, HomeDir: home, Getenv: envMap(map[string]string{"AZURE_CONFIG_DIR": dir}),
		})
		if c.ResourceGroup.Value != want {
			t.Errorf("AZURE_CONFIG_DIR=%s: resource group %q, want %q", dir, c.ResourceGroup.Value, want)
		}
	}
}

func TestSearchedMalformedConfigSaysHowItWasFound(t *testing.T) {
	work := filepath.Join(testdataConfig(t, "malformed"))
	_, err := ResolveConfig(ConfigInput{WorkDir: work, HomeDir: t.TempDir()})
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Problem, "searching upward from "+work) || !strings.Contains(fe.Problem, "--config PATH") {
		t.Errorf("err = %v, want the search named and --config offered", err)
	}
}

func TestINIContinuationAndComments(t *testing.T) {
	f, err := parseINI("config", "# top\n[defaults]\n  ; indented comment\ngroup = first\n  second\nWORKSPACE=ws\n[cloud]\nname:AzureChinaCloud\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := f.get("defaults", "group"); got != "first\nsecond" {
		t.Errorf("continued value = %q", got)
	}
	if f.get("defaults", "workspace") != "ws" || f.get("cloud", "name") != "AzureChinaCloud" || f.get("Defaults", "group") != "" {
		t.Errorf("sections = %v", f.sections)
	}
	if _, err := parseINI("config", "[defaults\ngroup = x\n"); err == nil || !strings.Contains(err.Error(), "config:1:") {
		t.Errorf("unclosed header: err = %v, want line 1", err)
	}
	if _, err := parseINI("config", "[defaults]\n  continued\n"); err == nil || !strings.Contains(err.Error(), "config:2:") {
		t.Errorf("orphan continuation: err = %v, want line 2", err)
	}
}

func TestValidators(t *testing.T) {
	for s, ok := range map[string]bool{
		"00000000-0000-0000-0000-000000000000": true, "ABCDEF01-2345-6789-abcd-ef0123456789": true,
		"00000000000000000000000000000000": false, "{00000000-0000-0000-0000-000000000000}": false,
		"0000000-00000-0000-0000-000000000000": false, "g0000000-0000-0000-0000-000000000000": false,
	} {
		if got := validateSubscription(s) == ""; got != ok {
			t.Errorf("subscription %q valid = %v, want %v", s, got, ok)
		}
	}
	for s, ok := range map[string]bool{
		"rg": true, "my_rg-1.(test)": true, "ресурсы": true, strings.Repeat("r", 90): true,
		"": false, strings.Repeat("r", 91): false, "rg.": false, "rg rg": false, "rg/x": false,
	} {
		if got := validateResourceGroup(s) == ""; got != ok {
			t.Errorf("resource group %q valid = %v, want %v", s, got, ok)
		}
	}
	for s, ok := range map[string]bool{
		"ws1": true, "1ws": true, "my-ws_2": true, strings.Repeat("w", 33): true,
		"ws": false, strings.Repeat("w", 34): false, "_ws": false, "w.s": false, "wsé": false,
	} {
		if got := validateWorkspaceName(s) == ""; got != ok {
			t.Errorf("workspace %q valid = %v, want %v", s, got, ok)
		}
	}
	if got := redactURL("https://user:pa ss@host/x"); strings.Contains(got, "pa ss") {
		t.Errorf("redactURL of an unparsable URL = %q", got)
	}
}

func TestExplicitConfigSkipsABrokenSearchedOne(t *testing.T) {
	explicit := testdataConfig(t, "tree", "project", "config.json")
	c := mustResolve(t, ConfigInput{ConfigPath: explicit, WorkDir: testdataConfig(t, "malformed"), HomeDir: t.TempDir()})
	checkValue(t, "workspace", c.Workspace, "ws-project", Source{"config.json", explicit})
}

func TestInvalidValueFromAFileNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "config.json", `{"subscription_id": "My Subscription", "resource_group": "rg", "workspace_name": "ws1"}`)
	_, err := ResolveConfig(ConfigInput{WorkDir: dir, HomeDir: t.TempDir()})
	var ve *ValueError
	if !errors.As(err, &ve) || ve.Source != (Source{"config.json", p}) || !strings.Contains(err.Error(), p) {
		t.Errorf("err = %v, want a ValueError naming %s", err, p)
	}
}

func TestAzureCloudNameVariableBeatsTheConfigFile(t *testing.T) {
	c := mustResolve(t, ConfigInput{
		WorkDir: emptyDir(t), HomeDir: testdataConfig(t, "home-china"),
		Getenv: envMap(map[string]string{"AZURE_CLOUD_NAME": "AzureCloud"}),
	})
	checkValue(t, "cloud", c.Cloud, "AzurePublic", Source{"az-cli", "AZURE_CLOUD_NAME"})
	if c.Subscription.Value != "33333333-3333-3333-3333-333333333333" {
		t.Errorf("subscription = %q, want the AzureCloud default", c.Subscription.Value)
	}
}

func TestMoreMalformedFiles(t *testing.T) {
	dir := t.TempDir()
	big := writeFile(t, dir, "big.json", `{"subscription_id": "`+strings.Repeat("x", maxConfigFileSize)+`"}`)
	emptyDirForConfig := filepath.Join(dir, "nothing-here")
	if err := os.Mkdir(emptyDirForConfig, 0o755); err != nil {
		t.Fatal(err)
	}
	profileDir := t.TempDir()
	if err := os.Mkdir(filepath.Join(profileDir, "azureProfile.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		in      ConfigInput
		problem string
	}{
		{"a file over 1 MiB", ConfigInput{ConfigPath: big}, "larger than 1 MiB"},
		{"a --config directory with no config", ConfigInput{ConfigPath: emptyDirForConfig}, "has no .azureml/config.json or config.json"},
		{"a number where a string belongs", ConfigInput{ConfigPath: writeFile(t, dir, "n.json", `{"workspace_name": 42}`)}, `"workspace_name" must be a string, not a number`},
		{"a boolean where a string belongs", ConfigInput{ConfigPath: writeFile(t, dir, "b.json", `{"workspace_name": true}`)}, "not a boolean"},
		{"an object where a string belongs", ConfigInput{ConfigPath: writeFile(t, dir, "o.json", `{"workspace_name": {}}`)}, "not an object"},
		{"a truncated file", ConfigInput{ConfigPath: writeFile(t, dir, "t.json", "{\n  \"workspace_name\": \"ws1\",\n")}, "invalid JSON"},
		{"an azureProfile.json that is a directory", ConfigInput{ResourceGroup: "rg", Workspace: "ws1", WorkDir: emptyDir(t),
			Getenv: envMap(map[string]string{"AZURE_CONFIG_DIR": profileDir})}, "cannot read"},
		{"an azureProfile.json of the wrong shape", ConfigInput{ResourceGroup: "rg", Workspace: "ws1", WorkDir: emptyDir(t),
			Getenv: envMap(map[string]string{"AZURE_CONFIG_DIR": azDirWith(t, map[string]string{"azureProfile.json": `{"subscriptions": {"id": "x"}}`})})}, `"subscriptions" has a JSON object where an array belongs`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ResolveConfig(tc.in)
			var fe *FileError
			if !errors.As(err, &fe) || !strings.Contains(fe.Problem, tc.problem) {
				t.Fatalf("err = %v, want a FileError about %q", err, tc.problem)
			}
		})
	}
}

func TestUnreadableConfigFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	p := writeFile(t, t.TempDir(), "config.json", `{}`)
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	_, err := ResolveConfig(ConfigInput{ConfigPath: p})
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Problem, "permission denied") {
		t.Errorf("err = %v, want permission denied", err)
	}
}
