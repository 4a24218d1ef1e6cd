package emulator

// familyQuota is one VM family's vCPU limits in the location.
type familyQuota struct {
	Family      string
	Dedicated   int
	LowPriority int
}

func defaultQuotas() map[string]familyQuota { return map[string]familyQuota{} }
