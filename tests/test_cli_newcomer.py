"""What a new user runs into (issue 20): errors that name the fix, early refusals, quiet output."""

from __future__ import annotations

import pytest


@pytest.fixture
def no_source(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """No release configured, nothing cached, no Hub: a user outside the repository root."""
    monkeypatch.chdir(tmp_path)  # no ./corpus to fall back on
    monkeypatch.setenv("RECON_DATA_HOME", str(tmp_path / "empty-cache"))
    monkeypatch.delenv("RECON_DATA_SOURCE", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr("recon_data.hfdata.hub_reachable", lambda timeout=3.0: False)


@pytest.mark.parametrize(
    ("args", "fix"),
    [
        (["generate", "-n", "2", "--out", "{tmp}/g"], "--against DIR"),
        (["score", "{tmp}/c.jsonl"], "--corpus DIR"),
    ],
)
def test_a_missing_default_source_names_the_options_that_fix_it(
    cli, no_source, tmp_path, args, fix
) -> None:
    (tmp_path / "c.jsonl").write_text('{"id": "x", "completion": "y"}\n', encoding="utf-8")
    code, _, err = cli(*[a.format(tmp=tmp_path) for a in args])
    assert code == 1 and err.count("\n") == 1, err
    assert "MasterZhou/Recon" in err and fix in err and "RECON_DATA_SOURCE" in err


def test_a_named_source_that_is_missing_is_not_blamed_on_the_default(
    cli, no_source, tmp_path
) -> None:
    code, _, err = cli("build", "--source", "someone/else", "--out", str(tmp_path / "c"))
    assert code == 1 and "--source DIR" in err and "RECON_DATA_SOURCE" not in err


def test_a_mistyped_gtbench_opponent_is_refused_with_the_closest_name(cli) -> None:
    pytest.importorskip("pyspiel")
    code, _, err = cli(
        "games", "eval", "--games", "gtbench", "--policy", "random", "--opponent", "mctss"
    )
    assert code == 1 and "did you mean 'mcts'" in err and "--opponent-url" in err


def test_generate_says_what_to_change(cli, tmp_path) -> None:
    out = str(tmp_path / "g")
    code, _, err = cli("generate", "pure_nash", "--set", "rows=4", "--out", out, "--no-decontam")
    assert code == 1 and "set high=11 or more, or ties=true" in err
    code, _, err = cli("generate", "pure_nash", "-n", "0", "--out", out, "--no-decontam")
    assert code == 1 and "ask for no problems" in err
    code, _, err = cli("generate", "--fresh", "-n", "5", "--seed", "3", "--out", out)
    assert code == 1 and "drop -n, --seed" in err


def test_generate_reports_each_phase_to_progress(tmp_path) -> None:
    from recon_data.curation.generators import generate_corpus

    seen: dict[str, list[int]] = {}

    def progress(label: str, total: int | None):
        seen[label] = [total or 0, 0]
        return lambda n: seen[label].__setitem__(1, seen[label][1] + n)

    generate_corpus(
        tmp_path / "g", ["pure_nash", "pte"], n=4, eval_n=2, decontaminate=False, progress=progress
    )
    assert seen == {"generate pure_nash": [6, 6], "generate pte": [6, 6]}


def test_library_deprecation_warnings_are_silenced_on_our_commands(monkeypatch) -> None:
    import warnings

    from recon_data.cli import quiet_library_warnings

    monkeypatch.setenv("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")  # restored after the test
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quiet_library_warnings()
        warnings.warn_explicit("old", FutureWarning, "x.py", 1, module="transformers.training_args")
        warnings.warn_explicit("ours", FutureWarning, "x.py", 1, module="recon_data.cli")
    assert [str(w.message) for w in caught] == ["ours"]


@pytest.mark.slow  # subprocesses or whole-corpus work; CI runs it
def test_clean_refuses_a_cleaned_corpus_and_an_output_inside_its_input(
    cli, cleaned, corpus_dir, tmp_path
) -> None:
    code, _, err = cli("clean", str(cleaned.out), "--out", str(tmp_path / "again"))
    assert code == 1 and "already a cleaned corpus" in err
    code, _, err = cli("clean", str(corpus_dir), "--out", str(corpus_dir / "inside"))
    assert code == 1 and "inside the input" in err
    assert not (corpus_dir / "inside").exists()


@pytest.mark.slow  # subprocesses or whole-corpus work; CI runs it
def test_clean_balance_is_on_the_command_line(cli, corpus_dir, tmp_path) -> None:
    import json

    code, out, err = cli(
        "clean", str(corpus_dir), "--out", str(tmp_path / "b"), "--balance", "--seed", "3", "--json"
    )
    assert code == 0, err
    summary = json.loads(out)
    assert summary["balance"]["seed"] == 3 and summary["balance"]["added"]
    assert summary["actions"]["added"] == sum(summary["balance"]["added"].values())


@pytest.mark.slow  # subprocesses or whole-corpus work; CI runs it
def test_reports_with_out_print_a_summary_and_the_path(cli, corpus_dir, tmp_path) -> None:
    # issue 20: `--json --out F` printed the whole report too (130,868 lines for the audit).
    import json

    out = tmp_path / "audit.json"
    code, stdout, err = cli("audit", str(corpus_dir), "--json", "--out", str(out), "--no-leaks")
    assert code == 0, err
    assert json.loads(stdout) == {
        "out": str(out),
        "summary": json.loads(out.read_text())["summary"],
    }
    code, stdout, _ = cli("audit", str(corpus_dir), "--out", str(out), "--force", "--no-leaks")
    assert code == 0 and stdout.rstrip().endswith(str(out)) and len(stdout.splitlines()) < 120
    docs = tmp_path / "docs.jsonl"
    first = json.loads((corpus_dir / "problems" / "eval.jsonl").read_text().splitlines()[0])
    docs.write_text(
        json.dumps({"text": "a page about cats"})
        + "\n"
        + json.dumps({"text": "copied: " + first["prompt"][0]["content"]})
        + "\n",
        encoding="utf-8",
    )
    report = tmp_path / "decontam.json"
    code, stdout, err = cli(
        "decontaminate", str(corpus_dir), "--no-within", "--scan", str(docs),
        "--json", "--out", str(report),
    )  # fmt: skip
    assert code == 0, err
    short = json.loads(stdout)
    assert short["out"] == str(report) and short["scan"]["items_found"]["eval"] == 1
    full = json.loads(report.read_text())
    assert full["scan"]["findings"][0]["item"]["id"] == first["id"]
    code, _, err = cli("decontaminate", str(corpus_dir), "--workers", "2")
    assert code == 1 and "apply to a --scan" in err


def test_games_play_and_show_take_the_gtbench_games_games_list_lists(cli) -> None:
    pytest.importorskip("pyspiel")
    import json

    code, out, err = cli("games", "play", "nim", "--policy", "random", "--json")
    assert code == 0, err
    episode = json.loads(out)
    assert episode["game"] == "nim" and episode["payoffs"] in (["1", "-1"], ["-1", "1"])
    code, out, _ = cli("games", "show", "nim", "--json")
    assert code == 0 and json.loads(out)["suite"] == "gtbench"
    code, _, err = cli("games", "play", "nim", "--policy", "spe")
    assert code == 1 and "random, first, mcts" in err


def test_written_files_get_the_users_default_permissions(tmp_path) -> None:
    import os

    from recon_data.storage import atomic_write_text

    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "t.jsonl", "{}\n")
    finally:
        os.umask(old)
    assert (tmp_path / "t.jsonl").stat().st_mode & 0o777 == 0o644


@pytest.mark.slow  # subprocesses or whole-corpus work; CI runs it
def test_a_trl_export_card_says_first_which_config_each_trainer_takes(corpus_dir, tmp_path) -> None:
    from recon_data.curation.publish.export import export_corpus

    report = export_corpus(corpus_dir, tmp_path / "x", trl_configs=True)
    text = (report.out / "README.md").read_text("utf-8")
    body = text.split("\n---\n", 1)[1]  # after the YAML front matter
    first = [line for line in body.splitlines() if line.strip()][:2]
    assert first[0].startswith("# ") and "--dataset_config sft" in first[1]
    assert "--dataset_config grpo" in first[1] and "deepseek_r1_distill_training.jinja" in text


def test_eval_on_generated_problems_prints_no_paper_numbers() -> None:
    from rich.console import Console

    from recon_data.training.evaluation import EvalReport, render

    for release, shown in ((True, True), (False, False)):
        report = EvalReport(
            model="m", adapter=None, backend="transformers", split="eval",
            config={"temperature": 0, "max_new_tokens": 8}, records=[],
            release_problems=release,
        )  # fmt: skip
        console = Console(record=True, width=200)
        render(report, console)
        text = console.export_text()
        assert ("paper: " in text) is shown
        assert ("no paper numbers" in text) is not shown
