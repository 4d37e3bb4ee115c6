"""Tokenisation, token ids and n-gram keys used by decontamination."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon_data.curation.decontam.ngrams import (
    OOV,
    SEP,
    KeySet,
    Vocab,
    expand_ranges,
    rolling_keys,
    sequence_keys,
)
from recon_data.curation.decontam.normalize import normalized_words, tokenize, tokenize_batch
from recon_data.curation.decontam.numbers import agreement, common_subsequence

texts = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    max_size=8,
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Player 0's payoff: $53,512.23!", "player 0 s payoff 53512.23"),
        ("Discount factor 0.55; version 3.x", "discount factor 0.55 version 3 x"),
        ("“Quoted” — dash…and ‘apostrophe’", "quoted dash and apostrophe"),
        ("ＦＵＬＬ－ｗｉｄｔｈ ①２ ﬁnance", "full width 12 finance"),
        ("Straße café NAÏVE", "strasse café naïve"),
        ("price:£5 ×3 ÷2 €4", "price 5 3 2 4"),
        ("[[0, 1, 4], [5, 7, 8]]", "0 1 4 5 7 8"),
        ("snake_case end.", "snake case end"),
    ],
)
def test_normalised_words(text: str, words: str) -> None:
    assert normalized_words(text) == words


def test_whitespace_punctuation_and_case_do_not_matter() -> None:
    a = "Two firms, A and B:\n  each earns $5.50 per period."
    b = "two FIRMS A and b each earns 5.50 per period"
    assert tokenize(a) == tokenize(b)


@settings(max_examples=150, deadline=None, database=None)
@given(texts)
def test_batch_tokenisation_equals_one_text_at_a_time(batch: list[str]) -> None:
    tokens, starts, ends = tokenize_batch(batch)
    assert [tokens[s:e] for s, e in zip(starts, ends, strict=True)] == [tokenize(t) for t in batch]


@settings(max_examples=150, deadline=None, database=None)
@given(texts, texts)
def test_arrow_encoding_matches_the_python_tokeniser(known: list[str], batch: list[str]) -> None:
    vocab = Vocab()
    vocab.add(tokenize_batch(known)[0])
    ids, starts, ends = vocab.encode(batch)
    tokens, py_starts, py_ends = tokenize_batch(batch)
    expected = [vocab._ids.get(t, OOV) for t in tokens]
    assert ids.tolist() == expected
    assert starts.tolist() == py_starts.tolist() and ends.tolist() == py_ends.tolist()


def test_vocab_reserves_unknown_and_separator() -> None:
    vocab = Vocab()
    ids = vocab.add([b"alpha", b"\x00", b"beta", b"alpha", b"12.5"])
    assert ids.tolist() == [2, SEP, 3, 2, 4]
    assert vocab.is_number()[[2, 3, 4]].tolist() == [False, False, True]
    assert vocab.token(4) == "12.5"


def test_ngram_keys_depend_on_content_and_length_only() -> None:
    vocab = Vocab()
    ids = vocab.add([b"a", b"b", b"c", b"x", b"a", b"b", b"c"])
    values = vocab.values(ids)
    keys = rolling_keys(values, [1, 3])
    assert keys[3][0] == keys[3][4] and len(set(keys[3].tolist())) == 4
    assert keys[1][0] == keys[1][4] and keys[1][0] != keys[3][0]
    # The same text gets the same keys under another vocabulary order.
    other = Vocab()
    other.add([b"c", b"x", b"b", b"a"])
    again = rolling_keys(other.values(other.add([b"a", b"b", b"c"])), [3])[3]
    assert again[0] == keys[3][0]


def test_sequence_keys_are_order_sensitive() -> None:
    vocab = Vocab()
    values = vocab.values(vocab.add([b"a", b"b", b"b", b"a", b"a", b"b"]))
    k = sequence_keys(values, np.array([0, 2, 4]), np.array([2, 4, 6]))
    assert k[0] == k[2] and k[0] != k[1]


def test_expand_ranges_and_keyset() -> None:
    assert expand_ranges(np.array([5, 0, 10]), np.array([2, 0, 3])).tolist() == [5, 6, 10, 11, 12]
    rng = np.random.default_rng(0)
    keys = rng.integers(0, 2**63, 5000, dtype=np.int64).astype(np.uint64)
    ks = KeySet(keys[:1000], np.arange(1000))
    pos, payload = ks.find(keys)
    assert pos.tolist() == list(range(1000)) and payload.tolist() == list(range(1000))


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.integers(0, 4), max_size=9), st.lists(st.integers(0, 4), max_size=9))
def test_common_subsequence_matches_brute_force(a: list[int], b: list[int]) -> None:
    from itertools import combinations

    best = 0
    for k in range(len(a), 0, -1):
        subs = {c for c in combinations(a, k)}
        if any(_is_subsequence(s, b) for s in subs):
            best = k
            break
    assert common_subsequence(a, b) == best
    assert agreement(a, b) == ((best, best / len(a)) if a else (0, 1.0))


def _is_subsequence(small: tuple[int, ...], big: list[int]) -> bool:
    it = iter(big)
    return all(x in it for x in small)
