package compute

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// jsonEqual compares two JSON documents by value.
func jsonEqual(t *testing.T, what string, got any, want []byte) {
	t.Helper()
	gotRaw, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(gotRaw, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s\n got %s\nwant %s", what, gotRaw, want)
	}
}

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"abc", "cpu-cluster", "gpu1", "cpu-cluster-a1", "A-b-C", "abcdefghijklmnopqrstuvwx"} {
		if errs := CheckName("name", ok); errs != nil {
			t.Errorf("%q refused: %v", ok, errs)
		}
	}
	for name, rules := range map[string][]string{
		"":                          {RuleRequired},
		"ab":                        {RuleLength},
		"abcdefghijklmnopqrstuvwxy": {RuleLength},
		"1abc":                      {RuleStart},
		"-abc":                      {RuleStart},
		"cpu_cluster":               {RuleCharacters},
		"cpu cluster":               {RuleCharacters},
		"cpu-cluster-1":             {RuleTrailing},
		"ab-12":                     {RuleTrailing},
		"9-1":                       {RuleStart, RuleTrailing},
	} {
		var got []string
		for _, e := range CheckName("name", name) {
			if e.Field != "name" || e.Message == "" {
				t.Errorf("%q: %+v", name, e)
			}
			got = append(got, e.Rule)
		}
		if !reflect.DeepEqual(got, rules) {
			t.Errorf("%q: rules %v, want %v", name, got, rules)
		}
	}
}

func validCluster() ClusterSpec {
	return ClusterSpec{Name: "cpu-cluster", VMSize: "STANDARD_DS3_V2", MinNodes: 0, MaxNodes: 4}
}

const userIdentity = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1"

