"""Build-time helpers for the site: office facts, page metadata, ROC dates, i18n, site map.

The MkDocs hook modules in ``theme/hooks/`` are thin: they call into these modules, which are
plain Python and unit-tested without running a build.
"""
