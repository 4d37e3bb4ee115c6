"""The decontamination settings (a pydantic model) and the reader of the JSON report."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from recon_data.curation.decontam import (
    DecontamConfig,
    Doc,
    End,
    Finding,
    Report,
    decontaminate,
    read_findings,
    read_report,
)
from recon_data.curation.decontam.findings import findings_from_dict
from recon_data.errors import ReconDataError

# Each setting just outside and just inside the range the hand-written check used to enforce.
RANGES = {
    "n": ((0, 33), (1, 32)),
    "max_df": ((0, -1), (1, 10_000)),
    "min_tokens": ((0,), (1,)),
    "overlap": ((0.0, 1.0001, -0.5, math.nan), (1e-9, 1.0)),
    "numbers": ((0.0, 1.5), (0.01, 1.0)),
    "jaccard": ((0.0, 2.0), (0.5, 1.0)),
    "shingle": ((0, 17), (1, 16)),
    "num_perm": ((15, 1025), (16, 1024)),
    "batch_docs": ((0,), (1,)),
    "batch_chars": ((0,), (1,)),
}


@pytest.mark.parametrize("name", sorted(RANGES))
def test_every_range_is_enforced_and_names_the_setting(name: str) -> None:
    bad, good = RANGES[name]
    for value in bad:
        with pytest.raises(ReconDataError) as info:
            DecontamConfig(**{name: value})
        message = str(info.value)
        assert info.value.field == name and f"'{name}'" in message and "\n" not in message
    for value in good:
        assert getattr(DecontamConfig(**{name: value}), name) == value


def test_settings_are_frozen_and_unknown_ones_refused() -> None:
    config = DecontamConfig()
    with pytest.raises(ValueError):
        config.n = 3  # type: ignore[misc]
    with pytest.raises(ReconDataError, match="ngram"):
        DecontamConfig(ngram=5)  # type: ignore[call-arg]
    changed = config.model_copy(update={"n": 5})
    assert (changed.n, config.n) == (5, 8) and changed != config
    assert hash(DecontamConfig()) == hash(config)


def test_config_dict_leaves_out_batch_sizes_and_reads_back() -> None:
    config = DecontamConfig(n=5, jaccard=0.9, batch_docs=3)
    data = config.to_dict()
    assert set(data) == {f for f in DecontamConfig.model_fields if not f.startswith("batch_")}
    assert DecontamConfig.from_dict(data) == DecontamConfig(n=5, jaccard=0.9)


def test_cli_option_defaults_are_the_config_defaults(cli) -> None:
    """The command's options take their defaults from DecontamConfig (no copy to drift)."""
    code, out, _ = cli("decontaminate", "--help")
    text = " ".join(out.split())
    assert code == 0
    for option, name in (("--ngram", "n"), ("--max-df", "max_df"), ("--overlap", "overlap"),
                         ("--jaccard", "jaccard")):  # fmt: skip
        default = DecontamConfig.model_fields[name].default
        assert re.search(rf"{option} <\w+> [^\[]*\[default: {re.escape(str(default))}\]", text)


def _small_report() -> Report:
    words = [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
    ]
    text = " ".join(words * 2)
    docs = [Doc("t1", "train", text), Doc("e1", "eval", text), Doc("t2", "train", "other words")]
    report = decontaminate(docs, config=DecontamConfig(n=4))
    report.sources.append({"source": "bench.csv", "rows": 3, "fields": ["q"]})
    report.findings.append(
        Finding("ngram_overlap", End.record("t2", "train"), End.bench("bench.csv", 2, "test"), 0.8)
    )
    return report


def test_report_round_trips_through_json(tmp_path: Path) -> None:
    report = _small_report()
    assert {f.kind for f in report.findings} == {"exact", "ngram_overlap"}
    data = json.loads(json.dumps(report.to_dict()))
    again = Report.from_dict(data)
    assert again.to_dict() == data
    assert again.findings == report.findings and again.config == report.config
    path = tmp_path / "report.json"
    path.write_text(json.dumps({**data, "dropped": {"out": "x"}}), encoding="utf-8")
    assert read_report(path).to_dict() == data
    assert read_findings(path) == report.findings


def test_findings_alone_and_shorthand_ends_read() -> None:
    data = {"findings": [{"kind": "exact", "a": "id-1", "b": {"id": "id-2"}, "score": 1}]}
    (finding,) = findings_from_dict(data)
    assert (finding.a, finding.b, finding.score, finding.evidence) == (
        End(id="id-1"),
        End(id="id-2"),
        1.0,
        {},
    )
    with pytest.raises(ReconDataError, match="corpus"):
        Report.from_dict(data)


@pytest.mark.parametrize(
    ("finding", "field"),
    [
        ({"kind": "exact", "a": "x"}, "'b'"),
        ({"kind": "fuzzy", "a": "x", "b": "y", "score": 1}, "'kind'"),
        ({"kind": "exact", "a": "x", "b": 3, "score": 1}, "'b'"),
        ({"kind": "exact", "a": {"source": "s"}, "b": "y", "score": 1}, "'a'"),
        ({"kind": "exact", "a": "x", "b": "y", "score": "high"}, "'score'"),
        ({"kind": "exact", "a": "x", "b": "y", "score": 1, "evidence": [1]}, "'evidence'"),
        ("not an object", "finding 1"),
    ],
)
def test_bad_findings_name_the_file_finding_and_field(
    tmp_path: Path, finding: object, field: str
) -> None:
    ok = {"kind": "exact", "a": "x", "b": "y", "score": 1}
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"findings": [ok, finding]}), encoding="utf-8")
    with pytest.raises(ReconDataError) as info:
        read_findings(path)
    message = str(info.value)
    assert str(path) in message and "finding 1" in message and field in message


def test_bad_report_sections_are_named(tmp_path: Path) -> None:
    data = json.loads(json.dumps(_small_report().to_dict()))
    for key, value, needle in (
        ("config", {**data["config"], "overlap": 3}, "config.overlap"),
        ("records", {"train": "two"}, "records"),
        ("sources", ["bench.csv"], "sources"),
        ("corpus", None, "corpus"),
    ):
        with pytest.raises(ReconDataError, match=needle):
            Report.from_dict({**data, key: value})
    with pytest.raises(ReconDataError, match="not JSON"):
        (tmp_path / "bad.json").write_text("{", encoding="utf-8")
        read_report(tmp_path / "bad.json")
