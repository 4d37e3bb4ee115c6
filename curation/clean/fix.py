"""One item made right: the gold corrected, extra right options removed or replaced, or dropped.

`fix_item` takes a problem record (a dict) and its audit and returns the record to keep (None
when it is dropped) with one change entry per change. The rules (docs/audit.md):

- `agree`, `unparsed`, `error`: kept as they are (repeated option values are removed).
- `ill_posed`: dropped; the reason is the audit's (the missing or contradictory fact).
- An mcq item whose right options depend on the reading, or include options beside the
  gold: the options right under every reading decide. The gold stays if it is one of them,
  else it is corrected to the first of them; every other option that is right under some
  reading is removed (`option_removed`), or, when that would leave fewer than two options,
  replaced by a computed wrong one (`option_replaced`, trigger and feasibility). No option
  right under every reading: dropped, with the readings.
- `no_option`: the gold's option text is replaced by the computed right answer where the
  category has one (`option_replaced` and `corrected`), else dropped.
- Profile-set items (pure_nash, pte): a single right answer becomes the gold; readings that
  still differ drop the item.
"""

from __future__ import annotations

from typing import Any

from recon_data import answers
from recon_data.curation.clean.replace import RIGHT_UNDER_EVERY_READING, computed_option


def entry(
    rec: dict[str, Any], action: str, reason: str, old_gold: Any, new_gold: Any, **extra: Any
) -> dict[str, Any]:
    """One line of changes.jsonl: id, action, reason, old and new gold, and what changed."""
    return {
        "id": rec["id"],
        "action": action,
        "reason": reason,
        "old_gold": old_gold,
        "new_gold": new_gold,
        **extra,
    }


def key(text: str) -> str:
    """An option's value for comparison: spacing, case and a final period ignored."""
    return " ".join(text.split()).rstrip(".").casefold()


def fix_item(rec: dict[str, Any], v: Any) -> tuple[dict[str, Any] | None, list[dict]]:
    """Return (the record to keep or None, the change entries)."""
    kept, changes = _fix(rec, v)
    if kept is None or (v is not None and v.status in ("agree", "unparsed", "error")):
        return kept, changes
    return _dedup(kept, v, changes)


def _fix(rec: dict[str, Any], v: Any) -> tuple[dict[str, Any] | None, list[dict]]:
    old = rec["answer"]
    if v is None or v.status in ("agree", "unparsed", "error"):
        return _dedup(rec, v, [])
    if v.status == "ill_posed":
        return None, [entry(rec, "dropped", f"ill-posed: {v.reason}", old, None)]
    if rec["answer_kind"] != "mcq":
        return _profile(rec, v)
    if v.status == "no_option":
        return _offer_answer(rec, v)
    readings = {name: {_number(a) for a in got} for name, got in v.readings.items()} or {
        "only": set(v.correct_options)
    }
    every = set.intersection(*readings.values())
    some = set(v.correct_options)
    gold = answers.parse_mcq_gold(old)
    assert gold is not None  # the audit parsed it
    changes: list[dict] = []
    if not every:
        why = "; ".join(f"{n}: {sorted(s) or 'none'}" for n, s in readings.items())
        shown = _show_answer(rec, v, f"no option is right under every reading ({why})")
        if shown is None:
            return None, [entry(rec, "dropped", f"the right option depends on the reading "
                                f"({why}): {v.reason}", old, None)]  # fmt: skip
        rec, changes = shown
        target = gold[0]  # its option now shows a value right under every reading
    else:
        target = gold[0] if gold[0] in every else min(every)
    extra = sorted(some - {target})
    if len(rec["options"]) - len(extra) >= 2:
        return _remove(rec, target, extra, v, changes)
    # too few would be left: replace extra right options by computed wrong ones, as many as
    # can be made, and remove the rest while two options remain
    rec, left = _replace(rec, extra, v, changes)
    if len(rec["options"]) - len(left) < 2:
        reason = (
            f"option {', '.join(map(str, extra))} is right too (under some reading) beside "
            f"option {target}, removing it would leave fewer than two options, and not enough "
            f"wrong options of this kind can be computed: {v.reason}"
        )
        return None, [entry(rec, "dropped", reason, old, None)]
    if left:
        return _remove(rec, target, left, v, changes)
    return _set_gold(rec, target, v, changes)


def _number(rendered: str) -> int:
    parsed = answers.parse_mcq_gold(rendered)
    assert parsed is not None
    return parsed[0]


def _set_gold(
    rec: dict[str, Any], target: int, v: Any, changes: list[dict]
) -> tuple[dict[str, Any], list[dict]]:
    new = answers.format_mcq(target, rec["options"][target - 1])
    if new != rec["answer"]:
        reason = f"audit ({v.status}): {v.reason}"
        changes.append(entry(rec, "corrected", reason, rec["answer"], new))
        rec["answer"] = new
    return rec, changes


def _remove(
    rec: dict[str, Any], target: int, extra: list[int], v: Any, changes: list[dict]
) -> tuple[dict[str, Any] | None, list[dict]]:
    rec = _set_gold(rec, target, v, changes)[0]
    # last first: each line's number is the option's number when that line is applied
    for n in sorted(extra, reverse=True):
        changes.append(
            entry(
                rec,
                "option_removed",
                f"also right ({v.reason})",
                rec["answer"],
                rec["answer"],
                option=n,
                text=rec["options"][n - 1],
            )
        )
    return _drop_options(rec, extra), changes


def _drop_options(rec: dict[str, Any], numbers: list[int]) -> dict[str, Any]:
    """The record without options `numbers` (1-based); gold renumbered, prompt re-rendered."""
    from recon_data.curation.clean.permute import reorder

    keep = [i for i in range(len(rec["options"])) if i + 1 not in numbers]
    reorder(rec, keep)
    return rec


