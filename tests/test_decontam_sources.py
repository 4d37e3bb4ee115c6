"""Benchmark loading for decontamination: CSV, TSV, JSON Lines, JSON, Parquet, Hub-layout folders."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from recon_data.curation.decontam import Doc, End, decontaminate
from recon_data.curation.decontam.sources import load_benchmarks
from recon_data.errors import ReconDataError

ROWS = [
    {
        "premise": "central banks raise policy rates sharply",
        "hypothesis": "mortgage lending slows down",
        "label": 1,
    },
    {
        "premise": "harvests fail across the wheat belt",
        "hypothesis": "bread prices climb steeply",
        "label": 0,
    },
    {"premise": "", "hypothesis": "", "label": 1},
]


def _write(path: Path, kind: str) -> Path:
    if kind in ("csv", "tsv"):
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(
                fh, fieldnames=list(ROWS[0]), delimiter="\t" if kind == "tsv" else ","
            )
            writer.writeheader()
            writer.writerows(ROWS)
    elif kind == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    elif kind == "json":
        path.write_text(json.dumps(ROWS), encoding="utf-8")
    elif kind == "parquet":
        pq.write_table(pa.Table.from_pylist(ROWS), path)
    return path


@pytest.mark.parametrize("kind", ["csv", "tsv", "jsonl", "json", "parquet"])
def test_every_file_format_gives_the_same_rows(tmp_path: Path, kind: str) -> None:
    path = _write(tmp_path / f"bench.{kind}", kind)
    [bench] = load_benchmarks(path, ["premise", "hypothesis"])
    assert bench.source == str(path) and bench.split is None
    assert bench.total_rows == 3 and len(bench.rows) == 2  # the empty row carries no text
    assert bench.rows[1].end == End.bench(str(path), 1)
    assert dict(bench.rows[1].fields) == {
        "premise": ROWS[1]["premise"],
        "hypothesis": ROWS[1]["hypothesis"],
    }


def test_default_fields_are_the_string_columns(tmp_path: Path) -> None:
    [bench] = load_benchmarks(_write(tmp_path / "b.jsonl", "jsonl"))
    assert bench.fields == ("premise", "hypothesis")  # label is an integer column
    [bench] = load_benchmarks(_write(tmp_path / "b.parquet", "parquet"))
    assert bench.fields == ("premise", "hypothesis")


def test_unknown_field_names_the_field_and_the_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "b.csv", "csv")
    with pytest.raises(ReconDataError) as err:
        load_benchmarks(path, ["question"])
    assert err.value.field == "question" and "premise, hypothesis, label" in str(err.value)
    assert str(path) in str(err.value)


def test_missing_and_unsupported_files_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(ReconDataError, match="not found"):
        load_benchmarks(tmp_path / "nope.csv")
    (tmp_path / "b.xlsx").write_bytes(b"PK")
    with pytest.raises(ReconDataError, match="unsupported"):
        load_benchmarks(tmp_path / "b.xlsx")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"premise": "ok"}\n{"premise": ', encoding="utf-8")
    with pytest.raises(ReconDataError, match="line 2"):
        load_benchmarks(bad)


def test_non_text_cells_name_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text(
        json.dumps({"q": "fine"}) + "\n" + json.dumps({"q": {"nested": 1}}) + "\n", encoding="utf-8"
    )
    with pytest.raises(ReconDataError) as err:
        load_benchmarks(path, ["q"])
    assert err.value.record == "row 1" and err.value.field == "q"


def test_chat_columns_are_read_as_their_message_texts(tmp_path: Path) -> None:
    path = tmp_path / "chat.jsonl"
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "What moves bond yields?"},
    ]
    path.write_text(json.dumps({"prompt": messages}) + "\n", encoding="utf-8")
    [bench] = load_benchmarks(path, ["prompt"])
    assert bench.rows[0].fields == (("prompt", "Be brief.\nWhat moves bond yields?"),)


@pytest.fixture
def hub_folder(tmp_path: Path) -> Path:
    """A folder laid out like a Hub dataset repo: datasets reads its splits from the file names."""
    root = tmp_path / "org__econ-bench"
    (root / "data").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(ROWS[:1]), root / "data" / "train-00000-of-00001.parquet")
    pq.write_table(pa.Table.from_pylist(ROWS[1:2]), root / "data" / "test-00000-of-00001.parquet")
    return root


def test_hub_layout_folder_goes_through_datasets(hub_folder: Path) -> None:
    benches = {b.split: b for b in load_benchmarks(hub_folder, ["premise", "hypothesis"])}
    assert set(benches) == {"train", "test"}
    assert benches["test"].rows[0].end == End.bench(str(hub_folder), 0, "test")
    assert benches["test"].rows[0].end.to_dict() == {
        "source": str(hub_folder),
        "row": 0,
        "split": "test",
    }
    docs = [
        Doc("t1", "train", f"Premise: {ROWS[1]['premise']}\nHypothesis: {ROWS[1]['hypothesis']}")
    ]
    report = decontaminate(docs, [hub_folder], fields=["premise", "hypothesis"], within=False)
    [finding] = report.findings
    assert (
        finding.b == End.bench(str(hub_folder), 0, "test")
        and finding.pair() == f"train~{hub_folder}[test]"
    )


def test_unreachable_hub_id_is_a_user_error() -> None:
    # conftest switches the Hub off, so this is exactly the offline case.
    with pytest.raises(ReconDataError) as err:
        load_benchmarks("recon-data-tests/no-such-benchmark")
    assert "recon-data-tests/no-such-benchmark" in str(err.value)
