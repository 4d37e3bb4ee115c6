"""Who made the data: the Recon release, its upstream benchmarks, their licences as checked, citations.

Licence lines state only what was checked on the upstream's own pages; everything else
says "see upstream" rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass

SEE_UPSTREAM = "not verified here; see upstream before reuse"


@dataclass(frozen=True)
class Upstream:
    """One upstream source of Recon problems, keyed like `Category.source`."""

    key: str
    name: str
    reference: str
    link: str | None
    licence: str


UPSTREAMS: tuple[Upstream, ...] = (
    Upstream(
        "steer",
        "STEER",
        'Raman et al. 2024, "STEER: Assessing the Economic Rationality of Large Language Models" (ICML 2024, PMLR 235)',
        "https://arxiv.org/abs/2402.09552",
        SEE_UPSTREAM,
    ),
    Upstream(
        "econlogicqa",
        "EconLogicQA",
        'Quan & Liu 2024, "EconLogicQA: A Question-Answering Benchmark for Evaluating Large Language '
        'Models in Economic Sequential Reasoning" (arXiv 2405.07938)',
        "https://huggingface.co/datasets/yinzhu-quan/econ_logic_qa",
        "its Hub dataset card declares cc-by-nc-sa-4.0 (non-commercial, share-alike)",
    ),
    Upstream(
        "econnli",
        "EconNLI",
        "Guo & Yang 2024",
        None,
        SEE_UPSTREAM,
    ),
    Upstream(
        "eth_3x3_games",
        "3x3 strategic games",
        "Fourny & Sulser Larraz (ETH Zurich)",
        None,
        SEE_UPSTREAM,
    ),
)

BY_KEY: dict[str, Upstream] = {u.key: u for u in UPSTREAMS}

RELEASE_ID = "MasterZhou/Recon"
RELEASE_CODE = "https://github.com/MasterZhou1/Recon"
RELEASE_LICENCE = (
    "its Hub dataset card declares no licence; ask the authors or see upstream before reuse"
)

RECON_BIBTEX = """@article{zhou2025reasoning,
  title   = {Reasoning Like an Economist: Post-Training on Economic Problems Induces Strategic Generalization in LLMs},
  author  = {Zhou, Yufa and Wang, Shaobo and Dong, Xingyu and Jin, Xiangqi and Chen, Yifang and Min, Yue and Yang, Kexin and Ren, Xingzhang and Liu, Dayiheng and Zhang, Linfeng},
  journal = {arXiv preprint arXiv:2506.00577},
  year    = {2025},
  url     = {https://arxiv.org/abs/2506.00577}
}"""
