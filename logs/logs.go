// Package logs tails run logs incrementally with HTTP range reads. It never imports Bubble Tea.
package logs