func TestClusterSpecValidate(t *testing.T) {
	if errs := validCluster().Validate(); errs != nil {
		t.Fatalf("valid spec refused: %v", errs)
	}
	const password = "Sup3r-Secret-Pass!"
	for name, tc := range map[string]struct {
		edit  func(*ClusterSpec)
		field string
		rule  string
	}{
		"bad name":         {func(s *ClusterSpec) { s.Name = "cpu-cluster-1" }, "name", RuleTrailing},
		"no size":          {func(s *ClusterSpec) { s.VMSize = "" }, "vmSize", RuleRequired},
		"priority":         {func(s *ClusterSpec) { s.Priority = "Spot" }, "priority", RuleEnum},
		"negative min":     {func(s *ClusterSpec) { s.MinNodes = -1 }, "minNodes", RuleRange},
		"zero max":         {func(s *ClusterSpec) { s.MaxNodes = 0 }, "maxNodes", RuleRange},
		"huge max":         {func(s *ClusterSpec) { s.MaxNodes = 1 << 40 }, "maxNodes", RuleRange},
		"min above max":    {func(s *ClusterSpec) { s.MinNodes = 5 }, "minNodes", RuleMinMax},
		"negative idle":    {func(s *ClusterSpec) { s.IdleTimeBeforeScaleDown = -time.Second }, "idleTimeBeforeScaleDown", RuleRange},
		"fractional idle":  {func(s *ClusterSpec) { s.IdleTimeBeforeScaleDown = 1500 * time.Millisecond }, "idleTimeBeforeScaleDown", RuleFormat},
		"identity type":    {func(s *ClusterSpec) { s.Identity.Type = "Managed" }, "identity.type", RuleEnum},
		"both identities":  {func(s *ClusterSpec) { s.Identity = IdentitySpec{"SystemAssigned,UserAssigned", []string{userIdentity}} }, "identity.type", RuleConflict},
		"ids without user": {func(s *ClusterSpec) { s.Identity = IdentitySpec{"SystemAssigned", []string{userIdentity}} }, "identity.userAssignedIds", RuleConflict},
		"user without ids": {func(s *ClusterSpec) { s.Identity.Type = "UserAssigned" }, "identity.userAssignedIds", RuleRequired},
		"bad identity id":  {func(s *ClusterSpec) { s.Identity = IdentitySpec{"UserAssigned", []string{"id1"}} }, "identity.userAssignedIds", RuleFormat},
		"duplicate identity": {func(s *ClusterSpec) {
			s.Identity = IdentitySpec{"UserAssigned", []string{userIdentity, strings.ToUpper(userIdentity)}}
		}, "identity.userAssignedIds", RuleDuplicate},
		"os":                 {func(s *ClusterSpec) { s.OSType = "Mac" }, "osType", RuleEnum},
		"password no user":   {func(s *ClusterSpec) { s.AdminPassword = password }, "adminUserName", RuleRequired},
		"user no credential": {func(s *ClusterSpec) { s.AdminUserName = "azureuser" }, "adminPassword", RuleRequired},
		"private key pasted": {func(s *ClusterSpec) {
			s.AdminUserName, s.SSHPublicKey = "u", "-----BEGIN OPENSSH PRIVATE KEY-----"+password
		}, "sshPublicKey", RuleFormat},
		"not a key":           {func(s *ClusterSpec) { s.AdminUserName, s.SSHPublicKey = "u", password }, "sshPublicKey", RuleFormat},
		"port access value":   {func(s *ClusterSpec) { s.RemoteLoginPortPublicAccess = "Open" }, "remoteLoginPortPublicAccess", RuleEnum},
		"port open no user":   {func(s *ClusterSpec) { s.RemoteLoginPortPublicAccess = "Enabled" }, "remoteLoginPortPublicAccess", RuleConflict},
		"subnet":              {func(s *ClusterSpec) { s.Subnet = "my-subnet" }, "subnet", RuleFormat},
		"password in message": {func(s *ClusterSpec) { s.Name, s.AdminPassword = "x", password }, "name", RuleLength},
	} {
		t.Run(name, func(t *testing.T) {
			s := validCluster()
			tc.edit(&s)
			errs := s.Validate()
			found := false
			for _, e := range errs {
				if e.Field == tc.field && e.Rule == tc.rule {
					found = true
				}
				if strings.Contains(e.Error(), password) {
					t.Errorf("error repeats the secret: %v", e)
				}
				if e.Message == "" || !strings.HasPrefix(e.Error(), e.Field+": ") {
					t.Errorf("bad error %+v", e)
				}
			}
			if !found {
				t.Errorf("want %s/%s, got %v", tc.field, tc.rule, errs)
			}
		})
	}
	ok := validCluster()
	ok.AdminUserName, ok.SSHPublicKey, ok.RemoteLoginPortPublicAccess = "azureuser", "ssh-ed25519 AAAAC3Nz user@host", "enabled"
	ok.Identity = IdentitySpec{Type: "userassigned", UserAssignedIDs: []string{userIdentity}}
	ok.Subnet = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default"
	ok.Priority, ok.OSType, ok.IdleTimeBeforeScaleDown = "lowpriority", "Windows", 2*time.Minute
	if errs := ok.Validate(); errs != nil {
		t.Errorf("valid spec with every option refused: %v", errs)
	}
}

func TestClusterSpecToARMMatchesRecordedCreate(t *testing.T) {
	var body string
	for _, e := range readRecording(t, "New-AzMLWorkspaceCompute.Recording.json") {
		if e.Method == "PUT" {
			body = e.ReqBody
		}
	}
	yes := true
	spec := ClusterSpec{Name: "aml03", Location: "eastus", VMSize: "STANDARD_DS3_V2", MaxNodes: 8, OSType: "Linux",
		RemoteLoginPortPublicAccess: "NotSpecified", EnableNodePublicIP: &yes}
	if errs := spec.Validate(); errs != nil {
		t.Fatal(errs)
	}
	jsonEqual(t, "recorded create", spec.ToARM(), []byte(body))

	example := readExample(t, "Compute/createOrUpdate/AmlCompute.json").Parameters["parameters"]
	spec = ClusterSpec{Name: "compute123", Location: "eastus", Description: "some compute", MinNodes: 4, MaxNodes: 4,
		IdleTimeBeforeScaleDown: 5 * time.Minute}
	jsonEqual(t, "example create", spec.ToARM(), example)
}

