"""The dataset card's YAML front matter: configs, typed `dataset_info`, licence, tags, our marker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from recon_data.hub.layout import DATA_FILES, MANIFEST_COPY, MANIFEST_KEY, SCHEMA_KEY

PRETTY_NAME = "Recon: economic reasoning problems (typed)"
LANGUAGE = ("en",)
TASK_CATEGORIES = ("question-answering", "text-generation")
TAGS = ("economics", "game-theory", "reasoning", "chain-of-thought", "reinforcement-learning")
DEFAULT_LICENSE = "other"
DEFAULT_CONFIG = "problems"

# The Hub's size buckets, as upper bounds on the number of rows.
_SIZE_BUCKETS = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
)


@dataclass(frozen=True)
class SplitSize:
    """What one exported split holds: rows, Arrow bytes in memory, Parquet bytes on disk."""

    num_examples: int
    num_bytes: int
    file_bytes: int


def size_category(rows: int) -> str:
    """Return the Hub's `size_categories` bucket for a number of rows."""
    for bound, label in _SIZE_BUCKETS:
        if rows < bound:
            return label
    return "n>1M"


def card_metadata(
    sizes: dict[str, dict[str, SplitSize]], *, schema_version: str, license: str = DEFAULT_LICENSE
) -> dict[str, Any]:
    """Return the card metadata for an export whose splits have the given sizes."""
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    from recon_data.features import problem_features, trace_features

    features = {"problems": problem_features(), "cot": trace_features()}
    configs = []
    infos = {}
    for config, files in DATA_FILES.items():
        # `datasets` cannot read a Parquet split of zero rows, so the card lists only splits
        # that hold rows, and no config at all when none does (a generated corpus has no
        # traces); the files stay in the export, and `load_export` makes the empty splits.
        filled = {s: p for s, p in files.items() if sizes[config][s].num_examples > 0}
        if not filled:
            continue
        entry: dict[str, Any] = {"config_name": config}
        if config == DEFAULT_CONFIG:
            entry["default"] = True
        entry["data_files"] = [{"split": s, "path": p} for s, p in filled.items()]
        configs.append(entry)
        splits = SplitDict()
        for split in filled:
            size = sizes[config][split]
            splits.add(
                SplitInfo(name=split, num_bytes=size.num_bytes, num_examples=size.num_examples)
            )
        infos[config] = DatasetInfo(
            features=features[config],
            splits=splits,
            download_size=sum(s.file_bytes for s in sizes[config].values()),
            dataset_size=sum(s.num_bytes for s in sizes[config].values()),
        )
    rows = sum(s.num_examples for per_split in sizes.values() for s in per_split.values())
    card = DatasetCardData(
        language=list(LANGUAGE),
        license=license,
        size_categories=[size_category(rows)],
        task_categories=list(TASK_CATEGORIES),
        pretty_name=PRETTY_NAME,
        tags=list(TAGS),
        configs=configs,
    )
    DatasetInfosDict(infos).to_dataset_card_data(card)
    card[SCHEMA_KEY] = schema_version
    card[MANIFEST_KEY] = MANIFEST_COPY
    return card.to_dict()


def front_matter(metadata: dict[str, Any]) -> str:
    """Render metadata as the `---`-fenced YAML block that opens a dataset card."""
    from huggingface_hub import DatasetCardData

    return "---\n" + DatasetCardData(**metadata).to_yaml() + "\n---\n"
