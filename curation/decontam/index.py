"""The reference index: every n-gram of the texts scanned against, with its document frequency.

The reference side holds benchmark rows (one entry per chosen field) and, for checks
inside a corpus, the corpus records themselves (one field, `text`). For each field it
keeps the word n-grams (n = config.n, or the field's whole length when shorter), and for
each n-gram the number of distinct field texts it occurs in (`df`). It also records
each row's *instance numbers*: number tokens that are not labels such as the `1` of
`Option 1` (a number is a label when the word before it plus the number occur together
in more than max_df distinct texts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from recon_data.curation.decontam.config import Config
from recon_data.curation.decontam.findings import End
from recon_data.curation.decontam.ngrams import (
    SEP,
    KeySet,
    Vocab,
    distinct,
    expand_ranges,
    rolling_keys,
    sequence_keys,
)
from recon_data.curation.decontam.normalize import tokenize_batch


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

    def __init__(self, rows: Sequence[RefRow], config: Config) -> None:
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
        chunks, starts, ends, base = [], [], [], 0
        step = max(1, self.config.batch_docs)
        for i in range(0, len(texts), step):
            tokens, s, e = tokenize_batch(texts[i : i + step])
            ids = self.vocab.add(tokens)
            # A separator between chunks keeps n-grams from spanning two chunks.
            ids = np.concatenate((ids, [SEP]))
            chunks.append(ids)
            starts.append(s + base)
            ends.append(e + base)
            base += ids.size
        self.ids = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)
        self.fe_start = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
        self.fe_end = np.concatenate(ends) if ends else np.zeros(0, dtype=np.int64)
        self.fe_len = self.fe_end - self.fe_start
        # Identical field texts count once in document frequencies.
        self.values = self.vocab.values(self.ids)
        keys = sequence_keys(self.values, self.fe_start, self.fe_end)
        _, self.fe_text = np.unique(keys, return_inverse=True)

    # -- n-grams ------------------------------------------------------------------------
    def _ngrams(self) -> None:
        n = self.config.n
        lengths = np.minimum(self.fe_len, n)
        used = sorted({int(x) for x in distinct(lengths) if x > 0})
        keys = rolling_keys(self.values, used)
        occ_key, occ_fe, occ_pos, occ_len = [], [], [], []
        long = np.flatnonzero(self.fe_len >= n)
        if long.size:
            count = self.fe_len[long] - n + 1
            pos = expand_ranges(self.fe_start[long], count)
            occ_key.append(keys[n][pos])
            occ_fe.append(np.repeat(long, count))
            occ_pos.append(pos)
            occ_len.append(np.full(pos.size, n, dtype=np.int64))
        for length in used:
            if length >= n:
                continue
            short = np.flatnonzero(self.fe_len == length)
            occ_key.append(keys[length][self.fe_start[short]])
            occ_fe.append(short)
            occ_pos.append(self.fe_start[short])
            occ_len.append(np.full(short.size, length, dtype=np.int64))
        key = _cat(occ_key, np.uint64)
        self.occ_fe = _cat(occ_fe, np.int64)
        self.occ_pos = _cat(occ_pos, np.int64)
        self.occ_len = _cat(occ_len, np.int64)
        gram_keys, first, self.occ_g = np.unique(key, return_index=True, return_inverse=True)
        self.n_grams = gram_keys.size
        self.gram_pos = self.occ_pos[first]
        self.gram_len = self.occ_len[first]
        # Distinct (field, gram) pairs, sorted by field then gram, with the gram's first
        # position in the field (evidence shows the earliest shared n-gram).
        rel = self.occ_pos - self.fe_start[self.occ_fe]
        comb = self.occ_fe * max(self.n_grams, 1) + self.occ_g
        order = np.lexsort((rel, comb))
        pairs, first_at = np.unique(comb[order], return_index=True)
        self.pair_fe = pairs // max(self.n_grams, 1)
        self.pair_g = pairs % max(self.n_grams, 1)
        pair_rel = rel[order][first_at]
        texts = distinct(self.fe_text[self.pair_fe] * max(self.n_grams, 1) + self.pair_g)
        self.df = np.bincount(texts % max(self.n_grams, 1), minlength=self.n_grams).astype(np.int64)
        # Postings: for each gram, the fields holding it.
        order = np.argsort(self.pair_g, kind="stable")
        self.post_fe = self.pair_fe[order]
        self.post_rel = pair_rel[order]
        self.post_ptr = _csr(self.pair_g[order], self.n_grams)
        content = np.flatnonzero(self.df <= self.config.max_df)
        self.lookup = KeySet(gram_keys[content], content)
        self.lookup_lengths = sorted({int(x) for x in distinct(self.gram_len[content])})

    # -- exact keys ------------------------------------------------------------------------
    def _exact_keys(self) -> None:
        # A row's exact key covers its fields' tokens in order, as one text would.
        n_rows = len(self.rows)
        row_len = np.bincount(self.fe_row, weights=self.fe_len, minlength=n_rows).astype(np.int64)
        flat = expand_ranges(self.fe_start, self.fe_len)
        row_end = np.cumsum(row_len)
        keys = sequence_keys(self.values[flat], row_end - row_len, row_end)
        rows = np.flatnonzero(row_len > 0)
        groups, inverse = np.unique(keys[rows], return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        self.exact_rows = rows[order]
        self.exact_ptr = _csr(inverse[order], groups.size)
        self.exact = KeySet(groups, np.arange(groups.size, dtype=np.int64))
        self.row_len = row_len

    # -- instance numbers ------------------------------------------------------------------
    def _numbers(self) -> None:
        is_number = self.vocab.is_number()
        flat = expand_ranges(self.fe_start, self.fe_len)
        owner = np.repeat(np.arange(self.fe_len.size), self.fe_len)
        numeric = is_number[self.ids[flat]]
        pos, fe = flat[numeric], owner[numeric]
        inner = pos > self.fe_start[fe]
        bigram = rolling_keys(self.values, [2])[2]
        label = np.zeros(pos.size, dtype=bool)
        if inner.any():
            bkeys = bigram[pos[inner] - 1]
            uniq, inv = np.unique(bkeys, return_inverse=True)
            seen = distinct(self.fe_text[fe[inner]] * max(uniq.size, 1) + inv)
            df = np.bincount(seen % max(uniq.size, 1), minlength=uniq.size)
            # A label follows its word almost every time (`Option 1`, `Player 0`); a payoff
            # after `earning` changes from item to item even when a value repeats.
            word_df = self._token_df()[self.ids[pos[inner] - 1]]
            label[np.flatnonzero(inner)] = (df[inv] > self.config.max_df) & (2 * df[inv] >= word_df)
        keep = ~label
        # Kept in text order: agreement compares number sequences, not sets, so two items
        # holding the same small integers in other places do not agree.
        self.num_row = self.fe_row[fe[keep]]
        self.num_id = self.ids[pos[keep]]
        self.num_ptr = _csr(self.num_row, len(self.rows))
        self.probe = np.zeros(len(self.vocab), dtype=bool)
        self.probe[self.num_id] = True

    def _token_df(self) -> np.ndarray:
        """Return, per token id, the number of distinct field texts holding it."""
        width = len(self.vocab)
        flat = expand_ranges(self.fe_start, self.fe_len)
        owner = np.repeat(self.fe_text, self.fe_len)
        seen = distinct(owner * width + self.ids[flat])
        return np.bincount(seen % width, minlength=width)

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
        return np.bincount(
            self.pair_fe,
            weights=content_gram[self.pair_g].astype(np.float64),
            minlength=self.fe_len.size,
        ).astype(np.int64)
