package compute

import "testing"

func TestStateHealth(t *testing.T) {
	for _, tc := range []struct {
		classify func(string) Health
		state    string
		want     Health
	}{
		{ProvisioningHealth, "Succeeded", HealthOK},
		{ProvisioningHealth, "succeeded", HealthOK},
		{ProvisioningHealth, "Creating", HealthTransitional},
		{ProvisioningHealth, "Updating", HealthTransitional},
		{ProvisioningHealth, "Deleting", HealthTransitional},
		{ProvisioningHealth, "Provisioning", HealthTransitional},
		{ProvisioningHealth, "Failed", HealthFailed},
		{ProvisioningHealth, "Canceled", HealthFailed},
		{ProvisioningHealth, "Unknown", HealthUnknown},
		{ProvisioningHealth, "", HealthUnknown},
		{AllocationHealth, "Steady", HealthOK},
		{AllocationHealth, "Resizing", HealthTransitional},
		{AllocationHealth, "", HealthUnknown},
		{InstanceHealth, "Running", HealthOK},
		{InstanceHealth, "JobRunning", HealthOK},
		{InstanceHealth, "Creating", HealthTransitional},
		{InstanceHealth, "Deleting", HealthTransitional},
		{InstanceHealth, "Restarting", HealthTransitional},
		{InstanceHealth, "SettingUp", HealthTransitional},
		{InstanceHealth, "Starting", HealthTransitional},
		{InstanceHealth, "Stopping", HealthTransitional},
		{InstanceHealth, "UserSettingUp", HealthTransitional},
		{InstanceHealth, "CreateFailed", HealthFailed},
		{InstanceHealth, "SetupFailed", HealthFailed},
		{InstanceHealth, "UserSetupFailed", HealthFailed},
		{InstanceHealth, "Unusable", HealthFailed},
		{InstanceHealth, "Stopped", HealthStopped},
		{InstanceHealth, "Unknown", HealthUnknown},
	} {
		if got := tc.classify(tc.state); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.state, got, tc.want)
		}
	}
}

func TestKindOf(t *testing.T) {
	for in, want := range map[string]Kind{
		"AmlCompute": KindCluster, "ComputeInstance": KindInstance, "VirtualMachine": KindVM,
		"HDInsight": KindHDInsight, "Databricks": KindDatabricks, "DataLakeAnalytics": KindDataLake,
		"Kubernetes": KindKubernetes, "SynapseSpark": KindSynapse, "AKS": KindAKS,
		"DataFactory": KindDataFactory, "amlcompute": KindCluster, "BatchAI": KindOther, "": KindOther,
	} {
		if got := KindOf(in); got != want {
			t.Errorf("KindOf(%q) = %q, want %q", in, got, want)
		}
	}
}
