"""The dataset card: YAML front matter followed by prose generated from the corpus itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from recon_data.answers.registry import KIND_NAMES
from recon_data.categories import (
    CATEGORY_SLUGS,
    GENERATED_SOURCE,
    SOURCES,
    Category,
    shown_categories,
)
from recon_data.curation.publish.decontam import DecontamSummary
from recon_data.curation.publish.metadata import SplitSize, card_metadata, front_matter
from recon_data.curation.report.card import CardImage, charts_section
from recon_data.hub.layout import DATA_FILES, MANIFEST_COPY
from recon_data.hub.sources import (
    BY_KEY,
    RECON_BIBTEX,
    RELEASE_CODE,
    RELEASE_ID,
    RELEASE_LICENCE,
    Upstream,
)

# Problems made by `recon-data generate` (schema 1.1 source "generated") have no upstream.
GENERATED_UPSTREAM = Upstream(
    GENERATED_SOURCE,
    "recon-data generators",
    "procedural generators with exact solver golds (`recon-data generate`)",
    None,
    "made by recon-data; no upstream licence",
)

# How each answer kind writes its gold; the examples in the card come from the corpus.
KIND_FORMATS = {
    "mcq": "`Option N: option text`, N counted from 1",
    "yes_no": "`Yes` or `No`",
    "ordering": "the event letters in order, comma-separated",
    "profile_set": "the list of pure-strategy profiles `[[row, col], ...]` (0-based), `[]` when none",
    "numeric": "a number",
    "expression": "a formula in named parameters, then ` where ` and their stated domains "
    "(the grader samples them); a model boxes the formula alone",
}

# Fields the record models leave undescribed, worded for the card.
_FIELD_NOTES = {
    "split": "`train` (the Recon Dataset) or `eval` (Recon-Eval).",
    "id": "Stable unique id.",
    "category": f"One of the {len(CATEGORY_SLUGS)} category slugs (a ClassLabel; see Categories).",
    "source": "Upstream benchmark the problem comes from (`generated`: made by recon-data).",
    "answer_kind": "How the gold is written and graded: "
    + ", ".join(f"`{k}`" for k in KIND_NAMES)
    + ".",
    "provenance": "Release file, 0-based row, and the gold as released where the canonical one differs.",
}


@dataclass(frozen=True)
class CardFacts:
    """Everything the card says that comes from the corpus rather than from this package."""

    manifest: dict[str, Any]
    stats: dict[str, Any]
    sizes: dict[str, dict[str, SplitSize]]
    kind_examples: dict[str, str]
    repo_id: str | None = None
    decontam: DecontamSummary | None = None
    license: str = "other"
    charts: tuple[CardImage, ...] = ()  # chart images written beside the card


def render_card(facts: CardFacts) -> str:
    """Return the whole README.md: front matter, then the generated prose."""
    meta = card_metadata(
        facts.sizes, schema_version=str(facts.manifest["schema_version"]), license=facts.license
    )
    sections = [
        _intro(facts),
        _loading(facts),
        _fields(),
        _categories(facts.stats),
        _answer_kinds(facts),
        _defects(facts.stats),
        _cleaning(facts.manifest),
        charts_section(facts.charts),
        _decontamination(facts.decontam),
        _provenance(facts),
        "## Citation\n\n```bibtex\n" + RECON_BIBTEX + "\n```\n",
    ]
    return front_matter(meta) + "\n" + "\n".join(sections)


def _intro(facts: CardFacts) -> str:
    p = facts.stats["problems"]
    cot = facts.stats["cot"]["train"]
    return (
        "# Recon: economic reasoning problems, typed\n\n"
        f"The Recon corpus (Zhou et al. 2025) as typed records: {p['train']['total']:,} training and "
        f"{p['eval']['total']:,} held-out problems over {len(_shown(facts.stats))} categories of economic and "
        f"strategic reasoning, and {cot['total']:,} teacher reasoning traces. Built by "
        f"{facts.manifest['builder']} (record schema {facts.manifest['schema_version']}) from "
        f"{_source_phrase(facts.manifest['source'])}.\n\n"
        "Unlike the release, whose rows are a prompt string and an answer string, every problem here "
        "carries a stable id, its category, upstream source and answer kind, the question body, the "
        "options of a multiple-choice question, a canonical gold answer, the chat prompt exactly as "
        f"released, and where it came from.{_kept_phrase(facts)}{_generated_phrase(facts)}\n"
    )


def _generated_phrase(facts: CardFacts) -> str:
    made = sum(_generated_counts(facts.manifest).values())
    if not made:
        return ""
    return (
        f" {made:,} problems were made by `recon-data generate` (source `generated`); their "
        "`generation` column holds the generator, version, seed, index, difficulty, config and "
        "the solver's certificate as JSON."
    )


def _generated_counts(manifest: dict[str, Any]) -> dict[str, int]:
    """Generated problems per category, from a generated corpus's manifest (else empty)."""
    source = manifest.get("source")
    if not isinstance(source, dict) or source.get("kind") != GENERATED_SOURCE:
        return {}
    out: dict[str, int] = {}
    for info in (source.get("generators") or {}).values():
        made = info.get("problems") if isinstance(info, dict) else None
        if isinstance(made, dict):
            n = sum(v for v in made.values() if isinstance(v, int))
            out[info["category"]] = out.get(info["category"], 0) + n
    return out


