"""Chart pieces of `recon-data report`: bias counts solved by hand, SVG made page-safe, PNG stable."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from recon_data.curation.report.audit_charts import AuditView, verdicts_chart
from recon_data.curation.report.bias import ContentShare, content_bias, position_shares
from recon_data.curation.report.chart import Chart, Marks, Note, Table
from recon_data.curation.report.render import png, svg


def _p(category: str, answer: str, kind: str = "mcq") -> SimpleNamespace:
    return SimpleNamespace(category=category, answer=answer, answer_kind=kind)


def test_content_bias_folds_labels_case_and_final_periods() -> None:
    problems = [
        _p("endowment_effect", "Option 1: Yes."),
        _p("endowment_effect", "Option 2:  yes"),
        _p("endowment_effect", "Option 3: No"),
        _p("pure_nash", "[]", "profile_set"),
        _p("pure_nash", "[[0, 1]]", "profile_set"),
        _p("pure_nash", "[]", "profile_set"),
        _p("econnli", "No", "yes_no"),
        _p("econnli", "Yes", "yes_no"),
    ]
    assert content_bias(problems) == {
        "endowment_effect": ContentShare("yes", 2, 3),
        "pure_nash": ContentShare("[]", 2, 3),
        "econnli": ContentShare("no", 1, 2),  # a tie: the first in sorted order
    }
    assert content_bias([]) == {}


def test_position_shares_from_the_audits_counts() -> None:
    assert position_shares({"1": 3, "2": 1}) == {1: 0.75, 2: 0.25}
    assert position_shares({}) == {}


def _chart(key: str, labels: list[str]) -> Chart:
    from recon_data.curation.report.draw import hbars

    def draw(fig, marks: Marks) -> None:  # type: ignore[no-untyped-def]
        ax = fig.subplots()
        series = [("a", [1.0, 0.0, None], "#0072B2"), ("b", [2.0, 3.0, 0.5], "#E69F00")]
        hbars(ax, labels, series, marks, tip=lambda r, s, v: f"{r} {s} {v}", label=str)

    return Chart(key, "t", "c", (5.0, 2.5), draw, Table(("x",), ()))


def test_svg_ids_are_the_charts_own_and_marks_carry_titles() -> None:
    hostile = ['<b>"x"</b> & url(#p1)', "id=\"evil\"", "ok"]
    one, two = svg(_chart("one", hostile)), svg(_chart("two", hostile))
    ids_one = set(re.findall(r' id="([^"]+)"', one))
    ids_two = set(re.findall(r' id="([^"]+)"', two))
    assert ids_one and all(i.startswith("one-") for i in ids_one)
    assert not ids_one & ids_two
    refs = re.findall(r'(?:clip-path|mask|fill|filter)="url\(#([^)]+)\)"|xlink:href="#([^"]+)"', one)
    assert refs and all((a or b) in ids_one for a, b in refs)
    # Text that looks like a reference stays text, untouched.
    assert "url(#p1)" in one and "url(#one-p1)" not in one
    # Four bars (a zero and a missing value draw none), each titled; the label is only text.
    assert one.count('class="bar"') == 4
    assert len(re.findall(r'class="bar"[^>]*>\s*<title>[^<]+</title>', one)) == 4
    assert "&lt;b&gt;" in one and "<b>" not in one
    assert "<metadata" not in one and 'role="img"' in one and "http://purl.org" not in one


def test_png_bytes_do_not_depend_on_the_users_matplotlib_settings() -> None:
    import matplotlib

    chart = _chart("stable", ["x", "y", "z"])
    first = png(chart)
    with matplotlib.rc_context({"axes.facecolor": "red", "font.size": 20, "lines.linewidth": 9}):
        assert png(chart) == first
    assert b"Software" not in first and b"Creation Time" not in first


def test_no_auditable_item_is_a_note_not_an_empty_chart() -> None:
    from recon_data.curation.report.page import Section, render_page

    empty = AuditView("corpus", {}, {}, {})
    note = verdicts_chart([empty])
    assert isinstance(note, Note) and "auditable" in note.text
    text = render_page("t", [("corpus", "c")], [Section("audit", "Audit", (note,))], {}, "0")
    assert 'data-chart="audit-verdicts"' in text and "<svg" not in text


def test_labels_are_file_names_unless_two_files_share_one() -> None:
    from recon_data.curation.report.build import result_labels

    assert result_labels(["a/x.json", "b/y.json"]) == {"a/x.json": "x.json", "b/y.json": "y.json"}
    assert result_labels(["a/x.json", "b/x.json"]) == {"a/x.json": "a/x.json", "b/x.json": "b/x.json"}


@pytest.mark.parametrize("shares", [{"1": 5}, {"2": 1, "1": 1}])
def test_position_chart_draws_one_bar_per_position_used(shares: dict[str, int]) -> None:
    from recon_data.curation.report.audit_charts import position_chart

    chart = position_chart([AuditView("c", {}, {"trigger": shares}, {})])
    assert isinstance(chart, Chart)
    assert svg(chart).count('class="bar"') == len(shares)


def test_thousands_of_categories_or_games_draw_the_first_forty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from recon_data.curation.report.games_charts import metrics_chart
    from recon_data.curation.report.results import read_result
    from recon_data.curation.report.results_charts import accuracy_chart

    lines = tmp_path / "many.jsonl"
    lines.write_text(
        "".join(
            json.dumps({"id": str(i), "category": f"c{i:04d}", "correct": i % 2 == 0, "response": ""}) + "\n"
            for i in range(3000)
        ),
        encoding="utf-8",
    )
    result = read_result(lines)
    chart = accuracy_chart([result], {str(lines): "many"})  # type: ignore[list-item]
    # 40 categories, the file's total, the paper's three totals; every row in the table.
    assert svg(chart).count('class="bar"') == 40 + 1 + 3
    assert "first 40 of 3,000 rows" in chart.caption and len(chart.table.rows) == 3000 + 1 + 3
    block = {"ne_rate": 0.5, "pareto_ne_rate": None, "spe_rate": None, "format_failure_rate": 0.0}
    games = tmp_path / "games.json"
    games.write_text(json.dumps({"games": {f"g{i}": block for i in range(500)}, "overall": block}), "utf-8")
    heat = metrics_chart(read_result(games), "games.json", 1)  # type: ignore[arg-type]
    assert svg(heat).count('class="cell"') == (40 + 1) * 4 and len(heat.table.rows) == 501
