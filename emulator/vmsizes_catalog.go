package emulator

import (
	"math"
	"strings"
)

// vmSize is one VM size of the location's catalogue.
type vmSize struct {
	Name        string
	Family      string // quota family, as the service names it (spaces and all)
	VCPUs       int
	GPUs        int
	MemoryGB    float64
	LowPriority bool // lowPriorityCapable
	Instance    bool // also offered for compute instances, not only clusters
}

// vmFamily is a quota family: its name in vmSizes/quotas and the words usages use for it.
type vmFamily struct {
	Name        string
	Display     string // "Standard DSv2 Family"
	Dedicated   int    // default dedicated vCPU limit in the location
	Generation  string
	PremiumIO   bool
	InfiniBand  bool
	LinuxPerCPU float64 // estimated pay-as-you-go price per vCPU-hour, Linux
	PerGPU      float64 // added per GPU-hour
}

// vmFamilies is the eastus catalogue of families. GPU families carry smaller default quotas,
// and the A100/H100 ones none, as a new subscription has.
func vmFamilies() []vmFamily {
	return []vmFamily{
		{"standardAv2Family", "Standard Av2 Family", 24, "gen1", false, false, 0.040, 0},
		{"standardDv2Family", "Standard Dv2 Family", 24, "gen1", false, false, 0.057, 0},
		{"standardDSv2Family", "Standard DSv2 Family", 48, "gen1", true, false, 0.057, 0},
		{"standardDSv3Family", "Standard DSv3 Family", 24, "gen1", true, false, 0.048, 0},
		{"standardDASv4Family", "Standard DASv4 Family", 24, "gen1", true, false, 0.048, 0},
		{"standardESv3Family", "Standard ESv3 Family", 24, "gen1", true, false, 0.063, 0},
		{"standardFSv2Family", "Standard FSv2 Family", 24, "gen1", true, false, 0.042, 0},
		{"standardNCFamily", "Standard NC Family", 24, "gen1", false, false, 0.050, 0.60},
		{"standardNCSv3Family", "Standard NCSv3 Family", 24, "gen1", true, false, 0.060, 2.60},
		{"Standard NCASv3_T4 Family", "Standard NCASv3_T4 Family", 24, "gen2", true, false, 0.050, 0.33},
		{"StandardNCADSA100v4Family", "Standard NCADSA100v4 Family", 0, "gen2", true, false, 0.060, 3.30},
		{"standardNDSv2Family", "Standard NDSv2 Family", 0, "gen1", true, true, 0.050, 2.60},
		{"Standard NDASv4_A100 Family", "Standard NDASv4_A100 Family", 0, "gen2", true, true, 0.060, 3.40},
		{"standardNVSv3Family", "Standard NVSv3 Family", 12, "gen1", true, false, 0.050, 0.90},
	}
}

