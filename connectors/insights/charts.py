"""Small SVG charts rendered on the server: no script, no library, readable at a glance.

Each chart is an <svg role="img"> with a title and a one-sentence summary for screen readers;
the pages also show the same numbers in a table, so nothing is only in the picture. Colours
have at least 3:1 contrast against white (WCAG 1.4.11); text inside is at least 12 px.
"""
from __future__ import annotations

import itertools
from typing import Callable, Optional, Sequence

from markupsafe import Markup, escape

BAR = "#1f5f8b"
ACCENT = "#8a4b08"
TEXT = "#1a1a1a"
GRID = "#6b6b6b"
_ids = itertools.count(1)


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u00a0") if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def bar_chart(rows: Sequence[tuple[str, float]], title: str, summary: str,
              value_label: Callable[[float], str] = _fmt, width: int = 640) -> Markup:
    """Horizontal bars, one per row (label, value), largest value = full width."""
    chart_id = f"chart-{next(_ids)}"
    label_width, bar_height, gap = 270, 22, 8
    height = max(1, len(rows)) * (bar_height + gap) + gap
    biggest = max((value for _, value in rows), default=0) or 1
    room = width - label_width - 90
    parts = [f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
             f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet">',
             f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(summary)}</desc>']
    for n, (label, value) in enumerate(rows):
        y = gap + n * (bar_height + gap)
        length = max(1.0, room * value / biggest) if value else 0
        shown = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
                     f'fill="{TEXT}" font-size="13">{escape(shown)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{BAR}"/>')
        parts.append(f'<text x="{label_width + length + 6:.1f}" y="{y + bar_height * 0.7:.1f}" fill="{TEXT}" '
                     f'font-size="13">{escape(value_label(value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(columns: Sequence[tuple[str, float]], title: str, summary: str,
                 line: Optional[Sequence[Optional[float]]] = None, line_label: str = "",
                 width: int = 720, height: int = 220) -> Markup:
    """Vertical columns (label, value) with an optional line of shares (0-1) on a right-hand axis:
    conversations per week with first-contact resolution, say."""
    chart_id = f"chart-{next(_ids)}"
    left, right, top, bottom = 48, 48, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    biggest = max((value for _, value in columns), default=0) or 1
    step = plot_w / max(1, len(columns))
    parts = [f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
             f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet">',
             f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(summary)}</desc>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{GRID}"/>',
             f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" font-size="12" fill="{TEXT}">{_fmt(biggest)}</text>',
             f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="12" fill="{TEXT}">0</text>']
    label_every = max(1, round(len(columns) / 8))
    for n, (label, value) in enumerate(columns):
        h = plot_h * value / biggest
        x = left + n * step
        parts.append(f'<rect x="{x + step * 0.12:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.76:.1f}" '
                     f'height="{h:.1f}" fill="{BAR}"/>')
        if n % label_every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 12}" text-anchor="middle" font-size="12" '
                         f'fill="{TEXT}">{escape(label)}</text>')
    if line:
        points = [(left + n * step + step / 2, top + plot_h * (1 - share))
                  for n, share in enumerate(line) if share is not None]
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="3"/>')
            parts.append(f'<text x="{left + plot_w + 6}" y="{top + 10}" font-size="12" fill="{ACCENT}">100 %</text>')
            parts.append(f'<text x="{left + plot_w + 6}" y="{top + plot_h}" font-size="12" fill="{ACCENT}">0 %</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(values: Sequence[int], label: str, width: int = 120, height: int = 28) -> Markup:
    """A tiny weekly trend; `label` says the same in words (for screen readers and tooltips)."""
    biggest = max(values, default=0) or 1
    step = width / max(1, len(values))
    bars = "".join(
        f'<rect x="{n * step + 1:.1f}" y="{height - (height - 2) * v / biggest:.1f}" width="{step - 2:.1f}" '
        f'height="{(height - 2) * v / biggest:.1f}" fill="{BAR}"/>'
        for n, v in enumerate(values))
    return Markup(f'<svg class="sparkline" role="img" aria-label="{escape(label)}" width="{width}" height="{height}" '
                  f'viewBox="0 0 {width} {height}"><title>{escape(label)}</title>'
                  f'<line x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" stroke="{GRID}"/>{bars}</svg>')
