package details

import (
	"strings"

	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/styles"
	"github.com/charmbracelet/x/ansi"
)

// render lays out Describe's sections: a title per section, then aligned label/value lines.
// Error sections come first (Describe's order) and are styled as errors; values are printed
// verbatim, multi-line values indented under their label.
func render(s styles.Styles, sections []compute.Section) string {
	labelWidth := 0
	for _, sec := range sections {
		for _, f := range sec.Fields {
			labelWidth = max(labelWidth, ansi.StringWidth(f.Label))
		}
	}
	var b strings.Builder
	for i, sec := range sections {
		if i > 0 {
			b.WriteByte('\n')
		}
		isError := strings.HasPrefix(sec.Title, "Error ")
		title, value := s.SectionTitle, s.Value
		if isError {
			title, value = s.ErrorValue, s.ErrorValue
		}
		b.WriteString(title.Render(sec.Title))
		b.WriteByte('\n')
		indent := strings.Repeat(" ", labelWidth+4)
		for _, f := range sec.Fields {
			label := f.Label + strings.Repeat(" ", labelWidth-ansi.StringWidth(f.Label))
			b.WriteString("  ")
			b.WriteString(s.Label.Render(label))
			b.WriteString("  ")
			for j, line := range strings.Split(f.Value, "\n") {
				if j > 0 {
					b.WriteByte('\n')
					b.WriteString(indent)
				}
				b.WriteString(value.Render(line))
			}
			b.WriteByte('\n')
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
