"""A variant's record: the source's fields, the edited question and options, the link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recon_data.curation.variants.base import (
    VARIANT_GENERATOR,
    VARIANT_VERSION,
    Edit,
    replace_question,
)

if TYPE_CHECKING:
    from recon_data.schema import Problem


def variant_id(source_id: str, transform: str, index: int) -> str:
    """The id of variant `index` of one transform of one source."""
    return f"{source_id}:{transform}:{index}"


def variant_record(
    source: Problem, edit: Edit, transform: str, index: int, seed: int, draw: int
) -> dict[str, Any]:
    """The variant's record before its gold is solved (the source's gold stands in)."""
    from recon_data.rules import GENERATED_FILE

    origin: dict[str, Any]
    if source.generation is not None:
        g = source.generation
        origin = {"generator": g.generator, "version": g.version, "seed": g.seed, "index": g.index}
        difficulty = g.difficulty
    else:
        origin = {"file": source.provenance.file, "row": source.provenance.row}
        # A release item was drawn by no generator, so it has no difficulty: its variants say
        # null rather than invent one, and `source` says where they came from.
        difficulty = None
    content = replace_question(source, edit.question, edit.options)
    prompt = [m.model_dump() for m in source.prompt]
    prompt[-1] = {"role": prompt[-1]["role"], "content": content}
    params = {**edit.params, "answers": edit.answers}
    return {
        "id": variant_id(source.id, transform, index),
        "split": source.split,
        "category": source.category,
        "source": "generated",
        "answer_kind": source.answer_kind,
        "question": edit.question,
        "options": list(edit.options),
        "answer": source.answer,  # replaced by the solved gold before the record is kept
        "prompt": prompt,
        "provenance": {"file": GENERATED_FILE, "row": index},
        "generation": {
            "generator": VARIANT_GENERATOR,
            "version": VARIANT_VERSION,
            "seed": seed,
            "index": index,
            "difficulty": difficulty,
            "config": {
                "variant": {"of": source.id, "transform": transform, "params": plain(params)},
                "draw": draw,
                "source": origin,
            },
            "certificate": None,
        },
    }


def dump(problem: Problem) -> dict[str, Any]:
    """A record as the corpus files hold it (no null fields, but a null certificate kept:
    the schema requires the key)."""
    record = problem.model_dump(mode="json", exclude_none=True)
    if problem.generation is not None:
        record["generation"]["certificate"] = problem.generation.certificate
    return record


def plain(value: Any) -> Any:
    """A value as plain JSON data (tuples as lists), as the generators store certificates."""
    from recon_data.curation.generators.base import _json

    return _json(value)
