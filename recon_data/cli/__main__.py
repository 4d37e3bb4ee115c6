"""Allow `python -m recon_data.cli`."""

from recon_data.cli import main

main()
