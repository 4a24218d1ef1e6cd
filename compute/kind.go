package compute

import "strings"

// KindOf returns the Kind of an ARM computeType, case-insensitively; unknown types are
// KindOther.
func KindOf(computeType string) Kind {
	for _, e := range []struct {
		computeType string
		kind        Kind
	}{
		{"AmlCompute", KindCluster},
		{"ComputeInstance", KindInstance},
		{"VirtualMachine", KindVM},
		{"HDInsight", KindHDInsight},
		{"Databricks", KindDatabricks},
		{"DataLakeAnalytics", KindDataLake},
		{"Kubernetes", KindKubernetes},
		{"SynapseSpark", KindSynapse},
		{"AKS", KindAKS},
		{"DataFactory", KindDataFactory},
	} {
		if strings.EqualFold(e.computeType, computeType) {
			return e.kind
		}
	}
	return KindOther
}
