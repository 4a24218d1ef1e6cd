package compute

import (
	"strings"
	"testing"
)

// Attach payloads in the documented shape, carrying secrets the console must never show.
const (
	vmAttach = `{"name":"vm1","location":"eastus","properties":{"computeType":"VirtualMachine",
	 "resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1","isAttachedCompute":true,
	 "properties":{"address":"10.1.2.3","sshPort":22,"virtualMachineSize":"Standard_DS3_v2",
	  "administratorAccount":{"username":"azureuser","password":"S3cret-VM-Passw0rd!",
	   "publicKeyData":"ssh-rsa AAAAB3NzaPUBLIC user@host","privateKeyData":"-----BEGIN RSA PRIVATE KEY-----MIIEsecretKEYDATA"}}}}`
	hdiAttach = `{"name":"hdi","properties":{"computeType":"HDInsight",
	 "resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.HDInsight/clusters/hdi",
	 "properties":{"address":"hdi-ssh.azurehdinsight.net","sshPort":22,"administratorAccount":{"username":"sshuser","password":"HdiSecretPass#1"}}}}`
	databricksAttach = `{"name":"dbx","properties":{"computeType":"Databricks",
	 "resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbx",
	 "properties":{"databricksAccessToken":"dapiSECRETTOKEN0123456789","workspaceUrl":"https://adb-1.azuredatabricks.net"}}}`
	dataLakeAttach = `{"name":"adla","properties":{"computeType":"DataLakeAnalytics",
	 "resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataLakeAnalytics/accounts/adla",
	 "properties":{"dataLakeStoreAccountName":"adlsaccount"}}}`
	synapseAttach = `{"name":"syn","identity":{"type":"UserAssigned","userAssignedIdentities":{
	  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1":{"principalId":"pid-1","clientId":"cid-1"}}},
	 "properties":{"computeType":"SynapseSpark","properties":{"poolName":"pool1","nodeSize":"Medium","nodeCount":3,
	  "autoScaleProperties":{"enabled":true,"minNodeCount":3,"maxNodeCount":10},"autoPauseProperties":{"enabled":true,"delayInMinutes":15}}}}`
	aksAttach = `{"name":"aks","properties":{"computeType":"AKS","properties":{"agentCount":3,"clusterFqdn":"aks.eastus.azmk8s.io",
	  "sslConfiguration":{"status":"Enabled","cert":"-----BEGIN CERTIFICATE-----PUBLICCERT","key":"-----BEGIN PRIVATE KEY-----AKSSECRETKEY","cname":"ml.contoso.com"}}}}`
	kubernetesSecrets = `{"name":"k8s","properties":{"computeType":"Kubernetes","properties":{"namespace":"default",
	  "relayConnectionString":"Endpoint=sb://relay/;SharedAccessKey=RELAYSECRET","serviceBusConnectionString":"Endpoint=sb://bus/;SharedAccessKey=BUSSECRET"}}}`
	clusterSecrets = `{"name":"c1","properties":{"computeType":"AmlCompute","properties":{"vmSize":"STANDARD_DS3_V2",
	  "userAccountCredentials":{"adminUserName":"clusteradmin","adminUserPassword":"ClusterPassw0rd!","adminUserSshPublicKey":"ssh-rsa AAAAPUBLICCLUSTER"}}}}`
	instanceSecrets = `{"name":"ci1","properties":{"computeType":"ComputeInstance","properties":{
	  "sshSettings":{"adminPublicKey":"ssh-rsa AAAAPUBLICINSTANCE","sshPublicAccess":"Enabled"},
	  "applications":[{"displayName":"Logs","endpointUri":"https://acct.blob.core.windows.net/c/log.txt?sv=2021-08-06&sr=b&sig=SASSIGNATURE123&se=2030-01-01"}],
	  "customServices":[{"name":"svc","environmentVariables":{"API_TOKEN":{"type":"local","value":"ENVSECRETVALUE"},"MODE":{"type":"local","value":"fast"}}}]}}}`
)

// secretValues are every secret in the payloads above; none may appear in any output.
func secretValues() []string {
	return []string{
		"S3cret-VM-Passw0rd!", "MIIEsecretKEYDATA", "HdiSecretPass#1", "dapiSECRETTOKEN0123456789", "AKSSECRETKEY",
		"RELAYSECRET", "BUSSECRET", "ClusterPassw0rd!", "SASSIGNATURE123", "ENVSECRETVALUE",
		"user kube config", "admin kube config",
	}
}