func TestClusterSpecToARMCarriesEverything(t *testing.T) {
	spec := ClusterSpec{Name: "gpu", Location: "westeurope", VMSize: "Standard_NC6", Priority: "lowpriority", MinNodes: 1, MaxNodes: 3,
		IdleTimeBeforeScaleDown: 90 * time.Minute, Identity: IdentitySpec{"UserAssigned", []string{userIdentity}}, OSType: "linux",
		AdminUserName: "azureuser", AdminPassword: "pw", SSHPublicKey: "ssh-rsa AAAA", RemoteLoginPortPublicAccess: "Disabled",
		Subnet: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s", Tags: map[string]string{"team": "ml"}}
	jsonEqual(t, "full cluster", spec.ToARM(), []byte(`{"location":"westeurope","tags":{"team":"ml"},
	  "identity":{"type":"UserAssigned","userAssignedIdentities":{"`+userIdentity+`":{}}},
	  "properties":{"computeType":"AmlCompute","properties":{"vmSize":"Standard_NC6","vmPriority":"LowPriority","osType":"Linux",
	    "scaleSettings":{"minNodeCount":1,"maxNodeCount":3,"nodeIdleTimeBeforeScaleDown":"PT1H30M"},
	    "userAccountCredentials":{"adminUserName":"azureuser","adminUserPassword":"pw","adminUserSshPublicKey":"ssh-rsa AAAA"},
	    "remoteLoginPortPublicAccess":"Disabled","subnet":{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"}}}}`))
}

func TestScaleSpec(t *testing.T) {
	s := ScaleSpec{MinNodes: 4, MaxNodes: 4, IdleTimeBeforeScaleDown: 5 * time.Minute}
	if errs := s.Validate(); errs != nil {
		t.Fatal(errs)
	}
	jsonEqual(t, "patch example", s.ToARM(), readExample(t, "Compute/patch.json").Parameters["parameters"])
	errs := ScaleSpec{MinNodes: 3, MaxNodes: 2, IdleTimeBeforeScaleDown: -time.Minute}.Validate()
	if len(errs) != 2 || errs[0].Rule != RuleMinMax || errs[1].Rule != RuleRange {
		t.Errorf("%v", errs)
	}
}

func TestInstanceSpec(t *testing.T) {
	minimal := InstanceSpec{Name: "compute123", Location: "eastus", VMSize: "STANDARD_NC6"}
	if errs := minimal.Validate(); errs != nil {
		t.Fatal(errs)
	}
	jsonEqual(t, "minimal example", minimal.ToARM(), readExample(t, "Compute/createOrUpdate/ComputeInstanceMinimal.json").Parameters["parameters"])

	personal := InstanceSpec{Name: "compute123", Location: "eastus", VMSize: "STANDARD_NC6", ApplicationSharingPolicy: "Personal",
		SSHPublicAccess: "Disabled", AssignedUserObjectID: "00000000-0000-0000-0000-000000000000", AssignedUserTenantID: "00000000-0000-0000-0000-000000000000"}
	if errs := personal.Validate(); errs != nil {
		t.Fatal(errs)
	}
	var example map[string]any
	if err := json.Unmarshal(readExample(t, "Compute/createOrUpdate/ComputeInstanceWithSchedules.json").Parameters["parameters"], &example); err != nil {
		t.Fatal(err)
	}
	delete(example["properties"].(map[string]any)["properties"].(map[string]any), "schedules")
	withoutSchedules, _ := json.Marshal(example)
	jsonEqual(t, "personal example", personal.ToARM(), withoutSchedules)

	for name, tc := range map[string]struct {
		edit        func(*InstanceSpec)
		field, rule string
	}{
		"name":            {func(s *InstanceSpec) { s.Name = "ci" }, "name", RuleLength},
		"size":            {func(s *InstanceSpec) { s.VMSize = "" }, "vmSize", RuleRequired},
		"ssh value":       {func(s *InstanceSpec) { s.SSHPublicAccess = "On" }, "sshPublicAccess", RuleEnum},
		"ssh without key": {func(s *InstanceSpec) { s.SSHPublicAccess = "Enabled" }, "sshPublicKey", RuleRequired},
		"bad key":         {func(s *InstanceSpec) { s.SSHPublicKey = "AAAA" }, "sshPublicKey", RuleFormat},
		"sharing":         {func(s *InstanceSpec) { s.ApplicationSharingPolicy = "Public" }, "applicationSharingPolicy", RuleEnum},
		"half user":       {func(s *InstanceSpec) { s.AssignedUserObjectID = "00000000-0000-0000-0000-000000000000" }, "assignedUser", RuleRequired},
		"user guid": {func(s *InstanceSpec) {
			s.AssignedUserObjectID, s.AssignedUserTenantID = "me", "00000000-0000-0000-0000-000000000000"
		}, "assignedUser", RuleFormat},
		"identity ids": {func(s *InstanceSpec) {
			s.Identity = IdentitySpec{Type: "None", UserAssignedIDs: []string{userIdentity}}
		}, "identity.userAssignedIds", RuleConflict},
		"subnet": {func(s *InstanceSpec) {
			s.Subnet = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"
		}, "subnet", RuleFormat},
	} {
		s := minimal
		tc.edit(&s)
		errs := s.Validate()
		if len(errs) != 1 || errs[0].Field != tc.field || errs[0].Rule != tc.rule {
			t.Errorf("%s: %v", name, errs)
		}
	}
	both := minimal
	both.Identity = IdentitySpec{Type: "SystemAssigned, UserAssigned", UserAssignedIDs: []string{userIdentity}}
	both.SSHPublicAccess, both.SSHPublicKey = "enabled", "ssh-rsa AAAA u@h"
	if errs := both.Validate(); errs != nil {
		t.Errorf("instance with both identities and SSH refused: %v", errs)
	}
	jsonEqual(t, "instance with identity and ssh", both.ToARM(), []byte(`{"location":"eastus",
	  "identity":{"type":"SystemAssigned,UserAssigned","userAssignedIdentities":{"`+userIdentity+`":{}}},
	  "properties":{"computeType":"ComputeInstance","properties":{"vmSize":"STANDARD_NC6",
	    "sshSettings":{"sshPublicAccess":"Enabled","adminPublicKey":"ssh-rsa AAAA u@h"}}}}`))
}

func TestFormatISODurationOf(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                                "PT0S",
		2 * time.Minute:                  "PT2M",
		90 * time.Minute:                 "PT1H30M",
		26 * time.Hour:                   "P1DT2H",
		72 * time.Hour:                   "P3D",
		45 * time.Second:                 "PT45S",
		500 * time.Millisecond:           "PT0.5S",
		time.Hour + time.Minute + 1500e6: "PT1H1M1.5S",
		15*time.Minute + 30*time.Second:  "PT15M30S",
	} {
		got := FormatISODurationOf(d)
		if got != want {
			t.Errorf("FormatISODurationOf(%v) = %q, want %q", d, got, want)
		}
		if back, err := ParseISODuration(got); err != nil || back != d {
			t.Errorf("round trip of %v: %v %v", d, back, err)
		}
	}
}

