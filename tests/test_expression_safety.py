"""No completion runs code, and no completion costs more than a bounded amount of work.

Two independent proofs that nothing a model writes is executed: (1) in a subprocess, an audit
hook records every `exec`, `compile`, `open`, `os.system` and process-spawn event while hostile
boxes are graded (after a warm-up, so imports are not counted); (2) in this process, `eval`,
`exec`, `sympify`, `parse_expr` and sympy's LaTeX parser are replaced by functions that fail
the test if anything calls them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recon_data.verifiers import grade

ROOT = Path(__file__).resolve().parents[1]
GOLD = "(a - c)/(b*(n + 1)) where 0 < c < a, 0 < b, 1 <= n, n integer"

PAYLOADS = [
    "__import__('os').getpid()",
    "__import__('os').system('touch PWNED')",
    "().__class__.__bases__[0].__subclasses__()",
    "eval('1+1')",
    "exec('import os')",
    "lambda: 0",
    "[x for x in ()]",
    "open('/etc/passwd').read()",
    "Symbol('x')",
    "sympify('a')",
    "S('1')/2",
    "a.__class__",
    "(a-c).subs(a, 1)",
    "b.func(a)",
    "{a.__class__}",
    "\\frac{__import__('os').getpid()}{2}",
    "\\input{/etc/passwd}",
    "\\immediate\\write18{touch PWNED}",
    "\\def\\x{1}\\x",
    "a; import os",
    "a\x00b",
    "`id`",
    "$(touch PWNED)",
    "a if b else c",
]
HUGE = [
    "a^{a^{a^{a^{a}}}}",
    "9^{9^{9^{9}}}",
    "99999999999999999999^{99}",
    "(" * 50 + "a" + ")" * 50,
    "\\frac{" * 45 + "a" + "}{2}" * 45,
    "+".join(["a"] * 400),
    "a" * 3000,
    "1" + "0" * 1500,
    "(a+b+c+n)^{40}",
    "((a+b)^{40}+(c+n)^{40})^{40}",
    "\\sqrt{" * 30 + "a" + "}" * 30,
    "e^{e^{e^{a}}}",
    "\\exp(\\exp(\\exp(a)))",
    "\\ln(\\ln(\\ln(a)))",
    "ъ" * 1000,
]


def _box(content: str) -> str:
    return f"<think>r</think> \\boxed{{{content}}}"


def test_audit_hook_sees_no_code_run_while_hostile_boxes_are_graded(tmp_path: Path) -> None:
    script = f"""
import json, sys
from recon_data.verifiers import grade
GOLD = {GOLD!r}
payloads = json.loads(sys.stdin.read())
for warm in (r"\\frac{{a-c}}{{b(n+1)}}", r"\\sqrt{{a}}", r"\\ln a", "a^n", "not a", "x"):
    grade("<think>r</think> \\\\boxed{{" + warm + "}}", GOLD, "expression")
events = []
WATCH = ("exec", "compile", "open", "os.system", "subprocess.Popen", "os.exec", "os.spawn",
         "os.posix_spawn", "os.fork", "ctypes.dlopen", "import", "socket.connect")
def hook(event, args):
    if event.startswith(WATCH):
        events.append([event, repr(args)[:80]])
sys.addaudithook(hook)
statuses = [grade("<think>r</think> \\\\boxed{{" + p + "}}", GOLD, "expression").status
            for p in payloads]
seen = list(events)
eval("1 + 1")  # the control: the hook does see code that runs
print(json.dumps({{"events": seen, "control": events[len(seen):], "statuses": statuses}}))
"""
    payloads = PAYLOADS + HUGE
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(payloads),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["events"] == []
    assert out["control"], "the audit hook saw nothing when eval ran"
    assert not (tmp_path / "PWNED").exists()
    assert all(s in ("unparsed", "wrong") for s in out["statuses"]), out["statuses"]


def test_no_eval_sympify_or_parse_expr_is_ever_called(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    import sympy
    import sympy.parsing.sympy_parser as sympy_parser

    grade(_box(r"\frac{a-c}{b(n+1)}"), GOLD, "expression")  # warm: sympy loaded, rings built

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"model text reached an evaluator: {args!r:.80}")

    for target, name in ((builtins, "eval"), (builtins, "exec"), (sympy, "sympify"),
                         (sympy, "parse_expr"), (sympy_parser, "parse_expr"),
                         (sympy, "S")):  # fmt: skip
        monkeypatch.setattr(target, name, forbidden)
    for payload in [*PAYLOADS, *HUGE, r"\frac{a}{bn+b}-\frac{c}{bn+b}", r"\sqrt{a^2}-c"]:
        verdict = grade(_box(payload), GOLD, "expression")
        assert verdict.status in ("correct", "wrong", "unparsed")
    assert grade(_box(r"\frac{a}{bn+b}-\frac{c}{bn+b}"), GOLD, "expression").correct


@pytest.mark.parametrize("payload", HUGE)
def test_size_and_depth_limits_give_a_status_quickly(payload: str) -> None:
    start = time.process_time()
    verdict = grade(_box(payload), GOLD, "expression")
    assert verdict.status in ("wrong", "unparsed")
    assert time.process_time() - start < 2.0, payload[:40]


def test_a_megabyte_completion_is_bounded() -> None:
    text = "<think>" + "x " * 10 + "</think>" + ("\\boxed{" + "(a+" * 200) * 2000
    start = time.process_time()
    verdict = grade(text, GOLD, "expression")
    assert verdict.status == "unparsed"
    assert time.process_time() - start < 5.0


def test_invisible_marks_around_a_formula_are_read_through() -> None:
    # Bidirectional controls render as nothing: the reading rule drops them (issue 19).
    assert grade(_box("\u202e\\frac{a-c}{b(n+1)}\u202c"), GOLD, "expression").correct


def test_limits_report_their_reason() -> None:
    deep = grade(_box("(" * 50 + "a" + ")" * 50), GOLD, "expression")
    assert deep.status == "unparsed" and "deeper" in deep.reason
    tower = grade(_box("9^{9^{9^{9}}}"), GOLD, "expression")
    assert tower.status == "unparsed" and "too large" in tower.reason
    long = grade(_box("+".join(["a"] * 400)), GOLD, "expression")
    assert long.status == "unparsed" and "too large" in long.reason
