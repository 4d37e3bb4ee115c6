"""The report page: one self-contained HTML file (inline SVG, no script, nothing fetched)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from recon_data.curation.report.chart import Chart, Note, Table

# The page may load nothing at all: no script, font, image or style from anywhere. A browser
# refuses (and logs) any fetch this policy does not allow, so a stray reference cannot pass.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_STYLE = """
body { font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
figure.chart { margin: 1.5rem 0 2.5rem; }
svg.chart-svg { width: 100%; height: auto; display: block; }
svg.chart-svg text { font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif !important; }
svg.chart-svg .bar:hover path, svg.chart-svg .cell:hover path { opacity: .75; }
figcaption { font-size: .92rem; color: #444; margin-top: .4rem; }
code { background: #f3f3f3; padding: 0 .2em; border-radius: 3px; word-break: break-all; }
details { margin-top: .4rem; font-size: .85rem; }
table { border-collapse: collapse; margin-top: .4rem; }
th, td { border: 1px solid #ddd; padding: .15rem .5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
p.note { background: #fff8e1; border-left: 4px solid #e69f00; padding: .5rem .8rem; }
dl.inputs dt { font-weight: bold; } dl.inputs dd { margin: 0 0 .4rem 1rem; }
"""

_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Section:
    """A heading and its charts (or notes saying why a chart is absent)."""

    key: str
    title: str
    items: tuple[Chart | Note, ...]
    intro: str = ""


def render_page(
    title: str,
    inputs: Sequence[tuple[str, str]],
    sections: Sequence[Section],
    svgs: dict[str, str],
    version: str,
) -> str:
    """The whole HTML document; `svgs` maps chart keys to their rendered `<svg>` elements."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{_text(title)}</h1>",
        f"<p>Made by recon-data {_text(version)} from these inputs; every chart's caption names "
        "the file it was drawn from, and its numbers are in the table under it.</p>",
        '<dl class="inputs">',
        *(f"<dt>{_text(k)}</dt><dd>{_text(v)}</dd>" for k, v in inputs),
        "</dl>",
        '<nav><ul class="contents">',
        *(f'<li><a href="#{s.key}">{_text(s.title)}</a></li>' for s in sections),
        "</ul></nav>",
    ]
    for section in sections:
        parts.append(f'<section id="{section.key}">')
        parts.append(f"<h2>{_text(section.title)}</h2>")
        if section.intro:
            parts.append(f"<p>{_text(section.intro)}</p>")
        for item in section.items:
            parts.append(_figure(item, svgs) if isinstance(item, Chart) else _note(item))
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _figure(chart: Chart, svgs: dict[str, str]) -> str:
    return "\n".join(
        [
            f'<figure class="chart" id="chart-{chart.key}" data-chart="{chart.key}">',
            f"<h3>{_text(chart.title)}</h3>",
            svgs[chart.key],
            f'<figcaption id="{chart.key}-caption">{_text(chart.caption)}</figcaption>',
            "<details><summary>Numbers</summary>",
            _table(chart.table),
            "</details>",
            "</figure>",
        ]
    )


def _note(note: Note) -> str:
    return (
        f'<div class="no-chart" id="chart-{note.key}" data-chart="{note.key}">'
        f"<h3>{_text(note.title)}</h3>"
        f'<p class="note">{_text(note.text)}</p></div>'
    )


def _table(table: Table) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _text(text: str) -> str:
    """Escape text for HTML; `code` spans (backticks) become <code>."""
    return _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text, quote=True))
