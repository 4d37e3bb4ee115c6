"""`python -m recon_data.training sft|grpo ...`: the `recon-data train` commands as a module.

This is the form `accelerate launch -m recon_data.training sft ...` starts on every GPU.
"""

from __future__ import annotations

import sys

from recon_data.cli import main

if __name__ == "__main__":
    sys.argv = ["recon-data", "train", *sys.argv[1:]]
    main()
