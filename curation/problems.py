"""Turning raw release rows into `Problem` / `Trace` records: question, options, canonical gold."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

from recon_data.answers.registry import get_kind
from recon_data.categories import BY_SLUG
from recon_data.errors import ReconDataError

_OPTIONS_SPLIT = re.compile(r"\n\s*Options:\s*\n")
_OPTION_LINE = re.compile(r"Option\s+(\d+)\s*:\s?(.*)")
_QUESTION_HEAD = re.compile(r"(?:^|\n)Question:\s*\n")
_PREMISE = re.compile(r"(?:^|\n)Premise:")
_MATRICES = re.compile(r"(?:^|\n)Player 0's payoff matrix:")


def extract_question(content: str, source: str) -> str:
    """Return the problem body without the instructions (raises ValueError if not found)."""
    if source == "steer":
        head = _QUESTION_HEAD.search(content)
        if head is None:
            raise ValueError("no 'Question:' section")
        body = _OPTIONS_SPLIT.split(content[head.end() :], maxsplit=1)[0]
    elif source == "econlogicqa":
        head = _QUESTION_HEAD.search(content)
        if head is None:
            raise ValueError("no 'Question:' section")
        body = content[head.end() :]
    elif source == "econnli":
        head = _PREMISE.search(content)
        if head is None:
            raise ValueError("no 'Premise:' line")
        body = content[head.start() :]
    elif source == "eth_3x3_games":
        head = _MATRICES.search(content)
        if head is None:
            raise ValueError("no payoff matrices")
        body = content[head.start() :]
    else:
        raise ValueError(f"unknown source {source!r}")
    body = body.strip()
    if not body:
        raise ValueError("empty question")
    return body


def extract_options(content: str) -> list[str]:
    """Return the option texts listed after `Options:` (numbered 1..n), or raise ValueError."""
    parts = _OPTIONS_SPLIT.split(content, maxsplit=1)
    if len(parts) != 2:
        raise ValueError("no 'Options:' section")
    texts: list[str] = []
    for line in parts[1].strip().split("\n"):
        m = _OPTION_LINE.fullmatch(line.strip())
        if m is None:
            if not texts:
                raise ValueError(f"unexpected line in options: {line[:40]!r}")
            # A wrapped option continues on the next line.
            texts[-1] = f"{texts[-1]}\n{line}"
            continue
        if int(m.group(1)) != len(texts) + 1:
            raise ValueError(f"options out of sequence at 'Option {m.group(1)}'")
        texts.append(m.group(2).strip())
    return texts


def canonical_answer(kind: str, raw: str, options: list[str]) -> str:
    """Return the canonical gold for a kind, or raise ValueError when the raw gold is invalid."""
    try:
        answer_kind = get_kind(kind)
    except KeyError as exc:
        raise ValueError(str(exc.args[0])) from None
    return answer_kind.canonicalize(raw, options)


def content_hash(*parts: str) -> str:
    """Return the first 12 hex digits of the sha256 of the parts joined by a unit separator."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def assign_ids(prefix: str, keys: Iterable[tuple[str, str]]) -> list[str]:
    """Give each (content, tiebreak) a `prefix-hash` id; repeats get `-2`, `-3`... in tiebreak order."""
    keys = list(keys)
    base = [f"{prefix}-{content_hash(content)}" for content, _ in keys]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, b in enumerate(base):
        groups[b].append(i)
    ids = list(base)
    for members in groups.values():
        if len(members) > 1:
            # Order repeats by their tiebreak (e.g. the gold) so ids don't hinge on row order alone.
            members.sort(key=lambda i: (keys[i][1], i))
            for rank, i in enumerate(members[1:], start=2):
                ids[i] = f"{base[i]}-{rank}"
    return ids


def problem_record(raw, split: str, category: str, problem_id: str) -> dict:
    """Build the JSON-ready `Problem` dict for one raw release row (raises ReconDataError)."""
    cat = BY_SLUG[category]
    kind = cat.answer_kinds[0]
    content = raw.content
    where = {"file": raw.file, "record": f"row {raw.row}"}
    try:
        question = extract_question(content, cat.source)
        options = extract_options(content) if get_kind(kind).has_options else []
    except ValueError as exc:
        raise ReconDataError(
            f"cannot parse the {category} prompt: {exc}", field="prompt", **where
        ) from None
    try:
        answer = canonical_answer(kind, raw.answer, options)
    except ValueError as exc:
        raise ReconDataError(str(exc), field="answer", **where) from None
    provenance: dict = {"file": raw.file, "row": raw.row}
    if answer != raw.answer:
        provenance["release_answer"] = raw.answer
    return {
        "id": problem_id,
        "split": split,
        "category": category,
        "source": cat.source,
        "answer_kind": kind,
        "question": question,
        "options": options,
        "answer": answer,
        "prompt": [{"role": r, "content": c} for r, c in raw.messages],
        "provenance": provenance,
    }
