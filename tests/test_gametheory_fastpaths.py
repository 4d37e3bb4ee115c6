"""Fast solver paths equal the general ones they replace (random and degenerate cases)."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction as F

import pytest

from recon_data.errors import ReconDataError
from recon_data.gametheory import (
    Lottery,
    NormalFormGame,
    allais_consistent,
    condorcet,
    discounted_value,
    dominated_actions,
    expected_game,
    iterated_elimination,
    maximin,
    minmax_values,
    pairwise_tallies,
    pareto_dominates,
    perfectly_transparent,
    pure_nash,
    support_enumeration,
    sustainable,
)
from recon_data.gametheory.hull import in_hull, in_hull_general, in_hull_planar


def _point(rng: random.Random, span: int) -> tuple[F, F]:
    # Small integer grids make duplicates, collinear sets and boundary targets common;
    # every fourth coordinate is a fraction so the common-denominator scaling is exercised.
    def coord() -> F:
        if rng.random() < 0.25:
            return F(rng.randint(-4 * span, 4 * span), rng.choice((2, 3, 4, 6)))
        return F(rng.randint(-span, span))

    return coord(), coord()


def test_planar_hull_hand_cases() -> None:
    square = [(F(0), F(0)), (F(2), F(0)), (F(2), F(2)), (F(0), F(2))]
    assert in_hull_planar(square, (F(1), F(1)))
    assert in_hull_planar(square, (F(2), F(1)))  # on an edge
    assert in_hull_planar(square, (F(0), F(2)))  # a vertex
    assert not in_hull_planar(square, (F(2), F(2) + F(1, 10**9)))
    segment = [(F(0), F(0)), (F(1), F(1)), (F(3), F(3))]
    assert in_hull_planar(segment, (F(5, 2), F(5, 2)))
    assert not in_hull_planar(segment, (F(4), F(4)))  # on the line, past the end
    assert not in_hull_planar(segment, (F(1), F(2)))  # off the line
    single = [(F(1, 3), F(2))] * 3
    assert in_hull_planar(single, (F(1, 3), F(2))) and not in_hull_planar(single, (F(0), F(2)))
    # prisoner's dilemma stage payoffs: (3,3), (0,5), (5,0), (1,1)
    pd = [(F(3), F(3)), (F(0), F(5)), (F(5), F(0)), (F(1), F(1))]
    assert in_hull_planar(pd, (F(1, 10), F(49, 10))) and not in_hull_planar(pd, (F(0), F(49, 10)))


def test_planar_equals_general_on_random_cases() -> None:
    rng = random.Random(11)
    inside = 0
    for case in range(400):
        span = rng.choice((1, 2, 3, 10))
        points = [_point(rng, span) for _ in range(rng.randint(1, 8))]
        pick = rng.random()
        if pick < 0.3:
            target = rng.choice(points)  # a vertex or an interior stage payoff
        elif pick < 0.6:
            a, b = rng.sample(points, 2) if len(points) > 1 else (points[0], points[0])
            w = F(rng.randint(0, 6), 6)
            target = (a[0] * w + b[0] * (1 - w), a[1] * w + b[1] * (1 - w))  # on a chord
        else:
            target = _point(rng, span + 1)
        want = in_hull_general(points, target)
        assert in_hull_planar(points, target) == want, (case, points, target)
        assert in_hull(points, target) == want
        inside += want
    assert 100 < inside < 300  # both answers well represented


def test_general_path_kept_for_three_players() -> None:
    simplex = [(F(0), F(0), F(0)), (F(3), F(0), F(0)), (F(0), F(3), F(0)), (F(0), F(0), F(3))]
    assert in_hull(simplex, (F(1), F(1), F(1)))
    assert not in_hull(simplex, (F(1), F(1), F(3, 2)))


def _random_game(rng: random.Random) -> NormalFormGame:
    shape = rng.choice(((2, 2), (3, 3), (2, 4), (2, 3, 2)))
    span = rng.choice((2, 8))  # narrow ranges give ties

    def value() -> F:
        return F(rng.randint(-span, span), rng.choice((1, 1, 2, 3)))

    return NormalFormGame.from_payoffs(shape, lambda _p: [value() for _ in shape])


def _reference_pte(game: NormalFormGame, rule: str) -> tuple[tuple, tuple]:
    """The elimination written plainly over Fractions (maximin and pareto_dominates)."""
    alive = list(game.all_profiles)
    steps = []
    while len(alive) > 1:
        g = [maximin(game, p, alive) for p in range(game.n_players)]
        if rule == "individual_rationality":
            keep = [x for x in alive if all(u >= v for u, v in zip(game.payoff(x), g, strict=True))]
        else:
            keep = [x for x in alive if pareto_dominates(game.payoff(x), g)]
        removed = [x for x in alive if x not in keep]
        steps.append((tuple(g), tuple(removed), tuple(keep)))
        if not removed:
            break
        alive = keep
    return tuple(alive), tuple(steps)


def test_pte_equals_plain_elimination_on_random_games() -> None:
    rng = random.Random(5)
    unique = 0
    for _ in range(200):
        game = _random_game(rng)
        for rule in ("individual_rationality", "pareto"):
            got = perfectly_transparent(game, rule)
            alive, steps = _reference_pte(game, rule)
            assert got.profiles == alive
            assert [
                (
                    tuple(F(x) for x in s["guarantees"]),
                    tuple(tuple(p) for p in s["removed"]),
                    tuple(tuple(p) for p in s["remaining"]),
                )
                for s in got.steps
            ] == list(steps)
            unique += len(got.pte)
    assert unique > 50


def test_payoff_lookup_checks_profiles() -> None:
    game = NormalFormGame.from_bimatrix([[1, 2], [3, 4]], [[5, 6], [7, 8]])
    assert game.payoff((1, 0)) == (3, 7) and game.payoff([0, 1]) == (2, 6)
    for bad in ((2, 0), (0,), (0, 0, 0), (-1, 0)):
        with pytest.raises(ReconDataError):
            game.payoff(bad)


def _reference_sustain(path: list, d: F, game: NormalFormGame) -> tuple:
    """Grim trigger checked plainly: discounted_value of each rotation vs deviate-then-punish."""
    n = game.n_players
    equilibria = pure_nash(game).profiles
    punish = tuple(min(equilibria, key=lambda e: game.payoff(e)[i]) for i in range(n))
    k = len(path)
    follow, violations = [], []
    for t in range(k):
        value = discounted_value([game.payoff(path[(t + s) % k]) for s in range(k)], d)
        follow.append(value)
        for i in range(n):
            best = max(
                game.payoff((*path[t][:i], act, *path[t][i + 1 :]))[i]
                for act in range(game.shape[i])
                if act != path[t][i]  # a deviation plays another action
            )
            deviate = best + d * game.payoff(punish[i])[i] / (1 - d)
            if deviate > value[i]:
                violations.append((t, i, deviate - value[i]))
    return not violations, tuple(violations), punish, tuple(follow)


def test_sustainable_equals_plain_discounting_on_random_games() -> None:
    rng = random.Random(8)
    verdicts = set()
    checked = 0
    while checked < 200:
        game = _random_game(rng)
        if not pure_nash(game).profiles:
            continue
        path = [rng.choice(game.all_profiles) for _ in range(rng.randint(1, 3))]
        d = F(rng.randint(0, 99), rng.choice((100, 7)))
        if d >= 1:
            continue
        r = sustainable(path, d, game)
        want = _reference_sustain(path, d, game)
        assert (r.sustainable, r.violations, r.punishments, r.follow_values) == want
        verdicts.add(r.sustainable)
        checked += 1
    assert verdicts == {True, False}


def test_expected_game_equals_plain_fraction_sums() -> None:
    rng = random.Random(2)
    for _ in range(50):
        n = rng.randint(1, 5)
        cuts = sorted(F(rng.randint(0, 60), rng.choice((60, 7))) for _ in range(n - 1))
        cuts = [min(c, F(1)) for c in cuts]
        prior = [b - a for a, b in zip([F(0), *cuts], [*cuts, F(1)], strict=True)]
        games = [_random_game(random.Random(rng.random())) for _ in range(n)]
        games = [g for g in games if g.shape == games[0].shape]
        prior = prior[: len(games)]
        prior[-1] = 1 - sum(prior[:-1], F(0))
        got = expected_game(games, prior)
        for k, row in enumerate(got.table):
            for i, value in enumerate(row):
                assert value == sum(
                    (w * g.table[k][i] for w, g in zip(prior, games, strict=True)), F(0)
                )


def _reference_elimination(game: NormalFormGame, strict: bool) -> tuple:
    """Iterated elimination written plainly: compare Fraction payoffs profile by profile."""
    alive = [list(range(k)) for k in game.shape]

    def dominator(p: int, a: int) -> int | None:
        others = [alive[q] if q != p else [0] for q in range(game.n_players)]
        for rival in alive[p]:
            if rival == a:
                continue
            diffs = []
            for ctx in itertools.product(*others):
                mine = game.payoff((*ctx[:p], a, *ctx[p + 1 :]))[p]
                theirs = game.payoff((*ctx[:p], rival, *ctx[p + 1 :]))[p]
                diffs.append(theirs - mine)
            if all(d > 0 for d in diffs) if strict else all(d >= 0 for d in diffs) and any(diffs):
                return rival
        return None

    steps = []
    while True:
        removed = [
            (p, a, by)
            for p in range(game.n_players)
            for a in alive[p]
            if (by := dominator(p, a)) is not None
        ]
        if not removed:
            return tuple(tuple(s) for s in alive), tuple(steps)
        for p, a, _ in removed:
            alive[p].remove(a)
        steps.append(tuple(removed))


def test_iterated_elimination_equals_plain_comparison_on_random_games() -> None:
    rng = random.Random(9)
    removed = 0
    for _ in range(150):
        game = _random_game(rng)
        for strict in (True, False):
            got = iterated_elimination(game, strict=strict)
            surviving, steps = _reference_elimination(game, strict)
            assert got.surviving == surviving
            assert [
                tuple((r["player"], r["action"], r["dominated_by"]) for r in s["removed"])
                for s in got.steps
            ] == list(steps)
            first = steps[0] if steps else ()  # one round = every action dominated at the start
            for p in range(game.n_players):
                assert dominated_actions(game, p, strict) == tuple(a for q, a, _ in first if q == p)
            removed += len(steps)
    assert removed > 100


def test_integer_bimatrix_prefills_the_integer_payoffs() -> None:
    a, b = [[3, -1, 0], [2, 2, 7]], [[0, 5, -4], [1, 1, 1]]
    fast = NormalFormGame.from_bimatrix(a, b)
    plain = NormalFormGame(fast.shape, fast.table)  # computes the scaled ints itself
    assert fast.int_payoffs == plain.int_payoffs == ((3, -1, 0, 2, 2, 7), (0, 5, -4, 1, 1, 1))
    assert fast.int_scales == plain.int_scales == (1, 1)
    mixed = NormalFormGame.from_bimatrix([[1, F(1, 2)]], [[F(2, 3), 0]])
    assert mixed.int_scales == (2, 3) and mixed.int_payoffs == ((2, 1), (2, 0))


def _plain_difference(chosen: Lottery, rejected: Lottery) -> dict:
    out: dict = {}
    for x, p in chosen.outcomes:
        out[x] = out.get(x, F(0)) + p
    for x, p in rejected.outcomes:
        out[x] = out.get(x, F(0)) - p
    return {x: d for x, d in out.items() if d}


def _plain_allais(first: tuple, second: tuple) -> bool:
    d1, d2 = _plain_difference(*first), _plain_difference(*second)
    if not d1 or not d2:
        return False
    if set(d1) != set(d2):
        return True
    x0 = next(iter(d1))
    ratio = d2[x0] / d1[x0]
    return not (ratio < 0 and all(d2[x] == ratio * d1[x] for x in d1))


def test_lotteries_and_allais_equal_the_fraction_keyed_versions() -> None:
    rng = random.Random(12)

    def lottery() -> Lottery:
        outcomes = [F(rng.randint(0, 4) * rng.choice((1, 5)), rng.choice((1, 2))) for _ in range(3)]
        cut = sorted(F(rng.randint(0, 20), 20) for _ in range(2))
        probs = [cut[0], cut[1] - cut[0], 1 - cut[1]]
        pairs = list(zip(outcomes, probs, strict=True))
        merged: dict = {}
        for x, p in pairs:
            merged[x] = merged.get(x, F(0)) + p
        got = Lottery.of(pairs)
        assert got.outcomes == tuple(sorted((x, p) for x, p in merged.items() if p))
        return got

    verdicts = set()
    for _ in range(300):
        first, second = (lottery(), lottery()), (lottery(), lottery())
        verdicts.add(allais_consistent(first, second))
        assert allais_consistent(first, second) == _plain_allais(first, second)
    # the Allais pattern itself: a common consequence, opposite choices
    sure, gamble = Lottery.sure(1), Lottery.of([(5, F(10, 100)), (1, F(89, 100)), (0, F(1, 100))])
    low, high = (
        Lottery.of([(1, F(11, 100)), (0, F(89, 100))]),
        Lottery.of([(5, F(1, 10)), (0, F(9, 10))]),
    )
    assert not allais_consistent((sure, gamble), (high, low))
    assert verdicts == {True, False}


def test_tallies_equal_fraction_accumulation() -> None:
    rng = random.Random(13)
    cands = ["A", "B", "C", "D"]
    winners = set()
    for _ in range(200):
        ballots = []
        for _ in range(rng.randint(1, 6)):
            ranking = rng.sample(cands, rng.randint(1, 4))
            ballots.append((F(rng.randint(0, 30), rng.choice((1, 1, 2, 3))), ranking))
        for truncated in ("unranked_last", "ignore"):
            want = {(a, b): F(0) for a in cands for b in cands if a != b}
            for w, ranking in ballots:
                for i, a in enumerate(ranking):
                    for b in ranking[i + 1 :]:
                        want[(a, b)] += w
                    if truncated == "unranked_last":
                        for b in cands:
                            if b not in ranking:
                                want[(a, b)] += w
            assert pairwise_tallies(ballots, cands, truncated) == want
            r = condorcet(ballots, cands, truncated)
            assert r.tallies == want
            beat = [a for a in cands if all(want[(a, b)] > want[(b, a)] for b in cands if b != a)]
            assert r.winner == (beat[0] if beat else None)
            winners.add(r.winner)
    assert None in winners and len(winners) > 2


def test_support_enumeration_results_check_out_in_fractions() -> None:
    # Integer-only search inside; here every equilibrium is re-checked with Fractions: both
    # mixtures are distributions, no pure deviation pays, and the payoffs are the plain sums.
    rng = random.Random(14)
    degenerate = 0
    for _ in range(150):
        m, n = rng.randint(2, 3), rng.randint(2, 3)
        span = rng.choice((1, 9))
        a = [[F(rng.randint(-span, span), rng.choice((1, 2))) for _ in range(n)] for _ in range(m)]
        b = [[F(rng.randint(-span, span), rng.choice((1, 3))) for _ in range(n)] for _ in range(m)]
        r = support_enumeration(NormalFormGame.from_bimatrix(a, b))
        assert r.equilibria, "every finite game has an equilibrium"
        degenerate += r.degenerate
        for (x, y), (u0, u1) in zip(r.equilibria, r.payoffs, strict=True):
            assert sum(x) == 1 == sum(y) and min(x) >= 0 and min(y) >= 0
            rows = [sum(a[i][j] * y[j] for j in range(n)) for i in range(m)]
            cols = [sum(b[i][j] * x[i] for i in range(m)) for j in range(n)]
            assert u0 == sum(x[i] * rows[i] for i in range(m)) == max(rows)
            assert u1 == sum(y[j] * cols[j] for j in range(n)) == max(cols)
    assert 10 < degenerate < 140


def test_minmax_values_equal_the_fraction_scan() -> None:
    rng = random.Random(15)
    for _ in range(200):
        game = _random_game(rng)
        want = tuple(
            min(max(game.table[i][p] for i in group) for group in game.deviation_groups[p])
            for p in range(game.n_players)
        )
        assert minmax_values(game) == want
