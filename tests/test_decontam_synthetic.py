"""Decontamination on synthetic corpora with planted answers: what must and must not be found."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from recon_data.curation.decontam import DecontamConfig, Doc, End, Finding, Report, decontaminate

SEED = 11


class World:
    """A seeded corpus: two shared instruction templates, unique bodies, and planted cases."""

    def __init__(self) -> None:
        rng = random.Random(SEED)
        letters = "abcdefghijklmnopqrstuvwxyz"
        words: set[str] = set()
        while len(words) < 3000:
            words.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 9))))
        self.words = sorted(words)
        self.rng = rng
        self.template_a = self.sentence(30)
        self.template_b = self.sentence(30)

    def sentence(self, n: int) -> str:
        return " ".join(self.rng.choices(self.words, k=n)).capitalize() + "."

    def body(self, n: int = 60, numbers: int = 3) -> str:
        parts = self.rng.choices(self.words, k=n)
        for i in range(numbers):
            parts.insert(
                (i + 1) * n // (numbers + 1),
                f"{self.rng.randint(100, 99999)}.{self.rng.randint(10, 99)}",
            )
        return " ".join(parts) + "?"

    def item(self, template: str, body: str) -> str:
        return f"{template}\n\nQuestion:\n{body}"


def renumber(text: str, rng: random.Random) -> str:
    return " ".join(
        f"{rng.randint(100, 99999)}.{rng.randint(10, 99)}" if w[0].isdigit() else w
        for w in text.split(" ")
    )


def paraphrase(text: str, words: list[str], rng: random.Random) -> str:
    tokens = text.split(" ")
    for pos in (10, 25, 40):  # three substitutions, spread out, numbers (at 15, 30, 45) untouched
        tokens[pos] = rng.choice(words)
    return " ".join(tokens)


@pytest.fixture(scope="module")
def planted() -> dict:
    w = World()
    rng = random.Random(SEED + 1)
    docs: list[Doc] = []
    # Background: 16 train and 6 eval items per template, each with its own body.
    for t, template in enumerate((w.template_a, w.template_b)):
        for i in range(16):
            docs.append(Doc(f"bg-train-{t}-{i}", "train", w.item(template, w.body())))
        for i in range(6):
            docs.append(Doc(f"bg-eval-{t}-{i}", "eval", w.item(template, w.body())))
    bodies = {
        name: w.body() for name in ("dup", "leak", "retemplate", "sibling", "para", "cot", "embed")
    }
    dup = w.item(w.template_a, bodies["dup"])
    docs += [
        Doc("dup-1", "train", dup),
        Doc("dup-2", "train", dup.upper().replace(" ", "  ").replace("?", " ?!")),
        Doc("leak-eval", "eval", w.item(w.template_a, bodies["leak"])),
        Doc("leak-train", "train", w.item(w.template_a, bodies["leak"])),
        Doc("retemplate-eval", "eval", w.item(w.template_a, bodies["retemplate"])),
        Doc("retemplate-train", "train", w.item(w.template_b, bodies["retemplate"])),
        Doc("sibling-eval", "eval", w.item(w.template_a, bodies["sibling"])),
        Doc("sibling-train", "train", w.item(w.template_a, renumber(bodies["sibling"], rng))),
        Doc("para-eval", "eval", w.item(w.template_b, bodies["para"])),
        Doc("para-train", "train", w.item(w.template_b, paraphrase(bodies["para"], w.words, rng))),
        Doc("cot-eval", "eval", w.item(w.template_b, bodies["cot"])),
        Doc("cot-1", "cot", w.item(w.template_b, bodies["cot"])),
        Doc("cot-2", "cot", docs[0].text),
        Doc("embed-eval", "eval", w.item(w.template_a, bodies["embed"])),
        Doc(
            "embed-train",
            "train",
            w.item(w.template_b, w.body(80, 2) + "\n" + bodies["embed"] + "\n" + w.body(80, 2)),
        ),
    ]
    report = decontaminate(docs, config=DecontamConfig())
    return {"docs": docs, "report": report, "world": w}


def pairs(report: Report) -> dict[frozenset[str], Finding]:
    return {frozenset((f.a.id, f.b.id)): f for f in report.findings}


def find(report: Report, x: str, y: str) -> Finding | None:
    return pairs(report).get(frozenset((x, y)))


def test_exact_duplicates_after_normalisation(planted: dict) -> None:
    f = find(planted["report"], "dup-1", "dup-2")
    assert f is not None and f.kind == "exact" and f.pair() == "train~train"
    leak = find(planted["report"], "leak-train", "leak-eval")
    assert leak is not None and leak.kind == "exact" and leak.pair() == "train~eval"


def test_same_instance_under_another_template_is_overlap(planted: dict) -> None:
    f = find(planted["report"], "retemplate-train", "retemplate-eval")
    assert f is not None and f.kind == "ngram_overlap" and f.score >= 0.8
    assert f.a == End.record("retemplate-train", "train") and f.b.split == "eval"


def test_template_siblings_with_other_numbers_are_not_flagged(planted: dict) -> None:
    assert find(planted["report"], "sibling-train", "sibling-eval") is None


def test_shared_templates_alone_are_not_flagged(planted: dict) -> None:
    flagged = {e.id for f in planted["report"].findings for e in (f.a, f.b)}
    background = {d.id for d in planted["docs"] if d.id.startswith("bg-")}
    # cot-2 copies a background train item: traces against train are by design, never reported.
    assert flagged & background == set()


def test_light_paraphrase_is_a_near_duplicate(planted: dict) -> None:
    f = find(planted["report"], "para-train", "para-eval")
    assert f is not None and f.kind == "near_duplicate"
    assert 0.7 <= f.evidence["jaccard"] < 1.0
    assert abs(f.evidence["minhash_estimate"] - f.evidence["jaccard"]) < 0.2


def test_cot_against_eval_is_reported_and_against_train_is_not(planted: dict) -> None:
    f = find(planted["report"], "cot-1", "cot-eval")
    assert f is not None and f.kind == "exact" and f.pair() == "cot~eval"
    assert find(planted["report"], "cot-2", planted["docs"][0].id) is None


def test_eval_item_inside_a_longer_training_text(planted: dict) -> None:
    f = find(planted["report"], "embed-train", "embed-eval")
    assert f is not None and f.kind == "ngram_overlap"
    assert f.evidence["of"] == "b" and f.score >= 0.8


def test_nothing_else_is_flagged(planted: dict) -> None:
    expected = {
        frozenset(p)
        for p in [
            ("dup-1", "dup-2"),
            ("leak-train", "leak-eval"),
            ("retemplate-train", "retemplate-eval"),
            ("para-train", "para-eval"),
            ("cot-1", "cot-eval"),
            ("embed-train", "embed-eval"),
        ]
    }
    assert set(pairs(planted["report"])) == expected


def test_report_is_deterministic(planted: dict) -> None:
    again = decontaminate(planted["docs"])
    assert again.to_dict() == planted["report"].to_dict()
    reordered = decontaminate(list(reversed(planted["docs"])))
    assert reordered.to_dict()["findings"] == planted["report"].to_dict()["findings"]


def test_a_lower_document_frequency_cap_treats_small_families_as_templates(planted: dict) -> None:
    # With max_df 1 every n-gram shared by two texts is boilerplate: only exact copies remain.
    report = decontaminate(planted["docs"], config=DecontamConfig(max_df=1))
    assert {f.kind for f in report.findings} == {"exact"}


# -- short-text benchmarks -----------------------------------------------------------------
@pytest.fixture(scope="module")
def pairs_benchmark(tmp_path_factory: pytest.TempPathFactory) -> dict:
    w = World()
    rows = [
        {
            "premise": w.sentence(w.rng.randint(3, 6)),
            "hypothesis": w.sentence(w.rng.randint(3, 6)),
            "label": "1",
        }
        for _ in range(40)
    ]
    rows.append({"premise": "Prices", "hypothesis": "Rise", "label": "0"})
    path = tmp_path_factory.mktemp("bench") / "pairs.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["premise", "hypothesis", "label"])
        writer.writeheader()
        writer.writerows(rows)
    head = w.sentence(25)
    docs = [Doc(f"noise-{i}", "train", f"{head}\n\n{w.body()}") for i in range(30)]
    docs += [
        Doc(
            "pair-3",
            "train",
            f"{head}\n\nPremise: {rows[3]['premise']}\nHypothesis: {rows[3]['hypothesis']}",
        ),
        Doc(
            "swapped-7",
            "eval",
            f"{head}\n\nPremise: {rows[7]['hypothesis']}\nHypothesis: {rows[7]['premise']}",
        ),
        Doc(
            "half-9",
            "train",
            f"{head}\n\nPremise: {rows[9]['premise']}\nHypothesis: {rows[10]['hypothesis']}",
        ),
        Doc("words", "train", f"{head}\n\nPrices will rise."),
    ]
    return {"rows": rows, "path": path, "docs": docs}


def test_short_fields_are_matched_per_field(pairs_benchmark: dict) -> None:
    rows = pairs_benchmark["rows"]
    # No field reaches 8 words, so a fixed 8-gram rule could not match any of them.
    assert max(len(r[k].split()) for r in rows for k in ("premise", "hypothesis")) < 8
    report = decontaminate(
        pairs_benchmark["docs"],
        [pairs_benchmark["path"]],
        fields=["premise", "hypothesis"],
        within=False,
    )
    got = {(f.a.id, f.b.row) for f in report.findings}
    assert got == {("pair-3", 3), ("swapped-7", 7)}
    hit = next(f for f in report.findings if f.a.id == "pair-3")
    assert hit.b == End.bench(str(pairs_benchmark["path"]), 3)
    assert hit.evidence["fields"] == {"hypothesis": 1.0, "premise": 1.0}
    assert report.sources[0]["rows_without_content"] == 1  # "Prices" / "Rise": one word each


def test_one_field_alone_is_not_enough(pairs_benchmark: dict) -> None:
    report = decontaminate(
        pairs_benchmark["docs"],
        [pairs_benchmark["path"]],
        fields=["premise", "hypothesis"],
        within=False,
    )
    assert not [f for f in report.findings if f.a.id == "half-9"]


def test_streaming_accepts_a_one_shot_generator(pairs_benchmark: dict) -> None:
    stream = (d for d in pairs_benchmark["docs"])
    report = decontaminate(
        stream,
        [pairs_benchmark["path"]],
        fields=["premise", "hypothesis"],
        within=False,
        config=DecontamConfig(batch_docs=7),
    )
    assert {f.a.id for f in report.findings} == {"pair-3", "swapped-7"}
    assert report.records == {"eval": 1, "train": len(pairs_benchmark["docs"]) - 1}


def test_bad_settings_and_empty_work_are_user_errors(tmp_path: Path) -> None:
    from recon_data.errors import ReconDataError

    with pytest.raises(ReconDataError, match="overlap"):
        DecontamConfig(overlap=1.5)
    with pytest.raises(ReconDataError, match="nothing to check"):
        decontaminate([Doc("a", "train", "text")], within=False)
    with pytest.raises(ReconDataError, match="occurs twice"):
        decontaminate([Doc("a", "train", "one"), Doc("a", "train", "two")])
