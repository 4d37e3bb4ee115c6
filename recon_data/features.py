"""The `datasets` features of corpus rows, shared by loading, export and the dataset card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon_data.categories import CATEGORY_SLUGS

if TYPE_CHECKING:
    import datasets


def problem_features() -> datasets.Features:
    """Return the `datasets` features of a problem row (category is a ClassLabel)."""
    from datasets import ClassLabel, Features, List, Value

    return Features(
        {
            "id": Value("string"),
            "split": Value("string"),
            "category": ClassLabel(names=list(CATEGORY_SLUGS)),
            "source": Value("string"),
            "answer_kind": Value("string"),
            "question": Value("string"),
            "options": List(Value("string")),
            "answer": Value("string"),
            "prompt": List({"role": Value("string"), "content": Value("string")}),
            "provenance": {
                "file": Value("string"),
                "row": Value("int64"),
                "release_answer": Value("string"),
            },
            # Schema 1.1: the generation block as compact JSON (its config and certificate
            # have per-generator shapes no fixed Arrow type holds); null for release rows.
            "generation": Value("string"),
        }
    )


def trace_features() -> datasets.Features:
    """Return the `datasets` features of a CoT trace row."""
    from datasets import ClassLabel, Features, Value

    return Features(
        {
            "id": Value("string"),
            "problem_id": Value("string"),
            "category": ClassLabel(names=list(CATEGORY_SLUGS)),
            "prompt": Value("string"),
            "response": Value("string"),
            "answer": Value("string"),
            "provenance": {
                "file": Value("string"),
                "row": Value("int64"),
                "release_answer": Value("string"),
            },
        }
    )
