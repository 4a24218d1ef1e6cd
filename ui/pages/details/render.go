package details

import (
	"strings"

	"github.com/amlconsole/amlconsole/compute"
	"github.com/amlconsole/amlconsole/ui/styles"
	"github.com/charmbracelet/x/ansi"
)

// maxLabelWidth caps the label column so a long label does not push every value right.
const maxLabelWidth = 22

// render lays out Describe's sections for width: a title per section, then label/value lines
// with values wrapped inside their column. Error sections come first (Describe's order) and
// are styled as errors; values are printed verbatim.
func render(s styles.Styles, sections []compute.Section, width int) string {
	labelWidth := 0
	for _, sec := range sections {
		for _, f := range sec.Fields {
			labelWidth = max(labelWidth, ansi.StringWidth(f.Label))
		}
	}
	labelWidth = min(labelWidth, maxLabelWidth)
	valueCol := 2 + labelWidth + 2
	valueWidth := max(20, width-valueCol)
	indent := strings.Repeat(" ", valueCol)

	var b strings.Builder
	for i, sec := range sections {
		if i > 0 {
			b.WriteByte('\n')
		}
		title, value := s.SectionTitle, s.Value
		if strings.HasPrefix(sec.Title, "Error ") {
			title, value = s.ErrorValue, s.ErrorValue
		}
		b.WriteString(title.Render(sec.Title))
		b.WriteByte('\n')
		for _, f := range sec.Fields {
			b.WriteString("  ")
			b.WriteString(s.Label.Render(f.Label))
			lw := ansi.StringWidth(f.Label)
			if lw > labelWidth {
				// An over-long label gets its own line; the value starts in the column below.
				b.WriteByte('\n')
				b.WriteString(indent)
			} else {
				b.WriteString(strings.Repeat(" ", labelWidth-lw+2))
			}
			lines := strings.Split(ansi.Wrap(f.Value, valueWidth, " /-,"), "\n")
			for j, line := range lines {
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
