# The two commands of the README: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Test tools from the npm registry (axe-core), pinned by package-lock.json.
NODE_STAMP := node_modules/.installed-stamp
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
apt_install = { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(1); }
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: run test lint check install test-tools varnish migrate demo lock clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	command -v npm >/dev/null || $(call apt_install,npm)
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

# The browser tests run Debian's Chromium (never a browser build Playwright would download).
$(CHROMIUM):
	$(call apt_install,chromium)

# The CDN test runs Debian's Varnish with the xkey module (varnish-modules).
varnish:
	@{ [ -x /usr/sbin/varnishd ] && ls /usr/lib/*/varnish/vmods/libvmod_xkey.so >/dev/null 2>&1; } \
		|| $(call apt_install,varnish varnish-modules)

test-tools: $(NODE_STAMP) $(CHROMIUM) varnish

migrate: install
	$(BIN)/python manage.py migrate --no-input -v 0

demo: migrate
	$(BIN)/python manage.py import_content demo/bundle --if-empty
	$(BIN)/python manage.py ensure_admin

# Absolute URLs (API, feeds, embeds, the embed-code panel) name the address served here,
# unless PUBLIC_BASE_URL says otherwise.
run: export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
run: demo
	@echo "Admin: http://$(HOST):$(PORT)/admin/  Site: http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

check: install
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test: lint check test-tools
	$(BIN)/pytest $(PYTEST_ARGS)

# Re-pin the whole dependency tree after changing pyproject.toml.
lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^liga-content-hub' > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache node_modules