def _shown(stats: dict[str, Any]) -> tuple[Category, ...]:
    """The paper's categories, plus generated-only ones the corpus holds."""
    present = [
        slug
        for block in (stats["problems"]["train"], stats["problems"]["eval"], stats["cot"]["train"])
        for slug, n in block["by_category"].items()
        if n
    ]
    return shown_categories(present)


def _upstream(key: str) -> Upstream:
    return GENERATED_UPSTREAM if key == GENERATED_SOURCE else BY_KEY[key]


def _kept_phrase(facts: CardFacts) -> str:
    rows = _release_rows(facts.manifest.get("source"))
    if rows is None:
        return ""
    p = facts.stats["problems"]
    kept = p["train"]["total"] + p["eval"]["total"] + facts.stats["cot"]["train"]["total"]
    if kept == rows:
        return (
            " Every row of the release is kept, defects included; they are counted below so that "
            "results stay comparable with the paper."
        )
    return f" This corpus holds {kept:,} of the release's {rows:,} rows."


def _release_rows(source: Any) -> int | None:
    # Hub builds record rows per split; folder builds record rows per file.
    if not isinstance(source, dict):
        return None
    if isinstance(source.get("rows"), dict):
        counts = list(source["rows"].values())
    elif isinstance(source.get("files"), dict):
        counts = [f.get("rows") for f in source["files"].values() if isinstance(f, dict)]
    else:
        return None
    return sum(counts) if counts and all(isinstance(n, int) for n in counts) else None


def _source_phrase(source: dict[str, Any]) -> str:
    if source.get("type") == "hub":
        return f"the Hub dataset `{source.get('id')}`"
    if source.get("type") == "folder":
        return f"a local copy of the release files ({', '.join(f'`{n}`' for n in source.get('files', {}))})"
    return "the Recon release"


def _loading(facts: CardFacts) -> str:
    target = facts.repo_id or "path/to/this/folder"
    return (
        "## Loading\n\n"
        "```python\n"
        "from datasets import load_dataset\n\n"
        f'problems = load_dataset("{target}", "problems")  # splits: train, eval\n'
        f'cot = load_dataset("{target}", "cot")            # split: train\n'
        "```\n\n"
        'With `pip install recon-data`, `recon_data.load_corpus("' + target + '", "problems")` '
        "gives the same records with the same features.\n"
    )


