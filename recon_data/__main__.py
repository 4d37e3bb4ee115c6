"""Allow `python -m recon_data`, the same as the `recon-data` command."""

from recon_data.cli import main

main()
