// Package runs holds the job (run) domain: statuses, their meaning, filters and summaries.
// It never imports Bubble Tea.
package runs
