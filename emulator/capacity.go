package emulator

// Owned by the compute half of the emulator: node claims by jobs (see world.go). Placeholder
// bodies so the package builds while both halves are written.

func (w *world) claimNodes(compute, job string, count int) error { return nil }

func (w *world) grantedNodes(compute, job string) (nodes []nodeGrant, preempted bool) {
	return nil, false
}

func (w *world) releaseNodes(compute, job string) {}
