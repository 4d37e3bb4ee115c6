"""A chart as inline SVG (the HTML page) or as PNG bytes (the dataset card), byte-stable.

One drawing function feeds both: the SVG keeps text as text and is rewritten so several charts
can share one HTML page (every id gets the chart's key as prefix, marks get a class and a
hover title, the metadata block and fixed size go); the PNG carries no date or software tag.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from recon_data.curation.report.chart import Chart, Marks
from recon_data.curation.report.draw import style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_HREF = f"{{{XLINK_NS}}}href"
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_MARK = re.compile(r"mark-(\d+)")


def _drawn(chart: Chart) -> tuple[Figure, Marks]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=chart.size, layout="constrained")
    marks = Marks()
    chart.draw(fig, marks)
    return fig, marks


def png(chart: Chart, *, dpi: int = 110) -> bytes:
    """The chart as PNG bytes: the same input gives the same bytes (no date, no software tag)."""
    with style(chart.key):
        fig, _ = _drawn(chart)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def svg(chart: Chart) -> str:
    """The chart as an `<svg>` element for an HTML page, ids prefixed with the chart's key."""
    with style(chart.key):
        fig, marks = _drawn(chart)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return _inline(buf.getvalue(), chart, marks)


def _inline(text: str, chart: Chart, marks: Marks) -> str:
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    # Our own matplotlib output, parsed without fetching anything (no external entities).
    root = ET.fromstring(text)
    for meta in root.findall(f"{{{SVG_NS}}}metadata"):
        root.remove(meta)
    prefix = f"{chart.key}-"
    for element in root.iter():
        ident = element.get("id")
        if ident is not None:
            element.set("id", prefix + ident)
            found = _MARK.fullmatch(ident)
            if found is not None:
                kind, tip = marks.items[int(found.group(1))]
                element.set("class", kind)
                title = ET.Element(f"{{{SVG_NS}}}title")
                title.text = tip
                element.insert(0, title)
        href = element.get(_HREF)
        if href is not None and href.startswith("#"):
            element.set(_HREF, "#" + prefix + href[1:])
        for name in ("clip-path", "mask", "fill", "filter"):
            value = element.get(name)
            if value is not None and "url(#" in value:
                element.set(name, _URL_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", value))
    # The page sizes the chart: full width up to its natural size, aspect kept by the viewBox.
    width = root.attrib.pop("width", "")
    root.attrib.pop("height", None)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart.key}-caption")
    root.set("class", "chart-svg")
    root.set("style", f"max-width: {width}" if width else "")
    return ET.tostring(root, encoding="unicode")
