"""Numbers the Recon paper reports, kept in the core so every layer can show them beside ours."""

from __future__ import annotations

# Paper Table 3: Recon-Eval at temperature 0, up to 6,144 new tokens: (correct, total, accuracy
# as printed). The paper prints 63.0% for Recon-RL although 186/300 is 62.0%; both are kept.
# The paper gives these totals only, no accuracy per category.
PAPER_TABLE3: dict[str, tuple[int, int, float]] = {
    "R1-Distill-Qwen-7B (base)": (145, 300, 0.483),
    "Recon-SFT": (179, 300, 0.597),
    "Recon-RL": (186, 300, 0.630),
}