def _fields() -> str:
    from recon_data.features import problem_features, trace_features
    from recon_data.schema import Problem, Trace

    out = ["## Configs and fields\n"]
    for config, features, model in (
        ("problems", problem_features(), Problem),
        ("cot", trace_features(), Trace),
    ):
        splits = ", ".join(f"`{s}`" for s in DATA_FILES[config])
        out.append(
            f"\n### `{config}` (splits: {splits})\n\n| field | type | description |\n|---|---|---|\n"
        )
        for name, feature in features.items():
            note = model.model_fields[name].description or _FIELD_NOTES.get(name, "")
            out.append(f"| `{name}` | {_type_name(feature)} | {note} |\n")
    return "".join(out)


def _type_name(feature: Any) -> str:
    from datasets import ClassLabel, LargeList, List, Value

    if isinstance(feature, ClassLabel):
        return f"class label ({feature.num_classes} names)"
    if isinstance(feature, Value):
        return feature.dtype
    if isinstance(feature, (List, LargeList)):
        return f"list of {_type_name(feature.feature)}"
    if isinstance(feature, dict):
        return "{" + ", ".join(f"{k}: {_type_name(v)}" for k, v in feature.items()) + "}"
    return type(feature).__name__


def _categories(stats: dict[str, Any]) -> str:
    train = stats["problems"]["train"]["by_category"]
    eval_ = stats["problems"]["eval"]["by_category"]
    cot = stats["cot"]["train"]["by_category"]
    rows = [
        "## Categories\n\n",
        "| slug | name | what it tests | source | setting | train | eval | cot |\n",
        "|---|---|---|---|---|---:|---:|---:|\n",
    ]
    for c in _shown(stats):
        source = _upstream(c.source).name
        rows.append(
            f"| `{c.slug}` | {c.name} | {c.description} | {source} | {c.setting} | "
            f"{train.get(c.slug, 0):,} | {eval_.get(c.slug, 0):,} | {cot.get(c.slug, 0):,} |\n"
        )
    rows.append(
        f"| **total** | | | | | **{stats['problems']['train']['total']:,}** | "
        f"**{stats['problems']['eval']['total']:,}** | **{stats['cot']['train']['total']:,}** |\n"
    )
    return "".join(rows)


def _answer_kinds(facts: CardFacts) -> str:
    train = facts.stats["problems"]["train"]["by_answer_kind"]
    eval_ = facts.stats["problems"]["eval"]["by_answer_kind"]
    rows = [
        "## Answer kinds and grading\n\n",
        "| kind | train | eval | gold is written as | example gold |\n|---|---:|---:|---|---|\n",
    ]
    for kind in KIND_NAMES:
        if not train.get(kind) and not eval_.get(kind):
            continue
        example = _code(facts.kind_examples.get(kind, ""))
        rows.append(
            f"| `{kind}` | {train.get(kind, 0):,} | {eval_.get(kind, 0):,} | {KIND_FORMATS[kind]} | {example} |\n"
        )
    target = facts.repo_id or "path/to/this/folder"
    rows.append(
        "\nGrade by kind, not by string: an ordering is a sequence (not a set), a profile list is a set "
        "of pairs in any order, an option is matched by number and text. The prompts ask for the final "
        "answer in `\\boxed{...}` after `</think>`. `recon_data.verifiers` implements this:\n\n"
        "```python\n"
        "from datasets import load_dataset\n"
        "from recon_data.verifiers import grade, hierarchical_reward\n\n"
        f'row = load_dataset("{target}", "problems")["eval"][0]\n'
        'verdict = grade(model_output, row["answer"], row["answer_kind"], row["options"])\n'
        "verdict.correct, verdict.reward  # kind-aware match; the paper's +5 / +2 / -3 / -5 / -4 reward\n\n"
        "# GRPO: hierarchical_reward follows TRL's reward-function contract and reads the\n"
        "# answer, answer_kind and options columns, e.g. GRPOTrainer(reward_funcs=[hierarchical_reward], ...)\n"
        "```\n"
    )
    return "".join(rows)


