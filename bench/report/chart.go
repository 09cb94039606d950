package main

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// chart draws acks/s (left) and p99 latency (right) for every load cell as horizontal bars, one
// bar per server, each cell scaled to its own largest value so a 16 KiB cell reads as well as a
// 64-byte one; the figure is printed at the end of each bar.
func chart(details []detail) string {
	const (
		labelW, panelW, gap   = 230.0, 300.0, 90.0
		barH, barGap, cellGap = 14.0, 3.0, 16.0
		top                   = 48.0
	)
	colours := []string{"#2f6db5", "#8a8a8a", "#d9822b"}
	var rows strings.Builder
	y := top
	for _, d := range details {
		sides := d.sides()
		maxRate, maxP99 := 0.0, 0.0
		for _, s := range sides {
			maxRate = math.Max(maxRate, zero(s.rate))
			maxP99 = math.Max(maxP99, zero(s.p99))
		}
		cellH := float64(len(sides))*(barH+barGap) - barGap
		fmt.Fprintf(&rows, `<text x="8" y="%.1f" class="cell">%s</text>`+"\n", y+cellH/2+4, html.EscapeString(d.sc.name))
		for i, s := range sides {
			by := y + float64(i)*(barH+barGap)
			fmt.Fprintf(&rows, `<text x="%.1f" y="%.1f" class="who">%s</text>`+"\n", labelW-6, by+barH-3, html.EscapeString(d.name(i)))
			bar(&rows, labelW, by, barH, panelW, zero(s.rate), maxRate, colours[i], count(s.rate)+"/s")
			bar(&rows, labelW+panelW+gap, by, barH, panelW, zero(s.p99), maxP99, colours[i], micros(s.p99))
		}
		y += cellH + cellGap
	}
	width := labelW + 2*panelW + gap + 80
	var out strings.Builder
	fmt.Fprintf(&out, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" font-family="sans-serif" font-size="11">`+"\n", width, y+8)
	out.WriteString(`<style>.cell{font-weight:bold}.who{text-anchor:end;fill:#333}.v{fill:#222}.h{font-weight:bold;font-size:13px}</style>` + "\n")
	fmt.Fprintf(&out, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&out, `<text x="%.1f" y="20" class="h">acks/s (more is better)</text>`+"\n", labelW)
	fmt.Fprintf(&out, `<text x="%.1f" y="20" class="h">p99 latency (less is better)</text>`+"\n", labelW+panelW+gap)
	fmt.Fprintf(&out, `<text x="%.1f" y="36" fill="#555">each cell scaled to its own largest value; medians</text>`+"\n", labelW)
	out.WriteString(rows.String())
	out.WriteString("</svg>\n")
	return out.String()
}

func bar(out *strings.Builder, x, y, h, w, v, max float64, colour, text string) {
	length := 0.0
	if max > 0 {
		length = w * v / max
	}
	fmt.Fprintf(out, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`+"\n", x, y, length, h, colour)
	fmt.Fprintf(out, `<text x="%.1f" y="%.1f" class="v">%s</text>`+"\n", x+length+4, y+h-3, html.EscapeString(text))
}

func zero(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}
