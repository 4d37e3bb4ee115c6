"""backward_induction: which option is which action at the asked node.

Negotiation stories say it with their verbs ("finalize" stops, "pass" hands the move on).
The doctors' stories do not: both options "continue", "switch" or "revert" to some
treatment. There the story itself says which action pays out at the node (the clause that
holds the stop payoff) and which one leads on (the condition under which the next doctor
decides, "If Dr. Bob sustains the new therapy, ..."); each option is matched to both by its
words, with verbs of keeping and of going back normalised and a treatment named by its
owner ("Dr. Lee's") told apart from a doctor who is paid ("Dr. Lee gets 7").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from recon_data.curation.audit.base import IllPosed, Unparsed

_STOP_WORDS = re.compile(
    r"\b(?:finali[sz]|accept|agree|settle|conclud|close|seal|sign|invest immediately|"
    r"take the|secure the deal|end the)",
    re.I,
)
_PASS_WORDS = re.compile(
    r"\b(?:pass|continu\w* (?:the |to |with )?negotiat|negotiate further|further negotiat|"
    r"defer|escalat|extend|another round|next round|push|counteroffer|counter-offer|let |"
    r"allow|propose|decline|reject|advance|hand|return the decision|keep negotiating|"
    r"hold out|wait|delegate|(?:pass|hand|give|send|return)\w*(?: \w+){0,3} back to|proceed|"
    r"negotiate for|continue negotiating|continue bargaining|insist)",
    re.I,
)
_TREATMENT = re.compile(
    r"\b(?:treatment|therapy|protocol|medication|method|approach|procedure|operation|"
    r"strategy|plan|regimen)\b",
    re.I,
)
_NUM = re.compile(r"(?<![\w.])-?\$?\d[\d,]*(?:\.\d+)?(?![\w%])")


def option_kinds(options: Sequence[str], node: int) -> list[str] | None:
    """Classify each option as 'stop' or 'pass' by its verbs; None when the words do not say."""
    if node == 3 or all(_TREATMENT.search(o) for o in options):
        # Treatment options "agree and continue" or "proceed with her treatment" whichever
        # way the story goes: only the story can say (`map_by_story`).
        return None
    kinds = []
    for o in options:
        s, p = bool(_STOP_WORDS.search(o)), bool(_PASS_WORDS.search(o))
        kinds.append("stop" if s and not p else "pass" if p and not s else "?")
    if sorted(kinds) == ["pass", "stop"]:
        return kinds
    if kinds.count("?") == 1 and len(set(kinds)) == 2:
        known = next(k for k in kinds if k != "?")
        other = "pass" if known == "stop" else "stop"
        return [other if k == "?" else k for k in kinds]
    return None


_KEEP = re.compile(
    r"\b(?:continu|mainta|sustai|persis|stick|stay|stays|remain|retain|uphold|carry|keep|"
    r"keeps|suppor|endors|adhere|conced)"
)
_BACK = re.compile(
    r"\b(?:(?:switch|switches|switching|go|goes|going|refer|refers|referring|revert\w*|"
    r"return\w*|come|comes|turn\w*)\s+back|revert\w*|reinst\w*|reintro\w*|return\w*)\b"
)


# Words every clause of these stories uses whichever action it is about.
_GENERIC = frozenset(
    [
        "should",
        "their",
        "with",
        "round",
        "first",
        "second",
        "third",
        "final",
        "choose",
        "choosi",
        "chose",
        "chosen",
        "decide",
        "decidi",
        "opts",
        "will",
        "they",
        "them",
        "then",
        "while",
        "would",
        "could",
        "gain",
        "gains",
        "gainin",
        "earn",
        "earns",
        "earnin",
        "receiv",
        "get",
        "gets",
        "either",
        "result",
        "which",
        "that",
        "this",
        "from",
        "there",
        "have",
        "make",
        "makes",
    ]
)


def words(text: str) -> set[str]:
    """Content words (6-letter stems) of a phrase; kept treatments and going back normalised."""
    low = _BACK.sub(" zzback ", text.lower())
    out = {"zzkeep" if _KEEP.match(w) else w[:6] for w in re.findall(r"[a-z]{4,}|\bown\b", low)}
    return out - _GENERIC


def signature(text: str, who: Sequence[str]) -> set[str]:
    """Words of a phrase with a paid doctor's name dropped and an owner's name kept."""
    for name in who:
        # "Dr. Lee's treatment" names the treatment; "Dr. Lee gets 7" names who is paid.
        text = re.sub(rf"\b{re.escape(name)}(?:'s|’s|'|’)", f" owner{name.lower()} ", text)
        text = re.sub(rf"\b{re.escape(name)}\b", " ", text)
    return words(text)


def clause(text: str) -> str:
    """The conditional clause just before a payoff pair ('If Bob finalizes, ...')."""
    parts = re.split(r"(?<!Dr\.)(?<=[.;])\s+|\bor\b", text)
    head = [p for p in parts if _NUM.search(p)]
    return head[0] if head else text


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    starts = [0] + [m.end() for m in re.finditer(r"(?<!Dr)(?<!Drs)[.?!]\s+", text[:pos])]
    end = re.compile(r"(?<!Dr)(?<!Drs)[.?!](?:\s|$)").search(text, pos)
    return starts[-1], end.end() if end else len(text)


def pair_start(text: str, clause_text: str) -> int:
    """Where the first number of the pair that ends `clause_text` stands in `text`."""
    end = text.find(clause_text) + len(clause_text)
    nums = list(_NUM.finditer(text[:end]))
    return (nums[-2] if len(nums) >= 2 else nums[-1]).start()


def stop_segment(text: str, clause_text: str) -> str:
    """The part of the sentence holding a pair's first number that names the paying action."""
    first = pair_start(text, clause_text)
    lo, hi = _sentence_at(text, first)
    parts = re.split(r"(?:,\s*|\s+)or\s+(?:to\s+)?|;\s+", text[lo:hi])
    offset = lo
    for part in parts:
        start = text.find(part, offset)
        if start <= first < start + len(part) + 1:
            return part
        offset = start + len(part)
    return text[lo:hi]


