"""Backends load once and serve many calls; the openai backend retries and resumes `eval --out`."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

pytest.importorskip("transformers")

from recon_data.schema import Problem
from recon_data.storage import write_jsonl

# Slow: loads torch and tiny models. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


def _problem(i: int) -> Problem:
    question = f"Event {i}: the central bank raises rates. Does borrowing fall?"
    return Problem(
        id=f"eval-nli-{i}",
        split="eval",
        category="econnli",
        source="econnli",
        answer_kind="yes_no",
        question=question,
        answer="Yes" if i % 3 else "No",
        prompt=({"role": "user", "content": question + " Answer in \\boxed{}."},),
        provenance={"file": "made-up.csv", "row": i},
    )


PROBLEMS = [_problem(i) for i in range(8)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight eval problems, no training data."""
    root = tmp_path_factory.mktemp("corpus")
    write_jsonl(root / "problems" / "eval.jsonl", [p.model_dump(mode="json") for p in PROBLEMS])
    write_jsonl(root / "problems" / "train.jsonl", [])
    (root / "manifest.json").write_text("{}", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Qwen2 model with the R1-Distill tokenizer format."""
    from recon_data.training.tiny import save_tiny_model

    return save_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def test_games_eval_loads_the_model_once(tiny_model: Path, monkeypatch) -> None:
    from recon_data.training import backends, modelio
    from recon_data.training.selfplay import run_games

    loads: list[str] = []
    calls: list[int] = []
    real_load, real_generate = modelio.load_model, backends.TransformersGenerator._generate

    def counting_load(ref: str, **kw: Any) -> Any:
        loads.append(ref)
        return real_load(ref, **kw)

    def counting_generate(self: Any, conversations: Any, config: Any, emit: Any) -> None:
        calls.append(config.seed)
        real_generate(self, conversations, config, emit)

    monkeypatch.setattr(modelio, "load_model", counting_load)
    monkeypatch.setattr(backends.TransformersGenerator, "_generate", counting_generate)
    report, episodes = run_games(
        ["prisoners_dilemma", "monopoly"], model=str(tiny_model), backend="transformers",
        trials=2, seed=3, max_retries=1, overrides={"max_new_tokens": 4},
    )  # fmt: skip
    assert len(episodes) == 4 and report["protocol"]["backend"] == "transformers"
    # Several rounds (moves and retries), one load; every round drew with its own seed.
    assert len(calls) >= 2 and len(loads) == 1
    assert calls == [42 + k for k in range(len(calls))]


def test_generate_function_and_generator_agree(tiny_model: Path) -> None:
    from recon_data.training.backends import generate, load_generator
    from recon_data.training.generation import GenerationConfig

    config = GenerationConfig(max_new_tokens=5, batch_size=2)
    conversations = [[m.model_dump() for m in p.prompt] for p in PROBLEMS[:3]]
    once = generate("transformers", str(tiny_model), conversations, config)
    seen: list[tuple[int, str]] = []
    with load_generator("transformers", str(tiny_model), config) as generator:
        first = generator(conversations, on_result=lambda i, t: seen.append((i, t)))
        second = generator(conversations[:1])
    # Greedy decoding: the same text from one load as from a fresh one, in input order.
    assert first == once and second == once[:1] and len(once) == 3
    assert sorted(seen) == list(enumerate(once))


class _Flaky(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint; prompts in `down` get HTTP 503, others a right answer."""

    protocol_version = "HTTP/1.1"
    down: ClassVar[dict[str, int]] = {}  # prompt -> failures left (-1: always)
    seen: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        text = body["messages"][-1]["content"]
        type(self).seen.append(text)
        left = self.down.get(text, 0)
        if left:
            self.down[text] = left - 1 if left > 0 else -1
            self._send(503, {"error": {"message": "overloaded"}})
            return
        problem = next(p for p in PROBLEMS if p.prompt[-1].content == text)
        content = f"Rates.\n</think>\n\n\\boxed{{{problem.answer}}}"
        self._send(200, {"choices": [{"message": {"content": content}, "finish_reason": "stop"}]})

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def server():
    """A flaky server on a free local port; yields its base URL."""
    _Flaky.down, _Flaky.seen = {}, []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def _eval(cli, corpus: Path, url: str, out: Path, *extra: str) -> tuple[int, str, str]:
    return cli(
        "eval", "--model", "m", "--backend", "openai", "--corpus", str(corpus), "--json",
        "--out", str(out), "--set", f"base_url={url}", "--set", "concurrency=2", *extra,
    )  # fmt: skip


def test_openai_retries_a_failed_request(cli, corpus: Path, server: str, tmp_path: Path) -> None:
    pytest.importorskip("openai")
    flaky = PROBLEMS[2].prompt[-1].content
    _Flaky.down = {flaky: 1}
    code, out, err = _eval(cli, corpus, server, tmp_path / "r.jsonl")
    assert code == 0, err
    assert json.loads(out)["correct"] == len(PROBLEMS)
    assert _Flaky.seen.count(flaky) == 2


def test_interrupted_eval_resumes_where_it_stopped(
    cli, corpus: Path, server: str, tmp_path: Path
) -> None:
    pytest.importorskip("openai")
    out = tmp_path / "responses.jsonl"
    dead = PROBLEMS[5].prompt[-1].content
    _Flaky.down = {dead: -1}
    code, _, err = _eval(cli, corpus, server, out, "--set", "max_retries=0")
    assert code == 1 and "HTTP 503" in err and err.strip().count("\n") == 0, err
    kept = [json.loads(line) for line in out.read_text().splitlines()]
    # Responses that arrived before the failure were saved as they came.
    assert kept and PROBLEMS[5].id not in {r["id"] for r in kept}
    assert all(r["correct"] for r in kept)
    # A rerun without --resume or --force refuses to touch the file.
    code, _, err = _eval(cli, corpus, server, out)
    assert code == 1 and "--resume" in err
    # A torn last line (the process killed mid-write) is dropped on resume.
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "eval-nli-')
    _Flaky.down, _Flaky.seen = {}, []
    code, text, err = _eval(cli, corpus, server, out, "--resume")
    assert code == 0, err
    assert json.loads(text)["correct"] == len(PROBLEMS)
    # Only what was missing was asked for again; the file ends complete, in corpus order.
    done = {r["id"] for r in kept}
    assert sorted(_Flaky.seen) == sorted(p.prompt[-1].content for p in PROBLEMS if p.id not in done)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == [p.id for p in PROBLEMS]


def test_resume_refuses_a_file_of_another_run(cli, corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("openai")
    out = tmp_path / "other.jsonl"
    out.write_text(json.dumps({"id": "train-1", "response": "x"}) + "\n", encoding="utf-8")
    code, _, err = _eval(cli, corpus, "http://127.0.0.1:9/v1", out, "--resume")
    assert code == 1 and "train-1" in err and "--force" in err and err.count("\n") == 1, err
    code, _, err = cli("eval", "--model", "m", "--backend", "openai", "--resume")
    assert code == 1 and "--out" in err


TRAINERS = ("trl", "peft", "accelerate", "deepspeed")

# Run the CLI with a site folder that lacks the trainers, as an `eval`-only install would.
WITHOUT_TRAINERS = f"""
import site, sys
site.addsitedir(sys.argv.pop(1))
for name in {TRAINERS!r}:
    try:
        __import__(name)
    except ImportError:
        continue
    raise SystemExit(f"{{name}} is importable")
from recon_data.cli import main
sys.argv = ["recon-data", *sys.argv[1:]]
main()
"""


@pytest.fixture(scope="module")
def no_trainers_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This interpreter's site-packages, as links, without the trainers and their metadata."""
    import site

    view = tmp_path_factory.mktemp("site-no-trainers")
    for folder in map(Path, site.getsitepackages()):
        for entry in folder.iterdir() if folder.is_dir() else []:
            top = entry.name.split("-")[0].split(".")[0].lower()
            if top not in TRAINERS and not (view / entry.name).exists():
                (view / entry.name).symlink_to(entry)
    return view


def test_eval_runs_without_the_trainers(
    tiny_model: Path, corpus: Path, tmp_path: Path, no_trainers_site: Path
) -> None:
    import os
    import subprocess
    import sys

    args = [
        "eval", "--model", str(tiny_model), "--backend", "transformers", "--corpus", str(corpus),
        "--limit", "2", "--set", "max_new_tokens=2", "--json", "--out", str(tmp_path / "r.jsonl"),
    ]  # fmt: skip
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "CUDA_VISIBLE_DEVICES": ""}
    command = [sys.executable, "-S", "-c", WITHOUT_TRAINERS, str(no_trainers_site)]
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["total"] == 2


def test_an_adapter_without_peft_is_one_line(tiny_model: Path, monkeypatch) -> None:
    from recon_data.errors import ReconDataError
    from recon_data.training import backends, checks

    installed = checks.is_installed
    monkeypatch.setattr(checks, "is_installed", lambda m: m != "peft" and installed(m))
    backends.check_backend("transformers", adapter=None, model=str(tiny_model))
    with pytest.raises(ReconDataError, match=r"peft.*recon-data\[eval\]"):
        backends.check_backend("transformers", adapter=str(tiny_model), model=str(tiny_model))
