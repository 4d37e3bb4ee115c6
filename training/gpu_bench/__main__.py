"""`python -m recon_data.training.gpu_bench`: the GPU benchmark (see docs/training.md)."""

import sys

from recon_data.training.gpu_bench.run import main

sys.exit(main())