// vmSizeCatalogue is every size the emulated location offers.
func vmSizeCatalogue() []vmSize {
	return []vmSize{
		{"Standard_A1_v2", "standardAv2Family", 1, 0, 2, true, true},
		{"Standard_A2_v2", "standardAv2Family", 2, 0, 4, true, true},
		{"Standard_A4_v2", "standardAv2Family", 4, 0, 8, true, true},
		{"Standard_A8_v2", "standardAv2Family", 8, 0, 16, true, true},
		{"Standard_D1_v2", "standardDv2Family", 1, 0, 3.5, true, false},
		{"Standard_D2_v2", "standardDv2Family", 2, 0, 7, true, true},
		{"Standard_D3_v2", "standardDv2Family", 4, 0, 14, true, true},
		{"Standard_D4_v2", "standardDv2Family", 8, 0, 28, true, true},
		{"Standard_D11_v2", "standardDv2Family", 2, 0, 14, true, true},
		{"Standard_D12_v2", "standardDv2Family", 4, 0, 28, true, true},
		{"Standard_DS1_v2", "standardDSv2Family", 1, 0, 3.5, true, false},
		{"Standard_DS2_v2", "standardDSv2Family", 2, 0, 7, true, true},
		{"Standard_DS3_v2", "standardDSv2Family", 4, 0, 14, true, true},
		{"Standard_DS4_v2", "standardDSv2Family", 8, 0, 28, true, true},
		{"Standard_DS5_v2", "standardDSv2Family", 16, 0, 56, true, true},
		{"Standard_DS11_v2", "standardDSv2Family", 2, 0, 14, true, true},
		{"Standard_DS12_v2", "standardDSv2Family", 4, 0, 28, true, true},
		{"Standard_DS13_v2", "standardDSv2Family", 8, 0, 56, true, true},
		{"Standard_DS14_v2", "standardDSv2Family", 16, 0, 112, true, true},
		{"Standard_D2s_v3", "standardDSv3Family", 2, 0, 8, true, true},
		{"Standard_D4s_v3", "standardDSv3Family", 4, 0, 16, true, true},
		{"Standard_D8s_v3", "standardDSv3Family", 8, 0, 32, true, true},
		{"Standard_D16s_v3", "standardDSv3Family", 16, 0, 64, true, true},
		{"Standard_D32s_v3", "standardDSv3Family", 32, 0, 128, true, true},
		{"Standard_D2as_v4", "standardDASv4Family", 2, 0, 8, true, true},
		{"Standard_D4as_v4", "standardDASv4Family", 4, 0, 16, true, true},
		{"Standard_D8as_v4", "standardDASv4Family", 8, 0, 32, true, true},
		{"Standard_D16as_v4", "standardDASv4Family", 16, 0, 64, true, true},
		{"Standard_E2s_v3", "standardESv3Family", 2, 0, 16, true, true},
		{"Standard_E4s_v3", "standardESv3Family", 4, 0, 32, true, true},
		{"Standard_E8s_v3", "standardESv3Family", 8, 0, 64, true, true},
		{"Standard_E16s_v3", "standardESv3Family", 16, 0, 128, true, true},
		{"Standard_E32s_v3", "standardESv3Family", 32, 0, 256, true, true},
		{"Standard_F2s_v2", "standardFSv2Family", 2, 0, 4, true, true},
		{"Standard_F4s_v2", "standardFSv2Family", 4, 0, 8, true, true},
		{"Standard_F8s_v2", "standardFSv2Family", 8, 0, 16, true, true},
		{"Standard_F16s_v2", "standardFSv2Family", 16, 0, 32, true, true},
		{"Standard_F32s_v2", "standardFSv2Family", 32, 0, 64, true, true},
		{"Standard_F72s_v2", "standardFSv2Family", 72, 0, 144, true, true},
		{"Standard_NC6", "standardNCFamily", 6, 1, 56, true, true},
		{"Standard_NC12", "standardNCFamily", 12, 2, 112, true, true},
		{"Standard_NC24", "standardNCFamily", 24, 4, 224, true, true},
		{"Standard_NC6s_v3", "standardNCSv3Family", 6, 1, 112, true, true},
		{"Standard_NC12s_v3", "standardNCSv3Family", 12, 2, 224, true, true},
		{"Standard_NC24s_v3", "standardNCSv3Family", 24, 4, 448, true, true},
		{"Standard_NC24rs_v3", "standardNCSv3Family", 24, 4, 448, true, true},
		{"Standard_NC4as_T4_v3", "Standard NCASv3_T4 Family", 4, 1, 28, true, true},
		{"Standard_NC8as_T4_v3", "Standard NCASv3_T4 Family", 8, 1, 56, true, true},
		{"Standard_NC16as_T4_v3", "Standard NCASv3_T4 Family", 16, 1, 110, true, true},
		{"Standard_NC64as_T4_v3", "Standard NCASv3_T4 Family", 64, 4, 440, false, true},
		{"Standard_NC24ads_A100_v4", "StandardNCADSA100v4Family", 24, 1, 220, true, true},
		{"Standard_NC48ads_A100_v4", "StandardNCADSA100v4Family", 48, 2, 440, true, true},
		{"Standard_NC96ads_A100_v4", "StandardNCADSA100v4Family", 96, 4, 880, true, true},
		{"Standard_ND40rs_v2", "standardNDSv2Family", 40, 8, 672, true, true},
		{"Standard_ND96asr_v4", "Standard NDASv4_A100 Family", 96, 8, 900, false, true},
		{"Standard_NV12s_v3", "standardNVSv3Family", 12, 1, 112, true, true},
		{"Standard_NV24s_v3", "standardNVSv3Family", 24, 2, 224, true, true},
		{"Standard_NV48s_v3", "standardNVSv3Family", 48, 4, 448, true, true},
	}
}

// lookupVMSize finds a size case-insensitively (the service upper-cases sizes it returns).
func lookupVMSize(name string) (vmSize, bool) {
	for _, s := range vmSizeCatalogue() {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return vmSize{}, false
}

// lookupFamily finds a family by its quota name, case-insensitively.
func lookupFamily(name string) (vmFamily, bool) {
	for _, f := range vmFamilies() {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return vmFamily{}, false
}

// usageName is the family's words in usage and quota names: "Standard DSv2 Family Cluster Dedicated vCPUs".
func (f vmFamily) usageName(priority string) string {
	return f.Display + " Cluster " + priority + " vCPUs"
}

// price rounds an estimated hourly price to cents.
func price(v float64) float64 { return math.Round(v*100) / 100 }
