package ui

import (
	"sort"
	"strconv"
	"strings"

	"github.com/amlconsole/amlconsole/ui/common"
	"github.com/amlconsole/amlconsole/workspace"
)

// headerView renders the two header lines: where (workspace, resource group, subscription,
// region) and who/how (identity or auth mode, ARM read budget, READ-ONLY).
func (m *model) headerView() string {
	s := m.common.Styles
	field := func(label, value string) string {
		if value == "" {
			value = "?"
		}
		return s.HeaderLabel.Render(label+" ") + s.HeaderValue.Render(value)
	}
	sep := s.HeaderLabel.Render(" · ")
	cfg := m.cfg
	line1 := strings.Join([]string{
		field("ws", cfg.Workspace.Value),
		field("rg", cfg.ResourceGroup.Value),
		field("sub", shortSubscription(cfg.Subscription.Value)),
		field("region", m.region),
	}, sep)

	who := field("identity", m.deps.Identity)
	if m.deps.Identity == "" {
		who = field("auth", m.deps.AuthMode)
	}
	reads := "–"
	if m.rate.Reads >= 0 {
		reads = strconv.Itoa(m.rate.Reads)
	}
	name := "amlconsole"
	if m.deps.Version != "" {
		name += " " + m.deps.Version
	}
	line2 := strings.Join([]string{s.Title.Render(name), who, field("ARM reads left", reads)}, sep)
	if m.readOnly {
		line2 += "  " + s.ReadOnlyBadge.Render(" READ-ONLY ")
	}
	return common.Fit(line1, m.width) + "\n" + common.Fit(line2, m.width)
}

// shortSubscription keeps a subscription id recognisable in little space: the first group
// and the last four characters of the GUID.
func shortSubscription(id string) string {
	if len(id) <= 16 {
		return id
	}
	first := id
	if i := strings.IndexByte(id, '-'); i > 0 {
		first = id[:i]
	} else {
		first = id[:8]
	}
	return first + "…" + id[len(id)-4:]
}

// bannerLines are the non-blocking warnings under the header: a device-code sign-in waiting
// for the user, and a lost connection.
func (m *model) bannerLines() []string {
	var lines []string
	s := m.common.Styles
	if p := m.prompt; p != nil {
		text := "⚠ sign in: " + oneLine(p.Message)
		if p.URL != "" && p.Code != "" {
			text = "⚠ sign in: open " + p.URL + " and enter the code " + p.Code
		}
		lines = append(lines, common.Fit(s.Banner.Render(text), m.width))
	}
	if conn, ok := m.failingConnection(); ok {
		text := "⚠ connection problem: " + oneLine(conn.Err.Error())
		if conn.RetryAfter > 0 {
			text += " — retrying in " + conn.RetryAfter.String()
		} else {
			text += " — retrying"
		}
		text += "; data shown may be stale"
		lines = append(lines, common.Fit(s.Banner.Render(text), m.width))
	}
	return lines
}

// failingConnection is the state of a watcher whose polls fail, the first by watcher name so
// the banner does not flicker between two failing watchers.
func (m *model) failingConnection() (workspace.ConnectionState, bool) {
	var names []string
	for name, c := range m.conns {
		if c.Err != nil {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return workspace.ConnectionState{}, false
	}
	sort.Strings(names)
	return m.conns[names[0]], true
}

// oneLine joins a multi-line message for a one-line slot.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
