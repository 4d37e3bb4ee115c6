"""`write_report`: a corpus, its audit and decontamination, and results files, as one HTML page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from recon_data.curation.report.chart import Chart, Note
from recon_data.curation.report.page import Section, render_page
from recon_data.curation.report.results import AccuracyResult, GamesResult, Result, read_result
from recon_data.errors import ReconDataError
from recon_data.progress import Progress, silent


def write_report(
    corpus: str | Path | None,
    out: str | Path,
    *,
    results: Sequence[str | Path] = (),
    clean: str | Path | None = None,
    decontam_report: str | Path | None = None,
    force: bool = False,
    progress: Progress = silent,
) -> Path:
    """Write the report page for `corpus` to `out` (atomically); refuses an existing `out` without `force`."""
    from recon_data.storage import atomic_write_text, check_output_file

    path = check_output_file(out, force=force)
    text = build_report(
        corpus, results=results, clean=clean, decontam_report=decontam_report, progress=progress
    )
    atomic_write_text(path, text)
    return path


def build_report(
    corpus: str | Path | None,
    *,
    results: Sequence[str | Path] = (),
    clean: str | Path | None = None,
    decontam_report: str | Path | None = None,
    progress: Progress = silent,
) -> str:
    """Return the report page as HTML text: corpus, audit, decontamination and results charts.

    `corpus` is anything the corpus resolver takes; `clean` a second corpus (the output of
    `recon-data clean`) audited beside it; `decontam_report` a `decontaminate --json` report
    (else the corpus is scanned against itself); `results` files of `eval --out`, `eval
    --json`, `score --json` or `games eval --json`, told apart by their content.
    """
    from recon_data import __version__
    from recon_data.curation.report.audit_charts import audit_charts, audit_view
    from recon_data.curation.report.corpus_charts import corpus_charts, count_corpus
    from recon_data.curation.report.decontam_charts import decontam_chart, decontam_counts
    from recon_data.curation.resolve import resolve_corpus

    # Every input is read or checked before the slow steps, so a bad file fails at once.
    read = _read_results(results)
    if decontam_report is not None and not Path(decontam_report).is_file():
        raise ReconDataError("decontamination report not found", file=str(decontam_report))
    root = resolve_corpus(corpus)
    label = str(corpus) if corpus is not None else str(root)
    clean_root = resolve_corpus(clean) if clean is not None else None
    if clean_root is not None and clean_root.resolve() == root.resolve():
        raise ReconDataError(
            "--clean must name another corpus (the output of `recon-data clean`), not CORPUS itself",
            file=str(clean),
        )
    step = progress("audit", 2 if clean_root is not None else 1)
    counts = count_corpus(root, label)
    other = count_corpus(clean_root, str(clean)) if clean_root is not None else None
    views = [audit_view(root, label)]
    step(1)
    if clean_root is not None:
        views.append(audit_view(clean_root, str(clean)))
        step(1)
    progress("decontamination and charts", None)
    report_path = Path(decontam_report) if decontam_report is not None else None
    sections = [
        Section("corpus", "Corpus", tuple(corpus_charts(counts, other))),
        Section(
            "audit",
            "Gold-label audit" + (" before and after cleaning" if clean is not None else ""),
            tuple(audit_charts(views)),
        ),
        Section(
            "decontamination",
            "Decontamination",
            (decontam_chart(decontam_counts(root, label, report_path)),),
        ),
        *_result_sections(read),
    ]
    inputs = [("corpus", label)]
    if clean is not None:
        inputs.append(("cleaned corpus", str(clean)))
    if decontam_report is not None:
        inputs.append(("decontamination report", str(decontam_report)))
    inputs += [(f"results ({r.kind})", r.path) for r in read]
    return render_page(
        f"recon-data report: {label}", inputs, sections, _svgs(sections), __version__
    )


def _read_results(paths: Sequence[str | Path]) -> list[Result]:
    seen: set[str] = set()
    for p in paths:
        key = str(Path(p).resolve())
        if key in seen:
            raise ReconDataError("results file given twice", file=str(p))
        seen.add(key)
    return [read_result(p) for p in paths]


def result_labels(paths: Sequence[str]) -> dict[str, str]:
    """A short name per results file: its file name, or the path as given where names repeat."""
    names = [Path(p).name for p in paths]
    return {p: (n if names.count(n) == 1 else p) for p, n in zip(paths, names, strict=True)}


def _result_sections(read: list[Result]) -> list[Section]:
    from recon_data.curation.report.games_charts import metrics_chart, table4_chart
    from recon_data.curation.report.results_charts import accuracy_chart, consistency_chart

    labels = result_labels([r.path for r in read])
    accuracy = [r for r in read if isinstance(r, AccuracyResult)]
    games = [r for r in read if isinstance(r, GamesResult)]
    out = []
    if accuracy:
        items: list[Chart | Note] = [accuracy_chart(accuracy, labels)]
        consistency = consistency_chart(accuracy, labels)
        if consistency is not None:
            items.append(consistency)
        out.append(Section("results", "Evaluation results", tuple(items)))
    if games:
        charts: list[Chart | Note] = []
        table4 = table4_chart(games, labels)
        if table4 is not None:
            charts.append(table4)
        charts += [metrics_chart(r, labels[r.path], i) for i, r in enumerate(games, 1)]
        out.append(Section("games", "Game results", tuple(charts)))
    return out


def _svgs(sections: Sequence[Section]) -> dict[str, str]:
    from recon_data.curation.report.render import svg

    return {c.key: svg(c) for s in sections for c in s.items if isinstance(c, Chart)}
