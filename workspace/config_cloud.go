package workspace

import (
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
)

// cloudInfo is what amlconsole needs to know about one Azure cloud.
type cloudInfo struct {
	name          Cloud
	azName        string // the Azure CLI's name for it (az cloud list)
	armEndpoint   string
	armAudience   string
	authorityHost string
}

// clouds lists the known clouds; the values are those azcore's arm package registers.
func clouds() []cloudInfo {
	return []cloudInfo{
		{
			name: AzurePublic, azName: "AzureCloud",
			armEndpoint:   "https://management.azure.com",
			armAudience:   "https://management.core.windows.net/",
			authorityHost: "https://login.microsoftonline.com/",
		},
		{
			name: AzureChina, azName: "AzureChinaCloud",
			armEndpoint:   "https://management.chinacloudapi.cn",
			armAudience:   "https://management.core.chinacloudapi.cn/",
			authorityHost: "https://login.chinacloudapi.cn/",
		},
		{
			name: AzureUSGovernment, azName: "AzureUSGovernment",
			armEndpoint:   "https://management.usgovcloudapi.net",
			armAudience:   "https://management.core.usgovcloudapi.net/",
			authorityHost: "https://login.microsoftonline.us/",
		},
	}
}

// lookupCloud finds a known cloud by its amlconsole name.
func lookupCloud(name Cloud) (cloudInfo, bool) {
	for _, c := range clouds() {
		if c.name == name {
			return c, true
		}
	}
	return cloudInfo{}, false
}

// parseCloud accepts a cloud's amlconsole name or its Azure CLI name, in any letter case, so
// `--cloud azurechina` and `--cloud AzureChinaCloud` both work.
func parseCloud(s string) (cloudInfo, bool) {
	for _, c := range clouds() {
		if strings.EqualFold(s, string(c.name)) || strings.EqualFold(s, c.azName) {
			return c, true
		}
	}
	return cloudInfo{}, false
}

// cloudFromAzName maps the Azure CLI's active cloud name to a known cloud.
func cloudFromAzName(s string) (cloudInfo, bool) {
	for _, c := range clouds() {
		if strings.EqualFold(s, c.azName) {
			return c, true
		}
	}
	return cloudInfo{}, false
}

// cloudNames lists the amlconsole cloud names for error messages.
func cloudNames() string {
	var names []string
	for _, c := range clouds() {
		names = append(names, string(c.name))
	}
	return strings.Join(names, ", ")
}

// azCloudNames lists the Azure CLI cloud names amlconsole understands.
func azCloudNames() string {
	var names []string
	for _, c := range clouds() {
		names = append(names, c.azName)
	}
	return strings.Join(names, ", ")
}

// CloudConfiguration is the azcore cloud configuration for arm.ClientOptions and the
// credentials: the authority host, and Resource Manager at Endpoint with the cloud's audience
// (an --endpoint such as the emulator or a private link still accepts the cloud's tokens).
// Each call returns a fresh value, so callers may modify it. A Config that names no cloud
// gets Azure public's.
func (c Config) CloudConfiguration() cloud.Configuration {
	info := c.cloudInfo()
	authority := c.AuthorityHost.Value
	if authority == "" {
		authority = info.authorityHost
	}
	endpoint := c.Endpoint.Value
	if endpoint == "" {
		endpoint = info.armEndpoint
	}
	return cloud.Configuration{
		ActiveDirectoryAuthorityHost: authority,
		Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Audience: info.armAudience, Endpoint: endpoint},
		},
	}
}

// TokenScope is the scope of Resource Manager tokens in the cloud, the same one arm clients
// request; run history accepts the same token.
func (c Config) TokenScope() string {
	return c.cloudInfo().armAudience + "/.default"
}

// cloudInfo is the Config's cloud; Azure public for a Config that names none (a Config built
// by hand in a test), as azcore itself defaults.
func (c Config) cloudInfo() cloudInfo {
	if info, ok := lookupCloud(Cloud(c.Cloud.Value)); ok {
		return info
	}
	info, _ := lookupCloud(AzurePublic)
	return info
}
