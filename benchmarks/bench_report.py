"""Time the report page and the card's charts: CPU time, wall time, peak memory, ratios to peers.

Usage: python benchmarks/bench_report.py CORPUS [--clean DIR] [--repeat N]

Measured in this process, runs interleaved, medians of N (default 3):
- the page (`build_report`), beside its peer the audit alone (`audit_corpus`, no leak search),
  which the page runs once per corpus;
- drawing alone: every chart of the page as SVG, and the card's four charts as PNG;
- `export` with the card's charts beside `export` without them (the chart step replaced by a
  no-op), the audit memo cleared before each run so every export pays for its audit.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(fn: Callable[[], Any]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    """Run each measurement N times, interleaved, and print medians and ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--clean")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import recon_data.curation.report.card as card_module
    from recon_data.curation.audit import audit_corpus
    from recon_data.curation.publish.export import export_corpus
    from recon_data.curation.report.audit_charts import audit_charts, audit_view
    from recon_data.curation.report.build import build_report
    from recon_data.curation.report.chart import Chart
    from recon_data.curation.report.corpus_charts import corpus_charts, count_corpus
    from recon_data.curation.report.render import png, svg

    root = Path(args.corpus)
    counts = count_corpus(root, args.corpus)
    view = audit_view(root, args.corpus)
    charts = [c for c in [*corpus_charts(counts), *audit_charts([view])] if isinstance(c, Chart)]
    card = [c for c in charts if c.key in card_module.CARD_CHARTS]
    real_charts = card_module.write_card_charts

    def export(with_charts: bool) -> None:
        card_module._AUDITS.clear()
        card_module.write_card_charts = real_charts if with_charts else (lambda r, f: ())  # type: ignore[assignment]
        try:
            with tempfile.TemporaryDirectory() as tmp:
                export_corpus(root, Path(tmp) / "hub")
        finally:
            card_module.write_card_charts = real_charts

    steps: dict[str, Callable[[], Any]] = {
        "page (build_report)": lambda: build_report(root, clean=args.clean),
        "audit alone": lambda: audit_corpus(root, leaks=False),
        f"{len(charts)} page charts as SVG": lambda: [svg(c) for c in charts],
        f"{len(card)} card charts as PNG": lambda: [png(c) for c in card],
        "export with card charts": lambda: export(True),
        "export without card charts": lambda: export(False),
    }
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in steps}
    for _ in range(args.repeat):
        for name, step in steps.items():
            runs[name].append(_timed(step))
    medians = {name: _median(r) for name, r in runs.items()}
    print(f"corpus {args.corpus}" + (f", cleaned {args.clean}" if args.clean else ""))
    print(f"medians of {args.repeat} interleaved runs:")
    for name, (cpu, wall) in medians.items():
        print(f"  {name:32s} cpu {cpu:6.2f} s  wall {wall:6.2f} s")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mib:.0f} MiB")
    page, audit = medians["page (build_report)"], medians["audit alone"]
    with_c, without = medians["export with card charts"], medians["export without card charts"]
    print(f"page / audit alone, cpu: {page[0] / audit[0]:.2f}x")
    print(f"export with / without card charts, cpu: {with_c[0] / without[0]:.2f}x")


if __name__ == "__main__":
    main()
