"""Manage staff accounts: `python -m forms_lambda.staff add --name 王小明 --role counter`.

Works on the store the environment configures (SQLite by default, DynamoDB with
FORMS_STORE=dynamodb and AWS credentials), so the first supervisor of a new office is made here;
supervisors can then manage accounts in the console too. A new secret or token is printed once
and never stored in clear. Every change is written to the access log as "command-line".
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from forms_lambda.app import create_app
from forms_lambda.domain.audit import COMMAND_LINE
from forms_lambda.domain.common import InvalidInput, NotFound
from forms_lambda.domain.messages import MESSAGES
from forms_lambda.domain.staff import ROLE_NAMES, ROLES, SIGNS_IN
from forms_lambda.web import backend


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m forms_lambda.staff", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add an account and print its first secret")
    add.add_argument("--name", required=True, help="the person's name, e.g. 王小明")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--login", default="", help="sign-in name (default: role + number)")
    for name, text in (
        ("disable", "disable an account: its sessions and API token stop at once"),
        ("enable", "enable a disabled account again"),
        ("reset", "print a new secret; the old one and every session stop"),
        ("token", "print a new API token for scripts or a device (replaces the old one)"),
    ):
        commands.add_parser(name, help=text).add_argument("login")
    commands.add_parser("list", help="list the accounts (no secrets)")
    return parser


def _problem(error: InvalidInput) -> str:
    return "; ".join(
        f"{field}: {MESSAGES[code]['zh-TW']} {MESSAGES[code]['en']}"
        for field, code in error.fields.items()
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    app = create_app()
    with app.app_context():
        b = backend()
        accounts = b.staff
        try:
            if args.command == "list":
                for m in accounts.list():
                    state = "使用中 active" if m.active else "已停用 disabled"
                    role = f"{ROLE_NAMES[m.role]['zh-TW']} {m.role}"
                    token = " API token" if m.api_token_hash else ""
                    print(f"{m.login}\t{m.name}\t{role}\t{state}{token}")
                return 0
            if args.command == "add":
                issued = accounts.add(name=args.name, role=args.role, login=args.login)
                b.access_log.record(
                    COMMAND_LINE, "staff_add", issued.member.login, detail=args.role
                )
                print(f"帳號 login: {issued.member.login}")
                if issued.member.role in SIGNS_IN:
                    print(f"密碼 secret (shown once): {issued.secret}")
                else:  # a device never signs in: it reports with its API token
                    b.access_log.record(COMMAND_LINE, "staff_token", issued.member.login)
                    print(f"API 權杖 token (shown once): {issued.secret}")
                return 0
            if args.command in ("disable", "enable"):
                getattr(accounts, args.command)(args.login)
                b.access_log.record(COMMAND_LINE, f"staff_{args.command}", args.login)
                done = "已停用 disabled" if args.command == "disable" else "已啟用 enabled"
                print(f"{args.login}: {done}")
                return 0
            issued = accounts.reset(args.login) if args.command == "reset" else None
            if issued is not None:
                b.access_log.record(COMMAND_LINE, "staff_reset", args.login)
                print(f"新密碼 new secret (shown once): {issued.secret}")
                return 0
            issued = accounts.issue_token(args.login)
            b.access_log.record(COMMAND_LINE, "staff_token", args.login)
            print(f"API 權杖 token (shown once): {issued.secret}")
            return 0
        except InvalidInput as error:
            print(_problem(error), file=sys.stderr)
            return 2
        except NotFound:
            print(f"查無帳號 no such account: {args.login}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
