"""Lean decontamination: numpy MinHash LSH against datasketch, compact index arrays, thousands
separators, and the default benchmark fields."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from recon_data.curation.decontam import DecontamConfig, Doc, decontaminate
from recon_data.curation.decontam.fields import pick_fields
from recon_data.curation.decontam.index import ReferenceIndex, RefRow
from recon_data.curation.decontam.minhash import (
    Permutations,
    band_keys,
    candidate_pairs,
    lsh_params,
)
from recon_data.curation.decontam.normalize import normalized_words
from recon_data.curation.decontam.sources import load_benchmarks


def _datasketch_affine32():
    datasketch = pytest.importorskip("datasketch")
    if getattr(datasketch.MinHash(num_perm=16), "scheme", None) != "affine32":
        pytest.skip("datasketch before 2.0 uses another permutation scheme")
    return datasketch


def test_signatures_equal_datasketch_minhash() -> None:
    datasketch = _datasketch_affine32()
    rng = np.random.default_rng(3)
    sets = [rng.integers(0, 2**32, size, dtype=np.uint64) for size in (1, 7, 300, 70_000, 40)]
    hashes = np.concatenate(sets)
    ptr = np.concatenate(([0], np.cumsum([s.size for s in sets])))
    ours = Permutations(128).signatures(hashes, ptr)
    for values, row in zip(sets, ours, strict=True):
        sketch = datasketch.MinHash(num_perm=128, seed=1, hashfunc=lambda v: v)
        sketch.update_batch(values.tolist())
        assert row.tolist() == sketch.hashvalues.tolist()


@pytest.mark.slow  # a whole-corpus scan or a served endpoint; CI runs it
def test_band_parameters_equal_minhashlsh() -> None:
    datasketch = pytest.importorskip("datasketch")
    for threshold in (0.2, 0.5, 0.6, 0.8):
        for num_perm in (16, 128, 256):
            lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=num_perm)
            assert lsh_params(threshold, num_perm) == (lsh.b, lsh.r)


def test_candidates_are_exactly_the_sets_sharing_a_band() -> None:
    rng = np.random.default_rng(5)
    sig = rng.integers(0, 4, (60, 12), dtype=np.uint32)  # small alphabet: many equal bands
    live = rng.random(60) > 0.2
    codes = candidate_pairs(band_keys(sig, 4, 3), live)
    brute = {
        a * 60 + b
        for a in range(60)
        for b in range(a + 1, 60)
        if live[a]
        and live[b]
        and any((sig[a, j * 3 : j * 3 + 3] == sig[b, j * 3 : j * 3 + 3]).all() for j in range(4))
    }
    assert brute and codes.tolist() == sorted(brute)


def test_index_arrays_are_32_bit() -> None:
    rows = [
        RefRow(None, (("text", f"item {i} asks about rates and {i * 7} bonds"),)) for i in range(50)
    ]
    index = ReferenceIndex(rows, DecontamConfig())
    for name in ("ids", "occ_pos", "occ_g", "post_fe", "post_rel", "post_ptr", "df"):
        assert getattr(index, name).itemsize == 4, name
    assert not hasattr(index, "values")  # token hashes are recomputed per slice, never kept


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("pay 1,000 now", "pay 1000 now", True),
        ("a fund of $1,250,000.50", "a fund of $1250000.50", True),
        ("53,512.23", "53512.23", True),
        ("(0,100)", "(0 100)", True),  # a pair of numbers, not 100
        ("(0,100)", "(0100)", False),
        ("[1,2,3]", "[1 2 3]", True),
        ("1,2345", "1 2345", True),  # not a group of three
        ("1,000", "1 000", False),
    ],
)
def test_thousands_separators(a: str, b: str, same: bool) -> None:
    assert (normalized_words(a) == normalized_words(b)) is same


def test_thousands_separators_match_across_texts() -> None:
    body = "the firm reported revenue of 1,250,000 dollars and costs of 980,500 dollars last year"
    docs = [Doc("a", "train", body), Doc("b", "eval", body.replace(",", ""))]
    [finding] = decontaminate(docs).findings
    assert finding.kind == "exact" and finding.a.split == "train"


def test_default_fields_skip_numbers_titles_and_source_texts() -> None:
    rows = [
        {
            "title": "Inflation",
            "sentence": f"prices rose by {i} percent because the central bank printed money fast",
            "cause": "the central bank printed money fast",
            "effect": f"prices rose by {i} percent",
            "label": str(i % 2),
        }
        for i in range(20)
    ]
    chosen, skipped = pick_fields(list(rows[0]), rows)
    assert chosen == ["cause", "effect"]
    assert set(skipped) == {"title", "sentence", "label"}
    # An unrelated long column (a question beside its short choices) is kept.
    rows = [
        {"question": " ".join(["why"] * 40) + f" {i}", "choice": f"rates go up {i}"}
        for i in range(9)
    ]
    assert pick_fields(["question", "choice"], rows) == (["question", "choice"], {})


def test_econnli_default_fields_are_the_pair(econnli_dir: Path) -> None:
    [bench] = load_benchmarks(econnli_dir / "EconNLI_test.csv")
    info = bench.describe()
    assert info["fields"] == ["cause", "effect"] and info["fields_chosen_by"] == "default"
    assert set(info["fields_skipped"]) == {"wiki_page", "sentence", "label"}
    [given] = load_benchmarks(econnli_dir / "EconNLI_test.csv", ["cause"])
    assert given.describe()["fields_chosen_by"] == "given"


@pytest.mark.slow  # a whole-corpus scan or a served endpoint; CI runs it
def test_cli_says_which_fields_were_used(corpus_dir: Path, econnli_dir: Path, cli) -> None:
    bench = econnli_dir / "EconNLI_test.csv"
    code, out, err = cli("decontaminate", corpus_dir, "--against", bench, "--no-within", "--json")
    assert code == 0, err
    [source] = json.loads(out)["sources"]
    assert source["fields"] == ["cause", "effect"] and source["fields_chosen_by"] == "default"
    # The default finds the 123 EconNLI test rows that --field cause --field effect finds.
    assert source["rows_matched"] == 123
    code, out, err = cli("decontaminate", corpus_dir, "--against", bench, "--no-within")
    assert code == 0, err
    assert "matched on cause, effect (picked by default" in " ".join(out.split())
