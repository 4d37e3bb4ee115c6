"""The pages and the measurement behind the streaming-scan benchmark (bench_decontam_scan.py).

`make_shards` writes synthetic pages with planted leaks, template-only pages and renumbered
items, built at run time from the corpus made of ../shared/recon-release (nothing of the
release is stored here). `template_sweep` is the measurement that chose max_df.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

# Pages per shard; the smaller run reads the first shards.
SHARD = 50_000
_SENTENCE = re.compile(r"(?<=[.?!:])\s+|\n+")
_VALUE = re.compile(r"(?<![\w.])(\d{2,}|\d+(?=\.\d))(?:\.(\d+))?(?![\w.])")
_MATRIX = re.compile(r"\[\[[\d, \[\]]+\]\]")


def problems(corpus: Path) -> list[dict[str, Any]]:
    """Return the corpus's train and eval problems with their prompt text."""
    rows = []
    for split in ("train", "eval"):
        with open(corpus / "problems" / f"{split}.jsonl", encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh]
    for row in rows:
        row["text"] = "\n".join(m["content"] for m in row["prompt"])
    return rows


def template_only(rows: list[dict[str, Any]]) -> list[str]:
    """Each item cut down to its category's template sentences (held by half its items)."""
    counts: dict[str, Counter[str]] = {}
    sizes: Counter[str] = Counter()
    for r in rows:
        counts.setdefault(r["category"], Counter()).update(
            {s.strip() for s in _SENTENCE.split(r["text"]) if s.strip()}
        )
        sizes[r["category"]] += 1
    shared = {c: {s for s, n in cnt.items() if 2 * n >= sizes[c]} for c, cnt in counts.items()}
    return [
        " ".join(s for s in _SENTENCE.split(r["text"]) if s.strip() in shared[r["category"]])
        for r in rows
    ]


def renumbered(text: str) -> str | None:
    """The item with every value changed, or None when it has too few values to change."""
    if len(_VALUE.findall(text)) >= 4:
        return _VALUE.sub(lambda m: str(int(m[1]) + 1) + (f".{m[2]}" if m[2] else ""), text)
    if len(_MATRIX.findall(text)) >= 2:
        return _MATRIX.sub(lambda m: re.sub(r"\d", lambda d: str((int(d[0]) + 3) % 10), m[0]), text)
    return None


def make_shards(corpus: Path, out: Path, docs: int, seed: int = 24) -> None:
    """Write `docs` pages into shards under `out`, with truth.json beside them."""
    rows = problems(corpus)
    rng = random.Random(seed)
    words = np.array([w for r in rows for w in r["text"].split()])
    templates = template_only(rows)
    changed = [t for t in (renumbered(r["text"]) for r in rows) if t is not None]
    planted = rng.sample(range(docs), 1000 + 2000 + 1000)
    kinds = dict(
        zip(planted, ["leak"] * 1000 + ["template"] * 2000 + ["renumbered"] * 1000, strict=True)
    )
    gen = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, Any] = {}
    for lo in range(0, docs, SHARD):
        texts, ids = [], []
        for i in range(lo, min(docs, lo + SHARD)):
            filler = " ".join(words[gen.integers(0, words.size, int(gen.integers(100, 401)))])
            kind, text, item = kinds.get(i, "filler"), filler, None
            if kind == "leak":
                row = rows[rng.randrange(len(rows))]
                text, item = f"{filler[:600]}\n{row['text']}\n{filler[600:]}", row["id"]
            elif kind == "template":
                text = templates[rng.randrange(len(rows))]
                text = text if i % 2 else f"{filler[:300]} {text} {filler[300:]}"
            elif kind == "renumbered":
                text = changed[rng.randrange(len(changed))]
            texts.append(text)
            ids.append(f"p{i}")
            if kind != "filler":
                truth[f"p{i}"] = [kind, item]
        name = ("jsonl", "jsonl.gz", "parquet")[(lo // SHARD) % 3]
        _write(out / f"pages-{lo // SHARD:04d}.{name}", texts, ids)
    (out / "truth.json").write_text(json.dumps(truth), encoding="utf-8")


def _write(path: Path, texts: list[str], ids: list[str]) -> None:
    if path.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table({"id": ids, "text": texts}), path)
        return
    lines = "".join(
        json.dumps({"id": i, "text": t}) + "\n" for i, t in zip(ids, texts, strict=True)
    )
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
            fh.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")


def template_sweep(corpus: Path, work: Path, values: list[int]) -> list[dict[str, Any]]:
    """Scan release-made pages at each max_df: items left without content, planted items found,
    template-only pages and whole template pages flagged, endowment copies found across framings."""
    from recon_data.curation.decontam import DecontamConfig, scan_documents, scan_items

    rows = problems(corpus)
    pages: list[tuple[str, str, str | None]] = [("template", t, None) for t in template_only(rows)]
    by_cat: dict[str, list[str]] = {}
    for r, t in zip(rows, template_only(rows), strict=True):
        by_cat.setdefault(r["category"], []).append(t)
    pages += [("page", max(ts, key=len), None) for _, ts in sorted(by_cat.items())]
    pages += [("leak", f"Some page. {r['text']} More text.", r["id"]) for r in rows]
    endow = [r for r in rows if r["category"] == "endowment_effect"]
    pages += [("endowment", r["text"], r["id"]) for r in endow]
    path = work / "sweep.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for _, t, _ in pages), encoding="utf-8")
    framing = {r["id"]: "previously answered" in r["text"] for r in endow}
    out = []
    for max_df in values:
        report = scan_documents(scan_items(corpus), [str(path)], config=DecontamConfig(max_df=max_df))
        flagged: dict[str, set[int]] = {}
        found, cross = set(), set()
        for h in report.hits:
            kind, _, item = pages[h.row]
            flagged.setdefault(kind, set()).add(h.row)
            found |= {item} if kind == "leak" and item == h.item.id else set()
            if (
                kind == "endowment"
                and h.item.id in framing
                and framing[h.item.id] != framing[str(item)]
            ):
                cross.add((h.item.id, item))
        out.append({
            "max_df": max_df,
            "items_without_content": report.template["items_without_content"],
            "planted_items_found": f"{len(found)}/{len(rows)}",
            "template_only_pages_flagged": f"{len(flagged.get('template', ()))}/{len(rows)}",
            "category_template_pages_flagged": f"{len(flagged.get('page', ()))}/{len(by_cat)}",
            "endowment_copies_across_framings": len(cross),
        })  # fmt: skip
        print(json.dumps(out[-1]), file=sys.stderr)
    return out
