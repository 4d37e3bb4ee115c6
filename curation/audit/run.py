"""`audit_corpus`: parse, re-solve and judge every auditable item; corpus-level findings."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recon_data import answers
from recon_data.categories import GENERATED_CATEGORIES
from recon_data.curation.audit import (
    auction,
    backward,
    bayes,
    behaviour,
    certainty,
    feasibility,
    formula,
    matrix,
    repeated,
    voting,
)
from recon_data.curation.audit.base import (
    AUDIT_STATUSES,
    Finding,
    IllPosed,
    ItemAudit,
    Unparsed,
    mcq_gold_number,
    verdict,
)
from recon_data.curation.audit.content import content_bias
from recon_data.errors import ReconDataError
from recon_data.progress import Progress, silent

Checker = Callable[[str, tuple[str, ...]], Finding]

CHECKERS: dict[str, Checker] = {
    "pure_nash": matrix.check_pure_nash,
    "pte": matrix.check_pte,
    "bayes_nash": bayes.check_bayes,
    "backward_induction": backward.check_backward,
    "trigger": repeated.check_trigger,
    "enforceability": repeated.check_enforceability,
    "feasibility": feasibility.check_feasibility,
    "condorcet_criterion": voting.check_condorcet,
    "certainty_effect": certainty.check_certainty,
    "time_inconsistency": behaviour.check_time,
    "endowment_effect": behaviour.check_endowment,
    "auction_risk": auction.check_auction,
    "closed_form": formula.check_formula,
}
# Categories whose checker reads the whole prompt: PTE defines its rule in the instructions.
READS_PROMPT = frozenset({"pte"})
# Answers that are judgements or orderings of prose, not computations (docs/audit.md says why).
NOT_AUDITABLE = ("econlogicqa", "econnli", "budget_balance")
# Generated-only families: their golds come from the solvers already, and no release item
# exists to audit (their generators' tests cross-check them against nashpy instead).
NOT_AUDITED_GENERATED = tuple(c.slug for c in GENERATED_CATEGORIES if c.slug not in CHECKERS)


@dataclass
class AuditReport:
    """The audit of a corpus: one verdict per item plus the corpus-level findings."""

    corpus: str
    items: list[ItemAudit]
    position_bias: dict[str, dict[str, int]]
    conflicts: list[list[str]]
    repeated_options: list[dict[str, Any]]
    leaks: list[dict[str, Any]] = field(default_factory=list)
    pte_rule_differs: list[str] = field(default_factory=list)
    content_bias: dict[str, dict[str, Any]] = field(default_factory=dict)

    def summary(self) -> dict[str, dict[str, int]]:
        """Return `{category: {"checked": N, status: N ...}}` for the audited categories."""
        out: dict[str, dict[str, int]] = {}
        for item in self.items:
            row = out.setdefault(item.category, {"checked": 0, **dict.fromkeys(AUDIT_STATUSES, 0)})
            row["checked"] += 1
            row[item.status] += 1
        return {c: out[c] for c in CHECKERS if c in out}

    def by_id(self) -> dict[str, ItemAudit]:
        """Return the item audits keyed by record id."""
        return {i.id: i for i in self.items}

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON report in the shape the issue fixes (plus extra keys)."""
        return {
            "summary": self.summary(),
            "items": [i.to_dict() for i in self.items],
            "position_bias": self.position_bias,
            "content_bias": self.content_bias,
            "conflicts": self.conflicts,
            "repeated_options": self.repeated_options,
            "leaks": self.leaks,
            "pte_rule_discrepancy": {
                "count": len(self.pte_rule_differs),
                "ids": self.pte_rule_differs,
            },
            "not_auditable": list(NOT_AUDITABLE),
            "not_audited_generated": list(NOT_AUDITED_GENERATED),
            "corpus": self.corpus,
        }


def audit_corpus(
    corpus: Path | str,
    categories: Sequence[str] | None = None,
    *,
    leaks: bool = True,
    progress: Progress = silent,
) -> AuditReport:
    """Audit every item of the chosen categories (default: all auditable ones) of a corpus folder.

    `progress` (see `recon_data.progress`) hears of each item audited, then of the leak scan.
    """
    from recon_data.storage import read_problems

    wanted = _categories(categories)
    problems = read_problems(corpus)
    todo = [p for p in problems if p.category in wanted]
    advance = progress("audit", len(todo))
    items = []
    for p in todo:
        items.append(audit_item(p))
        advance(1)
    items.sort(key=lambda i: (list(CHECKERS).index(i.category), i.split, i.id))
    chosen = [p for p in problems if p.category in wanted or categories is None]
    return AuditReport(
        corpus=str(corpus),
        items=items,
        position_bias=position_bias(chosen),
        content_bias=content_bias(chosen),
        conflicts=label_conflicts(chosen),
        repeated_options=repeated_options(chosen),
        leaks=_leaks(corpus, progress) if leaks else [],
        pte_rule_differs=[
            i.id
            for i in items
            if i.category == "pte" and len(set(map(tuple, i.readings.values()))) > 1
        ],
    )


def _leaks(corpus: Path | str, progress: Progress) -> list[Any]:
    progress("train/eval leaks", None)
    return train_eval_leaks(corpus)


