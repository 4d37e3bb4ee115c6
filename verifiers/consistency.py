"""Consistency across variants: is a problem solved, and solved alike, however it is told?

A variant corpus (`recon-data variants`) links each variant to its source through its
`generation` block (`config.variant`: `of`, `transform`, `params.answers`, the map carrying
the source's answers to the variant's). Grouping the graded items by source gives, per
category and overall:

- `source_accuracy`: sources answered correctly;
- `variant_accuracy`: variants answered correctly;
- `all_variants`: sources answered correctly together with every one of their variants;
- `same_answer`: sources answered the same way in every variant, up to the transform (the
  source's answer carried through the answer map is the variant's answer, right or wrong).

A group counts when its source and at least one variant were graded. `correct` is the
caller's accuracy rule (`score`: fully correct; `eval`: the paper's rule).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from recon_data.categories import CATEGORY_SLUGS

if TYPE_CHECKING:
    from recon_data.schema import Problem

VARIANT_GENERATOR = "variant"  # generation.generator of a variant record
MEASURES = ("source_accuracy", "variant_accuracy", "all_variants", "same_answer")


@dataclass(frozen=True)
class Link:
    """A variant's source, transform and answer map."""

    source: str
    transform: str
    answers: Mapping[str, Any]


def link_of(problem: Problem) -> Link | None:
    """The variant link of a record, or None for a record that is no variant."""
    g = problem.generation
    if g is None or g.generator != VARIANT_GENERATOR:
        return None
    block = g.config.get("variant")
    source = block.get("of") if isinstance(block, dict) else None
    if not isinstance(block, dict) or not isinstance(source, str):
        return None
    params = block.get("params")
    answers = params.get("answers") if isinstance(params, dict) else None
    return Link(source, str(block.get("transform")), answers if isinstance(answers, dict) else {})


def variant_links(problems: Iterable[Problem]) -> dict[str, Link]:
    """Map each variant's id to its link."""
    return {p.id: link for p in problems if (link := link_of(p)) is not None}


def map_profiles(
    pairs: Iterable[tuple[int, int]], mapping: Mapping[str, Any]
) -> list[tuple[int, int]]:
    """Carry profiles [i, j] through a profile answer map: [rows[i], cols[j]], reversed on `swap`."""
    rows, cols, swap = mapping["rows"], mapping["cols"], mapping["swap"]
    out = []
    for i, j in pairs:
        a, b = rows[i], cols[j]
        out.append((b, a) if swap else (a, b))
    return out


def carry(answer: Any, mapping: Mapping[str, Any]) -> Any:
    """Carry one read answer (an option number, a set of profiles) through an answer map."""
    if answer is None:
        return None
    if "options" in mapping:
        table = mapping["options"]
        ok = isinstance(answer, int) and 1 <= answer <= len(table)
        return table[answer - 1] if ok else None
    if "rows" in mapping:
        try:
            return frozenset(map_profiles(answer, mapping))
        except (IndexError, TypeError, ValueError):
            return None  # a profile outside the game names nothing in the variant
    return answer


def answer_of(text: str, problem: Problem) -> Any:
    """What a completion answers, comparable across variants (None when no single answer).

    mcq: the one option number it names; profile lists: the set of pairs; other kinds: the
    kind's reading. Read with the one reading rule (`read_answer`).
    """
    from recon_data.verifiers.gold import GoldError, parse_gold
    from recon_data.verifiers.reading import read_answer

    try:
        gold = parse_gold(problem.answer, problem.answer_kind)
    except GoldError:
        return None
    found = read_answer(text, gold, tuple(problem.options) or None)
    if found.status != "answered" or found.reading is None:
        return None
    identity = found.reading.identity
    if problem.answer_kind == "mcq":
        numbers = [n for n in identity if isinstance(n, int)] if identity else []
        return numbers[0] if len(numbers) == 1 else None
    return identity


