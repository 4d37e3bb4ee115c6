"""Streaming scan: texts go through in batches, hits on the reference index are kept, then scored.

Memory stays bounded by the reference, not by the stream: an n-gram's hits are recorded
only while it has been seen in at most max_df distinct scanned texts (past that it is
boilerplate and will not count), and only texts with a recorded hit are remembered.
Exact copies in the stream are remembered once, as aliases of their first occurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from recon_data.curation.decontam.config import DecontamConfig
from recon_data.curation.decontam.findings import Doc, End
from recon_data.curation.decontam.index import ReferenceIndex
from recon_data.curation.decontam.ngrams import (
    OOV,
    distinct,
    expand_ranges,
    rolling_keys,
    sequence_keys,
)
from recon_data.curation.decontam.normalize import normalized_words
from recon_data.curation.decontam.numbers import agreement

_EMPTY = np.zeros(0, dtype=np.int64)
# Hits scored per slice when finishing: bounds the expansion through the postings.
_HITS_SLICE = 1 << 18


@dataclass
class Match:
    """A scanned text (candidate) against a reference row: exact, or n-gram containment."""

    cand: int
    row: int
    kind: str
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class ScanResult:
    """The matches, the scanned texts they involve, and aliases (exact copies) of those texts."""

    matches: list[Match]
    ends: list[End]
    texts: list[str]
    aliases: dict[int, list[End]]
    scanned: int
    unmatchable_rows: np.ndarray


class Scanner:
    """Feed batches of `Doc`s, then `finish()` to score them against a `ReferenceIndex`."""

    def __init__(self, index: ReferenceIndex, config: DecontamConfig) -> None:
        self.index = index
        self.config = config
        self.df = np.zeros(index.n_grams, dtype=np.int32)
        self._hits_c: list[np.ndarray] = []
        self._hits_g: list[np.ndarray] = []
        self._probe_c: list[np.ndarray] = []
        self._probe_id: list[np.ndarray] = []
        self._exact_c: list[np.ndarray] = []
        self._exact_group: list[np.ndarray] = []
        self.ends: list[End] = []
        self.texts: list[str] = []
        self.aliases: dict[int, list[End]] = {}
        # First occurrence of each text seen: by exact key, or by its words when it holds
        # a token the reference does not know (its key would not tell such texts apart).
        self._seen: dict[int, int] = {}
        self._seen_words: dict[str, int] = {}
        self.scanned = 0
        lengths = index.row_len[index.exact_rows]
        self._row_lengths = np.zeros(int(lengths.max(initial=0)) + 2, dtype=bool)
        self._row_lengths[lengths] = True
        self._row_lengths[0] = self._row_lengths[-1] = False

    def feed(self, docs: Sequence[Doc]) -> None:
        """Scan one batch of texts."""
        if not docs:
            return
        ix = self.index
        ids, starts, ends = ix.vocab.encode([d.text for d in docs])
        self.scanned += len(docs)
        doc, gram = self._ngram_hits(ids, starts)
        exact_doc, exact_group = self._exact_hits(ids, starts, ends)
        cand_docs = distinct(np.concatenate((doc, exact_doc)))
        cmap = np.full(len(docs), -1, dtype=np.int64)
        keys = sequence_keys(ix.vocab.values(ids), starts[cand_docs], ends[cand_docs]).tolist()
        oov = np.concatenate(([0], np.cumsum(ids == OOV)))
        unknown = (oov[ends[cand_docs]] - oov[starts[cand_docs]]) > 0
        for d, key, odd in zip(cand_docs.tolist(), keys, unknown.tolist(), strict=True):
            # Copies of a text already seen share its hits; only the first one counts in df.
            item = docs[d]
            seen: dict[Any, int] = self._seen_words if odd else self._seen
            if odd:
                key = normalized_words(item.text)
            first = seen.get(key)
            if first is None:
                cmap[d] = seen[key] = len(self.ends)
                self.ends.append(End.record(item.id, item.split))
                self.texts.append(item.text)
            else:
                self.aliases.setdefault(first, []).append(End.record(item.id, item.split))
        del keys, oov, unknown
        keep = cmap[doc] >= 0
        doc, gram = doc[keep], gram[keep]
        self.df += np.bincount(gram, minlength=self.df.size)
        keep = self.df[gram] <= self.config.max_df
        # 32-bit: inside a corpus every text hits its own n-grams, so these grow with it.
        self._hits_c.append(cmap[doc[keep]].astype(np.int32))
        self._hits_g.append(gram[keep].astype(np.int32))
        keep = cmap[exact_doc] >= 0
        self._exact_c.append(cmap[exact_doc[keep]])
        self._exact_group.append(exact_group[keep])
        self._probes(ids, starts, cmap)

    def _ngram_hits(self, ids: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ix = self.index
        pos_parts, gram_parts = [], []
        # No window test is needed: a window holding an unknown or separator id has a key
        # that no reference n-gram has (short of a 2**-64 collision).
        for keys in rolling_keys(ix.vocab.values(ids), ix.lookup_lengths).values():
            pos, gram = ix.lookup.find(keys)
            pos_parts.append(pos)
            gram_parts.append(gram)
        if not pos_parts:
            return _EMPTY, _EMPTY
        pos = np.concatenate(pos_parts)
        gram = np.concatenate(gram_parts)
        live = self.df[gram] <= self.config.max_df
        pos, gram = pos[live], gram[live]
        doc = np.searchsorted(starts, pos, side="right") - 1
        width = max(ix.n_grams, 1)
        pairs = distinct(doc * width + gram)
        return pairs // width, pairs % width

    def _exact_hits(
        self, ids: np.ndarray, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        # Only a text as long as some reference row, with no unknown token, can equal one.
        length = ends - starts
        whole = np.flatnonzero(self._row_lengths[np.minimum(length, self._row_lengths.size - 1)])
        if whole.size:
            oov = np.concatenate(([0], np.cumsum(ids == OOV)))
            whole = whole[(oov[ends[whole]] - oov[starts[whole]]) == 0]
        if whole.size == 0:
            return _EMPTY, _EMPTY
        keys = sequence_keys(self.index.vocab.values(ids), starts[whole], ends[whole])
        found, group = self.index.exact.find(keys)
        return whole[found], group

    def _probes(self, ids: np.ndarray, starts: np.ndarray, cmap: np.ndarray) -> None:
        pos = np.flatnonzero(self.index.probe[ids])
        if pos.size == 0:
            return
        cand = cmap[np.searchsorted(starts, pos, side="right") - 1]
        keep = cand >= 0
        self._probe_c.append(cand[keep].astype(np.int32))
        self._probe_id.append(ids[pos[keep]])

    def finish(self) -> ScanResult:
        """Score every remembered text against the rows it hit; return the matches."""
        ix, cfg = self.index, self.config
        df = np.maximum(ix.df, self.df)
        content = df <= cfg.max_df
        fe_content = ix.field_content(content)
        row_fields = np.bincount(
            ix.fe_row, weights=(fe_content > 0), minlength=len(ix.rows)
        ).astype(np.int64)
        # Words spanned by content n-grams (a lower bound for fields longer than n).
        span = np.where(fe_content > 0, np.minimum(ix.fe_len, cfg.n), 0)
        row_span = np.bincount(ix.fe_row, weights=span, minlength=len(ix.rows))
        row_fields[row_span < cfg.min_tokens] = 0
        matches = self._containment(content, fe_content, row_fields)
        matches += self._exact_matches(content)
        unmatchable = np.flatnonzero(row_fields == 0)
        return ScanResult(matches, self.ends, self.texts, self.aliases, self.scanned, unmatchable)

    def _containment(
        self, content: np.ndarray, fe_content: np.ndarray, row_fields: np.ndarray
    ) -> list[Match]:
        cand = np.concatenate(self._hits_c) if self._hits_c else _EMPTY
        self._hits_c = []
        gram = np.concatenate(self._hits_g) if self._hits_g else _EMPTY
        self._hits_g = []
        keep = content[gram]
        cand, gram = cand[keep], gram[keep]
        del keep
        if cand.size > 1 and not (cand[1:] >= cand[:-1]).all():
            order = np.argsort(cand, kind="stable")
            cand, gram = cand[order], gram[order]
        out: list[Match] = []
        # Texts are scored a slice at a time (a text never spans two slices): inside a
        # corpus every text hits its own n-grams, and the expansion below is several arrays
        # per hit.
        start = 0
        while start < cand.size:
            end = min(cand.size, start + _HITS_SLICE)
            if end < cand.size:
                end = int(np.searchsorted(cand, cand[end]))
                if end <= start:
                    end = int(np.searchsorted(cand, cand[start], side="right"))
            out += self._containment_slice(
                cand[start:end].astype(np.int64), gram[start:end], fe_content, row_fields
            )
            start = end
        return out

    def _containment_slice(
        self, cand: np.ndarray, gram: np.ndarray, fe_content: np.ndarray, row_fields: np.ndarray
    ) -> list[Match]:
        ix, cfg = self.index, self.config
        count = ix.post_ptr[gram + 1] - ix.post_ptr[gram]
        entry = expand_ranges(ix.post_ptr[gram], count)
        fe, rel = ix.post_fe[entry], ix.post_rel[entry]
        cand, gram = np.repeat(cand, count), np.repeat(gram, count)
        n_fe = max(ix.fe_len.size, 1)
        # Sorted by position too, so `first` is each (text, field)'s earliest shared n-gram.
        order = np.lexsort((rel, cand * n_fe + fe))
        cand, fe, gram = cand[order], fe[order], gram[order]
        keys, first, found = np.unique(cand * n_fe + fe, return_index=True, return_counts=True)
        c_u, fe_u = keys // n_fe, keys % n_fe
        share = found / np.maximum(fe_content[fe_u], 1)
        row_u = ix.fe_row[fe_u]
        n_rows = max(len(ix.rows), 1)
        pair_keys, inverse = np.unique(c_u * n_rows + row_u, return_inverse=True)
        pair_row = pair_keys % n_rows
        scores = np.bincount(inverse, weights=share, minlength=pair_keys.size) / np.maximum(
            row_fields[pair_row], 1
        )
        chosen = [
            i
            for i in np.flatnonzero((scores >= cfg.overlap - 1e-9) & (row_fields[pair_row] > 0))
            if not self._is_itself(int(pair_keys[i] // n_rows), int(pair_row[i]))
        ]
        if not chosen:
            return []
        probes = self._probe_sets({int(pair_keys[i] // n_rows) for i in chosen})
        order = np.argsort(inverse, kind="stable")
        ptr = np.concatenate(([0], np.cumsum(np.bincount(inverse, minlength=pair_keys.size))))
        out = []
        for i in chosen:
            c, row = int(pair_keys[i] // n_rows), int(pair_row[i])
            expected = ix.row_numbers(row)
            present, share_found = agreement(expected.tolist(), probes.get(c, _EMPTY).tolist())
            if share_found < cfg.numbers - 1e-9:
                continue
            entries = order[ptr[i] : ptr[i + 1]]
            per_field = {ix.fe_name[int(fe_u[e])]: round(float(share[e]), 4) for e in entries}
            for e in ix.row_fields(row):
                if fe_content[e] > 0:
                    per_field.setdefault(ix.fe_name[e], 0.0)
            best = entries[np.argmax(found[entries])]
            evidence = {
                "method": "ngram_containment",
                "n": cfg.n,
                "shared": int(found[entries].sum()),
                "content_ngrams": int(sum(fe_content[int(fe_u[e])] for e in entries)),
                "numbers": {"expected": int(expected.size), "found": present},
                "sample": ix.gram_text(int(gram[first[best]])),
            }
            if len(ix.rows[row].fields) > 1 or ix.rows[row].fields[0][0] != "text":
                evidence["fields"] = dict(sorted(per_field.items()))
            out.append(Match(c, row, "ngram_overlap", float(scores[i]), evidence))
        return out

    def _is_itself(self, c: int, row: int) -> bool:
        """True when text c is reference row `row` itself with no copies: nothing to report."""
        return c not in self.aliases and self.index.rows[row].end == self.ends[c]

    def _probe_sets(self, cands: set[int]) -> dict[int, np.ndarray]:
        """Return, per candidate, the instance-number ids it holds in text order."""
        if len(self._probe_c) != 1:
            # Joined once, in candidate order (stable: each text's numbers stay in order).
            c = np.concatenate(self._probe_c) if self._probe_c else _EMPTY.astype(np.int32)
            ids = np.concatenate(self._probe_id) if self._probe_id else _EMPTY.astype(np.int32)
            order = np.argsort(c, kind="stable")
            self._probe_c, self._probe_id = [c[order]], [ids[order]]
        c, ids = self._probe_c[0], self._probe_id[0]
        at = c.dtype.type
        out = {}
        for cand in cands:
            lo = int(np.searchsorted(c, at(cand)))
            hi = int(np.searchsorted(c, at(cand), side="right"))
            if hi > lo:
                out[cand] = ids[lo:hi]
        return out

    def _exact_matches(self, content: np.ndarray) -> list[Match]:
        if not self._exact_c:
            return []
        ix = self.index
        cand = np.concatenate(self._exact_c)
        group = np.concatenate(self._exact_group)
        # The first content n-gram of each row shows what the copies share beyond templates.
        sample: dict[int, int | None] = {}
        out = []
        for c, g in zip(cand.tolist(), group.tolist(), strict=True):
            for row in ix.exact_group_rows(g).tolist():
                if self._is_itself(c, row):
                    continue
                evidence: dict[str, Any] = {
                    "method": "normalised_text",
                    "tokens": int(ix.row_len[row]),
                }
                if row not in sample:
                    sample[row] = ix.first_content_gram(row, content)
                gram = sample[row]
                if gram is not None:
                    evidence["sample"] = ix.gram_text(gram)
                out.append(Match(c, row, "exact", 1.0, evidence))
        return out
