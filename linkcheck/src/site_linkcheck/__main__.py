"""``python -m site_linkcheck SITE_DIR ...``: see ``cli.py``."""

import sys

from site_linkcheck.cli import main

sys.exit(main(sys.argv[1:]))