func assertNoSecrets(t *testing.T, out string) {
	t.Helper()
	for _, s := range secretValues() {
		if strings.Contains(out, s) {
			t.Errorf("secret %q leaked:\n%s", s, out)
		}
	}
}

func TestResourceOutputsRedactSecrets(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		keep []string // non-secret values that must survive
	}{
		"vm":         {vmAttach, []string{"ssh-rsa AAAAB3NzaPUBLIC user@host", "username: azureuser", "password: \"***\"", "address: 10.1.2.3"}},
		"hdinsight":  {hdiAttach, []string{"sshuser"}},
		"databricks": {databricksAttach, []string{"databricksAccessToken: \"***\"", "https://adb-1.azuredatabricks.net"}},
		"datalake":   {dataLakeAttach, []string{"adlsaccount"}},
		"aks":        {aksAttach, []string{"PUBLICCERT", "ml.contoso.com"}},
		"kubernetes": {kubernetesSecrets, []string{"namespace: default"}},
		"cluster":    {clusterSecrets, []string{"clusteradmin", "ssh-rsa AAAAPUBLICCLUSTER"}},
		"instance":   {instanceSecrets, []string{"ssh-rsa AAAAPUBLICINSTANCE", "sig=***&se=2030", "value: fast"}},
	} {
		t.Run(name, func(t *testing.T) {
			r := decodeCompute(t, []byte(tc.body))
			y, err := ResourceYAML(r)
			if err != nil {
				t.Fatal(err)
			}
			j, err := ResourceJSON(r)
			if err != nil {
				t.Fatal(err)
			}
			for _, out := range []string{string(y), string(j), describeText(Describe(r))} {
				assertNoSecrets(t, out)
			}
			for _, k := range tc.keep {
				if !strings.Contains(string(y), k) {
					t.Errorf("YAML lost %q:\n%s", k, y)
				}
			}
			if name != "datalake" && !strings.Contains(string(j), `"***"`) {
				t.Errorf("JSON has no redaction mark:\n%s", j)
			}
		})
	}
}

func TestRedactListKeys(t *testing.T) {
	body := readExample(t, "Compute/listKeys.json").Responses["200"].Body
	tree, err := RedactJSON(body)
	if err != nil {
		t.Fatal(err)
	}
	y, err := MarshalYAML(tree)
	if err != nil {
		t.Fatal(err)
	}
	assertNoSecrets(t, string(y))
	for _, keep := range []string{"computeType: AKS", "imagePullSecretName: the image pull secret name", "userKubeConfig: \"***\""} {
		if !strings.Contains(string(y), keep) {
			t.Errorf("missing %q in\n%s", keep, y)
		}
	}
}

func TestIsSecretKey(t *testing.T) {
	for k, want := range map[string]bool{
		"password": true, "adminUserPassword": true, "privateKeyData": true, "databricksAccessToken": true,
		"relayConnectionString": true, "userKubeConfig": true, "key": true, "primaryKey": true, "clientSecret": true,
		"sasToken": true, "sasUri": true,
		"publicKeyData": false, "adminPublicKey": false, "adminUserSshPublicKey": false, "imagePullSecretName": false,
		"adminUserName": false, "username": false, "keyVaultId": false, "name": false, "sshPort": false, "cert": false,
	} {
		if got := IsSecretKey(k); got != want {
			t.Errorf("IsSecretKey(%q) = %v, want %v", k, got, want)
		}
	}
}

func TestResourceOutputsOfNil(t *testing.T) {
	if _, err := ResourceYAML(nil); err == nil {
		t.Error("ResourceYAML(nil) succeeded")
	}
	if _, err := ResourceJSON(nil); err == nil {
		t.Error("ResourceJSON(nil) succeeded")
	}
}

func TestErrorMessagesHideSASSignatures(t *testing.T) {
	r := decodeCompute(t, []byte(`{"name":"c","properties":{"computeType":"AmlCompute","provisioningState":"Failed",
	  "provisioningErrors":[{"error":{"code":"SetupFailed","message":"could not read https://a.blob.core.windows.net/x?sv=1&sig=SASSIGNATURE123 (403)"}}]}}`))
	s := Summarize(r)
	assertNoSecrets(t, s.FirstError)
	if s.FirstError != "SetupFailed: could not read https://a.blob.core.windows.net/x?sv=1&sig=*** (403)" {
		t.Errorf("FirstError = %q", s.FirstError)
	}
	assertNoSecrets(t, describeText(Describe(r)))
}
