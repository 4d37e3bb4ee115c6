"""The reference index: every n-gram of the texts scanned against, with its document frequency.

The reference side holds benchmark rows (one entry per chosen field) and, for checks
inside a corpus, the corpus records themselves (one field, `text`). For each field it
keeps the word n-grams (n = config.n, or the field's whole length when shorter), and for
each n-gram the number of distinct field texts it occurs in (`df`). It also records
each row's *instance numbers*: number tokens that are not labels such as the `1` of
`Option 1` (a number is a label when the word before it plus the number occur together
in more than max_df distinct texts).

Everything per token or per n-gram occurrence is a 32-bit numpy array, and what needs
64-bit token hashes (n-gram keys, exact keys) computes them per slice of `batch_docs`
fields, so the index of a million 63-word prompts stays within a few GB.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from recon_data.curation.decontam.config import DecontamConfig
from recon_data.curation.decontam.findings import End
from recon_data.curation.decontam.labels import instance_numbers
from recon_data.curation.decontam.ngrams import (
    SEP,
    KeySet,
    Vocab,
    distinct,
    expand_ranges,
    rolling_keys,
    sequence_keys,
)


@dataclass(frozen=True)
class RefRow:
    """One reference row: its end and its (field name, text) pairs."""

    end: End
    fields: tuple[tuple[str, str], ...]

    def text(self) -> str:
        """Return the row as display text: the lone field, or `name: value` lines."""
        if len(self.fields) == 1:
            return self.fields[0][1]
        return "\n".join(f"{name}: {value}" for name, value in self.fields)


def _csr(owner: np.ndarray, size: int) -> np.ndarray:
    """Return CSR pointers for entries already sorted by `owner` (values 0..size-1)."""
    return np.concatenate(([0], np.cumsum(np.bincount(owner, minlength=size)))).astype(np.int64)


def _cat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


class ReferenceIndex:
    """N-grams, document frequencies, postings and instance numbers of the reference rows."""

    def __init__(self, rows: Sequence[RefRow], config: DecontamConfig) -> None:
        self.rows = list(rows)
        self.config = config
        self.vocab = Vocab()
        self._tokenize()
        self._ngrams()
        self._exact_keys()
        self._numbers()

    # -- tokens -----------------------------------------------------------------------
    def _tokenize(self) -> None:
        fe_row, fe_name, texts = [], [], []
        for r, row in enumerate(self.rows):
            for name, text in row.fields:
                fe_row.append(r)
                fe_name.append(name)
                texts.append(text)
        self.fe_row = np.asarray(fe_row, dtype=np.int64)
        self.fe_name = fe_name
        del fe_row
        chunks, starts, ends, base = [], [], [], 0
        step = max(1, self.config.batch_docs)
        for i in range(0, len(texts), step):
            ids, s, e = self.vocab.add_texts(texts[i : i + step])
            # A separator between chunks keeps n-grams from spanning two chunks.
            ids = np.concatenate((ids, np.asarray([SEP], dtype=np.int32)))
            chunks.append(ids)
            starts.append(s + base)
            ends.append(e + base)
            base += ids.size
        del texts
        self.ids = _cat(chunks, np.int32)
        del chunks
        _release_arrow_memory()
        self.fe_start = _cat(starts, np.int64)
        self.fe_end = _cat(ends, np.int64)
        self.fe_len = self.fe_end - self.fe_start
        # Identical field texts count once in document frequencies.
        keys = self._field_keys()
        _, self.fe_text = np.unique(keys, return_inverse=True)
        self._fe_keys = keys

    def slices(self) -> Iterator[tuple[int, int, int, int]]:
        """Yield (first field, end field, first token, end token) of field slices."""
        step = max(1, self.config.batch_docs)
        for lo in range(0, self.fe_len.size, step):
            hi = min(self.fe_len.size, lo + step)
            yield lo, hi, int(self.fe_start[lo]), int(self.fe_end[hi - 1])

    def _field_keys(self) -> np.ndarray:
        """Return each field's exact key (its words in order), computed slice by slice."""
        out = np.zeros(self.fe_len.size, dtype=np.uint64)
        for lo, hi, t0, t1 in self.slices():
            values = self.vocab.values(self.ids[t0:t1])
            out[lo:hi] = sequence_keys(values, self.fe_start[lo:hi] - t0, self.fe_end[lo:hi] - t0)
        return out

    # -- n-grams ------------------------------------------------------------------------
    def _ngrams(self) -> None:
        n = self.config.n
        pos_type = np.int32 if self.ids.size < 2**31 else np.int64
        # One occurrence per n-gram start of a long field, one per short field (its whole
        # text); laid out in text order, so a field's occurrences are one contiguous run.
        count = np.where(self.fe_len >= n, self.fe_len - n + 1, (self.fe_len > 0).astype(np.int64))
        occ_ptr = np.concatenate(([0], np.cumsum(count)))
        self.occ_pos: NDArray[np.signedinteger[Any]] = expand_ranges(self.fe_start, count).astype(
            pos_type
        )
        key = np.empty(self.occ_pos.size, dtype=np.uint64)
        for lo, hi, t0, t1 in self.slices():
            o0, o1 = int(occ_ptr[lo]), int(occ_ptr[hi])
            key[o0:o1] = self._slice_keys(lo, hi, t0, t1, count[lo:hi], self.occ_pos[o0:o1])
        order = np.argsort(key, kind="stable")
        key = key[order]
        new = np.empty(key.size, dtype=bool)
        new[:1] = True
        np.not_equal(key[1:], key[:-1], out=new[1:])
        gram_keys = key[new]
        del key
        self.n_grams = gram_keys.size
        g_type = np.int32 if self.n_grams < 2**31 else np.int64
        # int32 or int64 by size: the dtype is chosen at run time, so name the array's type.
        self.occ_g: NDArray[np.signedinteger[Any]] = np.empty(order.size, dtype=g_type)
        self.occ_g[order] = np.cumsum(new, dtype=np.int64) - 1
        # Stable sort of occurrences in text order: a gram's first is its earliest.
        first = order[new]
        del order, new
        self.gram_pos = self.occ_pos[first]
        self.gram_len = np.minimum(self._occ_field(first), n).astype(np.int8)
        del first
        # Distinct (field, gram) pairs with the gram's first position in the field (evidence
        # shows the earliest shared n-gram), field slice by field slice.
        parts = [self._slice_pairs(lo, hi, occ_ptr) for lo, hi, _, _ in self.slices()]
        pair_fe = _cat([x[0] for x in parts], pos_type)
        pair_g = _cat([x[1] for x in parts], g_type)
        pair_rel = _cat([x[2] for x in parts], np.int32)
        del parts
        # Document frequency: pairs of the first field of each distinct text only.
        _, rep = np.unique(self.fe_text, return_index=True)
        self.fe_first = np.zeros(self.fe_text.size, dtype=bool)
        self.fe_first[rep] = True
        self.df = np.bincount(pair_g[self.fe_first[pair_fe]], minlength=self.n_grams).astype(
            np.int32
        )
        # Postings: for each gram, the fields holding it (ascending).
        order = np.argsort(pair_g, kind="stable")
        self.post_fe = pair_fe[order]
        self.post_rel = pair_rel[order]
        del pair_fe, pair_rel
        self.post_ptr = np.concatenate(
            ([0], np.cumsum(np.bincount(pair_g, minlength=self.n_grams)))
        )
        if self.post_ptr[-1] < 2**31:
            self.post_ptr = self.post_ptr.astype(np.int32)
        del order, pair_g
        content = np.flatnonzero(self.df <= self.config.max_df)
        self.lookup = KeySet(gram_keys[content], content.astype(g_type))
        self.lookup_lengths = sorted({int(x) for x in distinct(self.gram_len[content])})

    def _slice_keys(
        self, lo: int, hi: int, t0: int, t1: int, count: np.ndarray, occ_pos: np.ndarray
    ) -> np.ndarray:
        """Return the n-gram key of each occurrence of fields lo..hi (tokens t0..t1)."""
        values = self.vocab.values(self.ids[t0:t1])
        lengths = np.minimum(self.fe_len[lo:hi], self.config.n)
        used = sorted({int(x) for x in distinct(lengths) if x > 0})
        grams = rolling_keys(values, used)
        rel = occ_pos.astype(np.int64) - t0
        span = np.repeat(lengths, count)
        out = np.empty(occ_pos.size, dtype=np.uint64)
        for length in used:
            here = span == length
            out[here] = grams[length][rel[here]]
        return out

    def _slice_pairs(
        self, lo: int, hi: int, occ_ptr: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (field, gram, first position in the field) of fields lo..hi's distinct grams."""
        o0, o1 = int(occ_ptr[lo]), int(occ_ptr[hi])
        fe = np.repeat(np.arange(lo, hi, dtype=np.int64), np.diff(occ_ptr[lo : hi + 1]))
        width = max(self.n_grams, 1)
        comb = (fe - lo) * width + self.occ_g[o0:o1]
        # Stable: among a field's occurrences of one gram the first kept is the earliest.
        order = np.argsort(comb, kind="stable")
        comb = comb[order]
        new = np.empty(comb.size, dtype=bool)
        new[:1] = True
        np.not_equal(comb[1:], comb[:-1], out=new[1:])
        at = order[new]
        rel = (self.occ_pos[o0:o1][at] - self.fe_start[fe[at]]).astype(np.int32)
        pair_fe = (comb[new] // width + lo).astype(self.occ_pos.dtype)
        pair_g = (comb[new] % width).astype(self.occ_g.dtype)
        return pair_fe, pair_g, rel

    def _occ_field(self, occ: np.ndarray) -> np.ndarray:
        """Return the length of the field holding each given occurrence."""
        fe = np.searchsorted(self.fe_start, self.occ_pos[occ], side="right") - 1
        return self.fe_len[fe]

    def occ_len(self, occ: np.ndarray) -> np.ndarray:
        """Return the length in words of the given occurrences."""
        return np.minimum(self._occ_field(occ), self.config.n)

    def drop_scan_tables(self) -> None:
        """Free the n-gram lookup and the postings once every text has been scanned."""
        empty = np.zeros(0, dtype=np.int32)
        self.lookup = KeySet(np.zeros(0, dtype=np.uint64), empty)
        self.post_fe = self.post_rel = empty
        self.post_ptr = np.zeros(self.n_grams + 1, dtype=np.int32)

    def boilerplate_cover(self, boiler: np.ndarray) -> np.ndarray:
        """Return a mask over tokens: True where some occurrence of a `boiler` gram covers it."""
        occ: np.ndarray[Any, np.dtype[np.intp]] = np.flatnonzero(boiler[self.occ_g])
        delta = np.zeros(self.ids.size + 1, dtype=np.int32)
        np.add.at(delta, self.occ_pos[occ], 1)
        np.add.at(delta, self.occ_pos[occ] + self.occ_len(occ), -1)
        return np.cumsum(delta[:-1], dtype=np.int32) > 0

    def first_content_gram(self, row: int, content: np.ndarray) -> int | None:
        """Return the row's earliest content n-gram, if it has one."""
        fields = self.row_fields(row)
        # Searched with a scalar of the array's own type: a wider one would copy the array.
        at = self.occ_pos.dtype.type
        lo = int(np.searchsorted(self.occ_pos, at(self.fe_start[fields.start])))
        hi = int(np.searchsorted(self.occ_pos, at(self.fe_end[fields.stop - 1])))
        hit = np.flatnonzero(content[self.occ_g[lo:hi]])
        return int(self.occ_g[lo + hit[0]]) if hit.size else None

    # -- exact keys ------------------------------------------------------------------------
    def _exact_keys(self) -> None:
        # A row's exact key covers its fields' tokens in order, as one text would; for a
        # one-field row that is the field's own key.
        n_rows = len(self.rows)
        row_len = np.bincount(self.fe_row, weights=self.fe_len, minlength=n_rows).astype(np.int64)
        n_fields = np.bincount(self.fe_row, minlength=n_rows)
        keys = np.zeros(n_rows, dtype=np.uint64)
        single = np.flatnonzero(n_fields == 1)
        keys[single] = self._fe_keys[np.searchsorted(self.fe_row, single)]
        del self._fe_keys
        multi = np.flatnonzero(n_fields > 1)
        if multi.size:
            fe = np.flatnonzero(np.isin(self.fe_row, multi))
            flat = expand_ranges(self.fe_start[fe], self.fe_len[fe])
            ends = np.cumsum(row_len[multi])
            values = self.vocab.values(self.ids[flat])
            keys[multi] = sequence_keys(values, ends - row_len[multi], ends)
        rows = np.flatnonzero(row_len > 0)
        groups, inverse = np.unique(keys[rows], return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        self.exact_rows = rows[order]
        self.exact_ptr = _csr(inverse[order], groups.size)
        self.exact = KeySet(groups, np.arange(groups.size, dtype=np.int64))
        self.row_len = row_len

    # -- instance numbers ------------------------------------------------------------------
    def _numbers(self) -> None:
        # Kept in text order: agreement compares number sequences, not sets, so two items
        # holding the same small integers in other places do not agree.
        self.num_row, self.num_id = instance_numbers(self)
        self.num_ptr = _csr(self.num_row, len(self.rows))
        self.probe = np.zeros(len(self.vocab), dtype=bool)
        self.probe[self.num_id] = True

    # -- accessors -------------------------------------------------------------------------
    def row_numbers(self, row: int) -> np.ndarray:
        """Return the instance-number token ids of a row, in text order."""
        return self.num_id[self.num_ptr[row] : self.num_ptr[row + 1]]

    def row_fields(self, row: int) -> range:
        """Return the field entries of a row (they are contiguous, in field order)."""
        return range(
            int(np.searchsorted(self.fe_row, row)),
            int(np.searchsorted(self.fe_row, row, side="right")),
        )

    def gram_text(self, g: int) -> str:
        """Return an n-gram as text (its tokens joined by spaces)."""
        start = int(self.gram_pos[g])
        return " ".join(
            self.vocab.token(int(t)) for t in self.ids[start : start + int(self.gram_len[g])]
        )

    def exact_group_rows(self, group: int) -> np.ndarray:
        """Return the rows whose whole text has the given exact key group."""
        return self.exact_rows[self.exact_ptr[group] : self.exact_ptr[group + 1]]

    def field_content(self, content_gram: np.ndarray) -> np.ndarray:
        """Return, per field entry, how many of its distinct n-grams are content (not boilerplate)."""
        weights = np.repeat(content_gram, np.diff(self.post_ptr)).astype(np.float64)
        return np.bincount(self.post_fe, weights=weights, minlength=self.fe_len.size).astype(
            np.int64
        )


def _release_arrow_memory() -> None:
    """Hand the memory Arrow's allocator keeps after tokenising back to the system."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
