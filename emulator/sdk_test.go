package emulator

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// sdkTestToken is a credential that always returns the same token: the emulator checks that a
// bearer token is present, not who issued it.
type sdkTestToken struct{}

func (sdkTestToken) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: "emulator-test-token", ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// sdkOptions points the real ARM clients (compute, jobs, ...) at the emulator.
func sdkOptions(s *Server) *arm.ClientOptions {
	ep := s.Info().Endpoint
	return &arm.ClientOptions{ClientOptions: policy.ClientOptions{
		Cloud: cloud.Configuration{
			ActiveDirectoryAuthorityHost: ep + "/",
			Services:                     map[cloud.ServiceName]cloud.ServiceConfiguration{cloud.ResourceManager: {Endpoint: ep, Audience: ep}},
		},
		Transport:                       s.HTTPClient(),
		InsecureAllowCredentialWithHTTP: !strings.HasPrefix(ep, "https://"),
		Retry:                           policy.RetryOptions{MaxRetries: -1},
	}, DisableRPRegistration: true}
}

// computePoll polls LROs quickly; the emulator, like the recordings, sends no Retry-After.
func computePoll() *runtime.PollUntilDoneOptions {
	return &runtime.PollUntilDoneOptions{Frequency: 20 * time.Millisecond}
}

func TestSDKOverHTTP(t *testing.T)  { t.Parallel(); testSDK(t, false) }
func TestSDKOverHTTPS(t *testing.T) { t.Parallel(); testSDK(t, true) }

