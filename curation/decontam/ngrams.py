"""Token ids and word n-gram keys, computed with numpy over whole batches.

Tokens become small integer ids through a `Vocab` built from the reference side (the
benchmark rows, and the corpus itself for in-corpus checks). A training text streamed
against it only needs ids for tokens the reference knows: any other token is `OOV`, and an
n-gram holding an OOV token cannot match, so it is never looked up.

An n-gram key is a polynomial in the ids modulo 2**64, finished with the splitmix64 mixer
and salted with the length, so n-grams of different lengths share one key space. Two
different n-grams collide with probability about 2**-64 per pair.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from recon_data.curation.decontam.normalize import SEP_TOKEN, prepare_batch, text_spans

OOV = 0
SEP = 1
_NUMBER = re.compile(rb"[0-9]+(?:\.[0-9]+)*")
_BASE = np.uint64(0x9E3779B97F4A7C15)
_LENGTH_SALT = np.uint64(0xD6E8FEB86659FD93)


class Vocab:
    """A growing token -> id map; ids 0 (unknown) and 1 (text separator) are reserved."""

    def __init__(self) -> None:
        # Neither placeholder can be a real token: tokens never hold '<' or spaces.
        self._ids: dict[bytes, int] = {b"<oov>": OOV, SEP_TOKEN: SEP}
        self._tokens: list[bytes] = [b"<oov>", SEP_TOKEN]
        self._stable: list[int] = [_stable(b"<oov>"), _stable(SEP_TOKEN)]
        self._values: np.ndarray | None = None
        self._numbers: np.ndarray | None = None
        self._arrow: Any = None

    def __len__(self) -> int:
        return len(self._tokens)

    def add(self, tokens: Sequence[bytes]) -> np.ndarray:
        """Return ids for `tokens`, giving new tokens the next free ids."""
        ids = self._ids
        get = ids.setdefault
        out = np.empty(len(tokens), dtype=np.int64)
        for i, tok in enumerate(tokens):
            new = len(ids)
            got = get(tok, new)
            if got == new:
                self._tokens.append(tok)
                self._stable.append(_stable(tok))
            out[i] = got
        self._numbers = None
        self._values = None
        self._arrow = None
        return out

    def add_texts(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (ids, starts, ends) like `encode`, giving new tokens the next free ids.

        Only the distinct tokens of the batch pass through Python; the rest stays in Arrow.
        """
        import pyarrow.compute as pc

        tokens = _arrow_tokens(texts)
        if tokens is None:
            return _empty_encoding(texts)
        encoded = pc.dictionary_encode(tokens)
        local = encoded.indices.to_numpy(zero_copy_only=False)
        ids = self.add(encoded.dictionary.to_pylist())[local].astype(np.int32)
        return ids, *text_spans(np.flatnonzero(ids == SEP), ids.size)

    def encode(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (ids, starts, ends) for a batch of texts, as ids of `tokenize_batch(texts)`; unknown tokens get `OOV`.

        The split and the dictionary lookup run in Arrow's C++ kernels on the same prepared
        bytes the Python tokeniser splits, which makes streaming several times faster.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        tokens = _arrow_tokens(texts)
        if tokens is None:
            return _empty_encoding(texts)
        if self._arrow is None:
            self._arrow = pa.array(self._tokens, type=pa.large_binary())
        found = pc.index_in(tokens, value_set=self._arrow)
        ids = found.fill_null(OOV).to_numpy(zero_copy_only=False).astype(np.int32)
        return ids, *text_spans(np.flatnonzero(ids == SEP), ids.size)

    def values(self, ids: np.ndarray) -> np.ndarray:
        """Return each id's 64-bit token hash: keys built on these do not depend on id order."""
        if self._values is None or self._values.size != len(self._tokens):
            self._values = np.asarray(self._stable, dtype=np.uint64)
        return self._values[ids]

    def token(self, token_id: int) -> str:
        """Return the text of one token id."""
        return self._tokens[token_id].decode("utf-8", "replace")

    def is_number(self) -> np.ndarray:
        """Return a boolean array over ids: True where the token is a number (`12`, `0.55`)."""
        if self._numbers is None or self._numbers.size != len(self._tokens):
            self._numbers = np.fromiter(
                (_NUMBER.fullmatch(t) is not None for t in self._tokens),
                dtype=bool,
                count=len(self._tokens),
            )
        return self._numbers


def _empty_encoding(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = 1 if texts else 0
    empty = np.zeros(0, dtype=np.int32)
    return empty, np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)


def _arrow_tokens(texts: Sequence[str]) -> Any:
    """Return the tokens of `prepare_batch(texts)` as an Arrow binary array (None if none)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not texts:
        return None
    data = prepare_batch(texts)
    if not data.strip():
        # Arrow splits an all-blank string into one empty token; there are none.
        return None
    offsets = pa.py_buffer(np.asarray([0, len(data)], dtype=np.int64).tobytes())
    whole = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    tokens = pc.ascii_split_whitespace(whole).flatten()
    # Leading or trailing blanks leave one empty token at that end (inner runs do not).
    lo = 1 if data[:1] == b" " else 0
    hi = len(tokens) - (1 if data[-1:] == b" " else 0)
    return tokens.slice(lo, max(hi - lo, 0)).cast(pa.large_binary())


def distinct(values: np.ndarray) -> np.ndarray:
    """Return the sorted distinct values (sort-based: much faster than numpy's hashed unique)."""
    if values.size == 0:
        return values
    ordered = np.sort(values)
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _stable(token: bytes) -> int:
    """Return a 64-bit hash of a token that is the same in every process and run."""
    return int.from_bytes(hashlib.blake2b(token, digest_size=8).digest(), "little")


def mix(keys: np.ndarray) -> np.ndarray:
    """Return the splitmix64 finalisation of uint64 keys (spreads every input bit)."""
    x = keys ^ (keys >> np.uint64(30))
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def rolling_keys(values: np.ndarray, lengths: Sequence[int]) -> dict[int, np.ndarray]:
    """Return {n: key of the n-gram starting at each position} for each n in `lengths`.

    `values` are token hashes (`Vocab.values`). The array for n has len(values) - n + 1
    entries; an entry is only meaningful where the window holds no OOV or SEP token.
    """
    wanted = sorted(set(lengths))
    out: dict[int, np.ndarray] = {}
    if not wanted or values.size == 0:
        return {n: np.zeros(0, dtype=np.uint64) for n in wanted}
    acc = values
    with np.errstate(over="ignore"):
        for n in range(1, wanted[-1] + 1):
            if n > 1:
                acc = acc[:0] if acc.size <= 1 else acc[:-1] * _BASE + values[n - 1 :]
            if n in wanted:
                out[n] = acc ^ (np.uint64(n) * _LENGTH_SALT)
    return out


def sequence_keys(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Return one order-sensitive key per span values[starts[i]:ends[i]], for exact matching."""
    lengths = (ends - starts).astype(np.int64)
    flat = expand_ranges(starts, lengths)
    pos = np.arange(flat.size, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    with np.errstate(over="ignore"):
        term = mix(values[flat] + pos.astype(np.uint64) * _BASE)
        total = np.concatenate(([np.uint64(0)], np.cumsum(term, dtype=np.uint64)))
        span_end = np.cumsum(lengths)
        sums = total[span_end] - total[span_end - lengths]
        return mix(sums ^ (lengths.astype(np.uint64) * _LENGTH_SALT))


def expand_ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Return the concatenation of arange(s, s + n) for every pair (s, n), without a loop."""
    lengths = np.asarray(lengths, dtype=np.int64)
    starts = np.asarray(starts, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    head = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) + np.repeat(starts - head, lengths)


class Bitmap:
    """A one-hash Bloom filter over uint64 keys: a fast first test before the exact lookup."""

    def __init__(self, keys: np.ndarray) -> None:
        # 16 to 32 bits per key keep false positives under 6% at any reference size (the
        # exact lookup settles them) for 2 to 4 bytes a key.
        bits = max(20, min(31, int(np.ceil(np.log2(max(keys.size, 1) * 16)))))
        self._shift = np.uint64(64 - bits)
        self._bits = np.zeros((1 << bits) // 8, dtype=np.uint8)
        idx = keys >> self._shift
        np.bitwise_or.at(
            self._bits,
            (idx >> np.uint64(3)).astype(np.int64),
            (np.uint8(1) << (idx & np.uint64(7)).astype(np.uint8)),
        )

    def maybe(self, keys: np.ndarray) -> np.ndarray:
        """Return a mask: False means the key is certainly absent."""
        idx = keys >> self._shift
        byte = self._bits[(idx >> np.uint64(3)).astype(np.int64)]
        return ((byte >> (idx & np.uint64(7)).astype(np.uint8)) & 1).astype(bool)


class KeySet:
    """Sorted uint64 keys with a payload index each; `find` maps keys to payloads or -1."""

    def __init__(self, keys: np.ndarray, payload: np.ndarray) -> None:
        if keys.size > 1 and not (keys[1:] >= keys[:-1]).all():
            order = np.argsort(keys, kind="stable")
            keys, payload = keys[order], payload[order]
        self.keys = keys
        self.payload = payload
        self.bitmap = Bitmap(self.keys)

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (positions in `keys` that are present, their payloads)."""
        if self.keys.size == 0 or keys.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=self.payload.dtype)
        cand = np.flatnonzero(self.bitmap.maybe(keys))
        if cand.size == 0:
            return cand, np.zeros(0, dtype=self.payload.dtype)
        wanted = keys[cand]
        if wanted.size > 4096:
            # Sorted needles let the binary search start where the last one ended: 4x faster.
            order = np.argsort(wanted)
            where = np.empty(wanted.size, dtype=np.int64)
            where[order] = np.searchsorted(self.keys, wanted[order])
        else:
            where = np.searchsorted(self.keys, wanted)
        where[where == self.keys.size] = 0
        hit = self.keys[where] == keys[cand]
        return cand[hit], self.payload[where[hit]]
