"""The generators' fast paths give exactly what the plain computations give."""

from __future__ import annotations

import json
import math
import random

import pytest

from recon_data.curation.generators import create
from recon_data.curation.generators.base import _json


def _roundtrip(value: object) -> object:
    return json.loads(json.dumps(value, ensure_ascii=False))


def _same(a: object, b: object) -> bool:
    """Equal, with the same types all the way down (1 vs 1.0 vs True count as different)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)  # type: ignore[arg-type]
    return a == b


@pytest.mark.parametrize(
    "value",
    [
        {"kind": "x", "rows": [(1, 2), (3, "4")], "ok": True, "none": None, "f": 0.25},
        {"nested": {"a": [[(0, 1)], []], "b": ("é", -0.0)}},
        {1: "int key", "s": [float("inf"), float("nan")]},  # keys and values only JSON converts
        {True: 1, None: 2, 2.5: 3},
        [(), {}, "", 0],
    ],
)
def test_certificate_json_equals_the_round_trip(value: object) -> None:
    assert _same(_json(value), _roundtrip(value))


def test_certificate_json_copies_and_rejects_non_json() -> None:
    inner = [1, 2]
    out = _json({"a": inner})
    assert out == {"a": [1, 2]} and out["a"] is not inner
    with pytest.raises(TypeError):
        _json({"a": object()})


def test_every_certificate_survives_the_round_trip_unchanged() -> None:
    # The records keep what the JSON round trip would have made of each certificate.
    rng = random.Random(3)
    for name in ("pure_nash", "pte", "enforceability", "feasibility", "bayes_nash"):
        gen = create(name, "medium")
        for _ in range(20):
            meta = gen.sample(rng.randint(0, 99), rng.randint(0, 10**6)).meta
            assert _same(meta["certificate"], _roundtrip(meta["certificate"]))


def test_decimal_text_cache_matches_format_number() -> None:
    from fractions import Fraction

    from recon_data.answers import format_number
    from recon_data.curation.generators.prompts import decimal_text

    rng = random.Random(4)
    values = [Fraction(rng.randint(-3000, 3000), rng.choice((1, 4, 100, 3, 7))) for _ in range(300)]
    for value in values + values:  # the second pass reads the cache
        assert decimal_text(value) == format_number(value)
    assert decimal_text(7) == "7" and decimal_text(Fraction(1, 3)) == "1/3"


def test_matrices_block_is_json_dumps() -> None:
    from recon_data.curation.generators.prompts import matrices_block

    rng = random.Random(6)
    for _ in range(100):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        a = [[rng.randint(-(10**6), 10**6) for _ in range(cols)] for _ in range(rows)]
        b = [[rng.randint(-3, 3) for _ in range(cols)] for _ in range(rows)]
        want = (
            f"Player 0's payoff matrix:\n{json.dumps(a)}\n\n"
            f"Player 1's payoff matrix:\n{json.dumps(b)}"
        )
        assert matrices_block(a, b) == want
    assert matrices_block([[]], [[True, 0.5]]).endswith("[[true, 0.5]]")  # non-ints: json.dumps


def test_rounded_is_round_half_even_of_the_fraction() -> None:
    from fractions import Fraction

    from recon_data.curation.generators.prompts import fixed, rounded

    rng = random.Random(7)
    cases = [Fraction(k, 2) for k in range(-9, 10)] + [Fraction(k, 200) for k in range(-9, 10)]
    cases += [Fraction(rng.randint(-(10**6), 10**6), rng.randint(1, 999)) for _ in range(300)]
    for x in cases:
        for places in (0, 2):
            assert rounded(x, places) == round(x * 10**places), (x, places)
    assert fixed(Fraction(5, 8)) == "0.62" and fixed(Fraction(-3, 2), 0) == "-2"
    assert rounded(7) == 7 and rounded(0.125, 2) == 12  # ints; floats via Fraction


def test_stage_draw_amount_matches_the_fraction_formula() -> None:
    from fractions import Fraction

    from recon_data.curation.generators.base import Reject
    from recon_data.curation.generators.stage import StageConfig, draw_amount

    def old(r: random.Random, c: StageConfig, low: Fraction, high: Fraction) -> Fraction | None:
        step = Fraction(1, 100) if c.cents else Fraction(1)
        lo, hi = int(low / step) + 1, int(high / step) - 1
        return None if lo > hi else r.randint(lo, hi) * step

    rng = random.Random(1)
    for cents in (False, True):
        c = StageConfig(cents=cents)
        for _ in range(300):
            low = Fraction(rng.randint(-5000, 5000), rng.choice((1, 3, 100, 7)))
            high = low + Fraction(rng.randint(0, 300), rng.choice((1, 2, 100)))
            seed = rng.random()
            want = old(random.Random(seed), c, low, high)
            if want is None:
                with pytest.raises(Reject):
                    draw_amount(random.Random(seed), c, low, high)
            else:
                got = draw_amount(random.Random(seed), c, low, high)
                assert got == want and type(got) is Fraction
