"""Mistakes users make with `train` and `eval`: one line naming the option or file, exit 1, nothing written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from _support import require_module

require_module("torch")
require_module("trl")
require_module("peft")

from recon_data.schema import Problem, Trace  # noqa: E402
from recon_data.storage import write_jsonl  # noqa: E402

# Slow: loads TRL and torch. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


def _problem(i: int, split: str, category: str = "econnli") -> Problem:
    question = f"Event {i}: the central bank raises rates. Does borrowing fall?"
    return Problem(
        id=f"{split}-{category}-{i}",
        split=split,
        category=category,
        source="econnli" if category == "econnli" else "steer",
        answer_kind="yes_no",
        question=question,
        answer="Yes",
        prompt=({"role": "user", "content": question},),
        provenance={"file": "made-up.csv", "row": i},
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four train problems with traces and four eval problems."""
    root = tmp_path_factory.mktemp("corpus")
    train = [_problem(i, "train") for i in range(4)]
    traces = [
        Trace(
            id=f"cot-{p.id}",
            problem_id=p.id,
            category=p.category,
            prompt=p.prompt[0].content,
            response="<think>\nRates up.\n</think>\n\\boxed{Yes}",
            answer="Yes",
            provenance={"file": "made-up-cot.csv", "row": k},
        )
        for k, p in enumerate(train)
    ]
    write_jsonl(root / "problems" / "train.jsonl", [p.model_dump(mode="json") for p in train])
    evals = [_problem(i, "eval") for i in range(10, 14)]
    write_jsonl(root / "problems" / "eval.jsonl", [p.model_dump(mode="json") for p in evals])
    write_jsonl(root / "cot" / "train.jsonl", [t.model_dump(mode="json") for t in traces])
    (root / "manifest.json").write_text("{}", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random model folder."""
    from recon_data.training.tiny import save_tiny_model

    return save_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def _one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for needle in needles:
        assert needle in lines[0], lines[0]


def _sft(tiny_model: Path, corpus: Path, out: Path, *extra: str) -> list[str]:
    return [
        "train",
        "sft",
        "--recipe",
        "sft-smoke",
        "--model",
        str(tiny_model),
        "--corpus",
        str(corpus),
        "--output-dir",
        str(out),
        *extra,
    ]


@pytest.mark.parametrize(
    ("extra", "needles"),
    [
        (("--set", "per_device_train_batch_size=0"), ("per_device_train_batch_size", "at least 1")),
        (("--set", "gradient_accumulation_steps=-1"), ("gradient_accumulation_steps",)),
        (("--report-to", "foo"), ("report_to", "unknown tracker 'foo'", "tensorboard")),
    ],
)
def test_bad_training_options_fail_before_writing(
    cli, tiny_model: Path, corpus: Path, tmp_path: Path, extra: tuple[str, ...], needles: tuple
) -> None:
    out = tmp_path / "run"
    code, _, err = cli(*_sft(tiny_model, corpus, out, *extra))
    _one_line_error(code, err, *needles)
    assert not out.exists()


def test_output_dir_that_is_a_file(cli, tiny_model: Path, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "notes.txt"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = cli(*_sft(tiny_model, corpus, out))
    _one_line_error(code, err, str(out), "not a folder")
    assert out.read_text(encoding="utf-8") == "keep me"
    code, _, err = cli(*_sft(tiny_model, corpus, out / "run"))
    _one_line_error(code, err, "is not a folder")


def test_existing_run_dir_needs_force_or_resume(
    cli, tiny_model: Path, corpus: Path, tmp_path: Path
) -> None:
    from recon_data.training.checks import check_run_dir

    out = tmp_path / "run"
    (out / "checkpoint-2").mkdir(parents=True)
    before = sorted(p.name for p in out.iterdir())
    code, _, err = cli(*_sft(tiny_model, corpus, out))
    _one_line_error(code, err, str(out), "--force", "--resume")
    assert sorted(p.name for p in out.iterdir()) == before
    # --force and --resume both pass this check; an empty or new folder needs neither.
    assert check_run_dir(out, resume=False, force=True) == out
    assert check_run_dir(out, resume=True, force=False) == out
    (tmp_path / "empty").mkdir()
    assert check_run_dir(tmp_path / "empty", resume=False, force=False)


def test_tiny_model_refuses_files_corpora_and_existing_folders(
    cli, corpus: Path, tmp_path: Path
) -> None:
    target = tmp_path / "model.bin"
    target.write_bytes(b"x")
    code, _, err = cli("train", "tiny-model", str(target))
    _one_line_error(code, err, str(target), "not a folder")
    assert target.read_bytes() == b"x"

    listing = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    code, _, err = cli("train", "tiny-model", str(corpus / "tiny"))
    _one_line_error(code, err, "inside the corpus folder")
    code, _, err = cli("train", "tiny-model", str(corpus))
    _one_line_error(code, err, "inside the corpus folder")
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == listing

    folder = tmp_path / "tiny"
    code, _, err = cli("train", "tiny-model", str(folder))
    assert code == 0, err and (folder / "config.json").is_file()
    code, _, err = cli("train", "tiny-model", str(folder))
    _one_line_error(code, err, "--force")
    code, _, err = cli("train", "tiny-model", str(folder), "--force", "--seed", "1")
    assert code == 0, err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary folders left"


def test_eval_out_is_never_replaced_silently(cli, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "responses.jsonl"
    out.write_text("earlier run\n", encoding="utf-8")
    code, _, err = cli(
        "eval", "--model", "m", "--backend", "openai", "--corpus", str(corpus), "--out", str(out)
    )
    _one_line_error(code, err, str(out), "--force")
    assert out.read_text(encoding="utf-8") == "earlier run\n"
    code, _, err = cli("eval", "--model", "m", "--corpus", str(corpus), "--out", str(tmp_path))
    _one_line_error(code, err, "is a folder")


def test_mistyped_model_fails_at_once_offline(cli, corpus: Path, tmp_path: Path) -> None:
    # conftest sets HF_HUB_OFFLINE=1: a name that is neither a folder nor cached ends at once.
    start = time.monotonic()
    code, _, err = cli(*_sft(Path("nomodel"), corpus, tmp_path / "run"))
    _one_line_error(code, err, "nomodel", "HF_HUB_OFFLINE", "--model")
    code, _, err = cli(
        "eval", "--model", "nomodel", "--backend", "transformers", "--corpus", str(corpus)
    )
    _one_line_error(code, err, "nomodel", "--model")
    assert time.monotonic() - start < 10
    assert not (tmp_path / "run").exists()


def test_unreachable_hub_is_said_without_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    from recon_data.errors import ReconDataError
    from recon_data.training import modelio

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(modelio, "hub_reachable", lambda timeout=3.0: False)
    with pytest.raises(ReconDataError, match="Hub is unreachable"):
        modelio.check_model_ref("nomodel")
    with pytest.raises(ReconDataError, match="not a valid Hub id"):
        modelio.check_model_ref("bad id with spaces")


def test_eval_limit_draws_from_every_category_in_proportion() -> None:
    from types import SimpleNamespace

    from recon_data.training.data import stratified

    cats = ["econnli"] * 6 + ["enforceability"] * 3 + ["steer"]
    problems = [SimpleNamespace(id=f"eval-{c}-{i}", category=c) for i, c in enumerate(cats)]
    picked = stratified(problems, 5)
    counts = {
        c: sum(p.category == c for p in picked) for c in ("econnli", "enforceability", "steer")
    }
    # Shares 6:3:1 of 5 seats: 3, 1.5, 0.5; the tied leftover seat goes to the earlier category.
    assert counts == {"econnli": 3, "enforceability": 2, "steer": 0}
    assert picked == [p for p in problems if p in picked], "corpus order is kept"
    # 4 seats: 2.4, 1.2, 0.4; remainders tie between econnli and steer, the earlier one wins.
    assert [p.id for p in stratified(problems, 4)] == [
        "eval-econnli-0",
        "eval-econnli-1",
        "eval-econnli-2",
        "eval-enforceability-6",
    ]
    assert stratified(problems, 100) == problems
    assert len(stratified(problems, 7)) == 7


def test_only_the_main_process_speaks(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    from recon_data.training.runs import say

    monkeypatch.setenv("RANK", "1")
    monkeypatch.setenv("LOCAL_RANK", "1")
    say(None, "from rank one")
    monkeypatch.setenv("RANK", "0")
    monkeypatch.setenv("LOCAL_RANK", "0")
    say(None, "from rank zero")
    err = capsys.readouterr().err
    assert "rank zero" in err and "rank one" not in err
