"""recon-invariance: rebuilt from code to the pinned digest, every variant audited `agree`,
no near-duplicate of a release item, and scored like any corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from recon_data.curation.variants.suite import SUITE_PER_GENERATOR, build_suite, suite_generators
from recon_data.storage import read_problems
from recon_data.validate import validate_path

# Slow: rebuilds the pinned invariance suite. `scripts/test.sh --fast` skips it; CI runs it.
pytestmark = pytest.mark.slow


def test_recon_invariance_is_pinned_audited_and_clean(tmp_path: Path, corpus_dir: Path) -> None:
    from recon_data.curation.audit import audit_corpus
    from recon_data.curation.decontam import Doc, decontaminate
    from recon_data.curation.decontam.sources import corpus_docs
    from recon_data.training.data import eval_problems, resolve_corpus

    path = build_suite(tmp_path / "suite")  # raises if the digest moved
    assert validate_path(path).ok
    problems = read_problems(path)
    assert {p.split for p in problems} == {"eval"}
    sources = [p for p in problems if p.generation.generator != "variant"]
    assert Counter(p.generation.generator for p in sources) == dict.fromkeys(
        suite_generators(), SUITE_PER_GENERATOR
    )
    variants = Counter(p.generation.config["variant"]["transform"] for p in problems
                       if p.generation.generator == "variant")  # fmt: skip
    assert set(variants) == {"relabel", "permute", "rescale", "restory", "anonymize"}
    assert len(eval_problems(resolve_corpus(path))) == len(problems)  # what `eval` scores
    audit = audit_corpus(path, leaks=False)
    assert {i.status for i in audit.items} == {"agree"} and len(audit.items) > 900
    # Pinned once: rebuilt here, it still has no near-duplicate of any release item.
    release = [Doc(f"release:{d.id}", "release", d.text) for d in corpus_docs(corpus_dir)
               if d.split in ("train", "eval")]  # fmt: skip
    mine = [Doc(p.id, "suite", p.prompt[-1].content) for p in problems]
    found = decontaminate([*mine, *release], within=True)
    assert [f for f in found.findings if {f.a.split, f.b.split} == {"suite", "release"}] == []


def test_a_wrong_digest_is_refused_and_removed(tmp_path: Path, monkeypatch) -> None:
    import pytest

    from recon_data.curation.variants import suite
    from recon_data.errors import ReconDataError

    monkeypatch.setattr(suite, "SUITE_PER_GENERATOR", 1)
    with pytest.raises(ReconDataError, match="different digest"):
        suite.build_suite(tmp_path / "s")
    assert not (tmp_path / "s").exists()
