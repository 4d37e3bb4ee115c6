"""Tokens of a formula, from a whitelist: numbers, words, Greek letters, known commands, operators.

Anything else (an unknown LaTeX command, a quote, a dot that is no decimal point, `__`) is a
`FormulaError`: nothing outside the whitelist reaches the parser, and nothing reaches Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recon_data.answers.base import normalize_unicode

MAX_CHARS = 2000  # longer box contents are not a formula anyone writes
MAX_TOKENS = 600


class FormulaError(ValueError):
    """The text is not a formula in the whitelist grammar (the message says why)."""


class TooLarge(FormulaError):
    """The formula exceeds a size, depth or magnitude limit."""


@dataclass(frozen=True, slots=True)
class Token:
    """One token: kind (num, word, greek, cmd, op), its text, and its offset in the text."""

    kind: str
    text: str
    pos: int = 0


GREEK = (
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "rho", "sigma", "tau", "upsilon", "phi", "chi",
    "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi",
    "Psi", "Omega",
)  # fmt: skip
# `pi` is left out on purpose: a parameter never, and the constant is no economic answer here.
_VARIANTS = {"varepsilon": "epsilon", "varphi": "phi", "vartheta": "theta", "varrho": "rho",
             "varsigma": "sigma", "varkappa": "kappa"}  # fmt: skip
_UNICODE_GREEK = {chr(0x3B1 + i): n for i, n in enumerate(
    ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
     "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "sigma", "tau", "upsilon",
     "phi", "chi", "psi", "omega"))}  # fmt: skip
_UNICODE_GREEK.update({"Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi",
                       "Σ": "Sigma", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega", "ϕ": "phi",
                       "ϵ": "epsilon", "ϑ": "theta"})  # fmt: skip
_UNICODE_GREEK.pop("π")

# Commands mapped to an operator token; the rest of the whitelist keeps its own name.
_CMD_OPS = {
    "cdot": "*", "times": "*", "ast": "*", "star": "*", "div": "/",
    "le": "<=", "leq": "<=", "leqslant": "<=", "lt": "<", "ge": ">=", "geq": ">=",
    "geqslant": ">=", "gt": ">", "ne": "!=", "neq": "!=", "equiv": "=",
    "lbrace": "{", "rbrace": "}",
}  # fmt: skip
COMMANDS = frozenset({
    "frac", "dfrac", "tfrac", "cfrac", "sqrt", "ln", "log", "exp",
    "not", "neg", "lnot", "pm", "mp", "lor", "vee", "land", "wedge", "approx",
    "nleq", "ngeq", "nless", "ngtr", "nleqslant", "ngeqslant",
    *("bar", "hat", "tilde", "underline", "overline", "widehat", "widetilde", "check"),
})  # fmt: skip
DECORATIONS = frozenset({"bar", "hat", "tilde", "underline", "overline", "widehat", "widetilde",
                         "check"})  # fmt: skip
# Presentational commands: dropped (sizes, spacing, display style).
_SKIP = frozenset({"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
                   "Bigr", "biggl", "biggr", "displaystyle", "textstyle", "quad", "qquad",
                   "limits", "middle"})  # fmt: skip
_WRAPPER = re.compile(
    r"\\(?:text|textrm|textit|textbf|textnormal|mathrm|mathit|mathbf|mathsf|operatorname"
    r"|mbox|boldsymbol|bm|mathnormal)\s*\{([^{}]*)\}"
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SCRIPT_RUN = re.compile(r"([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)|([₀₁₂₃₄₅₆₇₈₉]+)")
_FOLD = str.maketrans({"−": "-", "–": "-", "—": "-", "‐": "-", "·": "*", "×": "*", "∙": "*",
                       "⋅": "*", "∗": "*", "÷": "/", "′": "'", "⩽": "≤",
                       "⩾": "≥", "$": " ", "~": " "})  # fmt: skip
_RELATION_CHARS = {"≤": "<=", "≥": ">=", "≠": "!=", "±": "\\pm", "∓": "\\mp", "¬": "\\neg",
                   "∨": "\\lor", "∧": "\\land", "≈": "\\approx", "≡": "="}  # fmt: skip
_TOKEN = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|\.\d+)"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<cmd>\\[A-Za-z]+)"
    r"|(?P<space>\\[,;:! ]|\s+)"
    r"|(?P<op>\*\*|<=|>=|=<|=>|!=|:=|[-+*/^_()\[\]{},;=<>!'|])"
)


def prepare(text: str) -> str:
    """Unicode scripts to `^{}`/`_{}`, NFKC, text wrappers unwrapped, symbol look-alikes folded."""
    if not text.isascii():
        text = _SCRIPT_RUN.sub(_scripts, text)
        text = normalize_unicode(text).translate(_FOLD)
        for char, spelled in _RELATION_CHARS.items():
            if char in text:
                text = text.replace(char, f" {spelled} ")
    else:
        text = text.replace("$", " ").replace("~", " ")
    for _ in range(4):  # nested wrappers: a few layers, never a loop on hostile input
        unwrapped = _WRAPPER.sub(r" \1 ", text)
        if unwrapped == text:
            break
        text = unwrapped
    return text


def _scripts(m: re.Match[str]) -> str:
    if m.group(1):
        return "^{" + m.group(1).translate(_SUPERSCRIPTS) + "}"
    return "_{" + m.group(2).translate(_SUBSCRIPTS) + "}"


def tokenize(text: str) -> list[Token]:
    """Return the tokens of `text` (after `prepare`); FormulaError on anything off the list."""
    if len(text) > MAX_CHARS:
        raise TooLarge(f"longer than {MAX_CHARS} characters")
    text = prepare(text)
    tokens: list[Token] = []
    pos, end = 0, len(text)
    while pos < end:
        char = text[pos]
        greek = _UNICODE_GREEK.get(char)
        if greek is not None:
            tokens.append(Token("greek", greek, pos))
            pos += 1
            continue
        m = _TOKEN.match(text, pos)
        if m is None:
            raise FormulaError(f"unexpected character {char!r}")
        pos = m.end()
        kind = m.lastgroup or ""
        value = m.group()
        if kind == "space":
            continue
        if kind == "cmd":
            token = _command(value[1:], m.start())
            if token is None:
                continue
            tokens.append(token)
        else:
            tokens.append(Token(kind, value, m.start()))
        if len(tokens) > MAX_TOKENS:
            raise TooLarge(f"more than {MAX_TOKENS} tokens")
    return tokens


def _command(name: str, pos: int) -> Token | None:
    if name in _SKIP:
        return None
    if name in GREEK or name in _VARIANTS:
        return Token("greek", _VARIANTS.get(name, name), pos)
    if name in _CMD_OPS:
        return Token("op", _CMD_OPS[name], pos)
    if name in COMMANDS:
        return Token("cmd", name, pos)
    raise FormulaError(f"unknown command \\{name}")
