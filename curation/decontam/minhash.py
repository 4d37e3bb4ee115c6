"""Near duplicates inside a corpus: MinHash LSH over boilerplate-free shingles, in numpy.

Each record is reduced to its *residual*: the tokens not covered by any boilerplate n-gram
(one found in more than max_df distinct texts), so two items sharing only a template have
nothing in common left. The residual is cut into word `shingle`-grams; MinHash LSH
proposes pairs whose Jaccard similarity is likely above the threshold, and each proposal
is checked with the exact Jaccard similarity of the two shingle sets and with the
instance-number agreement in both directions.

The sketches are datasketch's (`MinHash(num_perm, seed=1)`, its default affine32 scheme,
fed the high 32 bits of each shingle key) and the bands are `MinHashLSH`'s, so the pairs
proposed are the ones datasketch would propose; but the permutations are drawn once, every
signature of a batch is one numpy computation, and only the band keys (8 bytes per band)
are kept per text, where datasketch keeps two Python objects and a bytes key per band.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from recon_data.curation.decontam.config import DecontamConfig
from recon_data.curation.decontam.index import ReferenceIndex
from recon_data.curation.decontam.ngrams import expand_ranges, mix, rolling_keys, sequence_keys
from recon_data.curation.decontam.numbers import agreement

# Sets hashed per numpy step: bounds the (shingles x permutations) temporary to ~32 MB.
_CHUNK_KEYS = 1 << 16
_MAX32 = np.uint32(0xFFFFFFFF)


@dataclass(frozen=True)
class NearPair:
    """Two reference rows whose residual shingle sets are near duplicates."""

    a: int
    b: int
    jaccard: float
    estimate: float
    shingles: tuple[int, int]
    numbers: tuple[int, int, int, int]


class Permutations:
    """The `num_perm` affine maps h -> a*h + b (mod 2**32) of datasketch's affine32 MinHash."""

    def __init__(self, num_perm: int, seed: int = 1) -> None:
        # Drawn exactly as datasketch.MinHash(num_perm, seed) draws them, once for all texts.
        gen = np.random.RandomState(seed)
        self.a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        self.b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)

    def signatures(self, hashes: np.ndarray, ptr: np.ndarray) -> np.ndarray:
        """Return the MinHash signature (sets x num_perm, uint32) of each set hashes[ptr[i]:ptr[i+1]]."""
        n_sets = ptr.size - 1
        out = np.full((n_sets, self.a.size), _MAX32, dtype=np.uint32)
        sizes = np.diff(ptr)
        owner = np.repeat(np.arange(n_sets, dtype=np.int64), sizes)
        hv = _fmix32(hashes.astype(np.uint32, copy=False))
        for lo in range(0, hv.size, _CHUNK_KEYS):
            part, who = hv[lo : lo + _CHUNK_KEYS], owner[lo : lo + _CHUNK_KEYS]
            # Permutations as rows: reducing along contiguous rows is 3x faster than columns.
            phv = self.a[:, None] * part[None, :] + self.b[:, None]
            starts = np.flatnonzero(np.concatenate(([True], who[1:] != who[:-1])))
            sets = who[starts]
            # A set cut by the chunk boundary gets the minimum of both parts.
            out[sets] = np.minimum(out[sets], np.minimum.reduceat(phv, starts, axis=1).T)
        return out


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, which datasketch applies before the affine maps."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


@lru_cache(maxsize=16)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Return MinHashLSH's (bands, rows per band): least false positive + negative area."""
    below, above = np.linspace(0.0, threshold, 513), np.linspace(threshold, 1.0, 513)
    best, opt = float("inf"), (1, 1)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = _simpson(1 - (1 - below**r) ** b, threshold)
            fn = _simpson((1 - above**r) ** b, 1.0 - threshold)
            if 0.5 * fp + 0.5 * fn < best:
                best, opt = 0.5 * fp + 0.5 * fn, (b, r)
    return opt


