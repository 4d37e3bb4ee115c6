"""An lm-evaluation-harness task for any corpus split: Recon-Eval with the Table 3 protocol.

`write_task` writes a task folder for `lm_eval --include_path`: one task per category
(`recon_eval_<slug>`, its problems in a JSON Lines file beside it) and a group `recon_eval`
that averages them weighted by size, so the group row is the overall score. Each task
generates greedily up to 6,144 new tokens and stops only at the end-of-sequence token
(`until: []`: lm-eval's default stop, a blank line, would cut every reasoning trace), and
grades with recon_data.verifiers: `accuracy` (ours) and `release_accuracy` (Table 3's rule).
The chat template is lm-eval's `--apply_chat_template`, which the command must pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from recon_data.errors import ReconDataError

MAX_NEW_TOKENS = 6144  # Table 3
METRICS = ("accuracy", "release_accuracy")

_UTILS = '''"""Hooks of the generated Recon lm-eval tasks (written by recon-data; do not edit)."""

from recon_data.training.lmeval import doc_to_text, process_results  # noqa: F401
'''


def write_task(
    corpus: str | Path | None,
    out: str | Path,
    *,
    split: str = "eval",
    force: bool = False,
) -> Path:
    """Write the lm-eval task folder for a corpus split (group `recon_eval`, or `recon_train`)."""
    from recon_data.categories import CATEGORY_SLUGS
    from recon_data.storage import atomic_dir
    from recon_data.training.data import eval_problems, resolve_corpus

    problems = eval_problems(resolve_corpus(corpus), split=split)
    for p in problems:
        if [m.role for m in p.prompt] != ["user"]:
            raise ReconDataError(
                f"lm-eval tasks take one user turn; this prompt has {[m.role for m in p.prompt]}",
                record=p.id,
            )
    group = f"recon_{split}"
    final = Path(out).resolve()
    slugs = [s for s in CATEGORY_SLUGS if any(p.category == s for p in problems)]
    with atomic_dir(final, force=force) as tmp:
        (tmp / "data").mkdir()
        for slug in slugs:
            rows = [_doc(p) for p in problems if p.category == slug]
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            (tmp / "data" / f"{slug}.jsonl").write_text(text, encoding="utf-8")
            # lm-eval reads data_files relative to the working directory, so the path is absolute.
            yaml_text = _task_yaml(f"{group}_{slug}", final / "data" / f"{slug}.jsonl")
            (tmp / f"{group}_{slug}.yaml").write_text(yaml_text, encoding="utf-8")
        (tmp / f"_{group}.yaml").write_text(_group_yaml(group, slugs), encoding="utf-8")
        (tmp / "utils.py").write_text(_UTILS, encoding="utf-8")
    return final


def _doc(problem: Any) -> dict[str, Any]:
    return {
        "id": problem.id,
        "category": problem.category,
        "answer": problem.answer,
        "answer_kind": problem.answer_kind,
        "options": list(problem.options),
        "prompt": problem.prompt[-1].content,
    }


def _task_yaml(name: str, data_file: Path) -> str:
    metrics = "".join(
        f"  - metric: {m}\n    aggregation: mean\n    higher_is_better: true\n" for m in METRICS
    )
    return (
        f"task: {name}\n"
        "dataset_path: json\n"
        "dataset_kwargs:\n"
        "  data_files:\n"
        f"    test: {json.dumps(str(data_file))}\n"
        "test_split: test\n"
        "output_type: generate_until\n"
        "doc_to_text: !function utils.doc_to_text\n"
        "doc_to_target: answer\n"
        "process_results: !function utils.process_results\n"
        "num_fewshot: 0\n"
        "generation_kwargs:\n"
        "  until: []\n"  # the end-of-sequence token only
        f"  max_gen_toks: {MAX_NEW_TOKENS}\n"
        "  do_sample: false\n"
        "  temperature: 0.0\n"
        f"metric_list:\n{metrics}"
        "metadata:\n  version: 1.0\n"
    )


def _group_yaml(group: str, slugs: list[str]) -> str:
    tasks = "".join(f"  - {group}_{slug}\n" for slug in slugs)
    metrics = "".join(
        f"  - metric: {m}\n    aggregation: mean\n    weight_by_size: true\n" for m in METRICS
    )
    return (
        f"group: {group}\ntask:\n{tasks}aggregate_metric_list:\n{metrics}"
        "metadata:\n  version: 1.0\n"
    )


def doc_to_text(doc: dict[str, Any]) -> str:
    """The released user turn; lm-eval's `--apply_chat_template` wraps it in the chat template."""
    return str(doc["prompt"])


def process_results(doc: dict[str, Any], results: list[str]) -> dict[str, float]:
    """Grade one response both ways: ours (`accuracy`) and the release's rule (`release_accuracy`)."""
    from recon_data.verifiers import grade
    from recon_data.verifiers.release import release_is_correct

    response = results[0]
    verdict = grade(
        response, doc["answer"], kind=doc["answer_kind"], options=list(doc["options"]) or None
    )
    return {
        "accuracy": float(bool(verdict.paper_correct)),
        "release_accuracy": float(release_is_correct(response, doc["answer"])),
    }
