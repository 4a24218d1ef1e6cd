package pager

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapIndentedKeepsIndentAndCharacters(t *testing.T) {
	id := "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/providers/Microsoft.MachineLearningServices/workspaces/demo-ws/computes/ci-alice"
	text := "name: ci-alice\n  properties:\n    id: " + id + "\n    message: Operation could not be completed as it results in exceeding approved quota."
	lines := wrapIndented(text, 40)
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
	var idLines []string
	for i, l := range lines {
		if strings.HasPrefix(l, "    id: ") {
			idLines = append(idLines, strings.TrimPrefix(l, "    id: "))
			for _, c := range lines[i+1:] {
				if !strings.HasPrefix(c, "      ") {
					break
				}
				idLines = append(idLines, strings.TrimPrefix(c, "      "))
			}
		}
	}
	if got := strings.Join(idLines, ""); got != id {
		t.Errorf("the wrapped id does not join back to the original:\n%s\n%s", got, id)
	}
	if lines[0] != "name: ci-alice" || lines[1] != "  properties:" {
		t.Errorf("short lines changed: %q", lines[:2])
	}
}
