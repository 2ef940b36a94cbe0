"""``python -m scripts.deploy``: the thin command line over scripts/deploy/cli.py."""

from scripts.deploy.cli import main

raise SystemExit(main())
