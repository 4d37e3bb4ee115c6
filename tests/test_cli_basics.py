"""The command line's own behaviour: version, bare invocation, module entry point, help text."""

from __future__ import annotations

import subprocess
import sys

import pytest

from recon_data import __version__


def test_version_flag(cli) -> None:
    code, out, err = cli("--version")
    assert code == 0 and out.strip() == f"recon-data {__version__}" and err == ""


def test_bare_command_prints_help_and_no_error(cli) -> None:
    code, out, err = cli()
    assert code == 0
    assert "Usage: recon-data" in out and "validate" in out
    assert "error" not in err


def test_flags_show_no_value_placeholder(cli) -> None:
    code, out, _ = cli("validate", "--help")
    assert code == 0
    flag_lines = [line for line in out.splitlines() if line.strip().startswith("--json")]
    assert flag_lines and all("<bool>" not in line for line in flag_lines)


def test_python_dash_m_recon_data_runs_the_cli(tmp_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "recon_data", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert out.returncode == 0 and out.stdout.strip() == f"recon-data {__version__}"


def test_help_loads_no_heavy_library(tmp_path) -> None:
    # --help must stay fast: none of pydantic, datasets, torch or rich may load for it.
    code = (
        "import sys\n"
        "sys.argv = ['recon-data', '--help']\n"
        "from recon_data.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pydantic', 'datasets', 'torch', 'rich') if m in sys.modules]\n"
        "sys.stderr.write(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert out.stderr.strip() == ""


def test_validate_of_a_small_file_loads_no_heavy_library(tmp_path, corpus_dir) -> None:
    # `validate` checks records with the models themselves (issue 25: one source of truth), and
    # still loads none of the heavy stacks: no datasets, torch or rich for a small file.
    lines = (corpus_dir / "problems" / "train.jsonl").read_text("utf-8").splitlines()
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    bad.write_text(lines[0].replace('"answer":"', '"answer":"Option 9: ', 1) + "\n", "utf-8")
    code = (
        "import sys\n"
        "sys.argv = ['recon-data', 'validate', sys.argv[1]]\n"
        "from recon_data.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
        "heavy = ('rich', 'datasets', 'torch', 'pyarrow')\n"
        "print('loaded:', ','.join(m for m in heavy if m in sys.modules))\n"
    )
    for path, verdict, status in ((good, "3 records: ok", "exit 0"), (bad, "1 issue", "exit 1")):
        out = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert verdict in out.stdout and status in out.stdout, out
        assert out.stdout.splitlines()[-1] == "loaded: ", out.stdout
    assert "field answer" in out.stderr, out.stderr


def test_debug_switch_shows_the_traceback_behind_a_user_error(cli, tmp_path, monkeypatch) -> None:
    missing = tmp_path / "nope.jsonl"
    code, _, err = cli("validate", str(missing))
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1
    monkeypatch.setenv("RECON_DATA_DEBUG", "1")
    code, _, err = cli("validate", str(missing))
    assert code == 1 and "Traceback" in err and "ReconDataError" in err
    assert err.rstrip().splitlines()[-1].startswith("error: ")


def test_only_rank_zero_prints_errors(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RANK", "1")
    code, out, err = cli("validate", str(tmp_path / "nope.jsonl"))
    assert code == 1 and out == "" and err == ""
    monkeypatch.setenv("RANK", "0")
    code, _, err = cli("validate", str(tmp_path / "nope.jsonl"))
    assert code == 1 and "nope.jsonl" in err


@pytest.mark.slow  # subprocesses or whole-corpus work; CI runs it
def test_export_trl_flag_adds_the_trl_configs(cli, corpus_dir, tmp_path) -> None:
    import json

    from recon_data.curation.publish.export import TRL_FILES

    code, out, err = cli("export", str(corpus_dir), "--out", str(tmp_path / "x"), "--trl", "--json")
    assert code == 0, err
    paths = {f["path"] for f in json.loads(out)["files"]}
    expected = {p for files in TRL_FILES.values() for p in files.values()}
    assert expected and expected <= paths
    code, out, err = cli("export", str(corpus_dir), "--out", str(tmp_path / "y"), "--json")
    assert code == 0 and not expected & {f["path"] for f in json.loads(out)["files"]}


def test_the_lazy_command_table_matches_what_the_modules_register() -> None:
    # `recon-data --help` lists commands from a static table so it need not import them;
    # the table must name exactly the commands each module registers, with their own help.
    import importlib
    import pkgutil

    import typer
    from typer.main import get_command

    import recon_data.cli as cli

    registered: dict[str, tuple[str, str]] = {}
    for info in pkgutil.iter_modules(cli.__path__):
        if info.name == "__main__":  # importing it runs the CLI
            continue
        module = importlib.import_module(f"recon_data.cli.{info.name}")
        if not hasattr(module, "register"):
            continue
        app = typer.Typer()
        app.callback()(cli.help_when_bare)  # a group even when the module adds one command
        cli.register_module(app, info.name)
        for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
            registered[name] = (info.name, command.get_short_help_str(limit=10_000))
    assert registered == cli.COMMANDS


def test_help_lists_every_command_with_its_help(cli) -> None:
    code, out, _ = cli("--help")
    assert code == 0
    listed = [line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == list(__import__("recon_data.cli").cli.COMMANDS)


def test_a_typo_in_the_command_name_is_one_line_with_a_suggestion(cli) -> None:
    code, out, err = cli("buidl")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "No such command 'buidl'" in err and "'build'" in err


def test_a_bare_group_prints_its_help(cli) -> None:
    for group, member in (("games", "eval"), ("train", "sft")):
        code, out, err = cli(group)
        assert code == 0 and f"Usage: recon-data {group}" in out and member in out and err == ""


def test_help_imports_no_command_module(tmp_path) -> None:
    code = (
        "import sys\n"
        "sys.argv = ['recon-data', '--help']\n"
        "from recon_data.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('recon_data.cli.'))\n"
        "sys.stderr.write(','.join(loaded))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert out.stderr.strip() == ""