def _replace(
    rec: dict[str, Any], extra: list[int], v: Any, changes: list[dict]
) -> tuple[dict[str, Any], list[int]]:
    """Replace extra right options by computed wrong ones while they can be made; return the
    record and the options left unreplaced."""
    new_texts = list(rec["options"])
    made: list[str] = []
    left: list[int] = []
    for n in extra:
        got = computed_option(rec["category"], rec["options"], v.certificate, False, made)
        if got is None:
            left.append(n)
            continue
        text, why = got
        made.append(text)
        changes.append(
            entry(
                rec,
                "option_replaced",
                f"also right ({v.reason}); the new option is {why}",
                rec["answer"],
                rec["answer"],
                option=n,
                old=new_texts[n - 1],
                new=text,
            )
        )
        new_texts[n - 1] = text
    return _with_options(rec, new_texts), left


def _with_options(rec: dict[str, Any], texts: list[str]) -> dict[str, Any]:
    from recon_data.curation.clean.permute import render_options

    rec["options"] = texts
    number = _number(rec["answer"])
    rec["answer"] = answers.format_mcq(number, texts[number - 1])
    last = dict(rec["prompt"][-1])
    last["content"] = render_options(last["content"], texts)
    rec["prompt"] = [*rec["prompt"][:-1], last]
    return rec


def _offer_answer(rec: dict[str, Any], v: Any) -> tuple[dict[str, Any] | None, list[dict]]:
    old = rec["answer"]
    if rec["category"] == "trigger" and (v.certificate or {}).get("threshold") == "0":
        return None, [entry(rec, "dropped", least_delta_zero(v.certificate), old, None)]
    shown = _show_answer(rec, v, "no option offered the answer")
    if shown is None:
        reason = (
            "no option offers the answer, and no value in the options' own format is right "
            f"under every reading: {v.reason}"
        )
        return None, [entry(rec, "dropped", reason, old, None)]
    return shown


def _show_answer(rec: dict[str, Any], v: Any, what: str) -> tuple[dict, list[dict]] | None:
    """The gold's option rewritten to show a computed answer right under every reading (logged
    `option_replaced` and `corrected`), or None where none can be computed."""
    if v.status != "no_option" and rec["category"] not in RIGHT_UNDER_EVERY_READING:
        return None
    old = rec["answer"]
    got = computed_option(rec["category"], rec["options"], v.certificate, True, [])
    if got is None:
        return None
    text, why = got
    number = _number(old)
    before = rec["options"][number - 1]
    rec = _with_options(rec, [text if i == number else o for i, o in enumerate(rec["options"], 1)])
    reason = f"{what} ({v.reason}); the gold's option now shows it: {why}"
    changes = [
        entry(rec, "option_replaced", reason, old, rec["answer"], option=number, old=before,
              new=text),
        entry(rec, "corrected", reason, old, rec["answer"]),
    ]  # fmt: skip
    return rec, changes


def least_delta_zero(cert: dict[str, Any]) -> str:
    """Why a trigger item whose least delta is 0 is dropped, not corrected (docs/audit.md)."""
    from fractions import Fraction

    from recon_data.gametheory.grim import exact

    g = cert["grim_trigger"]
    c, t, p = (Fraction(g[k]) for k in ("C", "T", "P"))
    high = g["deltas"]["high"]
    where = f"[0, {exact(Fraction(high))}]" if high is not None else "[0, 1)"
    return (
        f"least delta 0: grim trigger is subgame perfect exactly for delta in {where}. 0 is the "
        f"least element because the on-path condition delta*(T-P) >= T-C holds at delta 0: "
        f"defecting pays T={exact(t)} <= C={exact(c)} today, so no patience is needed"
        + (
            f", and since P={exact(p)} > T the condition flips into an upper bound "
            f"(patience makes the reversion, worth more than cooperating, tempting)"
            if high is not None
            else ""
        )
        + ". The question asks for a minimum discount factor, presupposing that cooperation "
        "needs patience; that fails here, and the release's number is the set's upper end: "
        "dropped rather than corrected to 0"
    )


def _profile(rec: dict[str, Any], v: Any) -> tuple[dict[str, Any] | None, list[dict]]:
    old = rec["answer"]
    if v.status == "disagree" and len(v.solver) == 1:
        rec["answer"] = v.solver[0]
        return rec, [entry(rec, "corrected", f"audit: {v.reason}", old, rec["answer"])]
    return None, [entry(rec, "dropped", f"the answer depends on the reading: {v.reason}", old,
                        None)]  # fmt: skip


def _dedup(rec: dict[str, Any], v: Any, changes: list[dict]) -> tuple[dict[str, Any], list[dict]]:
    """Remove repeated option values (the gold's copy stays) when two options remain."""
    if rec["answer_kind"] != "mcq":
        return rec, changes
    gold = _number(rec["answer"])
    seen: dict[str, int] = {}
    repeats: list[int] = []
    for i, text in enumerate(rec["options"], 1):
        k = key(text)
        if k in seen:
            repeats.append(i if i != gold else seen[k])
            if i == gold:
                seen[k] = i
        else:
            seen[k] = i
    if not repeats or len(rec["options"]) - len(repeats) < 2:
        return rec, changes
    for n in sorted(repeats, reverse=True):  # last first, as in _remove
        changes.append(
            entry(
                rec,
                "option_removed",
                "repeats another option's value",
                rec["answer"],
                rec["answer"],
                option=n,
                text=rec["options"][n - 1],
            )
        )
    return _drop_options(rec, sorted(repeats)), changes
