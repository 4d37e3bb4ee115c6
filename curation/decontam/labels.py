"""Instance numbers of reference rows: the number tokens that are not labels (`Option 1`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from recon_data.curation.decontam.ngrams import distinct, expand_ranges

if TYPE_CHECKING:
    from recon_data.curation.decontam.index import ReferenceIndex


def instance_numbers(index: ReferenceIndex) -> tuple[np.ndarray, np.ndarray]:
    """Return (row, token id) of every instance number of the index's rows, in text order.

    A number is a label when the word before it and the number occur together in more than
    max_df distinct texts and in at least half of the texts holding that word.
    """
    ids, fe_start = index.ids, index.fe_start
    pos = np.flatnonzero(index.vocab.is_number()[ids])
    # Separators are not numbers, so every number token lies inside a field.
    fe = np.searchsorted(fe_start, pos, side="right") - 1
    inner = pos > fe_start[fe]
    label = np.zeros(pos.size, dtype=bool)
    if inner.any():
        before = ids[pos[inner] - 1].astype(np.int64)
        bkeys = before * len(index.vocab) + ids[pos[inner]]
        uniq, inv = np.unique(bkeys, return_inverse=True)
        seen = distinct(index.fe_text[fe[inner]] * max(uniq.size, 1) + inv)
        df = np.bincount(seen % max(uniq.size, 1), minlength=uniq.size)
        # A label follows its word almost every time (`Option 1`, `Player 0`); a payoff
        # after `earning` changes from item to item even when a value repeats.
        word_df = _token_df(index, before)
        label[np.flatnonzero(inner)] = (df[inv] > index.config.max_df) & (2 * df[inv] >= word_df)
    keep = ~label
    return index.fe_row[fe[keep]], ids[pos[keep]]


def _token_df(index: ReferenceIndex, tokens: np.ndarray) -> np.ndarray:
    """Return, for each given token id, the number of distinct field texts holding it."""
    width = len(index.vocab)
    wanted = np.zeros(width, dtype=bool)
    wanted[tokens] = True
    counts = np.zeros(width, dtype=np.int64)
    for lo, hi, t0, t1 in index.slices():
        # One field per distinct text, so slices never count a text twice.
        lengths = np.where(index.fe_first[lo:hi], index.fe_len[lo:hi], 0)
        flat = expand_ranges(index.fe_start[lo:hi] - t0, lengths)
        ids = index.ids[t0:t1][flat]
        owner = np.repeat(np.arange(hi - lo, dtype=np.int64), lengths)
        pick = wanted[ids]
        counts += np.bincount(distinct(owner[pick] * width + ids[pick]) % width, minlength=width)
    return counts[tokens]
