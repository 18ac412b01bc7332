# Two commands set up everything on a fresh machine:
#   make run   - install, migrate, load the demo curriculum, serve on 127.0.0.1:8000
#   make test  - install test needs, run the suite on SQLite and on PostgreSQL

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_DEFAULT_URL := postgres://postgres@127.0.0.1:5432/lms
CHROMIUM := /usr/bin/chromium
# Debian packages: WeasyPrint's Pango and HarfBuzz's subsetter (without it PDF
# fonts are subset in slow pure Python); the tests add poppler's pdffonts and
# pdftoppm, and Chromium.
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_PACKAGES := $(RUN_PACKAGES) poppler-utils

.PHONY: run test install install-test chromium system-packages system-packages-test fonts messages lint clean benchmark worker

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

TEST_PLUGINS := tests/plugins/sample_plugin tests/plugins/ordering_plugin

$(VENV)/.installed-test: pyproject.toml $(addsuffix /pyproject.toml,$(TEST_PLUGINS)) $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	# The test plugins are installed for real (not editable), so their entry
	# points are found the way a third-party plugin's would be.
	$(BIN)/pip install --quiet --force-reinstall --no-deps $(addprefix ./,$(TEST_PLUGINS))
	touch $@

install: $(VENV)/.installed system-packages
	$(BIN)/python manage.py build_fonts --if-missing

install-test: $(VENV)/.installed-test chromium system-packages-test
	DJANGO_SETTINGS_MODULE=lms.settings.test $(BIN)/python manage.py build_fonts --if-missing

define apt_install
	@missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; } \
		|| { echo "Could not install$$missing (needs root and apt)."; exit 1; }; \
	fi
endef

system-packages:
	$(call apt_install,$(RUN_PACKAGES))

system-packages-test:
	$(call apt_install,$(TEST_PACKAGES))

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the end-to-end tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
		|| { echo "Could not install chromium (needs root and apt): end-to-end tests cannot run."; exit 1; }; \
	fi

# The background worker (PDFs, emails) runs next to the web server; both stop
# together. Quiet on purpose: the demo loader prints the demo accounts and the
# address last, just before the server's banner. The worker's routine log goes
# to var/worker.log (lms.settings.dev); its warnings and errors still show.
run: install
	@echo "==> Migrating the database (the first run takes a minute or two)"
	@$(BIN)/python manage.py migrate --noinput --verbosity 0
	@echo "==> Loading the demo"
	@$(BIN)/python manage.py load_demo
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker & \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# One background worker; production runs one per core (see the README).
worker: install
	$(BIN)/python manage.py db_worker

test: install-test
	@echo "==> Test suite on SQLite"
	env -u DATABASE_URL $(BIN)/pytest
	@pg_url="$${DATABASE_URL:-$(PG_DEFAULT_URL)}"; \
	if $(BIN)/python tests/postgres_available.py "$$pg_url"; then \
		echo "==> Test suite on PostgreSQL"; \
		DATABASE_URL="$$pg_url" $(BIN)/pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is required under CI=true and none answered: FAILED."; exit 1; \
	else \
		echo "No PostgreSQL server answered, so the PostgreSQL run was NOT done."; \
		echo "Start one at 127.0.0.1:5432 or set DATABASE_URL, then run make test again."; \
	fi

# Refresh the Khmer catalogues (project, portal, certificates, quiz plugin) after changing
# strings (needs gettext); translate the new entries, then run it again to compile. The
# project catalogue (lms/locale) holds lms, accounts, courses and audit; the portal,
# certificates and the quiz plugin keep their own.
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l km --ignore 'tests/*' --ignore 'plugins/*' --ignore 'certificates/*' --ignore 'portal/*' --ignore 'benchmarks/*' --ignore '*/demo/*' --ignore '.venv/*'
	cd lms && ../$(BIN)/python ../manage.py compilemessages -l km
	cd portal && ../$(BIN)/python ../manage.py makemessages -l km && ../$(BIN)/python ../manage.py compilemessages -l km
	cd certificates && ../$(BIN)/python ../manage.py makemessages -l km && ../$(BIN)/python ../manage.py compilemessages -l km
	cd plugins/quiz && ../../$(BIN)/python ../../manage.py makemessages -l km --ignore 'demo/*' && ../../$(BIN)/python ../../manage.py compilemessages -l km

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

benchmark: install-test
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/certificates.py
	$(BIN)/python benchmarks/portal.py
	$(BIN)/python benchmarks/security.py
	$(BIN)/python benchmarks/khmer_search.py

clean:
	rm -rf $(VENV) staticfiles .test-media .test-var lms/static/lms/fonts/*.woff2 certificates/static/certificates/fonts/*.ttf
