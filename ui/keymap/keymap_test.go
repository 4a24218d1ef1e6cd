package keymap

import (
	"testing"

	"charm.land/bubbles/v2/key"
)

// TestNoClashes checks that the keys one page listens to never overlap: the compute list's
// (global, list, sort, compute actions) and the details page's (global, scroll, actions).
func TestNoClashes(t *testing.T) {
	k := DefaultKeyMap()
	g := []key.Binding{k.Global.Quit, k.Global.ForceQuit, k.Global.Help, k.Global.Command, k.Global.Filter, k.Global.Back, k.Global.Refresh}
	c := []key.Binding{k.Compute.Describe, k.Compute.YAML, k.Compute.Nodes, k.Compute.Jobs}
	list := append(append(append(append([]key.Binding{}, g...), c...),
		k.List.Up, k.List.Down, k.List.PageUp, k.List.PageDown, k.List.Top, k.List.Bottom, k.List.Open),
		k.Sort.Name, k.Sort.Kind, k.Sort.State, k.Sort.Size, k.Sort.Nodes, k.Sort.Priority, k.Sort.Identity, k.Sort.Age)
	details := append(append(append([]key.Binding{}, g...), c[1:]...),
		k.Scroll.Up, k.Scroll.Down, k.Scroll.PageUp, k.Scroll.PageDown, k.Scroll.HalfUp, k.Scroll.HalfDown, k.Scroll.Top, k.Scroll.Bottom, k.Scroll.Left, k.Scroll.Right)
	for name, set := range map[string][]key.Binding{"list": list, "details": details} {
		owner := map[string]string{}
		for _, b := range set {
			for _, key := range b.Keys() {
				if prev, dup := owner[key]; dup {
					t.Errorf("%s: key %q is bound to both %q and %q", name, key, prev, b.Help().Desc)
				}
				owner[key] = b.Help().Desc
			}
			if b.Help().Key == "" || b.Help().Desc == "" {
				t.Errorf("%s: binding %v has no help", name, b.Keys())
			}
		}
	}
}
