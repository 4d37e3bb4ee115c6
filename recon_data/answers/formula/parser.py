"""Tokens to a formula tree, by recursive descent over a whitelist; names must be parameters.

Trees are plain tuples: `("n", Fraction)`, `("s", name)`, `("+", terms)`, `("-", x)`,
`("*", factors)`, `("/", num, den)`, `("^", base, exp)`, `("f", "sqrt"|"ln"|"exp", arg)`.
Juxtaposition binds tighter than `*` and `/` (`a/2b` is a/(2b), as in print), `b(n+1)` is a
product when `b` is a parameter, LaTeX arguments take one token (`\\frac12`), and readings that
renderers disagree on are refused: `b2`, `2 3`, `(a+b)2`, `2\\frac12`, `x^a^b`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from recon_data.answers.formula.lexer import DECORATIONS, GREEK, FormulaError, Token, TooLarge

Node = tuple[Any, ...]
MAX_DEPTH = 40
MAX_NODES = 400
FUNCTIONS = {"sqrt": "sqrt", "ln": "ln", "log": "ln", "exp": "exp"}
_NAME = re.compile(r"^(?:[A-Za-z]|" + "|".join(GREEK) + r")(?:_[A-Za-z0-9]{1,3})?$")
_INDEX_SUBSCRIPTS = ("i", "j")  # `v_i` for the parameter `v`: bidder i's value is v
_ATOM_OPS = ("(", "[", "{")


def valid_name(name: str) -> bool:
    """True for a parameter name: one letter or a Greek word, with an optional `_sub`."""
    return _NAME.match(name) is not None


class Names:
    """The parameters a formula may use, and the spellings that reach them."""

    def __init__(self, params: Iterable[str]) -> None:
        self.params = frozenset(params)
        self.subs: dict[str, set[str]] = {}
        for name in self.params:
            base, _, sub = name.partition("_")
            self.subs.setdefault(base, set())
            if sub:
                self.subs[base].add(sub)
        # Longest first, so `delta` wins over `d` followed by `elta`.
        self.bases = sorted(self.subs, key=len, reverse=True)

    def split_word(self, word: str) -> list[str] | None:
        """Split a run of letters into parameter bases (`ab` -> a, b), or None."""
        out, i = [], 0
        while i < len(word):
            for base in self.bases:
                if word.startswith(base, i):
                    out.append(base)
                    i += len(base)
                    break
            else:
                return None
        return out

    def resolve(self, base: str, sub: str | None) -> str | None:
        """Return the parameter `base_sub` (or `base`), or None when there is none."""
        if sub is None:
            return base if base in self.params else None
        name = f"{base}_{sub}"
        if name in self.params:
            return name
        if sub in _INDEX_SUBSCRIPTS and base in self.params and not self.subs.get(base):
            return base
        return None


def parse(tokens: list[Token], names: Names) -> Node:
    """Parse a whole token list as one formula (FormulaError when it is not one)."""
    if not tokens:
        raise FormulaError("empty formula")
    parser = _Parser(tokens, names)
    node = parser.expr(0)
    if parser.i < len(parser.toks):
        raise FormulaError(f"unexpected {parser.toks[parser.i].text!r}")
    return node


class _Parser:
    def __init__(self, tokens: list[Token], names: Names) -> None:
        self.toks = list(tokens)
        self.i = 0
        self.names = names
        self.nodes = 0

    # -- helpers ------------------------------------------------------------------------
    def peek(self) -> Token | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def is_op(self, *texts: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "op" and tok.text in texts

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise FormulaError("formula ends too early")
        self.i += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.take()
        if tok.kind != "op" or tok.text != text:
            raise FormulaError(f"expected {text!r}, found {tok.text!r}")

    def node(self, *parts: Any) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooLarge(f"more than {MAX_NODES} nodes")
        return parts

    def split_token(self, head: str, rest: str) -> None:
        # LaTeX arguments take one character: keep the rest of the token for later.
        tok = self.toks[self.i]
        self.toks[self.i] = Token(tok.kind, head, tok.pos)
        self.toks.insert(self.i + 1, Token(tok.kind, rest, tok.pos + len(head)))

    # -- grammar ------------------------------------------------------------------------
    def expr(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise TooLarge(f"nested deeper than {MAX_DEPTH}")
        terms: list[Node] = []
        sign = "+"
        if self.is_op("+", "-"):
            sign = self.take().text
        while True:
            term = self.term(depth)
            terms.append(self.node("-", term) if sign == "-" else term)
            if not self.is_op("+", "-"):
                break
            sign = self.take().text
        return terms[0] if len(terms) == 1 else self.node("+", tuple(terms))

    def term(self, depth: int) -> Node:
        factors = [self.jux(depth)]
        while True:
            if self.is_op("*"):
                self.take()
                factors.append(self.jux(depth))
            elif self.is_op("/"):
                self.take()
                num = factors[0] if len(factors) == 1 else self.node("*", tuple(factors))
                factors = [self.node("/", num, self.jux(depth))]
            else:
                break
        return factors[0] if len(factors) == 1 else self.node("*", tuple(factors))

    def jux(self, depth: int) -> Node:
        # Juxtaposed factors (`3b`, `b(n+1)`, `2\frac{a}{b}`) form one product.
        factors = [self.factor(depth)]
        while self.starts_atom():
            prev, nxt = factors[-1], self.peek()
            if nxt is not None and nxt.kind == "num":
                raise FormulaError("a number after a name or a number is ambiguous (b2, 2 3)")
            following = self.power(depth)
            if prev[0] == "n" and following[0] == "/" and following[1][0] == following[2][0] == "n":
                raise FormulaError("a number before a fraction reads as a mixed number")
            factors.append(following)
        return factors[0] if len(factors) == 1 else self.node("*", tuple(factors))

    def starts_atom(self) -> bool:
        tok = self.peek()
        if tok is None:
            return False
        if tok.kind == "op":
            return tok.text in _ATOM_OPS
        return tok.kind in ("num", "word", "greek") or (
            tok.kind == "cmd" and tok.text in ("frac", "dfrac", "tfrac", "cfrac", "sqrt", "ln",
                                               "log", "exp")
        )  # fmt: skip

    def factor(self, depth: int) -> Node:
        if self.is_op("-"):
            self.take()
            return self.node("-", self.factor(depth + 1))
        if self.is_op("+"):
            self.take()
            return self.factor(depth + 1)
        return self.power(depth)

    def power(self, depth: int) -> Node:
        base = self.atom(depth)
        if not self.is_op("^", "**"):
            return base
        self.take()
        exponent = self.exponent(depth + 1)
        if self.is_op("^", "**"):
            raise FormulaError("a power of a power needs braces (x^a^b)")
        return self.node("^", base, exponent)

    def exponent(self, depth: int) -> Node:
        tok = self.peek()
        if tok is None:
            raise FormulaError("a power without an exponent")
        if tok.kind == "op" and tok.text in ("-", "+"):
            self.take()
            inner = self.exponent(depth + 1)
            return self.node("-", inner) if tok.text == "-" else inner
        if tok.kind == "op" and tok.text in ("*", "'"):
            raise FormulaError("a starred or primed name is a label, not a formula")
        if tok.kind == "word" and len(tok.text) > 1:
            # `x^ab` is x^a b in LaTeX: only the first name goes up.
            bases = self.names.split_word(tok.text)
            if bases and len(bases) > 1:
                self.split_token(bases[0], tok.text[len(bases[0]) :])
        return self.atom(depth)

    def atom(self, depth: int) -> Node:
        tok = self.peek()
        if tok is not None and tok.kind == "word" and tok.text not in FUNCTIONS:
            # `nV^2` is n V^2: a run of names is split, so a power binds to the last one.
            bases = self.names.split_word(tok.text)
            if bases and len(bases) > 1:
                self.split_token(bases[0], tok.text[len(bases[0]) :])
        tok = self.take()
        if tok.kind == "num":
            return self.node("n", Fraction(tok.text))
        if tok.kind == "op":
            closing = {"(": ")", "[": "]", "{": "}"}.get(tok.text)
            if closing is None:
                raise FormulaError(f"unexpected {tok.text!r}")
            inner = self.expr(depth + 1)
            self.expect(closing)
            return inner
        if tok.kind == "cmd":
            return self.command(tok.text, depth)
        if tok.kind == "word" and tok.text in FUNCTIONS and self.is_op("(", "{"):
            return self.node("f", FUNCTIONS[tok.text], self.atom(depth + 1))
        return self.name(tok)

    def command(self, name: str, depth: int) -> Node:
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            num = self.argument(depth + 1)
            return self.node("/", num, self.argument(depth + 1))
        if name == "sqrt":
            if self.is_op("["):
                self.take()
                index = self.expr(depth + 1)
                self.expect("]")
                radicand = self.argument(depth + 1)
                return self.node("^", radicand, self.node("/", self.node("n", Fraction(1)), index))
            return self.node("f", "sqrt", self.argument(depth + 1))
        if name in FUNCTIONS:
            # `\ln x` takes the next factor; `\ln(x)` and `\ln{x}` their group.
            return self.node("f", FUNCTIONS[name], self.power(depth + 1))
        if name in DECORATIONS:
            raise FormulaError(f"a decorated name (\\{name}) is a label, not a parameter")
        raise FormulaError(f"\\{name} is not part of a formula")

    def argument(self, depth: int) -> Node:
        tok = self.peek()
        if tok is None:
            raise FormulaError("a command without its argument")
        if tok.kind == "num" and len(tok.text) > 1:
            self.split_token(tok.text[0], tok.text[1:])
        elif tok.kind == "word" and len(tok.text) > 1:
            bases = self.names.split_word(tok.text)
            head = bases[0] if bases else tok.text[0]
            if len(head) < len(tok.text):
                self.split_token(head, tok.text[len(head) :])
        if tok.kind == "op" and tok.text == "{":
            return self.atom(depth)
        if tok.kind in ("num", "word", "greek"):
            return self.atom(depth)
        raise FormulaError(f"unexpected {tok.text!r} as a LaTeX argument")

    def name(self, tok: Token) -> Node:
        if tok.kind == "greek":
            base = tok.text
        elif tok.kind == "word":
            found = self.names.split_word(tok.text)
            if found is None or len(found) != 1:
                raise FormulaError(f"unknown name {tok.text!r}")
            base = found[0]
        else:
            raise FormulaError(f"unexpected {tok.text!r}")
        sub = self.subscript(tok, base)
        resolved = self.names.resolve(base, sub)
        if resolved is None:
            shown = base if sub is None else f"{base}_{sub}"
            raise FormulaError(f"unknown name {shown!r}")
        return self.node("s", resolved)

    def subscript(self, tok: Token, base: str) -> str | None:
        nxt = self.peek()
        if nxt is None:
            return None
        if nxt.kind == "num" and nxt.pos == tok.pos + len(tok.text) and "." not in nxt.text:
            # `c1` for c_1: digits glued to a name with subscripted variants.
            if nxt.text in self.names.subs.get(base, ()):
                self.take()
                return nxt.text
            return None
        if not (nxt.kind == "op" and nxt.text == "_"):
            return None
        self.take()
        sub_tok = self.peek()
        if sub_tok is None:
            raise FormulaError("a subscript is missing")
        if sub_tok.kind in ("num", "word"):
            text = sub_tok.text
            if text not in self.names.subs.get(base, ()) and len(text) > 1:
                # LaTeX subscripts take one character; the rest stays in the formula.
                self.split_token(text[0], text[1:])
                text = text[0]
            self.take()
            return text
        if sub_tok.kind == "op" and sub_tok.text == "{":
            self.take()
            parts: list[str] = []
            while not self.is_op("}"):
                part = self.take()
                if part.kind not in ("num", "word") or len(parts) > 3:
                    raise FormulaError("a subscript holds letters and digits only")
                parts.append(part.text)
            self.take()
            return "".join(parts)
        raise FormulaError("a subscript holds letters and digits only")