// testSDK drives every compute, workspace and location route with armmachinelearning/v4.
func testSDK(t *testing.T, useTLS bool) {
	s := startComputeEmulator(t, Options{Seed: "empty", TLS: useTLS, Speed: 200})
	if useTLS != strings.HasPrefix(s.Info().Endpoint, "https://") || useTLS != (s.Info().CAFile != "") {
		t.Fatalf("Info %+v does not match TLS=%v", s.Info(), useTLS)
	}
	s.world.mu.Lock()
	s.world.listPageSize = 2
	s.world.mu.Unlock()
	ctx := context.Background()
	info := s.Info()
	factory, err := armmachinelearning.NewClientFactory(info.Subscription, sdkTestToken{}, sdkOptions(s))
	if err != nil {
		t.Fatal(err)
	}

	ws, err := factory.NewWorkspacesClient().Get(ctx, info.ResourceGroup, info.Workspace, nil)
	if err != nil {
		t.Fatalf("Workspaces.Get: %v", err)
	}
	if got := *ws.Properties.DiscoveryURL; got != info.Endpoint+discoveryPath {
		t.Errorf("discoveryUrl = %s, want %s", got, info.Endpoint+discoveryPath)
	}
	for name, pager := range map[string]*runtime.Pager[armmachinelearning.WorkspacesClientListByResourceGroupResponse]{
		"by resource group": factory.NewWorkspacesClient().NewListByResourceGroupPager(info.ResourceGroup, nil),
	} {
		page, err := pager.NextPage(ctx)
		if err != nil || len(page.Value) != 1 || *page.Value[0].Name != info.Workspace {
			t.Errorf("workspaces %s: %v %+v", name, err, page.Value)
		}
	}
	subPage, err := factory.NewWorkspacesClient().NewListBySubscriptionPager(nil).NextPage(ctx)
	if err != nil || len(subPage.Value) != 1 {
		t.Errorf("workspaces by subscription: %v %+v", err, subPage.Value)
	}

	computes := factory.NewComputeClient()
	create := func(name string, props armmachinelearning.ComputeClassification, identity *armmachinelearning.ManagedServiceIdentity) armmachinelearning.ComputeResource {
		t.Helper()
		poller, err := computes.BeginCreateOrUpdate(ctx, info.ResourceGroup, info.Workspace, name,
			armmachinelearning.ComputeResource{Location: to.Ptr(info.Location), Properties: props, Identity: identity}, nil)
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		res, err := poller.PollUntilDone(ctx, computePoll())
		if err != nil {
			t.Fatalf("create %s: polling: %v", name, err)
		}
		return res.ComputeResource
	}
	rg := "/subscriptions/" + info.Subscription + "/resourceGroups/" + info.ResourceGroup + "/providers/"

	cluster := create("sdk-cluster", &armmachinelearning.AmlCompute{Properties: &armmachinelearning.AmlComputeProperties{
		VMSize: to.Ptr("Standard_DS3_v2"), VMPriority: to.Ptr(armmachinelearning.VMPriorityDedicated),
		ScaleSettings: &armmachinelearning.ScaleSettings{MinNodeCount: to.Ptr[int32](1), MaxNodeCount: to.Ptr[int32](3)},
	}}, &armmachinelearning.ManagedServiceIdentity{Type: to.Ptr(armmachinelearning.ManagedServiceIdentityTypeSystemAssigned)})
	if got := *cluster.Properties.GetCompute().ProvisioningState; got != armmachinelearning.ProvisioningStateSucceeded {
		t.Errorf("cluster provisioningState = %s", got)
	}
	if cluster.Identity == nil || cluster.Identity.PrincipalID == nil {
		t.Errorf("cluster identity not returned: %+v", cluster.Identity)
	}
	create("sdk-instance", &armmachinelearning.ComputeInstance{Properties: &armmachinelearning.ComputeInstanceProperties{
		VMSize: to.Ptr("Standard_DS3_v2"),
	}}, nil)
	create("sdk-vm", &armmachinelearning.VirtualMachine{ResourceID: to.Ptr(rg + "Microsoft.Compute/virtualMachines/vm1"),
		Properties: &armmachinelearning.VirtualMachineSchemaProperties{Address: to.Ptr("10.0.0.9"), SSHPort: to.Ptr[int32](22),
			AdministratorAccount: &armmachinelearning.VirtualMachineSSHCredentials{Username: to.Ptr("azureuser"), Password: to.Ptr("vm-secret-1")}}}, nil)
	create("sdk-hdi", &armmachinelearning.HDInsight{ResourceID: to.Ptr(rg + "Microsoft.HDInsight/clusters/hdi1"),
		Properties: &armmachinelearning.HDInsightProperties{Address: to.Ptr("hdi1-ssh.azurehdinsight.net"),
			AdministratorAccount: &armmachinelearning.VirtualMachineSSHCredentials{Username: to.Ptr("sshuser"), Password: to.Ptr("hdi-secret-1")}}}, nil)
	create("sdk-databricks", &armmachinelearning.Databricks{ResourceID: to.Ptr(rg + "Microsoft.Databricks/workspaces/adb1"),
		Properties: &armmachinelearning.DatabricksProperties{DatabricksAccessToken: to.Ptr("dapi-secret-1")}}, nil)
	create("sdk-datalake", &armmachinelearning.DataLakeAnalytics{ResourceID: to.Ptr(rg + "Microsoft.DataLakeAnalytics/accounts/adla1"),
		Properties: &armmachinelearning.DataLakeAnalyticsSchemaProperties{DataLakeStoreAccountName: to.Ptr("adls1")}}, nil)
	create("sdk-kubernetes", &armmachinelearning.Kubernetes{ResourceID: to.Ptr(rg + "Microsoft.ContainerService/managedClusters/aks1"),
		Properties: &armmachinelearning.KubernetesProperties{Namespace: to.Ptr("default")}}, nil)
	create("sdk-synapse", &armmachinelearning.SynapseSpark{ResourceID: to.Ptr(rg + "Microsoft.Synapse/workspaces/syn1/bigDataPools/pool1"),
		Properties: &armmachinelearning.SynapseSparkProperties{PoolName: to.Ptr("pool1"), NodeCount: to.Ptr[int32](3)}}, nil)

	got, err := computes.Get(ctx, info.ResourceGroup, info.Workspace, "sdk-vm", nil)
	if err != nil {
		t.Fatalf("Get sdk-vm: %v", err)
	}
	vm, ok := got.Properties.(*armmachinelearning.VirtualMachine)
	if !ok || vm.Properties.AdministratorAccount.Password != nil || *vm.Properties.AdministratorAccount.Username != "azureuser" {
		t.Errorf("GET of an attached VM must name the user and never the password: %+v", vm.Properties.AdministratorAccount)
	}

	var names []string
	pager := computes.NewListPager(info.ResourceGroup, info.Workspace, nil)
	pages := 0
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			t.Fatalf("list computes: %v", err)
		}
		pages++
		for _, c := range page.Value {
			names = append(names, *c.Name)
		}
	}
	if len(names) != 8 || pages != 4 {
		t.Errorf("list computes: %d names over %d pages (page size 2), want 8 over 4: %v", len(names), pages, names)
	}

	keys, err := computes.ListKeys(ctx, info.ResourceGroup, info.Workspace, "sdk-vm", nil)
	if err != nil {
		t.Fatalf("ListKeys: %v", err)
	}
	if vk, ok := keys.ComputeSecretsClassification.(*armmachinelearning.VirtualMachineSecrets); !ok || *vk.AdministratorAccount.Password != "vm-secret-1" {
		t.Errorf("ListKeys of the VM: %+v", keys.ComputeSecretsClassification)
	}
	dk, err := computes.ListKeys(ctx, info.ResourceGroup, info.Workspace, "sdk-databricks", nil)
	if err != nil {
		t.Fatalf("ListKeys databricks: %v", err)
	}
	if d, ok := dk.ComputeSecretsClassification.(*armmachinelearning.DatabricksComputeSecrets); !ok || *d.DatabricksAccessToken != "dapi-secret-1" {
		t.Errorf("ListKeys of Databricks: %+v", dk.ComputeSecretsClassification)
	}

	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	locked(s, func(w *world) bool { w.listPageSize = 1; return true })
	patchThroughPipeline(t, s, `{"properties":{"properties":{"scaleSettings":{"minNodeCount":2,"maxNodeCount":3}}}}`, "sdk-cluster")
	waitFor("two nodes listed over two pages", func() bool {
		pager := computes.NewListNodesPager(info.ResourceGroup, info.Workspace, "sdk-cluster", nil)
		n := 0
		for pager.More() {
			page, err := pager.NextPage(ctx)
			if err != nil {
				t.Fatalf("listNodes pages: %v", err)
			}
			n += len(page.Nodes)
		}
		return n == 2
	})
	locked(s, func(w *world) bool { w.listPageSize = 0; return true })
	patchThroughPipeline(t, s, `{"properties":{"properties":{"scaleSettings":{"minNodeCount":1,"maxNodeCount":3}}}}`, "sdk-cluster")
	waitFor("the cluster's minimum node", func() bool {
		page, err := computes.NewListNodesPager(info.ResourceGroup, info.Workspace, "sdk-cluster", nil).NextPage(ctx)
		return err == nil && len(page.Nodes) == 1 && *page.Nodes[0].NodeState == armmachinelearning.NodeStateIdle
	})

	// The v4 SDK accepts only 200 for PATCH while the service answers 202 (see
	// azure-ml-api.md): the SDK reports an error, and a raw request through the same pipeline
	// with a poller over Azure-AsyncOperation succeeds.
	_, err = computes.BeginUpdate(ctx, info.ResourceGroup, info.Workspace, "sdk-cluster", armmachinelearning.ClusterUpdateParameters{
		Properties: &armmachinelearning.ClusterUpdateProperties{Properties: &armmachinelearning.ScaleSettingsInformation{
			ScaleSettings: &armmachinelearning.ScaleSettings{MaxNodeCount: to.Ptr[int32](5), MinNodeCount: to.Ptr[int32](0)}}}}, nil)
	var respErr *azcore.ResponseError
	if !errors.As(err, &respErr) || respErr.StatusCode != http.StatusAccepted {
		t.Errorf("SDK BeginUpdate: got %v, want the SDK's error about the service's 202", err)
	}
	waitFor("the SDK's PATCH to settle", func() bool {
		got, err := computes.Get(ctx, info.ResourceGroup, info.Workspace, "sdk-cluster", nil)
		return err == nil && *got.Properties.GetCompute().ProvisioningState == armmachinelearning.ProvisioningStateSucceeded
	})
	patchThroughPipeline(t, s, `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":5,"minNodeCount":0}}}}`, "sdk-cluster")
	got, err = computes.Get(ctx, info.ResourceGroup, info.Workspace, "sdk-cluster", nil)
	if err != nil {
		t.Fatal(err)
	}
	if ss := got.Properties.(*armmachinelearning.AmlCompute).Properties.ScaleSettings; *ss.MaxNodeCount != 5 || *ss.MinNodeCount != 0 {
		t.Errorf("after PATCH: scale settings %d..%d, want 0..5", *ss.MinNodeCount, *ss.MaxNodeCount)
	}

	for _, step := range []struct {
		name  string
		begin func() (func() error, error)
		state armmachinelearning.ComputeInstanceState
	}{
		{"stop", func() (func() error, error) {
			p, err := computes.BeginStop(ctx, info.ResourceGroup, info.Workspace, "sdk-instance", nil)
			return func() error { _, err := p.PollUntilDone(ctx, computePoll()); return err }, err
		}, armmachinelearning.ComputeInstanceStateStopped},
		{"start", func() (func() error, error) {
			p, err := computes.BeginStart(ctx, info.ResourceGroup, info.Workspace, "sdk-instance", nil)
			return func() error { _, err := p.PollUntilDone(ctx, computePoll()); return err }, err
		}, armmachinelearning.ComputeInstanceStateRunning},
		{"restart", func() (func() error, error) {
			p, err := computes.BeginRestart(ctx, info.ResourceGroup, info.Workspace, "sdk-instance", nil)
			return func() error { _, err := p.PollUntilDone(ctx, computePoll()); return err }, err
		}, armmachinelearning.ComputeInstanceStateRunning},
	} {
		wait, err := step.begin()
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if err := wait(); err != nil {
			t.Fatalf("%s: polling: %v", step.name, err)
		}
		got, err := computes.Get(ctx, info.ResourceGroup, info.Workspace, "sdk-instance", nil)
		if err != nil {
			t.Fatal(err)
		}
		if st := *got.Properties.(*armmachinelearning.ComputeInstance).Properties.State; st != step.state {
			t.Errorf("after %s: state %s, want %s", step.name, st, step.state)
		}
	}

	sizes, err := factory.NewVirtualMachineSizesClient().List(ctx, info.Location, nil)
	if err != nil || len(sizes.Value) < 20 {
		t.Fatalf("VM sizes: %v (%d sizes)", err, len(sizes.Value))
	}
	usages, err := factory.NewUsagesClient().NewListPager(info.Location, nil).NextPage(ctx)
	if err != nil {
		t.Fatalf("usages: %v", err)
	}
	foundDSv2 := false
	for _, u := range usages.Value {
		if *u.ID == "/subscriptions/"+info.Subscription+"/usages/Standard_DSv2_Family_Cluster_Dedicated_vCPUs" {
			foundDSv2 = *u.CurrentValue >= 4 // the instance's 4 vCPUs (plus the cluster's node while it stays)
		}
	}
	if !foundDSv2 {
		t.Errorf("usages do not count the DSv2 cores in use: %+v", usages.Value)
	}
	quotas, err := factory.NewQuotasClient().NewListPager(info.Location, nil).NextPage(ctx)
	if err != nil || len(quotas.Value) == 0 {
		t.Fatalf("quotas: %v", err)
	}
	upd, err := factory.NewQuotasClient().Update(ctx, info.Location, armmachinelearning.QuotaUpdateParameters{Value: []*armmachinelearning.QuotaBaseProperties{{
		ID: to.Ptr(s.world.workspaceID() + "/quotas/standardDSv2Family"), Type: to.Ptr("Microsoft.MachineLearningServices/workspaces/quotas"),
		Limit: to.Ptr[int64](40), Unit: to.Ptr(armmachinelearning.QuotaUnitCount)}}}, nil)
	if err != nil || len(upd.Value) != 1 || *upd.Value[0].Status != armmachinelearning.StatusSuccess {
		t.Errorf("quota update: %v %+v", err, upd.Value)
	}

	for name, action := range map[string]armmachinelearning.UnderlyingResourceAction{
		"sdk-cluster": armmachinelearning.UnderlyingResourceActionDelete, "sdk-instance": armmachinelearning.UnderlyingResourceActionDelete,
		"sdk-vm": armmachinelearning.UnderlyingResourceActionDetach, "sdk-kubernetes": armmachinelearning.UnderlyingResourceActionDetach,
	} {
		p, err := computes.BeginDelete(ctx, info.ResourceGroup, info.Workspace, name, action, nil)
		if err != nil {
			t.Fatalf("delete %s: %v", name, err)
		}
		if _, err := p.PollUntilDone(ctx, computePoll()); err != nil {
			t.Fatalf("delete %s: polling: %v", name, err)
		}
		if _, err := computes.Get(ctx, info.ResourceGroup, info.Workspace, name, nil); !errors.As(err, &respErr) || respErr.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s after delete: %v, want 404", name, err)
		}
	}
}

