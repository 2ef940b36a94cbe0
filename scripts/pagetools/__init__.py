"""Webmaster tools over ``content/pages``: translation status, review dates, new-page scaffold.

The command-line entry points (``scripts/i18n_status.py``, ``scripts/review_due.py``,
``scripts/new_page.py``) are thin; the rules live here so tests can call them directly.
"""
