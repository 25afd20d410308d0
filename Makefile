# Two commands a fresh Debian machine needs, as root: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export PYTHONPATH := $(CURDIR)
export FLASK_APP := wsgi

.PHONY: run test install install-dev system-deps frontend translations db lint bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python frontend translations
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

# Debian packages: node/npm for the vendored bpmn-js, chromium for browser tests,
# PostgreSQL server binaries for the suite's throwaway database, poppler-utils (pdftotext) for
# reading the decision letters the suite generates, fonts-arphic-uming (AR PL UMing, a free Song
# typeface with TrueType outlines) that every issued document embeds a subset of, zbar-tools
# (zbarimg) that reads the QR code of an issued document as a phone would.
system-deps:
	@missing=""; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || missing="$$missing fonts-arphic-uming"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

frontend:
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	bash frontend/build.sh

translations: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pybabel compile -d webapp/translations

# Re-extract the English source strings and merge them into every catalog.
# The service errors (Invalid, Conflict, ...) carry an English message that the error
# handler passes through gettext at display time, so their first argument is extracted
# too; so is unit_of_work's conflict message, which becomes a Conflict.
.PHONY: messages
messages: $(BIN)/python
	$(BIN)/pybabel extract -F babel.cfg --add-comments=TRANSLATORS: \
	  -k _l -k lazy_gettext \
	  -k Invalid -k Conflict -k PermissionDenied -k NotFound -k Unauthorized -k ServiceError -k TooManyAttempts \
	  -k unit_of_work \
	  -o webapp/translations/messages.pot .
	$(BIN)/pybabel update -d webapp/translations -i webapp/translations/messages.pot

db: install
	mkdir -p var
	$(BIN)/flask db upgrade
	$(BIN)/flask seed

# gunicorn serves and the timer worker (`flask worker`) runs beside it. One shell owns both, so
# Ctrl-C, a SIGTERM to make, or either of them exiting stops the other as well.
run: system-deps db
	$(BIN)/flask signing-certificates
	$(BIN)/flask demo
	@echo "Serving on http://127.0.0.1:$(PORT) (demo accounts above; password demo12345); timer worker beside it"
	rm -rf var/metrics && mkdir -p var/metrics
	$(BIN)/flask worker & worker=$$!; \
	PROMETHEUS_MULTIPROC_DIR=var/metrics $(BIN)/gunicorn -c python:webapp.monitoring.gunicorn_config \
	  --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile - wsgi:app & server=$$!; \
	trap 'kill $$worker $$server 2>/dev/null' INT TERM HUP; \
	wait -n $$worker $$server; status=$$?; kill $$worker $$server 2>/dev/null; wait; exit $$status

# The suite runs after lint (ruff, then eslint), as CI does: .ci/run calls make test.
test: system-deps install install-dev lint
	$(BIN)/pytest

# ruff for the Python, then eslint (frontend/eslint.config.js) for the browser scripts.
lint: install-dev frontend
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd frontend && npm run --silent lint

# Issue 16's table: every figure measured now, with its target beside it (bench/README.md).
bench: system-deps install install-dev
	$(BIN)/python bench/targets.py

# Every page an applicant and a department user see (zh/en, desktop/390 px phone) as PNGs in
# var/screenshots, and the clicks and page loads from home to a submitted application.
screenshots: system-deps install install-dev
	$(BIN)/python bench/screenshots.py --out var/screenshots

clean:
	rm -rf $(VENV) var frontend/node_modules webapp/static/vendor
