"""Generators: records validate, the audit agrees with every gold, golds match independent solvers,
options are shuffled fairly and never repeat, configs validate, output is deterministic."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections import Counter
from fractions import Fraction

import pytest

from recon_data.curation.generators import create, generator_class, mixture
from recon_data.curation.generators import list as list_generators
from recon_data.curation.generators.base import make_config, option_key
from recon_data.curation.generators.registry import GENERATORS, NEW_FAMILIES
from recon_data.errors import ReconDataError
from recon_data.schema import Problem

RELEASE_FAMILIES = [n for n in GENERATORS if n not in NEW_FAMILIES]
LEVELS = ("easy", "medium", "hard")


@pytest.fixture(scope="module")
def samples() -> dict[tuple[str, str], list]:
    """20 problems per generator and difficulty (mixed_nash hard: 6, its solver is slow)."""
    out = {}
    for name in GENERATORS:
        for level in LEVELS:
            n = 6 if (name, level) == ("mixed_nash", "hard") else 20
            out[name, level] = list(create(name, level).generate(n, seed=11))
    return out


@pytest.mark.parametrize("name", list(GENERATORS))
def test_records_validate_and_grade_their_own_gold(samples, name: str) -> None:
    from recon_data.verifiers.grade import grade

    for level in LEVELS:
        for s in samples[name, level]:
            p = Problem.model_validate(s.record)
            assert p.source == "generated" and p.category == generator_class(name).category
            gen = p.generation
            assert gen is not None and gen.generator == name
            assert (gen.seed, gen.difficulty) == (11, level)
            assert p.provenance.file == "generated" and p.provenance.row == gen.index
            assert gen.certificate and gen.config["difficulty"] == level
            assert p.model_dump(mode="json", exclude_none=True) == s.record  # JSON, field order
            completion = f"<think>x</think>\n\\boxed{{{p.answer}}}"
            verdict = grade(completion, p.answer, p.answer_kind, p.options or None)
            assert verdict.correct, (p.id, verdict)


@pytest.mark.parametrize("name", RELEASE_FAMILIES)
def test_audit_agrees_with_every_generated_gold(samples, name: str) -> None:
    """The audit's own parsers read the generated prompts and re-solve them: all `agree`."""
    audit = pytest.importorskip("recon_data.curation.audit")
    for level in LEVELS:
        for s in samples[name, level]:
            item = audit.audit_item(Problem.model_validate(s.record))
            assert item.status == "agree", (name, level, item.reason, s.record["question"])


def test_mcq_options_distinct_and_one_correct(samples) -> None:
    for (name, _), group in samples.items():
        cls = generator_class(name)
        if cls.answer_kind != "mcq":
            continue
        for s in group:
            keys = [option_key(o) for o in s.record["options"]]
            assert len(set(keys)) == len(keys), s.record["options"]


def _chi2(counts: Counter, k: int) -> float:
    n = sum(counts.values())
    return sum((counts.get(i, 0) - n / k) ** 2 / (n / k) for i in range(1, k + 1))


@pytest.mark.parametrize(
    ("name", "k"),
    [("trigger", 4), ("condorcet_criterion", 4), ("bayes_nash", 4), ("backward_induction", 2)],
)
def test_gold_position_is_uniform(name: str, k: int) -> None:
    from recon_data.answers import parse_mcq_gold

    gen = create(name, "easy")
    counts = Counter(parse_mcq_gold(s.record["answer"])[0] for s in gen.generate(400, seed=5))
    # Critical values of chi-square at p = 0.001: df 1 -> 10.83, df 3 -> 16.27.
    assert _chi2(counts, k) < {2: 10.83, 4: 16.27}[k], counts


def test_enforceability_answers_both_cooperative_paths() -> None:
    gen = create("enforceability")
    golds = Counter(
        s.record["answer"].split(": ", 1)[1].split()[0] for s in gen.generate(120, seed=2)
    )
    assert golds["Both"] > 10 and golds["The"] > 10, golds  # steady cooperation / alternating


