"""Finding a corpus's items inside documents, one batch at a time: the matcher behind `--scan`.

The items (corpus records) are the reference: a `ReferenceIndex` with one field per item.
Documents stream through in batches and each batch is scored completely before the next
one is read, so memory holds the index and one batch whatever the number of documents.

Template text is decided by the items alone: an n-gram held by more than `max_df` distinct
items is template and is never looked up, so a document made only of template sentences
has no hit at all. Unlike the scan against benchmarks (scan.py), nothing counted on the
documents changes what is evidence: a leaked item copied into a thousand web pages stays
a finding in every one of them.

An item is found in a document when the document holds at least `overlap` of the item's
content n-grams and, near them, at least `numbers` of the item's instance numbers in order
(the same template filled with other numbers is another item). It is `exact` when the
document's words are the item's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from recon_data.curation.decontam.config import DecontamConfig
from recon_data.curation.decontam.ends import Doc, End
from recon_data.curation.decontam.index import ReferenceIndex, RefRow
from recon_data.curation.decontam.ngrams import expand_ranges, rolling_keys, sequence_keys
from recon_data.curation.decontam.normalize import tokenize
from recon_data.curation.decontam.numbers import agreement
from recon_data.curation.decontam.offsets import word_offsets
from recon_data.curation.decontam.scanreport import ScanHit
from recon_data.errors import ReconDataError

_EMPTY = np.zeros(0, dtype=np.int64)
# Characters of a matched span quoted in the report, from each end.
_QUOTE = 200


@dataclass(frozen=True)
class ItemHit:
    """One item found in one document of a batch (`doc` is the document's place in the batch)."""

    doc: int
    item: int
    kind: str
    score: float
    span: dict[str, Any]
    evidence: dict[str, Any] = field(default_factory=dict)


class ItemScanner:
    """The items' n-gram index, and `scan(texts)` to find them in a batch of documents."""

    def __init__(self, items: Sequence[Doc], config: DecontamConfig) -> None:
        if not items:
            raise ReconDataError("the corpus has no items to scan for")
        self.config = config
        self.items = [End.record(d.id, d.split) for d in items]
        rows = [RefRow(end, (("text", d.text),)) for end, d in zip(self.items, items, strict=True)]
        self.index = ix = ReferenceIndex(rows, config)
        # One field per item, so field entries and items share their numbering.
        self.content = ix.df <= config.max_df
        self.item_content = ix.field_content(self.content)
        span = np.where(self.item_content > 0, np.minimum(ix.fe_len, config.n), 0)
        self.matchable = (self.item_content > 0) & (span >= config.min_tokens)

    def template_summary(self) -> dict[str, int]:
        """Return how many n-grams are template or content, and how many items cannot be found."""
        return {
            "template_ngrams": int((~self.content).sum()),
            "content_ngrams": int(self.content.sum()),
            "items_without_content": int((~self.matchable).sum()),
        }

    def unmatchable(self) -> list[End]:
        """Return the items that no document can match (nothing but template text)."""
        return [self.items[i] for i in np.flatnonzero(~self.matchable).tolist()]

    def scan(self, texts: Sequence[str]) -> list[ItemHit]:
        """Return every (document, item) finding in one batch of document texts."""
        if not texts:
            return []
        ix, cfg = self.index, self.config
        ids, starts, ends = ix.vocab.encode(texts)
        pos, gram = self._lookup(ids)
        if pos.size == 0:
            return []
        doc = np.searchsorted(starts, pos, side="right") - 1
        # One entry per (document, n-gram): where it first starts and last ends in the document.
        width = max(ix.n_grams, 1)
        key = doc * width + gram
        order = np.lexsort((pos, key))
        key, pos = key[order], pos[order]
        head = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
        tail = np.concatenate((head[1:], [key.size])) - 1
        u_doc, u_gram = key[head] // width, key[head] % width
        u_lo = pos[head]
        u_hi = pos[tail] + ix.gram_len[u_gram].astype(np.int64)
        # Through the postings to the items holding each n-gram.
        count = (ix.post_ptr[u_gram + 1] - ix.post_ptr[u_gram]).astype(np.int64)
        entry = expand_ranges(ix.post_ptr[u_gram], count)
        item = ix.post_fe[entry].astype(np.int64)
        n_items = max(len(self.items), 1)
        pair = np.repeat(u_doc, count) * n_items + item
        keys, inverse, found = np.unique(pair, return_inverse=True, return_counts=True)
        p_item = keys % n_items
        score = found / np.maximum(self.item_content[p_item], 1)
        chosen = np.flatnonzero((score >= cfg.overlap - 1e-9) & self.matchable[p_item])
        if chosen.size == 0:
            return []
        by_pair = np.argsort(inverse, kind="stable")
        ptr = np.concatenate(([0], np.cumsum(found)))
        lo_all, hi_all = np.repeat(u_lo, count)[by_pair], np.repeat(u_hi, count)[by_pair]
        gram_all = np.repeat(u_gram, count)[by_pair]
        rel_all = ix.post_rel[entry][by_pair]
        out = []
        # Word offsets are found again per document with a finding, once for all its items.
        offsets: dict[int, list[tuple[int, int]] | None] = {}
        for i in chosen.tolist():
            d, row = int(keys[i] // n_items), int(p_item[i])
            lo = int(lo_all[ptr[i] : ptr[i + 1]].min())
            hi = int(hi_all[ptr[i] : ptr[i + 1]].max())
            hit = self._confirm(ids, int(starts[d]), int(ends[d]), row, lo, hi)
            if hit is None:
                continue
            kind, numbers = hit
            grams = gram_all[ptr[i] : ptr[i + 1]][np.argsort(rel_all[ptr[i] : ptr[i + 1]])]
            evidence = {
                "method": "ngram_containment",
                "n": cfg.n,
                "shared": int(found[i]),
                "content_ngrams": int(self.item_content[row]),
                "numbers": numbers,
                "ngrams": [ix.gram_text(int(g)) for g in _ends_and_middle(grams)],
            }
            if d not in offsets:
                offsets[d] = word_offsets(texts[d])
            span = _span(texts[d], offsets[d], lo - int(starts[d]), hi - int(starts[d]))
            out.append(ItemHit(d, row, kind, round(float(score[i]), 4), span, evidence))
        return out

    def _lookup(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (token position, content n-gram) of every content n-gram in the batch."""
        ix = self.index
        pos_parts, gram_parts = [], []
        # A window holding an unknown word or a separator has a key no item n-gram has.
        for keys in rolling_keys(ix.vocab.values(ids), ix.lookup_lengths).values():
            p, g = ix.lookup.find(keys)
            pos_parts.append(p)
            gram_parts.append(g.astype(np.int64))
        if not pos_parts:
            return _EMPTY, _EMPTY
        return np.concatenate(pos_parts), np.concatenate(gram_parts)

    def _confirm(
        self, ids: np.ndarray, start: int, end: int, row: int, lo: int, hi: int
    ) -> tuple[str, dict[str, int]] | None:
        """Check a candidate's instance numbers near the match; return (kind, numbers) or None."""
        ix, cfg = self.index, self.config
        length = int(ix.row_len[row])
        # The item's numbers may sit just outside its first or last content n-gram.
        window = ids[max(start, lo - length) : min(end, hi + length)]
        held = window[ix.probe[window]]
        expected = ix.row_numbers(row)
        present, share = agreement(expected.tolist(), held.tolist())
        if share < cfg.numbers - 1e-9:
            return None
        numbers = {"expected": int(expected.size), "found": present}
        if end - start == length and self._same_words(ids, start, end, row):
            return "exact", numbers
        return "ngram_overlap", numbers

    def _same_words(self, ids: np.ndarray, start: int, end: int, row: int) -> bool:
        ix = self.index
        key = sequence_keys(
            ix.vocab.values(ids[start:end]), np.zeros(1, np.int64), np.full(1, end - start)
        )
        found, group = ix.exact.find(key)
        return bool(found.size) and row in ix.exact_group_rows(int(group[0])).tolist()


class Batcher:
    """Feed documents to a scanner in batches bounded by count and characters; return their hits."""

    def __init__(self, scanner: ItemScanner, config: DecontamConfig) -> None:
        self.scanner = scanner
        self.config = config
        self._where: list[tuple[str, int]] = []
        self._texts: list[str] = []
        self._chars = 0

    def add(self, file: str, row: int, text: str) -> list[ScanHit]:
        """Queue one document; return the hits of the batch it completes, if any."""
        self._where.append((file, row))
        self._texts.append(text)
        self._chars += len(text)
        if len(self._texts) >= self.config.batch_docs or self._chars >= self.config.batch_chars:
            return self.flush()
        return []

    def flush(self) -> list[ScanHit]:
        """Scan the queued documents; return their hits."""
        if not self._texts:
            return []
        found = self.scanner.scan(self._texts)
        items, where = self.scanner.items, self._where
        hits = [
            ScanHit(items[h.item], *where[h.doc], h.kind, h.score, h.span, h.evidence)
            for h in found
        ]
        self._where, self._texts, self._chars = [], [], 0
        return hits


def _ends_and_middle(grams: np.ndarray) -> list[int]:
    """Return the first, middle and last of the shared n-grams (in the item's order), each once."""
    picks = [int(grams[0]), int(grams[grams.size // 2]), int(grams[-1])]
    return list(dict.fromkeys(picks))


def _span(text: str, offsets: list[tuple[int, int]] | None, lo: int, hi: int) -> dict[str, Any]:
    """Return the matched span: word positions, characters when known, and a quote."""
    out: dict[str, Any] = {"words": [lo, hi]}
    if offsets is not None and hi <= len(offsets):
        a, b = offsets[lo][0], offsets[hi - 1][1]
        out["chars"] = [a, b]
        quote = text[a:b]
    else:
        quote = b" ".join(tokenize(text)[lo:hi]).decode("utf-8", "replace")
    if len(quote) > 2 * _QUOTE + 5:
        quote = f"{quote[:_QUOTE]} [...] {quote[-_QUOTE:]}"
    out["text"] = quote
    return out
