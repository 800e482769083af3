"""An indicator's series as an SVG drawn on the server: no JavaScript, a title and a description
for screen readers (role="img"), and the same numbers in a table beside it (the template)."""
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

from roadmap.core.i18n import number, sentence_date, table_date

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36
# Presentation attributes, not style: allowed by the strict CSP and kept by WeasyPrint. Contrasts >= 3:1.
COLOURS = {"baseline": "#5c5c5c", "target": "#1a6b30"}
DASHES = {"baseline": "4 4", "target": "8 4"}


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    day: object


def _scale(values):
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.05
    return low - margin, high + margin


def chart_points(indicator, values):
    """The points of the series in SVG coordinates (x by date, y by value). Also what the tests
    read back: each point's value and day."""
    numbers = [v.value for v in values]
    references = [n for n in (indicator.baseline, indicator.target) if n is not None]
    if not numbers:
        return [], None
    low, high = _scale(numbers + references)
    first, last = values[0].measured_on, values[-1].measured_on
    span = max((last - first).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(number):
        return round(TOP + inner_h * (high - number) / (high - low), 2)

    points = []
    for row in values:
        x = LEFT + inner_w * ((row.measured_on - first).days / span if len(values) > 1 else 0.5)
        points.append(Point(round(x, 2), y_of(row.value), row.value, row.measured_on))
    return points, (low, high, y_of)




def chart_svg(indicator, values, chart_id):
    """The SVG (Markup), or an empty string when there is no value yet."""
    points, scale = chart_points(indicator, values)
    if not points:
        return ""
    low, high, y_of = scale
    # The axis is labelled with the lowest and highest numbers shown, not the padded edges.
    shown = [p.value for p in points] + [n for n in (indicator.baseline, indicator.target) if n is not None]
    bottom, top = min(shown), max(shown)
    title = _("%(name)s (%(unit)s)", name=indicator.name, unit=indicator.unit)
    desc = _("%(count)d values from %(first)s to %(last)s: from %(start)s to %(end)s %(unit)s.",
             count=len(points), first=sentence_date(points[0].day), last=sentence_date(points[-1].day),
             start=number(points[0].value), end=number(points[-1].value), unit=indicator.unit)
    if indicator.target is not None:
        desc += " " + _("Target: %(target)s %(unit)s.", target=number(indicator.target), unit=indicator.unit)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="indicator-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
             f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>',
             f'<line class="axis" stroke="#444" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}"/>',
             f'<line class="axis" stroke="#444" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}"/>',
             f'<text class="tick" font-size="12" fill="#333" x="{LEFT - 6}" y="{y_of(top) + 4}" text-anchor="end">{escape(number(top))}</text>',
             f'<text class="tick" font-size="12" fill="#333" x="{LEFT - 6}" y="{y_of(bottom) + 4}" text-anchor="end">{escape(number(bottom))}</text>']
    for css, reference, label in (("baseline", indicator.baseline, _("baseline")),
                                  ("target", indicator.target, _("target"))):
        if reference is not None:
            y = y_of(reference)
            parts.append(f'<line class="{css}" stroke="{COLOURS[css]}" stroke-dasharray="{DASHES[css]}" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>'
                         f'<text class="reference" font-size="12" fill="{COLOURS[css]}" x="{WIDTH - RIGHT}" y="{y - 4}" text-anchor="end">'
                         f'{escape(label)} {escape(number(reference))}</text>')
    parts.append('<polyline class="series" fill="none" stroke="#1f5fa8" stroke-width="2" points="{}"/>'.format(" ".join(f"{p.x},{p.y}" for p in points)))
    for p in points:
        parts.append(f'<circle class="point" fill="#1f5fa8" cx="{p.x}" cy="{p.y}" r="4" data-value="{p.value:g}" '
                     f'data-day="{p.day.isoformat()}"/>')
    parts.append(f'<text class="tick" font-size="12" fill="#333" x="{LEFT}" y="{HEIGHT - 12}">{escape(table_date(points[0].day))}</text>')
    if len(points) > 1:
        parts.append(f'<text class="tick" font-size="12" fill="#333" x="{WIDTH - RIGHT}" y="{HEIGHT - 12}" text-anchor="end">'
                     f'{escape(table_date(points[-1].day))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