def _code(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > 80:
        text = text[:77] + "..."
    # Inline code cannot hold a pipe inside a Markdown table cell; escape it.
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`" if text else ""


def _defects(stats: dict[str, Any]) -> str:
    p = stats["problems"]
    cot = stats["cot"]["train"]
    overlap = stats["overlap"]
    changed = p["train"]["changed_golds"] + p["eval"]["changed_golds"]
    items = [
        ("exact duplicate prompts inside train (extra copies)", p["train"]["duplicate_prompts"]),
        ("exact duplicate prompts inside eval (extra copies)", p["eval"]["duplicate_prompts"]),
        ("distinct prompts shared by train and eval", overlap["train_eval_shared_prompts"]),
        ("eval problems whose prompt also appears in train", overlap["eval_items_in_train"]),
        ("CoT traces linked to an eval problem", cot["linked_to_eval"]),
        ("CoT traces whose prompt is an eval prompt", cot["prompts_in_eval"]),
        (
            "CoT prompts that match a train prompt only after whitespace/punctuation normalisation",
            cot["loose_train_matches"],
        ),
        ("CoT traces with no matching problem", cot["unmatched"]),
        ("duplicate CoT prompts (extra copies)", cot["duplicate_prompts"]),
        (
            "golds rewritten to canonical form (`provenance.release_answer` keeps the original)",
            changed,
        ),
    ]
    rows = ["## Known release defects\n\n", "| defect | count |\n|---|---:|\n"]
    rows.extend(f"| {label} | {n:,} |\n" for label, n in items)
    rows.append(
        "\nTo evaluate without leakage, drop eval problems whose prompt appears in train, and do not "
        "train on CoT traces whose prompt is an eval prompt.\n"
    )
    return "".join(rows)


def _cleaning(manifest: dict[str, Any]) -> str:
    """The `recon-data clean` summary, when the corpus is a cleaned one (else nothing)."""
    cleaning = manifest.get("cleaning")
    if not isinstance(cleaning, dict) or not isinstance(cleaning.get("changes"), dict):
        return ""
    rows = [
        "## Cleaning\n\n",
        "This corpus was cleaned by `recon-data clean` from the gold-label audit: options "
        "permuted so gold positions are near uniform, golds proved wrong corrected or dropped, "
        "ill-posed items dropped, duplicates and train/eval leaks removed. Every change "
        "(id, action, reason, old and new gold, and the option or sentence it changed) is in "
        f"the corpus's `{cleaning.get('file')}`.\n\n",
        "| action | records |\n|---|---:|\n",
    ]
    rows.extend(f"| {action} | {n:,} |\n" for action, n in cleaning["changes"].items())
    if isinstance(cleaning.get("bias"), dict):
        rows.append(_bias_table(cleaning["bias"]))
    return "".join(rows)


def _bias_table(bias: dict[str, Any]) -> str:
    """Counts, position bias and content bias per category and split, before and after."""

    def top(counts: dict[str, Any] | None, label: str = "") -> str:
        if not counts:
            return "-"
        if "share" in counts:  # a content-bias row
            return f"{counts['content']} {100 * counts['share']:.0f}%"
        total = sum(counts.values())
        pos, n = max(counts.items(), key=lambda kv: kv[1])
        return f"{label}{pos} {100 * n / total:.0f}%"

    rows = [
        "\n### Before and after\n\n",
        "Problems per category and split; the most common gold position (Position bias) and the "
        "most common gold content (Content bias: the option text, a yes/no, or for numeric "
        "options the gold's rank), each with its share.\n\n",
        "| category | split | before | after | position before | position after "
        "| content before | content after |\n|---|---|---:|---:|---|---|---|---|\n",
    ]
    before, after = bias["before"], bias["after"]
    for split in ("train", "eval"):
        b, a = before.get(split, {}), after.get(split, {})
        for cat in sorted(set(b.get("counts", {})) | set(a.get("counts", {}))):
            rows.append(
                f"| {cat} | {split} | {b.get('counts', {}).get(cat, 0):,} | "
                f"{a.get('counts', {}).get(cat, 0):,} | "
                f"{top(b.get('position_bias', {}).get(cat), 'Option ')} | "
                f"{top(a.get('position_bias', {}).get(cat), 'Option ')} | "
                f"{top(b.get('content_bias', {}).get(cat))} | "
                f"{top(a.get('content_bias', {}).get(cat))} |\n"
            )
    return "".join(rows)


def _decontamination(summary: DecontamSummary | None) -> str:
    head = "## Decontamination\n\n"
    if summary is None:
        return head + (
            "No decontamination report was supplied with this export. Run "
            "`recon-data decontaminate --json --out REPORT` and export with `--decontam-report REPORT`.\n"
        )
    if summary.total == 0:
        return head + "The decontamination report supplied with this export lists no findings.\n"
    rows = [head, f"The report supplied with this export lists {summary.total:,} finding(s).\n\n"]
    rows.append("| kind | between | findings |\n|---|---|---:|\n")
    rows.extend(f"| {kind} | {pair} | {n:,} |\n" for kind, pair, n in summary.by_pair)
    rows.append("\n| kind | total |\n|---|---:|\n")
    rows.extend(f"| {kind} | {n:,} |\n" for kind, n in summary.by_kind.items())
    return "".join(rows)


def _provenance(facts: CardFacts) -> str:
    stats = facts.stats["problems"]
    rows = [
        "## Provenance and licences\n\n",
        f"Released with the paper as the Hub dataset `{RELEASE_ID}` (code: {RELEASE_CODE}); "
        f"licence: {RELEASE_LICENCE}.\n\n",
        f"This export was built from {_source_phrase(facts.manifest['source'])}",
    ]
    files = (
        facts.manifest["source"].get("files")
        if isinstance(facts.manifest["source"], dict)
        else None
    )
    if isinstance(files, dict) and files:
        rows.append(":\n\n")
        rows.extend(
            f"- `{name}`: sha256 `{info.get('sha256')}`, {info.get('rows')} rows\n"
            for name, info in files.items()
        )
        rows.append("\n")
    else:
        rows.append(".\n\n")
    rows.append(
        f"`{MANIFEST_COPY}` is the corpus manifest (counts and a sha256 per corpus file) copied unchanged; "
        "`recon-data` checks it when it loads this dataset back.\n\n"
        "The problems come from these upstream sources:\n\n"
        "| source | categories | problems | reference | licence |\n|---|---|---:|---|---|\n"
    )
    made = _generated_counts(facts.manifest)
    shown = _shown(facts.stats)
    for key in SOURCES:
        up = _upstream(key)
        if key == GENERATED_SOURCE:
            # Generated problems may sit in release categories too: count them here only.
            cats = [c for c in shown if made.get(c.slug)]
            n = sum(made.values())
            if not n:
                continue
        else:
            cats = [c for c in shown if c.source == key]
            n = sum(
                stats[s]["by_category"].get(c.slug, 0) for s in ("train", "eval") for c in cats
            ) - sum(made.get(c.slug, 0) for c in cats)
            if made and not n:
                continue  # a generated corpus lists only the upstreams it copied problems from
        ref = f"[{up.reference}]({up.link})" if up.link else up.reference
        names = ", ".join(f"`{c.slug}`" for c in cats)
        rows.append(f"| {up.name} | {names} | {n:,} | {ref} | {up.licence} |\n")
    rows.append(
        f"\nThe card's `license: {facts.license}` reflects that these terms differ or are unstated: this "
        "export grants no rights beyond those of its sources.\n"
    )
    return "".join(rows)