def _categories(categories: Sequence[str] | None) -> set[str]:
    if not categories:
        return set(CHECKERS)
    for c in categories:
        if c in NOT_AUDITABLE:
            raise ReconDataError(
                f"category {c!r} is not auditable by computation (see docs/audit.md)"
            )
        if c in NOT_AUDITED_GENERATED:
            raise ReconDataError(
                f"category {c!r} exists only in generated corpora, whose golds come from the "
                "solvers; the audit checks release categories"
            )
        if c not in CHECKERS:
            raise ReconDataError(f"unknown category {c!r}; auditable: {', '.join(CHECKERS)}")
    return set(categories)


def audit_item(problem: Any) -> ItemAudit:
    """Audit one `Problem`: parse, solve, and compare with its gold; never raises on bad text."""
    checker = CHECKERS.get(problem.category)
    if checker is None:
        raise ReconDataError(
            f"no audit checker for category {problem.category!r}; auditable: {', '.join(CHECKERS)}",
            record=problem.id,
            field="category",
        )
    options = tuple(problem.options)
    gold = problem.answer
    base = {"id": problem.id, "split": problem.split, "category": problem.category, "gold": gold}
    # PTE items define the concept in the prompt's instructions, outside the question body.
    text = problem.prompt[-1].content if problem.category in READS_PROMPT else problem.question
    try:
        key = _gold_key(problem)
        found = checker(text, options)
    except Unparsed as exc:
        return ItemAudit(status="unparsed", solver=(), reason=str(exc), **base)
    except IllPosed as exc:
        return ItemAudit(
            status="ill_posed", solver=(), reason=str(exc), certificate=exc.certificate, **base
        )
    except Exception as exc:
        # A checker that raises anything else has a bug: the item gets the `error` status
        # (counted apart, tested to be zero), so one bug neither stops the audit nor passes
        # for a data defect or a parser gap.
        reason = f"checker error {type(exc).__name__}: {exc}"[:300]
        return ItemAudit(status="error", solver=(), reason=reason, **base)
    status, union = verdict(found.readings, key)
    render = _renderer(problem)
    readings = (
        {name: [render(a) for a in sorted(s)] for name, s in found.readings.items()}
        if len(found.readings) > 1
        else {}
    )
    reason = found.reason
    if status == "no_option" and not reason.startswith("no option"):
        reason = f"no option is correct: {reason}"
    return ItemAudit(
        status=status,
        solver=tuple(render(a) for a in sorted(union)),
        reason=reason,
        certificate=found.certificate,
        readings=readings,
        correct_options=tuple(sorted(union)) if problem.answer_kind == "mcq" else (),
        **base,
    )


def _gold_key(problem: Any) -> Any:
    if problem.answer_kind == "mcq":
        return mcq_gold_number(problem.answer)
    if problem.answer_kind in ("expression", "numeric"):
        return formula.gold_key(problem.answer, problem.answer_kind)
    pairs = answers.parse_profile_set(problem.answer)
    if pairs is None:
        raise Unparsed("gold is not a profile list")
    return answers.format_profile_set(pairs)


def _renderer(problem: Any) -> Callable[[Any], str]:
    if problem.answer_kind == "mcq":
        return lambda n: answers.format_mcq(n, problem.options[n - 1])
    return str


def position_bias(problems: Iterable[Any]) -> dict[str, dict[str, int]]:
    """Return, per category of mcq items, how often the gold is option 1, 2, ..."""
    out: dict[str, Counter] = defaultdict(Counter)
    for p in problems:
        if p.answer_kind == "mcq":
            parsed = answers.parse_mcq_gold(p.answer)
            if parsed is not None:
                out[p.category][str(parsed[0])] += 1
    return {c: dict(sorted(v.items(), key=lambda kv: int(kv[0]))) for c, v in sorted(out.items())}


def label_conflicts(problems: Iterable[Any]) -> list[list[str]]:
    """Return groups of ids with the same category and question text but different gold texts.

    Gold texts, not option numbers, are compared, so two copies listing the options in
    another order are not a conflict.
    """
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for p in problems:
        groups[(p.category, p.question)].append(p)
    return sorted(sorted(p.id for p in g) for g in groups.values() if len(gold_texts(g)) > 1)


def gold_texts(problems: Iterable[Any]) -> set[str]:
    """Return the distinct gold texts (an mcq gold without its option number) of some problems."""
    out = set()
    for p in problems:
        answer = p["answer"] if isinstance(p, dict) else p.answer
        parsed = answers.parse_mcq_gold(answer)
        out.add(parsed[1] if parsed else answer)
    return out


def repeated_options(problems: Iterable[Any]) -> list[dict[str, Any]]:
    """Return mcq items listing the same option value twice: id and the repeated option numbers."""
    out = []
    for p in problems:
        seen: dict[str, list[int]] = defaultdict(list)
        for i, o in enumerate(p.options, 1):
            seen[" ".join(o.split()).rstrip(".").casefold()].append(i)
        dup = [nums for nums in seen.values() if len(nums) > 1]
        if dup:
            out.append({"id": p.id, "category": p.category, "options": dup})
    return out


def train_eval_leaks(corpus: Path | str) -> list[dict[str, Any]]:
    """Return the decontamination findings that pair a train problem with an eval problem."""
    from recon_data.curation.decontam import decontaminate
    from recon_data.curation.decontam.sources import corpus_docs

    report = decontaminate(d for d in corpus_docs(corpus) if d.split in ("train", "eval"))
    return [
        {"train": f.a.id, "eval": f.b.id, "kind": f.kind, "score": round(f.score, 4)}
        for f in report.findings
        if f.pair() == "train~eval"
    ]