_COND = re.compile(
    r"\b(?:[Ii]f|[Ss]hould|[Ww]hen|[Oo]nce)\s+((?:[^,.;]|(?<=Dr)\.)*?)(?:,|\bthen\b)"
)


# "Dr. Bob then has the next choice", "Dr. Alice, in the third round, has the opportunity".
_DECIDES = (
    r"(?:,[^,.]{0,40},)?(?:\s+(?:then|now|also|subsequently|\w+ly))?\s+(?:can|could|must|may|"
    r"has|have|gets to|faces|is faced|is left|decides|chooses|needs|will (?:then )?(?:have|face|"
    r"decide|choose|make|get to|need|be faced))\b"
)


def pass_condition(text: str, mover: str, nxt: str) -> re.Match[str] | None:
    """The condition under which the next player decides ('If Dr. Bob sustains the therapy');
    group 1 is the condition."""
    own = re.compile(rf"\b{re.escape(mover)}\b(?!'|’)")
    conds = list(_COND.finditer(text))
    # A condition naming the mover beats one that only says "she".
    for named in (True, False):
        for m in conds:
            cond = m.group(1)
            if not (own.search(cond) if named else re.search(r"\b(?:he|she|they)\b", cond)):
                continue
            _lo, hi = _sentence_at(text, m.start())
            rest = text[m.end() : hi]
            decides = re.search(rf"\b{re.escape(nxt)}\b{_DECIDES}", rest)
            number = _NUM.search(rest)
            if decides and (number is None or decides.start() < number.start()):
                return m
    return None


def map_by_story(
    text: str, options: Sequence[str], node: int, stop_clause: str, who: Sequence[str]
) -> tuple[int, int]:
    """Return (option index that stops, option index that passes) at node 1 or 2."""
    mover, nxt = (who[0], who[1]) if node == 1 else (who[1], who[0])
    segment = stop_segment(text, stop_clause)
    # "If Dr. Adele switches ..., Dr. Reese can either retain ...": the condition before
    # the mover's own decision is the earlier move, not the paying one.
    decides = re.search(rf"\b{re.escape(mover)}\b{_DECIDES}", segment)
    stop = signature(segment[decides.start() :] if decides else segment, who)
    cond = pass_condition(text, mover, nxt)
    go = signature(cond.group(1), who) if cond else set()
    sigs = [signature(o, who) for o in options]
    s_hits = [len(s & stop) for s in sigs]
    p_hits = [len(s & go) for s in sigs]
    if cond and s_hits[0] != s_hits[1] and p_hits[0] != p_hits[1]:
        by_stop = 0 if s_hits[0] > s_hits[1] else 1
        by_pass = 0 if p_hits[0] > p_hits[1] else 1
        if by_stop == by_pass:
            raise IllPosed(
                f"node {node}: the action the text gives its own payoff is the same action it "
                "says leads on to the next decision"
            )
    score = [s - p for s, p in zip(s_hits, p_hits, strict=True)]
    if score[0] == score[1]:
        raise Unparsed("cannot tell which option is which action")
    first = 0 if score[0] > score[1] else 1
    return first, 1 - first
