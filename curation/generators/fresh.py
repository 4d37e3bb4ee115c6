"""`recon-fresh`: a fixed, versioned held-out set rebuilt bit for bit from code, not shipped as data.

Version 2 is 20 eval problems per generator (every family then registered) at medium difficulty
from seed 1101, with no training split. It holds the same problems (ids, prompts, golds) as
version 1; only the records changed: schema 1.1 moves seed, config, difficulty and
certificate into each record's `generation` block (source "generated"), and files
mixed_nash and iterated_dominance under their own categories. Version 3 adds the 20
endowment_effect problems (the generator is new) and keeps v2's 260 problems as they were; three
enforceability certificates record the corrected deviation gains (a deviation plays another
action than the path's). Version 4 redraws the 20 endowment_effect problems from that
generator's version 2 (scenes from wider pools: version 1 had only 64 distinct problems) and
keeps the other 260 as they were. The families are fixed (`FRESH_GENERATORS`): the closed-form
families registered after v3 are not in it. `build_fresh` regenerates it and checks the SHA-256
of its eval file against the pinned digest, so every machine scores models on the same items;
a change to any generator, template or answer format fails that check and needs a new version.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from recon_data.errors import ReconDataError

FRESH_NAME = "recon-fresh"
FRESH_VERSION = 4
FRESH_SEED = 1101
FRESH_PER_GENERATOR = 20
FRESH_DIFFICULTY = "medium"
# The families of v3, fixed: families registered later (the closed-form ones) are not in it.
FRESH_GENERATORS = (
    "pure_nash", "pte", "bayes_nash", "backward_induction", "trigger", "enforceability",
    "feasibility", "condorcet_criterion", "certainty_effect", "endowment_effect",
    "time_inconsistency", "auction_risk", "mixed_nash", "iterated_dominance",
)  # fmt: skip
# SHA-256 of problems/eval.jsonl of recon-fresh v4 (tests/test_generators_corpus.py rebuilds it).
# v1 (schema 1.0 records): e3d09007cc1545e60ff2e2a804e69c9a44f2114296cdf13babd6aea7333858c1
# v2: 970fd11fb82b3003907d469e839cad1822d2e45fe254de80f15aa57be98a8d00
# v3: 55b3352e82b5cc11fb9659acbd770336e79603817fbf1d977e1fe1bb5fe4d93e
FRESH_SHA256 = "0a5d4ce99b5f1f6909caa42acaf428fa2fe2bf52cb2bef1c75f001440deb12b9"


def build_fresh(out: Path | str, *, force: bool = False, check: bool = True) -> Path:
    """Write recon-fresh (eval split only) to `out`; refuse output that differs from the pin."""
    from recon_data.curation.generators.corpus import generate_corpus
    from recon_data.manifest import file_digest
    from recon_data.storage import PROBLEM_FILES

    report = generate_corpus(
        out,
        FRESH_GENERATORS,
        n=0,
        eval_n=FRESH_PER_GENERATOR,
        seed=FRESH_SEED,
        difficulty=FRESH_DIFFICULTY,
        decontaminate=False,  # checked once against the release when the digest was pinned
        force=force,
    )
    digest, _ = file_digest(Path(report.out) / PROBLEM_FILES["eval"])
    if check and digest != FRESH_SHA256:
        shutil.rmtree(report.out, ignore_errors=True)  # never leave a wrong "recon-fresh" behind
        raise ReconDataError(
            f"{FRESH_NAME} v{FRESH_VERSION} rebuilt with a different digest ({digest[:12]}); a "
            "generator or answer format changed: bump FRESH_VERSION and pin the new digest",
            file=str(report.out),
        )
    return Path(report.out)
