# Two commands matter: `make serve` (preview the site) and `make test` (the whole
# suite). Each creates its own virtual environment from pyproject.toml the first
# time, and refreshes it when pyproject.toml changes. Nothing but Python 3.11+ and
# make is needed beforehand.

PYTHON ?= python3
VENV   := .venv
DOCS   := $(VENV)/docs
TEST   := $(VENV)/test
# Extras per environment. The docs environment never gets TensorFlow.
DOCS_EXTRAS := docs
TEST_EXTRAS := docs,test,cpu
# Where `make serve` listens.
ADDR ?= 127.0.0.1:8000
# Capture settings (see docs/contributing.md, "Captures"). RUNNER is derived from
# the machine when empty (e.g. cpu-zen4-avx512-2c); set it only to override.
RUNNER  ?=
PROFILE ?= quick
ONLY    ?=
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k devices -x"`.
PYTEST_ARGS ?=
# pytest workers for `make test`: one more than the cores. Many tests spend part of
# their time waiting (on a browser, a subprocess, a build), and on two cores three
# workers took 122-130 s where two took 170-210 s (docs/contributing.md).
WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')

.DEFAULT_GOAL := help
.PHONY: help serve site test time-test check test-page lint format-check capture capture-gpu vendor lighthouse offline clean

help:
	@echo "make serve    preview the site at http://$(ADDR) with live reload"
	@echo "make site     strict build of the site into site/"
	@echo "make check    fast checks, no code run: lint, fence census, includes, GPU guards, captures"
	@echo "make test-page PAGE=docs/<page>.md   one page: its blocks, its snippets, their captures"
	@echo "make test     run the whole test suite (docs, snippets, tooling, browser), as CI does"
	@echo "make time-test  make test, timed: wall, machine CPU and a speed probe, to compare runs"
	@echo "make lint     ruff on the tooling, tests and snippets"
	@echo "make capture  run snippets and benchmarks here: PROFILE=$(PROFILE) ONLY=... [RUNNER=name]"
	@echo "make offline  the offline edition: hwguide-offline.zip, readable from files (make site then links it)"
	@echo "make lighthouse  Lighthouse (mobile) on every page of a fresh build [PAGES='/ /lab/gpu-training/'] (npm ci first)"
	@echo "make vendor   refresh the browser libraries in docs/assets/vendor/ from package-lock.json (npm)"
	@echo "make clean    remove virtual environments and build output"

# A venv is (re)built when pyproject.toml is newer than its stamp file.
define make-venv
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0] + ". Run make with PYTHON=/path/to/python3.11")'
	@echo "==> setting up $(1) with extras [$(2)] (first run downloads packages)"
	$(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --upgrade pip
	$(1)/bin/python -m pip install --quiet --progress-bar on -e '.[$(2)]'
	@touch $(1)/.stamp
endef

$(DOCS)/.stamp: pyproject.toml
	$(call make-venv,$(DOCS),$(DOCS_EXTRAS))

$(TEST)/.stamp: pyproject.toml
	$(call make-venv,$(TEST),$(TEST_EXTRAS))

# `make serve` and `make site` use the test environment when `make test` has made
# one (it holds everything they need), else a smaller one without TensorFlow.
SITE_ENV := $(if $(wildcard $(TEST)/.stamp),$(TEST),$(DOCS))

serve: $(SITE_ENV)/.stamp
	$(SITE_ENV)/bin/mkdocs serve --livereload --dev-addr $(ADDR)

site: $(SITE_ENV)/.stamp
	$(SITE_ENV)/bin/mkdocs build --strict --site-dir site

LINTED := src tests snippets conftest.py

# Lint and formatting, with what to do when they fail.
format-check: $(TEST)/.stamp
	@$(TEST)/bin/ruff check $(LINTED) || { echo "==> lint errors above: \`make lint\` fixes most of them"; exit 1; }
	@$(TEST)/bin/ruff format --check $(LINTED) || { echo "==> run \`make lint\` to format these files"; exit 1; }

# Each file on one worker (a page's blocks share a namespace); files handed out in
# collection order, longest first (src/hwguide/testing/schedule.py).
test: format-check
	$(TEST)/bin/python -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# `make test` timed so that runs on different days compare (src/hwguide/testing/suite_time.py).
time-test: $(TEST)/.stamp
	$(TEST)/bin/python -m hwguide.testing.suite_time $(MAKE) --no-print-directory test

check: format-check
	$(TEST)/bin/python -m pytest -m static -q $(PYTEST_ARGS)

test-page: $(TEST)/.stamp
	@test -n "$(PAGE)" || { echo "usage: make test-page PAGE=docs/<page>.md"; exit 2; }
	$(TEST)/bin/python -m pytest --page $(PAGE) $(PAGE) tests/test_snippets.py tests/test_captures.py tests/test_docs_collection.py $(PYTEST_ARGS)

lint: $(TEST)/.stamp
	$(TEST)/bin/ruff check --fix $(LINTED)
	$(TEST)/bin/ruff format $(LINTED)

capture: $(TEST)/.stamp
	$(TEST)/bin/python -m hwguide capture $(if $(RUNNER),--runner $(RUNNER)) --profile $(PROFILE) $(if $(ONLY),--only $(ONLY))

# The offline edition: a strict build with Material's offline plugin (no directory
# URLs, search from files), checked for anything that breaks from file://, zipped.
# A later `make site` links the zip from the home page (the pages workflow does both).
offline: $(SITE_ENV)/.stamp
	rm -rf site-offline
	OFFLINE=true $(SITE_ENV)/bin/mkdocs build --strict --site-dir site-offline
	$(SITE_ENV)/bin/python -m hwguide.offline site-offline hwguide-offline.zip

# Lighthouse, mobile, over every page of a fresh strict build (served gzip-compressed,
# as a static host serves it), three runs a page of which the median counts:
# accessibility 1.0, performance >= 0.95, <= 500 KiB each.
# Needs `npm ci` first (package.json pins Lighthouse) and Chromium.
lighthouse: site
	$(SITE_ENV)/bin/python -m hwguide.lighthouse site $(if $(PAGES),--pages $(PAGES))

# Browser libraries the site serves (docs/assets/vendor/), pinned in package.json and
# package-lock.json; needs npm, which nothing else does. tests/test_vendor.py checks the
# copies against docs/assets/vendor/manifest.json.
vendor: $(TEST)/.stamp
	npm ci --ignore-scripts --no-audit --no-fund
	$(TEST)/bin/python -m hwguide.vendor

clean:
	rm -rf $(VENV) site site-offline hwguide-offline.zip .pytest_cache