def _simpson(y: np.ndarray, width: float) -> float:
    # Simpson's rule on 512 intervals: the curves are smooth polynomials.
    return float((y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()) * width / 1536)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Return one 64-bit key per (set, band) of `rows` signature values."""
    out = np.zeros((signatures.shape[0], bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(rows):
            col = signatures[:, j : bands * rows : rows].astype(np.uint64)
            out = mix(out * np.uint64(0x9E3779B97F4A7C15) + col)
    return out


def candidate_pairs(keys: np.ndarray, live: np.ndarray) -> np.ndarray:
    """Return sorted codes a * n + b (a < b) of the live sets sharing any band key."""
    n = keys.shape[0]
    idx = np.flatnonzero(live)
    found = []
    for j in range(keys.shape[1]):
        col = keys[idx, j]
        order = np.argsort(col, kind="stable")
        col = col[order]
        start = np.flatnonzero(np.concatenate(([True], col[1:] != col[:-1])))
        length = np.diff(np.append(start, col.size))
        big = length > 1
        if not big.any():
            continue
        # Every member of a bucket pairs with the members after it.
        members = expand_ranges(start[big], length[big])
        after = np.repeat(start[big] + length[big], length[big]) - members - 1
        first = np.repeat(members, after)
        second = expand_ranges(members + 1, after)
        a, b = idx[order[first]], idx[order[second]]
        found.append(np.minimum(a, b) * n + np.maximum(a, b))
    if not found:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(found))


def residual_shingles(
    index: ReferenceIndex, fields: np.ndarray, df: np.ndarray, config: DecontamConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Return (keys, ptr): the sorted distinct shingle keys of field i's residual are keys[ptr[i]:ptr[i+1]]."""
    covered = index.boilerplate_cover(df > config.max_df)
    parts, counts = [], []
    # Fields are cut in slices so the per-token temporaries stay small at any corpus size.
    step = max(1, config.batch_docs)
    for lo in range(0, fields.size, step):
        keys, count = _residual_slice(index, fields[lo : lo + step], covered, config.shingle)
        parts.append(keys)
        counts.append(count)
    sizes = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
    keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
    return keys, np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)


