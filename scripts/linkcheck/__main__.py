"""``python -m scripts.linkcheck SITE_DIR ...``: see ``cli.py``."""

import sys

from scripts.linkcheck.cli import main

sys.exit(main(sys.argv[1:]))
