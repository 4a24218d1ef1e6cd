package compute

import "strings"

// KindOf returns the Kind of an ARM computeType, case-insensitively; unknown types are
// KindOther.
func KindOf(computeType string) Kind {
	switch strings.ToLower(computeType) {
	case "amlcompute":
		return KindCluster
	case "computeinstance":
		return KindInstance
	case "virtualmachine":
		return KindVM
	case "hdinsight":
		return KindHDInsight
	case "databricks":
		return KindDatabricks
	case "datalakeanalytics":
		return KindDataLake
	case "kubernetes":
		return KindKubernetes
	case "synapsespark":
		return KindSynapse
	case "aks":
		return KindAKS
	case "datafactory":
		return KindDataFactory
	}
	return KindOther
}
