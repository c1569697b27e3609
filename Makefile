# servicetorg: `make run` starts the assistant, `make test` runs the tests.
# Two environments, because Rasa 3.6 pins old libraries and Python 3.10:
#   .venv/       the app and the catalog tools (current libraries)
#   .venv-rasa/  Rasa server and action server (Python 3.10)
# Every target is idempotent: stamps record what was installed from which pins.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
RASA_VENV := .venv-rasa
export RASA_TELEMETRY_ENABLED := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

APP_STAMP := $(VENV)/.installed
RASA_STAMP := $(RASA_VENV)/.installed

.PHONY: run test setup validate eval bench clean

setup: $(APP_STAMP) $(RASA_STAMP)

$(APP_STAMP): pyproject.toml constraints/app.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || \
	  { echo "The app needs Python 3.10 or newer as $(PYTHON)."; exit 1; }
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -c constraints/app.txt -e '.[app,dev]'
	touch $@

$(RASA_STAMP): pyproject.toml constraints/rasa.txt
	@py310=$$(PYTHON310="$(PYTHON310)" scripts/find-python310.sh) || exit 1; \
	  test -x $(RASA_VENV)/bin/python || $$py310 -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install -q -c constraints/rasa.txt rasa==3.6.21 rasa-sdk==3.6.2 pytest
	$(RASA_VENV)/bin/pip install -q -c constraints/rasa.txt --no-build-isolation -e .
	touch $@

validate: $(APP_STAMP)
	$(VENV)/bin/servicetorg catalog validate data/catalog

run: setup validate
	$(VENV)/bin/servicetorg chat

test: setup
	$(VENV)/bin/python -m pytest -q

eval: $(APP_STAMP)
	$(VENV)/bin/servicetorg eval data/eval/dev.jsonl > /dev/null

bench: $(APP_STAMP)
	$(VENV)/bin/servicetorg bench

clean:
	rm -rf $(VENV) $(RASA_VENV) .pytest_cache