func TestParseIdleTime(t *testing.T) {
	for in, want := range map[string]time.Duration{"15m": 15 * time.Minute, "1h30m": 90 * time.Minute, "PT15M": 15 * time.Minute, " p1d ": 24 * time.Hour} {
		if got, err := ParseIdleTime(in); err != nil || got != want {
			t.Errorf("ParseIdleTime(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "soon", "P1M", "15"} {
		if _, err := ParseIdleTime(bad); err == nil {
			t.Errorf("ParseIdleTime(%q) succeeded", bad)
		}
	}
}

func TestTagRules(t *testing.T) {
	many := map[string]string{}
	for i := range 51 {
		many[fmt.Sprintf("t%d", i)] = "v"
	}
	for name, tc := range map[string]struct {
		tags map[string]string
		rule string
	}{
		"too many":   {many, RuleRange},
		"empty name": {map[string]string{" ": "v"}, RuleRequired},
		"long name":  {map[string]string{strings.Repeat("n", 513): "v"}, RuleLength},
		"characters": {map[string]string{"a/b": "v"}, RuleCharacters},
		"long value": {map[string]string{"team": strings.Repeat("v", 257)}, RuleLength},
	} {
		c := validCluster()
		c.Tags = tc.tags
		errs := c.Validate()
		if len(errs) != 1 || errs[0].Field != "tags" || errs[0].Rule != tc.rule {
			t.Errorf("cluster %s: %v", name, errs)
		}
		i := InstanceSpec{Name: "ci-one", VMSize: "STANDARD_DS3_V2", Tags: tc.tags}
		if errs := i.Validate(); len(errs) != 1 || errs[0].Rule != tc.rule {
			t.Errorf("instance %s: %v", name, errs)
		}
	}
	c := validCluster()
	c.Tags = map[string]string{"team": "ml", "cost-center": strings.Repeat("v", 256)}
	if errs := c.Validate(); errs != nil {
		t.Errorf("valid tags refused: %v", errs)
	}
}
