# One entry point for people and CI. `make serve` and `make test` install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SITE := build/site
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help venv sysdeps node build serve preview test lint format bench lock \
        i18n-status review-due new-page forms check cms check-links check-links-external clean deploy

help:
	@echo "make serve   build the site and serve it with the form backend on http://127.0.0.1:$(PORT)"
	@echo "make test    run every check (lint, strict build, unit, HTML, accessibility, browser)"
	@echo "make preview live-reloading preview for webmasters (mkdocs serve)"
	@echo "make check   check the content as the build does, in seconds (no search index, no browser)"
	@echo "make bench   print build, API, link-check and page-budget figures (ARGS=budgets: one)"
	@echo "make deploy  build, upload to S3 + CloudFront, deploy the backend (ARGS=--dry-run)"

# --- set-up ---------------------------------------------------------------
$(VENV)/.installed: requirements.lock pyproject.toml linkcheck/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e . -e ./linkcheck
	touch $@

venv: $(VENV)/.installed

sysdeps:
	bash scripts/ensure-system-deps.sh

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

# Lighthouse for make bench only (bench/budgets.py): kept out of package.json, make test needs
# none of its 146 packages.
bench/lighthouse/node_modules/.installed: bench/lighthouse/package.json bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

# Regenerate the fully pinned requirements.lock from requirements/*.in.
lock:
	$(PYTHON) -m pip install -q uv
	$(PYTHON) -m uv pip compile --python-version 3.11 requirements/*.in -o requirements.lock

# --- site -----------------------------------------------------------------
build: venv node
	$(PY) -m scripts.build_site

serve: build
	$(PY) -m scripts.serve --port $(PORT) --site $(SITE) $(if $(THREADS),--threads $(THREADS))

# Live preview for webmasters: a saved page is re-rendered in well under a second; settings, theme
# or data changes rebuild everything. (No search index in preview.)
preview: venv cms
	$(PY) -m scripts.preview --dev-addr 127.0.0.1:$(PORT)

# The web editor (Decap CMS) for /admin/: fetched once from the npm registry, pinned by digest.
# The preview works without it (the editor then says how to get it).
cms: venv
	-$(PY) -m scripts.cms fetch

# Content check for webmasters: every rule of the build, one summary block, seconds.
check: venv
	$(PY) -m scripts.check $(ARGS)

i18n-status: venv
	$(PY) -m scripts.i18n_status $(ARGS)

review-due: venv
	$(PY) -m scripts.review_due $(ARGS)

# Regenerate the downloadable ODF + PDF forms after editing scripts/formgen (needs LibreOffice;
# not part of the build: the files are committed).
forms: venv
	$(PY) -m scripts.make_forms $(ARGS)

# make new-page PAGE=guides/example TITLE_ZH=範例 TITLE_EN=Example   (TYPE=page|guide|news|qa,
# TOPIC=birth for a Q&A entry: see docs/webmaster.md#add-a-page)
new-page: venv
	$(PY) -m scripts.new_page $(ARGS)

# The link checker (linkcheck/, docs/link-checker.md). GNU make can only exit 0 or 2, so the
# checker's own code (0 ok, 1 broken, 2 usage or config, 3 could not be checked) is the N of
# make's "Error N" line; CI runs the checker itself (linkcheck/action.yml) and gets it unchanged.
check-links: venv
	$(VENV)/bin/site-linkcheck $(or $(DIR),$(SITE)) $(ARGS)

check-links-external: venv
	$(VENV)/bin/site-linkcheck $(or $(DIR),$(SITE)) --external $(ARGS)

# Build, upload changed files to S3, purge them from CloudFront, then `serverless deploy`.
# Settings: HRO_DEPLOY_* or deploy.toml (docs/deploy.md). ARGS=--dry-run | --site-only
deploy: venv node
	$(PY) -m scripts.deploy $(ARGS)

# --- checks ---------------------------------------------------------------
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Translations, heading ids and every other content rule are checked by the build itself.
test: sysdeps venv node cms lint build
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

bench: sysdeps venv node build bench/lighthouse/node_modules/.installed
	$(PY) -m bench $(ARGS)

clean:
	rm -rf build instance
