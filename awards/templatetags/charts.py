"""Bar charts drawn as SVG on the server: no script, and the figures stay in a table beside
them for screen readers and for copying (the chart is an image labelled by its heading)."""

import textwrap

from django import template
from django.utils.formats import number_format

register = template.Library()

# The viewBox's width, and the longest bar's (room left for its figure): the chart scales to its
# column, up to a width (static/css/site.css) where its labels are the text's size.
WIDTH, BAR_SPACE = 320, 220
STACKED_WIDTH, STACKED_BAR_SPACE = 400, 340
LABEL_CHARS = 52  # a longer label (a title's name) is shortened to this at a word


@register.inclusion_tag("awards/_bar_chart.html")
def bar_chart(rows, label: str, labelledby: str, stacked: bool = False) -> dict:
    """A bar for each of `rows` (dicts with the key `label` names and a "total").

    Short labels (years) stand on the bar's line; `stacked` ones (titles) above their bar.
    """
    busiest = max((row["total"] for row in rows), default=0) or 1
    space = STACKED_BAR_SPACE if stacked else BAR_SPACE
    line = 34 if stacked else 24
    bars = []
    for position, row in enumerate(rows):
        width = round(row["total"] * space / busiest, 1)
        bars.append(
            {
                "label": textwrap.shorten(str(row[label]), LABEL_CHARS, placeholder="…"),
                "figure": number_format(row["total"], force_grouping=True),
                "y": position * line,
                "width": width,
                "figure_x": (0 if stacked else 44) + width + 6,
            }
        )
    return {
        "bars": bars,
        "stacked": stacked,
        "width": STACKED_WIDTH if stacked else WIDTH,
        "height": max(len(bars) * line, 1),
        "labelledby": labelledby,
    }