def attach(summary: dict[str, Any], result: Mapping[str, Any] | None) -> dict[str, Any]:
    """Put a `Tracker.result()` into a score or eval summary: a `consistency` block at the top
    and in each category's row (the shape the report page's results reader takes)."""
    if result is not None:
        summary["consistency"] = result["overall"]
        rows = summary.get("by_category", {})
        for category, block in result["by_category"].items():
            if category in rows:
                rows[category]["consistency"] = block
    return summary


def measure(
    problems: Iterable[Problem], graded: Iterable[tuple[str, str, bool]]
) -> dict[str, Any] | None:
    """Consistency of graded (problem id, completion text, correct) triples over a corpus."""
    tracker = Tracker({p.id: p for p in problems})
    if not tracker:
        return None
    for problem_id, text, correct in graded:
        tracker.add(problem_id, text, correct)
    return tracker.result()


@dataclass
class _Item:
    correct: bool
    answer: Any


@dataclass
class Tracker:
    """Collect the graded items of a corpus's variant groups; `result()` measures them."""

    problems: Mapping[str, Problem]
    links: dict[str, Link] = field(default_factory=dict)
    items: dict[str, _Item] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.links:
            self.links = variant_links(self.problems.values())
        self._members = set(self.links) | {link.source for link in self.links.values()}

    def __bool__(self) -> bool:
        return bool(self.links)

    def add(self, problem_id: str, text: str, correct: bool, gold: str | None = None) -> None:
        """Record one graded completion (ignored unless it belongs to a variant group, or when
        `gold`, the gold it was graded against, is not the corpus's)."""
        problem = self.problems.get(problem_id) if problem_id in self._members else None
        if problem is None or (gold is not None and gold.strip() != problem.answer.strip()):
            return
        self.items[problem_id] = _Item(bool(correct), answer_of(text, problem))

    def result(self) -> dict[str, Any] | None:
        """`{"overall": block, "by_category": {category: block}}`, or None without groups."""
        groups: dict[str, list[tuple[str, Link]]] = defaultdict(list)
        for vid, link in self.links.items():
            if vid in self.items and link.source in self.items:
                groups[link.source].append((vid, link))
        if not groups:
            return None
        by_category: dict[str, list[str]] = defaultdict(list)
        for source in groups:
            by_category[self.problems[source].category].append(source)
        order = [c for c in CATEGORY_SLUGS if c in by_category]
        order += sorted(c for c in by_category if c not in CATEGORY_SLUGS)
        return {
            "overall": self._block(groups, list(groups)),
            "by_category": {c: self._block(groups, by_category[c]) for c in order},
        }

    def _block(
        self, groups: Mapping[str, list[tuple[str, Link]]], sources: list[str]
    ) -> dict[str, Any]:
        block = _measure(self.items, groups, sources, None)
        transforms = sorted({link.transform for s in sources for _, link in groups[s]})
        block["by_transform"] = {t: _measure(self.items, groups, sources, t) for t in transforms}
        return block


def _measure(
    items: Mapping[str, _Item],
    groups: Mapping[str, list[tuple[str, Link]]],
    sources: list[str],
    transform: str | None,
) -> dict[str, Any]:
    n = source_ok = variants = variant_ok = all_ok = same = 0
    for source in sources:
        members = [(v, link) for v, link in groups[source] if transform in (None, link.transform)]
        if not members:
            continue
        n += 1
        head = items[source]
        source_ok += head.correct
        variants += len(members)
        right = [items[v].correct for v, _ in members]
        variant_ok += sum(right)
        all_ok += head.correct and all(right)
        same += head.answer is not None and all(
            items[v].answer is not None and carry(head.answer, link.answers) == items[v].answer
            for v, link in members
        )
    share = lambda k, total: k / total if total else 0.0  # noqa: E731
    return {
        "source_accuracy": share(source_ok, n),
        "variant_accuracy": share(variant_ok, variants),
        "all_variants": share(all_ok, n),
        "same_answer": share(same, n),
        "counts": {
            "sources": n,
            "variants": variants,
            "source_correct": source_ok,
            "variant_correct": variant_ok,
            "all_variants": all_ok,
            "same_answer": same,
        },
    }
