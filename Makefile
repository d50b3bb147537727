# Everything a fresh machine needs, in two commands: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The MkDocs 2 banner has nothing to act on: mkdocs<2 is pinned.
export NO_MKDOCS_2_WARNING := 1
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup serve test test-fast lint bench chromium libreoffice

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/.installed

# --dirty: a rebuild after an edit renders and writes only the pages and files it changes (fanli deletes
# what it no longer makes); MkDocs warns about every dirty build, hence not strict while serving.
serve: setup
	$(BIN)/mkdocs serve --dirty --no-strict

# Browser tests drive Debian's chromium (Playwright downloads no browser of its own here).
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# .doc, .wps, .rtf and .odt are read through LibreOffice (headless, no GUI); the CJK font makes the test PDFs.
libreoffice:
	@command -v soffice >/dev/null && fc-list :lang=zh | grep -q . || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq libreoffice-writer-nogui fonts-noto-cjk; }


# The front-end scripts' type check (// @ts-check, jsconfig.json): TypeScript from the npm registry,
# installed into a local folder (Debian's nodejs and npm if the machine has no npm).
TSC := .node/node_modules/.bin/tsc
$(TSC):
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	npm install --prefix .node --no-audit --no-fund --silent typescript@5.9.3

lint: setup $(TSC)
	$(TSC) -p jsconfig.json
	$(BIN)/ruff check plugins tests scripts
	$(BIN)/ruff format --check plugins tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test: setup chromium libreoffice lint
	$(BIN)/fanli check
	$(BIN)/pytest -n 2

# Day-to-day: no browser, no synthetic-library builds, no LibreOffice (about a minute).
test-fast: setup
	$(BIN)/pytest -n 2 -m "not browser and not slow and not libreoffice"

bench: setup
	$(BIN)/fanli bench --reports 1000 10000 --workdir bench-out