def _residual_slice(
    index: ReferenceIndex, fields: np.ndarray, covered: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    lengths = index.fe_len[fields]
    flat = expand_ranges(index.fe_start[fields], lengths)
    owner = np.repeat(np.arange(fields.size, dtype=np.int64), lengths)
    keep = ~covered[flat]
    res_ids, owner = index.ids[flat[keep]], owner[keep]
    del flat, keep
    res_len = np.bincount(owner, minlength=fields.size)
    values = index.vocab.values(res_ids)
    key_parts, who_parts = [], []
    if res_ids.size >= k:
        keys = rolling_keys(values, [k])[k]
        same = owner[: keys.size] == owner[k - 1 :]
        key_parts.append(keys[same])
        who_parts.append(owner[: keys.size][same])
    short = np.flatnonzero((res_len > 0) & (res_len < k))
    if short.size:
        # A residual shorter than one shingle is matched as a whole.
        ends = np.cumsum(res_len)
        key_parts.append(sequence_keys(values, (ends - res_len)[short], ends[short]))
        who_parts.append(short)
    if not key_parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(fields.size, dtype=np.int64)
    keys, who = np.concatenate(key_parts), np.concatenate(who_parts)
    order = np.lexsort((keys, who))
    keys, who = keys[order], who[order]
    first = np.ones(keys.size, dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (who[1:] != who[:-1])
    return keys[first], np.bincount(who[first], minlength=fields.size)


def near_duplicates(
    index: ReferenceIndex,
    rows: Sequence[int] | NDArray[np.integer[Any]],
    df: np.ndarray,
    config: DecontamConfig,
    allowed: Callable[[int, int], bool],
    progress: Callable[[int], None] | None = None,
) -> list[NearPair]:
    """Return the near-duplicate pairs among `rows` (single-field reference rows)."""
    row_ids = np.asarray(rows, dtype=np.int64)
    if row_ids.size < 2:
        return []
    fields = np.searchsorted(index.fe_row, row_ids)
    # Copies of one text share a sketch; pairs are expanded to every copy afterwards.
    _, reps, rep_of = np.unique(index.fe_text[fields], return_index=True, return_inverse=True)
    keys, ptr = residual_shingles(index, fields[reps], df, config)
    del fields
    sizes = np.diff(ptr)
    copies = np.bincount(rep_of, minlength=reps.size)
    member_order = np.argsort(rep_of, kind="stable")
    member_ptr = np.concatenate(([0], np.cumsum(copies)))
    # The LSH bands are tuned 0.2 below the threshold: at the threshold itself LSH would only
    # propose about half the pairs. Every proposal is then verified exactly.
    n_bands, per_band = lsh_params(max(0.1, config.jaccard - 0.2), config.num_perm)
    perms = Permutations(config.num_perm)
    bands = np.empty((reps.size, n_bands), dtype=np.uint64)
    step = max(1, config.batch_docs)
    for lo in range(0, reps.size, step):
        hi = min(reps.size, lo + step)
        sig = perms.signatures(keys[ptr[lo] : ptr[hi]] >> np.uint64(32), ptr[lo : hi + 1] - ptr[lo])
        bands[lo:hi] = band_keys(sig, n_bands, per_band)
        if progress is not None:
            progress(int(copies[lo:hi].sum()))
    codes = candidate_pairs(bands, sizes > 0)
    del bands
    first, second = codes // reps.size, codes % reps.size
    sets = np.unique(np.concatenate((first, second)))
    sig = _signatures_of(perms, keys, ptr, sets)
    out = []
    for r, other in zip(first.tolist(), second.tolist(), strict=True):
        sa, sb = sig[np.searchsorted(sets, r)], sig[np.searchsorted(sets, other)]
        width = n_bands * per_band
        # Bands hashed to equal keys are compared exactly: LSH proposes equal bands only.
        same = (sa[:width] == sb[:width]).reshape(n_bands, per_band).all(axis=1)
        if not same.any():
            continue
        mine, theirs = keys[ptr[r] : ptr[r + 1]], keys[ptr[other] : ptr[other + 1]]
        inter = np.intersect1d(mine, theirs, assume_unique=True).size
        jac = inter / (mine.size + theirs.size - inter)
        if jac < config.jaccard - 1e-9:
            continue
        estimate = float(np.count_nonzero(sa == sb)) / sa.size
        for a in row_ids[member_order[member_ptr[r] : member_ptr[r + 1]]].tolist():
            for b in row_ids[member_order[member_ptr[other] : member_ptr[other + 1]]].tolist():
                numbers = _numbers_both_ways(index, a, b)
                if not allowed(a, b) or not _numbers_agree(numbers, config.numbers):
                    continue
                shingles = (int(mine.size), int(theirs.size))
                out.append(NearPair(a, b, float(jac), estimate, shingles, numbers))
    return out


def _signatures_of(
    perms: Permutations, keys: np.ndarray, ptr: np.ndarray, sets: np.ndarray
) -> np.ndarray:
    """Return the signatures of the given sets only (the candidates), recomputed."""
    lengths = ptr[sets + 1] - ptr[sets]
    flat = expand_ranges(ptr[sets], lengths)
    sub_ptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    return perms.signatures(keys[flat] >> np.uint64(32), sub_ptr)


def _numbers_both_ways(index: ReferenceIndex, a: int, b: int) -> tuple[int, int, int, int]:
    """Return (a's instance numbers, how many occur in b, b's, how many occur in a)."""
    out = []
    for x, y in ((a, b), (b, a)):
        nums = index.row_numbers(x)
        out += [int(nums.size), agreement(nums.tolist(), index.row_numbers(y).tolist())[0]]
    return out[0], out[1], out[2], out[3]


def _numbers_agree(numbers: tuple[int, int, int, int], threshold: float) -> bool:
    expected_a, found_a, expected_b, found_b = numbers
    share_a = found_a / expected_a if expected_a else 1.0
    share_b = found_b / expected_b if expected_b else 1.0
    return min(share_a, share_b) >= threshold - 1e-9