def test_labels_vary() -> None:
    names = {s.record["question"].split()[0] for s in create("backward_induction").generate(80, 1)}
    assert len(names) > 25
    settings = {s.record["question"].split(",")[0] for s in create("trigger").generate(80, 1)}
    assert len({t.split()[1] for t in settings}) >= 6  # firms, countries, companies ...


def test_iterated_dominance_matches_a_sequential_elimination() -> None:
    """Strict IESDS removing one dominated strategy at a time gives the same survivors."""
    from recon_data.answers import parse_profile_set
    from recon_data.curation.audit.matrix import parse_bimatrix

    def survivors(a, b):
        rows, cols = list(range(len(a))), list(range(len(a[0])))
        changed = True
        while changed:
            changed = False
            for r, s in itertools.permutations(rows, 2):
                if all(a[s][c] > a[r][c] for c in cols):
                    rows.remove(r)
                    changed = True
                    break
            for c, d in itertools.permutations(cols, 2):
                if not changed and all(b[r][d] > b[r][c] for r in rows):
                    cols.remove(c)
                    changed = True
                    break
        return sorted(itertools.product(rows, cols))

    for level in LEVELS:
        for s in create("iterated_dominance", level).generate(40, seed=3):
            a, b = parse_bimatrix(s.record["question"])
            assert sorted(parse_profile_set(s.record["answer"])) == survivors(a, b)


def test_mixed_nash_matches_nashpy() -> None:
    nash = pytest.importorskip("nashpy")
    import numpy as np

    from recon_data.curation.audit.matrix import parse_bimatrix

    for s in create("mixed_nash", "medium").generate(30, seed=4):
        q = s.record["question"]
        a, b = parse_bimatrix(q)
        eqs = list(nash.Game(np.array(a), np.array(b)).support_enumeration())
        assert len(eqs) == 1
        x, y = eqs[0]
        gold = float(Fraction(s.record["answer"]))
        if "Player 0 plays row strategy" in q:
            want = x[int(q.split("row strategy ")[1][0])]
        elif "Player 1 plays column strategy" in q:
            want = y[int(q.split("column strategy ")[1][0])]
        else:
            p = int(q.split("Player ")[-1][0])
            want = x @ np.array([a, b][p]) @ y
        assert abs(gold - want) < 1e-9, (q, gold, want)


def test_pure_nash_matches_nashpy_pure_equilibria() -> None:
    nash = pytest.importorskip("nashpy")
    import numpy as np

    from recon_data.answers import parse_profile_set
    from recon_data.curation.audit.matrix import parse_bimatrix

    for s in create("pure_nash", "medium").generate(30, seed=6):
        a, b = parse_bimatrix(s.record["question"])
        found = {
            (int(np.argmax(x)), int(np.argmax(y)))
            for x, y in nash.Game(np.array(a), np.array(b)).support_enumeration()
            if max(x) == 1 and max(y) == 1
        }
        assert set(parse_profile_set(s.record["answer"])) == found


def test_difficulty_maps_to_fields() -> None:
    hard = create("pure_nash", "hard").generate(1, seed=1)
    q = next(hard).record["question"]
    assert q.count("], [") == 6  # two 4x4 matrices
    assert create("condorcet_criterion", "hard").config.candidates == 5
    assert create("pte", "hard", rows=3).config.rows == 3  # explicit settings beat the preset


@pytest.mark.parametrize(
    ("name", "setting"),
    [
        ("pure_nash", {"rows": 1}),
        ("pure_nash", {"high": 3}),  # 9 distinct payoffs do not fit in 0..3
        ("trigger", {"max_payoff": 5}),
        ("backward_induction", {"rounds": "4"}),
        ("condorcet_criterion", {"max_groups": 1, "min_groups": 3}),
        ("auction_risk", {"options": 7}),
        ("pure_nash", {"nonsense": 1}),
    ],
)
def test_bad_configs_name_the_field(name: str, setting: dict) -> None:
    with pytest.raises(ReconDataError) as err:
        create(name, **setting)
    assert any(k in str(err.value) for k in setting)


