package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
)

func resizeMsg(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// TestGoldenScreens snapshots the compute list and a compute's details (the failed cluster:
// errors first) at 80×24 and 120×40, as the virtual terminal shows them. Refresh with
// go test ./ui -run TestGoldenScreens -update.
func TestGoldenScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("list-%dx%d", w, h), func(t *testing.T) {
			sp := startScreen(t, w, h)
			golden.RequireEqual(t, sp.settled("Computes (7)", "jiajicompute1", "region eastus2euap", "ARM reads left 11999"))
		})
		t.Run(fmt.Sprintf("details-%dx%d", w, h), func(t *testing.T) {
			sp := startScreen(t, w, h)
			sp.waitText("Computes (7)", "region eastus2euap")
			sp.key("/")
			sp.typeText("gpu-broken")
			sp.key("enter")
			sp.waitText("Computes (1 of 7)")
			sp.key("enter")
			golden.RequireEqual(t, sp.settled("Compute gpu-broken · Cluster", "QuotaExceeded", "ARM reads left 11999"))
		})
	}
}
