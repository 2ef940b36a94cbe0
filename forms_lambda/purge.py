"""Delete records whose retention period has passed: `python -m forms_lambda.purge`.

Run it daily (cron or a systemd timer) with the SQLite store; on DynamoDB the table's TTL does
the same within about two days, and this command deletes at once. Prints counts only.
"""

from __future__ import annotations

import argparse
import sys

from forms_lambda.app import create_app
from forms_lambda.web import backend


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m forms_lambda.purge", description=__doc__)
    parser.add_argument(
        "--dry-run", action="store_true", help="only say which store would be purged"
    )
    args = parser.parse_args(argv)
    app = create_app()
    with app.app_context():
        forms_backend = backend()
        if args.dry_run:
            print(f"would purge expired records from the {forms_backend.settings.store} store")
            return 0
        now = int(forms_backend.now().timestamp())
        counts = forms_backend.store.purge_expired(now)
    for kind, count in counts.items():
        print(f"{kind}: {count} deleted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
