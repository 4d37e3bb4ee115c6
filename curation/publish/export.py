"""Write a corpus as a folder the Hub and `datasets` load as is: Parquet per config/split, card, manifest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_data.curation.publish.metadata import DEFAULT_LICENSE, SplitSize
from recon_data.errors import ReconDataError
from recon_data.hub.layout import CARD, DATA_FILES, MANIFEST_COPY, export_paths

if TYPE_CHECKING:
    import datasets


@dataclass(frozen=True)
class ExportedFile:
    """One file of an export: path relative to its root, size and sha256."""

    path: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: the folder, its files, rows per config and split, and the card text."""

    out: Path
    files: tuple[ExportedFile, ...]
    rows: dict[str, dict[str, int]]
    card: str

    @property
    def total_bytes(self) -> int:
        """Return the size of all exported files together."""
        return sum(f.bytes for f in self.files)


def export_corpus(
    corpus: str | Path | None,
    out: str | Path,
    *,
    force: bool = False,
    repo_id: str | None = None,
    decontam_report: str | Path | None = None,
    license: str = DEFAULT_LICENSE,
    trl_configs: bool = False,
) -> ExportReport:
    """Export a corpus (folder, release or Hub id) to `out` atomically; `force` replaces `out`.

    With `trl_configs`, the export also holds the `sft` and `grpo` configs that TRL's own CLI
    trains on as they are (`trl sft|grpo --dataset_name OUT --dataset_config sft|grpo`).
    """
    from recon_data.curation.resolve import load_corpus, resolve_corpus
    from recon_data.manifest import read_manifest
    from recon_data.stats import corpus_stats
    from recon_data.storage import MANIFEST, atomic_dir

    out = Path(out)
    if out.exists() and not force:
        raise ReconDataError("output exists; pass --force to replace it", file=str(out))
    root = resolve_corpus(corpus)
    _refuse_overlap(root, out)
    try:
        manifest_bytes = (root / MANIFEST).read_bytes()
        manifest = read_manifest(root)
    except (OSError, ValueError) as exc:
        raise ReconDataError(f"unreadable manifest: {exc}", file=str(root / MANIFEST)) from None
    data = {config: load_corpus(root, config) for config in DATA_FILES}
    stats = corpus_stats(root)
    decontam = None
    if decontam_report is not None:
        from recon_data.curation.publish.decontam import summarise_report

        decontam = summarise_report(decontam_report, _id_sides(data))

    with atomic_dir(out, force=force) as tmp:
        sizes = _write_data(data, tmp)
        (tmp / MANIFEST_COPY).write_bytes(manifest_bytes)
        from recon_data.curation.publish.card import CardFacts, render_card
        from recon_data.curation.report.card import write_card_charts

        charts = write_card_charts(root, tmp)  # PNGs under images/, shown by the card

        card = render_card(
            CardFacts(
                manifest=manifest,
                stats=stats,
                sizes=sizes,
                kind_examples=_kind_examples(data["problems"]),
                repo_id=repo_id,
                decontam=decontam,
                license=license,
                charts=charts,
            )
        )
        extra: dict[str, dict[str, str]] = {}
        if trl_configs:
            extra = _write_trl_configs(root, tmp, sizes)
            card = _card_with_trl_configs(card, extra)
        with open(tmp / CARD, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(card)
        images = [c.path for c in charts]
        files = _listing(tmp, [*images, *(p for per in extra.values() for p in per.values())])
    rows = {
        config: {split: s.num_examples for split, s in per.items()} for config, per in sizes.items()
    }
    return ExportReport(out=out, files=files, rows=rows, card=card)


def _refuse_overlap(root: Path, out: Path) -> None:
    # Replacing `out` must never delete or write into the corpus being read.
    src, dst = root.resolve(), out.resolve()
    if dst == src or src in dst.parents or dst in src.parents:
        raise ReconDataError("the export folder must lie outside the corpus folder", file=str(out))


def _write_data(
    data: dict[str, datasets.DatasetDict], tmp: Path
) -> dict[str, dict[str, SplitSize]]:
    from recon_data.curation.publish.parquet import write_split

    sizes: dict[str, dict[str, SplitSize]] = {}
    for config, files in DATA_FILES.items():
        sizes[config] = {}
        for split, rel in files.items():
            ds = data[config][split]
            nbytes = write_split(ds, tmp / rel)
            sizes[config][split] = SplitSize(len(ds), nbytes, (tmp / rel).stat().st_size)
    return sizes


def _id_sides(data: dict[str, datasets.DatasetDict]) -> dict[str, str]:
    sides = {i: split for split, ds in data["problems"].items() for i in ds["id"]}
    sides.update(dict.fromkeys(data["cot"]["train"]["id"], "cot"))
    return sides


def _kind_examples(problems: datasets.DatasetDict) -> dict[str, str]:
    # The first gold by id, so the example is stable across rebuilds of the same release.
    best: dict[str, tuple[str, str]] = {}
    for split in ("train", "eval"):
        ds = problems[split]
        for pid, kind, answer in zip(ds["id"], ds["answer_kind"], ds["answer"], strict=True):
            if kind not in best or pid < best[kind][0]:
                best[kind] = (pid, answer)
    return {kind: answer for kind, (_, answer) in sorted(best.items())}


def _listing(root: Path, extra: list[str] | None = None) -> tuple[ExportedFile, ...]:
    from recon_data.manifest import file_digest

    files = []
    for rel in [*export_paths(), *(extra or [])]:
        digest, size = file_digest(root / rel)
        files.append(ExportedFile(path=rel, bytes=size, sha256=digest))
    return tuple(files)


# The configs TRL's CLI reads without reshaping. `sft` is conversational prompt-completion
# (TRL masks the prompt and trains on the whole trace, reasoning included, for templates that
# keep an assistant turn as written); `grpo` is the conversational prompt plus the columns the
# rewards of recon_data.verifiers read.
TRL_FILES: dict[str, dict[str, str]] = {
    "sft": {"train": "sft/train-00000-of-00001.parquet"},
    "grpo": {
        "train": "grpo/train-00000-of-00001.parquet",
        "eval": "grpo/eval-00000-of-00001.parquet",
    },
}


def trl_rows(root: Path) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Return the rows of the `sft` and `grpo` configs of a corpus folder, by config and split."""
    from recon_data.storage import read_problems, read_traces
    from recon_data.verifiers.rows import grpo_row

    sft = [
        {
            "id": t.id,
            "problem_id": t.problem_id,
            "category": t.category,
            "prompt": [{"role": "user", "content": t.prompt}],
            "completion": [{"role": "assistant", "content": t.response}],
        }
        for t in read_traces(root)
    ]
    grpo = {split: [grpo_row(p) for p in read_problems(root, split)] for split in TRL_FILES["grpo"]}
    return {"sft": {"train": sft}, "grpo": grpo}


def _write_trl_configs(
    root: Path, tmp: Path, sizes: dict[str, dict[str, SplitSize]]
) -> dict[str, dict[str, str]]:
    import datasets

    from recon_data.curation.publish.parquet import write_split

    message = datasets.Features(
        {"role": datasets.Value("string"), "content": datasets.Value("string")}
    )
    columns: dict[str, Any] = {
        "sft": datasets.Features(
            {
                "id": datasets.Value("string"),
                "problem_id": datasets.Value("string"),
                "category": datasets.Value("string"),
                "prompt": datasets.List(message),
                "completion": datasets.List(message),
            }
        ),
        "grpo": datasets.Features(
            {
                "prompt": datasets.List(message),
                "answer": datasets.Value("string"),
                "answer_kind": datasets.Value("string"),
                "options": datasets.List(datasets.Value("string")),
                "problem_id": datasets.Value("string"),
                "category": datasets.Value("string"),
            }
        ),
    }
    written: dict[str, dict[str, str]] = {}
    for config, per_split in trl_rows(root).items():
        for split, rows in per_split.items():
            if not rows:  # `datasets` cannot read a Parquet split of zero rows
                continue
            rel = TRL_FILES[config][split]
            ds = datasets.Dataset.from_list(rows, features=columns[config])
            nbytes = write_split(ds, tmp / rel)
            sizes.setdefault(config, {})[split] = SplitSize(
                len(ds), nbytes, (tmp / rel).stat().st_size
            )
            written.setdefault(config, {})[split] = rel
    return written


def _card_with_trl_configs(card: str, written: dict[str, dict[str, str]]) -> str:
    from huggingface_hub import DatasetCard

    parsed = DatasetCard(card)
    configs = list(parsed.data.get("configs") or [])
    for config, files in written.items():
        entry = [{"split": split, "path": rel} for split, rel in files.items()]
        configs.append({"config_name": config, "data_files": entry})
    parsed.data["configs"] = configs
    usage = (
        "\n## Training with TRL's command line\n\n"
        "The `sft` config is conversational prompt-completion (the loss falls on the whole "
        "reasoning trace); the `grpo` config holds the chat prompt and the `answer`, "
        "`answer_kind` and `options` columns the `recon_data.verifiers` rewards read:\n\n"
        "```bash\n"
        "trl sft --model_name_or_path MODEL --dataset_name THIS_FOLDER --dataset_config sft\n"
        "trl grpo --model_name_or_path MODEL --dataset_name THIS_FOLDER --dataset_config grpo \\\n"
        "    --reward_funcs recon_data.verifiers.hierarchical_reward\n"
        "```\n\n"
        "A DeepSeek-R1-Distill model's stock chat template deletes the reasoning of an assistant "
        "turn, so plain `trl sft` would train on the boxed answer alone: pass TRL's training "
        "copy of it, `--chat_template_path` pointing at TRL's "
        "`chat_templates/deepseek_r1_distill_training.jinja`. `trl sft --use_peft` saves an "
        "adapter; merge it into its base before `trl grpo` starts from it.\n"
    )
    # First thing a reader sees: which config each trainer takes (the default `problems`
    # config is no TRL format, and `trl sft` on it fails on a missing `completion` column).
    head = (
        "> **Training with TRL:** `trl sft ... --dataset_config sft` and "
        "`trl grpo ... --dataset_config grpo` (see the end of this card); the default "
        "`problems` config is for `datasets.load_dataset`, not a TRL training format.\n\n"
    )
    body = str(parsed)
    title = body.find("\n# ")
    if title >= 0:
        cut = body.find("\n", title + 1) + 1
        body = body[:cut] + "\n" + head + body[cut:].lstrip("\n")
    return body + usage


def describe(report: ExportReport) -> dict[str, Any]:
    """Return a JSON-ready summary of an export."""
    return {
        "out": str(report.out),
        "rows": report.rows,
        "files": [{"path": f.path, "bytes": f.bytes, "sha256": f.sha256} for f in report.files],
        "total_bytes": report.total_bytes,
    }