// patchThroughPipeline sends a PATCH through the azcore pipeline and polls it with an azcore
// Poller over Azure-AsyncOperation, as the console does.
func patchThroughPipeline(t *testing.T, s *Server, body, name string) {
	t.Helper()
	ctx := context.Background()
	client, err := arm.NewClient("amlconsole-test", "v0.0.1", sdkTestToken{}, sdkOptions(s))
	if err != nil {
		t.Fatal(err)
	}
	req, err := runtime.NewRequest(ctx, http.MethodPatch, s.Info().Endpoint+s.world.computeID(name)+"?api-version=2024-04-01")
	if err != nil {
		t.Fatal(err)
	}
	if err := req.SetBody(streamingBody(body), "application/json"); err != nil {
		t.Fatal(err)
	}
	resp, err := client.Pipeline().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusAccepted || resp.Header.Get("Azure-AsyncOperation") == "" {
		t.Fatalf("PATCH: %d, Azure-AsyncOperation %q; want 202 with the header", resp.StatusCode, resp.Header.Get("Azure-AsyncOperation"))
	}
	poller, err := runtime.NewPoller[armmachinelearning.ComputeClientUpdateResponse](resp, client.Pipeline(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := poller.PollUntilDone(ctx, computePoll()); err != nil {
		t.Fatalf("PATCH polling: %v", err)
	}
}