def test_bad_difficulty_and_knob_text() -> None:
    with pytest.raises(ReconDataError, match="difficulty"):
        create("pte", "extreme")
    cls = generator_class("pure_nash").config_class
    config = make_config(cls, ties="yes", rows="4")  # `--set` text, converted by the model
    assert config.ties is True and config.rows == 4
    with pytest.raises(ReconDataError, match="rows"):
        make_config(cls, rows="four")
    with pytest.raises(ReconDataError, match="unknown generator"):
        create("cobweb")


def test_impossible_config_fails_with_a_message() -> None:
    gen = create("pure_nash", "easy", min_equilibria=4)  # a 2x2 game has at most 2
    with pytest.raises(ReconDataError, match="no valid problem"):
        gen.sample(1, 0)


def test_same_seed_same_record_other_seed_other_record() -> None:
    for name in GENERATORS:
        gen = create(name, "easy")
        assert gen.sample(9, 3).record == create(name, "easy").sample(9, 3).record
        assert gen.sample(9, 3).record != gen.sample(10, 3).record
        assert gen.sample(9, 3, "eval").record["split"] == "eval"


_DUMP = """
import json, sys
from recon_data.curation.generators import create, GENERATORS
out = [create(n, "easy").sample(21, i).record for n in GENERATORS for i in range(3)]
sys.stdout.write(json.dumps(out, sort_keys=True))
"""


@pytest.mark.slow  # subprocesses or whole-corpus work; CI runs it
def test_byte_identical_across_processes_and_hash_seeds() -> None:
    runs = []
    for hash_seed in ("1", "4242"):
        env = {"PYTHONHASHSEED": hash_seed, "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
        res = subprocess.run(
            [sys.executable, "-c", _DUMP], capture_output=True, text=True, env=env, check=True
        )
        runs.append(res.stdout)
    here = [create(n, "easy").sample(21, i).record for n in GENERATORS for i in range(3)]
    assert runs[0] == runs[1] == json.dumps(here, sort_keys=True)


def test_new_families_have_their_own_categories() -> None:
    """mixed_nash and iterated_dominance are filed under generated-only categories, and the
    closed-form families under closed_form."""
    from recon_data.categories import BY_SLUG, PAPER_SLUGS
    from recon_data.curation.generators.registry import FORMULA_FAMILIES

    for name in NEW_FAMILIES:
        cls = generator_class(name)
        own = "closed_form" if name in FORMULA_FAMILIES else name
        assert cls.category == own and own not in PAPER_SLUGS
        cat = BY_SLUG[own]
        assert not cat.paper and cat.source == "generated" and cls.answer_kind in cat.answer_kinds
    for name in RELEASE_FAMILIES:
        assert generator_class(name).category in PAPER_SLUGS


def test_registry_lists_every_generator_with_knobs() -> None:
    entries = {e["name"]: e for e in list_generators()}
    assert set(entries) == set(GENERATORS)
    assert len(GENERATORS) >= 13 and len(NEW_FAMILIES) >= 2
    assert entries["pure_nash"]["knobs"]["rows"]["default"] == 3
    assert set(entries["trigger"]["presets"]) == set(LEVELS)


def test_mixture_weights_and_determinism() -> None:
    mix = mixture({"pure_nash": 3, "trigger": 1, "pte": 0})
    picks = Counter(mix.pick(1, i) for i in range(2000))
    assert picks["pte"] == 0 and 1300 < picks["pure_nash"] < 1700
    again = mixture({"pure_nash": 3, "trigger": 1, "pte": 0})
    assert [s.record for s in mix.generate(20, 5)] == [s.record for s in again.generate(20, 5)]
    with pytest.raises(ReconDataError):
        mixture({"pure_nash": 0})
