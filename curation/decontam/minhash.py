"""Near duplicates inside a corpus: MinHash LSH (datasketch) over boilerplate-free shingles.

Each record is reduced to its *residual*: the tokens not covered by any boilerplate n-gram
(one found in more than max_df distinct texts), so two items sharing only a template have
nothing in common left. The residual is cut into word `shingle`-grams; MinHash LSH
proposes pairs whose Jaccard similarity is likely above the threshold, and each proposal
is checked with the exact Jaccard similarity of the two shingle sets and with the
instance-number agreement in both directions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from recon_data.curation.decontam.config import Config
from recon_data.curation.decontam.index import ReferenceIndex
from recon_data.curation.decontam.ngrams import distinct, expand_ranges, rolling_keys, sequence_keys
from recon_data.curation.decontam.numbers import agreement


@dataclass(frozen=True)
class NearPair:
    """Two reference rows whose residual shingle sets are near duplicates."""

    a: int
    b: int
    jaccard: float
    estimate: float
    shingles: tuple[int, int]
    numbers: tuple[int, int, int, int]


def _identity(value: int) -> int:
    return value


def residual_shingles(
    index: ReferenceIndex, fields: np.ndarray, df: np.ndarray, config: Config
) -> list[np.ndarray]:
    """Return the sorted unique shingle keys of each given field entry's residual text."""
    boiler = df[index.occ_g] > config.max_df
    delta = np.zeros(index.ids.size + 1, dtype=np.int64)
    np.add.at(delta, index.occ_pos[boiler], 1)
    np.add.at(delta, index.occ_pos[boiler] + index.occ_len[boiler], -1)
    covered = np.cumsum(delta[:-1]) > 0
    lengths = index.fe_len[fields]
    flat = expand_ranges(index.fe_start[fields], lengths)
    owner = np.repeat(np.arange(fields.size), lengths)
    keep = ~covered[flat]
    res_ids, owner = index.ids[flat[keep]], owner[keep]
    res_len = np.bincount(owner, minlength=fields.size)
    k = config.shingle
    out: list[np.ndarray] = [np.zeros(0, dtype=np.uint64) for _ in range(fields.size)]
    if res_ids.size >= k:
        keys = rolling_keys(index.vocab.values(res_ids), [k])[k]
        same = owner[: keys.size] == owner[k - 1 :]
        keys, who = keys[same], owner[: keys.size][same]
        order = np.lexsort((keys, who))
        keys, who = keys[order], who[order]
        bounds = np.flatnonzero(np.diff(who)) + 1
        for part_who, part_keys in zip(np.split(who, bounds), np.split(keys, bounds), strict=True):
            if part_who.size:
                out[int(part_who[0])] = distinct(part_keys)
    short = np.flatnonzero((res_len > 0) & (res_len < k))
    if short.size:
        # A residual shorter than one shingle is matched as a whole.
        ends = np.cumsum(res_len)
        keys = sequence_keys(index.vocab.values(res_ids), (ends - res_len)[short], ends[short])
        for i, key in zip(short.tolist(), keys, strict=True):
            out[i] = np.asarray([key], dtype=np.uint64)
    return out


def near_duplicates(
    index: ReferenceIndex,
    rows: Sequence[int],
    df: np.ndarray,
    config: Config,
    allowed: Callable[[int, int], bool],
    progress: Callable[[int], None] | None = None,
) -> list[NearPair]:
    """Return the near-duplicate pairs among `rows` (single-field reference rows)."""
    from datasketch import MinHash, MinHashLSH

    rows = np.asarray(rows, dtype=np.int64)
    if rows.size < 2:
        return []
    fields = np.searchsorted(index.fe_row, rows)
    # Copies of one text share a MinHash; pairs are expanded to every copy afterwards.
    texts = index.fe_text[fields]
    _, reps, rep_of = np.unique(texts, return_index=True, return_inverse=True)
    shingles = residual_shingles(index, fields[reps], df, config)
    # The LSH bands are tuned 0.2 below the threshold: at the threshold itself LSH would only
    # propose about half the pairs. Every proposal is then verified exactly.
    lsh = MinHashLSH(threshold=max(0.1, config.jaccard - 0.2), num_perm=config.num_perm)
    order = np.argsort(rep_of, kind="stable")
    members = np.split(rows[order], np.cumsum(np.bincount(rep_of, minlength=len(shingles)))[:-1])
    sketches = []
    for r, keys in enumerate(shingles):
        sketch = MinHash(num_perm=config.num_perm, seed=1, hashfunc=_identity)
        if keys.size:
            # datasketch's default scheme takes 32-bit hash values: use the high half.
            sketch.update_batch((keys >> np.uint64(32)).tolist())
            lsh.insert(r, sketch)
        sketches.append(sketch)
        if progress is not None:
            progress(len(members[r]))
    out = []
    for r, keys in enumerate(shingles):
        if not keys.size:
            continue
        for other in sorted(lsh.query(sketches[r])):
            if other <= r:
                continue
            inter = np.intersect1d(keys, shingles[other], assume_unique=True).size
            jac = inter / (keys.size + shingles[other].size - inter)
            if jac < config.jaccard - 1e-9:
                continue
            estimate = float(sketches[r].jaccard(sketches[other]))
            for a in members[r].tolist():
                for b in members[other].tolist():
                    numbers = _numbers_both_ways(index, a, b)
                    if not allowed(a, b) or not _numbers_agree(numbers, config.numbers):
                        continue
                    out.append(
                        NearPair(
                            a,
                            b,
                            float(jac),
                            estimate,
                            (int(keys.size), int(shingles[other].size)),
                            numbers,
                        )
                    )
    return out


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
