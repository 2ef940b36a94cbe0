"""The staff side under /api/admin/: the console pages, sign-in and sessions, the staff JSON
API for scripts, and the exports. Every view here names the permission it needs.

blueprint.py   plumbing: who is signed in, permissions, the access log, rendering, errors
signin.py      sign-in, sign-out, the front door
bookings.py    the counter: the day's list, phone and counter bookings, no-show, cancel, undo
cases.py       the mailbox desk: the queue, a case, replies, review, classes
accounts.py    supervisors: staff accounts and the access log
downloads.py   CSV and ODS downloads
staff_api.py   the JSON API for scripts and devices (bearer tokens, one per person)
queue.py       the counters' queue buttons and the ticket machine's reports
"""

from __future__ import annotations

from flask import Blueprint


def blueprints() -> tuple[Blueprint, Blueprint]:
    """The console and the staff API, with every route module loaded."""
    from forms_lambda.console import (  # noqa: F401
        accounts,
        bookings,
        cases,
        downloads,
        queue,
        signin,
    )
    from forms_lambda.console.blueprint import console
    from forms_lambda.console.staff_api import staff_api

    return console, staff_api
