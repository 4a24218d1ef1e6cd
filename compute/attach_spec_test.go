package compute

import (
	"fmt"
	"strings"
	"testing"
)

const (
	vmID         = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"
	hdiID        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.HDInsight/clusters/hdi"
	dbxID        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbx"
	adlaID       = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.DataLakeAnalytics/accounts/adla"
	attachSecret = "Att4ch-S3cret-Value"
)

func TestAttachSpecToARM(t *testing.T) {
	for name, tc := range map[string]struct {
		spec AttachSpec
		want string
	}{
		"vm": {AttachSpec{Kind: KindVM, Name: "vm1", ResourceID: vmID, Address: "10.1.2.3", SSHPort: 2222, Username: "azureuser",
			PrivateKey: "-----BEGIN OPENSSH PRIVATE KEY-----x", PublicKey: "ssh-rsa AAAA"},
			`{"properties":{"computeType":"VirtualMachine","resourceId":"` + vmID + `","properties":{"address":"10.1.2.3","sshPort":2222,
			  "administratorAccount":{"username":"azureuser","privateKeyData":"-----BEGIN OPENSSH PRIVATE KEY-----x","publicKeyData":"ssh-rsa AAAA"}}}}`},
		"hdinsight": {AttachSpec{Kind: KindHDInsight, Name: "hdi", ResourceID: hdiID, Username: "sshuser", Password: "pw", Description: "spark"},
			`{"properties":{"computeType":"HDInsight","description":"spark","resourceId":"` + hdiID + `","properties":{
			  "administratorAccount":{"username":"sshuser","password":"pw"}}}}`},
		"databricks": {AttachSpec{Kind: KindDatabricks, Name: "dbx", ResourceID: dbxID, AccessToken: "dapi1", WorkspaceURL: "https://adb-1.azuredatabricks.net"},
			`{"properties":{"computeType":"Databricks","resourceId":"` + dbxID + `","properties":{"databricksAccessToken":"dapi1","workspaceUrl":"https://adb-1.azuredatabricks.net"}}}`},
		"datalake": {AttachSpec{Kind: KindDataLake, Name: "adla", ResourceID: adlaID, DataLakeStoreAccountName: "adlsaccount"},
			`{"properties":{"computeType":"DataLakeAnalytics","resourceId":"` + adlaID + `","properties":{"dataLakeStoreAccountName":"adlsaccount"}}}`},
	} {
		t.Run(name, func(t *testing.T) {
			if errs := tc.spec.Validate(); errs != nil {
				t.Fatal(errs)
			}
			jsonEqual(t, name, tc.spec.ToARM(), []byte(tc.want))
		})
	}
}

func TestAttachSpecValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		spec        AttachSpec
		field, rule string
	}{
		"kind":             {AttachSpec{Kind: KindCluster, Name: "abc"}, "kind", RuleEnum},
		"name":             {AttachSpec{Kind: KindDataLake, Name: "adla-1", ResourceID: adlaID, DataLakeStoreAccountName: "abc"}, "name", RuleTrailing},
		"no id":            {AttachSpec{Kind: KindDataLake, Name: "adla", DataLakeStoreAccountName: "abc"}, "resourceId", RuleRequired},
		"bad id":           {AttachSpec{Kind: KindDataLake, Name: "adla", ResourceID: "adla", DataLakeStoreAccountName: "abc"}, "resourceId", RuleFormat},
		"wrong provider":   {AttachSpec{Kind: KindDataLake, Name: "adla", ResourceID: vmID, DataLakeStoreAccountName: "abc"}, "resourceId", RuleConflict},
		"no user":          {AttachSpec{Kind: KindVM, Name: "vm1", ResourceID: vmID, Password: attachSecret}, "username", RuleRequired},
		"no secret":        {AttachSpec{Kind: KindHDInsight, Name: "hdi", ResourceID: hdiID, Username: "u"}, "password", RuleRequired},
		"port":             {AttachSpec{Kind: KindVM, Name: "vm1", ResourceID: vmID, Username: "u", Password: attachSecret, SSHPort: 70000}, "sshPort", RuleRange},
		"public as secret": {AttachSpec{Kind: KindVM, Name: "vm1", ResourceID: vmID, Username: "u", PrivateKey: "ssh-rsa " + attachSecret}, "privateKey", RuleFormat},
		"bad public key":   {AttachSpec{Kind: KindVM, Name: "vm1", ResourceID: vmID, Username: "u", Password: "p", PublicKey: attachSecret}, "publicKey", RuleFormat},
		"no token":         {AttachSpec{Kind: KindDatabricks, Name: "dbx", ResourceID: dbxID}, "accessToken", RuleRequired},
		"bad url":          {AttachSpec{Kind: KindDatabricks, Name: "dbx", ResourceID: dbxID, AccessToken: attachSecret, WorkspaceURL: "http://x"}, "workspaceUrl", RuleFormat},
		"no account":       {AttachSpec{Kind: KindDataLake, Name: "adla", ResourceID: adlaID}, "dataLakeStoreAccountName", RuleRequired},
		"bad account":      {AttachSpec{Kind: KindDataLake, Name: "adla", ResourceID: adlaID, DataLakeStoreAccountName: "My_Account"}, "dataLakeStoreAccountName", RuleFormat},
		"token on a vm":    {AttachSpec{Kind: KindVM, Name: "vm1", ResourceID: vmID, Username: "u", Password: "p", AccessToken: attachSecret}, "accessToken", RuleConflict},
		"password on dbx":  {AttachSpec{Kind: KindDatabricks, Name: "dbx", ResourceID: dbxID, AccessToken: "t", Password: attachSecret}, "password", RuleConflict},
		"account on hdi":   {AttachSpec{Kind: KindHDInsight, Name: "hdi", ResourceID: hdiID, Username: "u", Password: "p", DataLakeStoreAccountName: "abc"}, "dataLakeStoreAccountName", RuleConflict},
	} {
		t.Run(name, func(t *testing.T) {
			errs := tc.spec.Validate()
			if len(errs) != 1 || errs[0].Field != tc.field || errs[0].Rule != tc.rule {
				t.Errorf("want only %s/%s, got %v", tc.field, tc.rule, errs)
			}
			for _, e := range errs {
				if strings.Contains(e.Error(), attachSecret) {
					t.Errorf("message repeats a secret: %v", e)
				}
			}
		})
	}
}

func TestSpecsNeverPrintSecrets(t *testing.T) {
	specs := []any{
		AttachSpec{Kind: KindVM, Name: "vm1", Username: "u", Password: attachSecret, PrivateKey: attachSecret + "key"},
		AttachSpec{Kind: KindDatabricks, AccessToken: attachSecret},
		ClusterSpec{Name: "c", AdminUserName: "u", AdminPassword: attachSecret},
	}
	for _, s := range specs {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, s)
			if strings.Contains(out, attachSecret) || !strings.Contains(out, Redacted) {
				t.Errorf("%s of %T: %s", verb, s, out)
			}
		}
		if out := fmt.Sprintf("%v", []any{s, &s}); strings.Contains(out, attachSecret) {
			t.Errorf("nested: %s", out)
		}
	}
}
