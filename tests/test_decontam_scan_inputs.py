"""The streaming scan (`--scan`) on small generated shards: what it finds, and nasty input.

The corpus is synthetic: fourteen items sharing one instruction template (so the template's
n-grams are held by more than max_df items) with their own bodies and numbers. Shards are
written to tmp dirs in every supported format.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from recon_data.curation.decontam import (
    DecontamConfig,
    Doc,
    decontaminate,
    read_scan,
    scan_documents,
)
from recon_data.curation.decontam.docfiles import resolve_doc_files
from recon_data.curation.decontam.findings import Report
from recon_data.curation.decontam.offsets import word_offsets
from recon_data.curation.decontam.scanreport import ScanReport
from recon_data.errors import ReconDataError

TEMPLATE = (
    "You are given a problem about a market. Read the scenario below with care and answer "
    "with one of the options, writing your reasoning first and the chosen option last."
)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))


def _filler(rng: random.Random, n: int) -> str:
    return " ".join(_word(rng) for _ in range(n))


def _corpus() -> list[Doc]:
    rng = random.Random(3)
    items = []
    for i in range(14):
        body = f"{_filler(rng, 40)} pays {rng.randint(100, 999)} then {rng.randint(100, 999)}"
        items.append(Doc(f"q{i:02d}", "eval" if i < 4 else "train", f"{TEMPLATE}\n\n{body}."))
    return items


ITEMS = _corpus()


def _renumber(text: str) -> str:
    return " ".join(str(int(w) + 17) if w.isdigit() else w for w in text.split(" "))


def _jsonl(path: Path, texts: list[str | None], field: str = "text") -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for t in texts:
            fh.write(json.dumps({field: t, "url": "x"} if t is not None else {"url": "x"}) + "\n")
    return path


def _scan(items: list[Doc], *docs: Path | str, **kwargs: object) -> ScanReport:
    return scan_documents(items, [str(d) for d in docs], **kwargs)  # type: ignore[arg-type]


def test_planted_items_are_found_and_template_documents_are_not(tmp_path: Path) -> None:
    rng = random.Random(9)
    texts = [
        f"{_filler(rng, 30)}\n{ITEMS[0].text}\n{_filler(rng, 30)}",  # eval item inside a page
        ITEMS[5].text.upper().replace(",", " ;"),  # case and punctuation changed
        f"{TEMPLATE} {TEMPLATE} {_filler(rng, 40)}",  # template sentences only, twice
        _renumber(ITEMS[6].text),  # the same template and body, other numbers
        _filler(rng, 200),
        ITEMS[7].text,  # the whole document is the item
    ]
    report = _scan(ITEMS, _jsonl(tmp_path / "a.jsonl", texts))
    found = {(h.item.id, h.row, h.kind) for h in report.hits}
    # Case and punctuation do not change the normalised words: row 1 is an exact copy too.
    assert found == {("q00", 0, "ngram_overlap"), ("q05", 1, "exact"), ("q07", 5, "exact")}
    first = report.hits[0]
    assert first.item.split == "eval"  # eval items come first
    a, b = first.span["chars"]
    # From the first content n-gram (after the template) to the last word of the item.
    assert ITEMS[0].text.rstrip(".").endswith(texts[0][a:b]) and len(texts[0][a:b]) > 200
    assert first.evidence["numbers"] == {"expected": 2, "found": 2}
    assert report.template["template_ngrams"] > 0
    assert report.counts()["items_found"] == {"eval": 1, "train": 2}


def test_a_leak_copied_into_many_documents_is_found_in_every_one(tmp_path: Path) -> None:
    # Unlike the scan against benchmarks, nothing counted on the documents makes a leak boilerplate.
    texts = [f"page {i}: {ITEMS[1].text}" for i in range(40)]
    report = _scan(ITEMS, _jsonl(tmp_path / "a.jsonl", texts))
    assert sorted(h.row for h in report.hits if h.item.id == "q01") == list(range(40))


def test_every_format_and_batch_size_gives_the_same_report(tmp_path: Path) -> None:
    texts: list[str | None] = [_filler(random.Random(i), 50) for i in range(30)]
    texts[4], texts[17], texts[9] = ITEMS[2].text, f"x {ITEMS[3].text} y", None
    _jsonl(tmp_path / "s.jsonl", texts)
    with gzip.open(tmp_path / "s.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write((tmp_path / "s.jsonl").read_text(encoding="utf-8"))
    pq.write_table(pa.table({"text": texts}), tmp_path / "s.parquet")
    reports = [
        _scan(ITEMS, tmp_path / name, config=DecontamConfig(batch_docs=size))
        for name in ("s.jsonl", "s.jsonl.gz", "s.parquet")
        for size in (1, 7, 20_000)
    ]
    for report in reports:
        (stats,) = report.files
        assert (stats.rows, stats.documents, stats.rows_without_text) == (30, 29, 1)
        got = [(h.item.id, h.row, h.kind, h.score, h.span, h.evidence) for h in report.hits]
        want = [(h.item.id, h.row, h.kind, h.score, h.span, h.evidence) for h in reports[0].hits]
        assert got == want and {(g[0], g[1]) for g in got} == {("q02", 4), ("q03", 17)}


def test_folders_globs_and_order_do_not_change_the_report(tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    (shards / "sub").mkdir(parents=True)
    _jsonl(shards / "b.jsonl", [ITEMS[4].text])
    _jsonl(shards / "sub" / "a.jsonl", ["nothing here", ITEMS[8].text])
    (shards / "_SUCCESS").write_text("", encoding="utf-8")
    (shards / "README.md").write_text("not data", encoding="utf-8")
    by_folder = _scan(ITEMS, shards)
    by_glob = _scan(ITEMS, f"{shards}/**/*.jsonl", shards / "b.jsonl")
    by_files = _scan(ITEMS, shards / "sub" / "a.jsonl", shards / "b.jsonl")
    assert by_folder.files_ignored == 2 and by_glob.files_ignored == 0
    for report in (by_glob, by_files):
        assert report.to_dict()["findings"] == by_folder.to_dict()["findings"]
    assert [f.file for f in by_folder.files] == sorted(f.file for f in by_folder.files)


def test_a_huge_document_and_adversarial_text(tmp_path: Path) -> None:
    rng = random.Random(1)
    huge = _filler(rng, 400_000) + "\n" + ITEMS[9].text  # ~3 MB, the item at its very end
    # NFKC folds fullwidth letters and the ligature (one character, two letters): same words.
    fullwidth = "ﬁle: " + ITEMS[10].text.replace("pays", "ｐａｙｓ")
    hostile = "\x00".join(ITEMS[11].text.split(" ")) + "\u202e<script>" + "\x00" * 50
    report = _scan(
        ITEMS, _jsonl(tmp_path / "a.jsonl", [huge, fullwidth, hostile, "", "   ", "\x00"])
    )
    hits = {h.item.id: h for h in report.hits}
    assert set(hits) == {"q09", "q10", "q11"}
    assert hits["q09"].span["words"][1] == 400_000 + len(ITEMS[9].text.split())
    assert "chars" in hits["q09"].span and "chars" not in hits["q10"].span
    assert hits["q10"].span["words"] and hits["q10"].span["text"]


def test_items_made_only_of_template_cannot_be_found_and_are_listed(tmp_path: Path) -> None:
    items = [*ITEMS, Doc("t0", "train", TEMPLATE)]
    report = _scan(items, _jsonl(tmp_path / "a.jsonl", [TEMPLATE, f"see {TEMPLATE}"]))
    assert report.hits == []
    assert [e.id for e in report.unmatchable] == ["t0"]
    assert report.template["items_without_content"] == 1


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ('{"text": "a"}\n{"text": \n', "a.jsonl: record line 2: invalid JSON"),
        ('{"text": "a"}\n[1, 2]\n', "a.jsonl: record line 2: a document must be a JSON object"),
        ('{"text": 5}\n', "a.jsonl: record line 1: field 'text': holds int, not text"),
        ('{"body": "a"}\n' * 3, "a.jsonl: field 'text': no row has this text field"),
        (b'{"text": "\xff"}\n', "a.jsonl: record line 1: invalid UTF-8"),
    ],
)
def test_malformed_json_lines_name_the_file_and_line(
    tmp_path: Path, lines: str | bytes, message: str
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(lines if isinstance(lines, bytes) else lines.encode())
    with pytest.raises(ReconDataError) as err:
        _scan(ITEMS, path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_bad_shards_and_specs_are_one_line_errors(tmp_path: Path) -> None:
    good = _jsonl(tmp_path / "ok.jsonl", ["x"])
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"text": "a"}\n' * 500)[:60])
    pq.write_table(pa.table({"body": ["a"]}), tmp_path / "nocol.parquet")
    pq.write_table(pa.table({"text": [1, 2]}), tmp_path / "ints.parquet")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    cases = {
        "cut.jsonl.gz": "corrupt gzip data",
        "nocol.parquet": "field 'text': no such column (choose it with --text-field); columns are body",
        "ints.parquet": "field 'text': column type is int64, not text",
        "notes.txt": "unsupported document file",
        "empty": "no .jsonl, .jsonl.gz or .parquet files found",
        "missing.jsonl": "no such file, folder or glob",
        "*.nothing": "no .jsonl, .jsonl.gz or .parquet files found",
    }
    for name, message in cases.items():
        with pytest.raises(ReconDataError) as err:
            _scan(ITEMS, good, tmp_path / name)
        assert message in str(err.value) and "\n" not in str(err.value), name
    with pytest.raises(ReconDataError, match="no documents to scan"):
        resolve_doc_files([])


def test_empty_shards_and_settings(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), tmp_path / "none.parquet")
    report = _scan(ITEMS, empty, tmp_path / "none.parquet")
    assert [(f.rows, f.documents) for f in report.files] == [(0, 0), (0, 0)]
    assert report.hits == []
    for kwargs, message in [
        ({"workers": 2}, "several workers need --engine datatrove"),
        ({"engine": "spark"}, "unknown engine"),
        ({"workers": 0}, "must be at least 1"),
        ({"text_field": ""}, "must name a column"),
    ]:
        with pytest.raises(ReconDataError, match=message):
            _scan(ITEMS, empty, **kwargs)
    with pytest.raises(ReconDataError, match="no items to scan for"):
        _scan([], empty)


def test_word_offsets_agree_with_the_tokeniser() -> None:
    text = "Pay $1,000,000.50 (0,100) or 12,3456 -- café, naïve; x.y 3.14!"
    spans = word_offsets(text)
    assert spans is not None
    assert [text[a:b] for a, b in spans] == [
        "Pay", "1,000,000.50", "0", "100", "or", "12", "3456", "café", "naïve", "x", "y", "3.14",
    ]  # fmt: skip
    assert word_offsets("ﬁnance Straße") is None  # NFKC and case folding change the length


def test_the_report_carries_the_scan_and_reads_back(tmp_path: Path) -> None:
    shard = _jsonl(tmp_path / "a.jsonl", [ITEMS[0].text, ITEMS[6].text])
    report = decontaminate(ITEMS, within=False, scan=[shard])
    data = report.to_dict()
    assert data["findings"] == [] and data["records"] == {"eval": 4, "train": 10}
    assert [f["item"]["id"] for f in data["scan"]["findings"]] == ["q00", "q06"]
    again = Report.from_dict(json.loads(json.dumps(data)))
    assert again.to_dict() == data
    (tmp_path / "report.json").write_text(json.dumps(data), encoding="utf-8")
    assert read_scan(tmp_path / "report.json").to_dict() == data["scan"]
    broken = json.loads(json.dumps(data))
    broken["scan"]["findings"][1]["document"]["row"] = "2"
    with pytest.raises(ReconDataError, match="scan finding 1: field 'document'"):
        Report.from_dict(broken)
    both = decontaminate(iter(ITEMS), scan=[shard], progress=True)  # a one-pass stream too
    assert both.scan is not None and both.scan.to_dict()["findings"] == data["scan"]["findings"]
    assert both.records == {"eval": 4, "train": 10}
    with pytest.raises(ReconDataError, match="nothing to check"):
        decontaminate(ITEMS, within=False)
    with pytest.raises(ReconDataError, match="no such file, folder or glob"):
        decontaminate(ITEMS, scan=[tmp_path / "nope.jsonl"])
