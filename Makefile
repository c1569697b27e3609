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

MODEL := models/servicetorg.tar.gz
NLU_GENERATED := data/nlu/catalog_generated.yml
RASA_DATA := --config config.yml --domain bot/domain.yml --data data/nlu bot/data
# Retrain when any of these change (rasa train also skips when its own fingerprint matches).
MODEL_INPUTS := config.yml bot/domain.yml $(wildcard bot/data/*.yml) $(wildcard data/nlu/*.yml) $(NLU_GENERATED)

BROWSER_STAMP := tests/browser/node_modules/.installed

.PHONY: run test setup validate nlu model eval bench nlu-cv browser-deps clean

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

# The `service` lookup table and synonyms come from the catalog, so NLU never drifts from it;
# the aspect-cue regexes come from catalog_index/aspects.py, as the index uses them.
$(NLU_GENERATED): $(wildcard data/catalog/*.yml) bot/nlu_sync.py catalog_index/aspects.py $(APP_STAMP)
	$(VENV)/bin/servicetorg nlu sync
nlu: $(NLU_GENERATED)

$(MODEL): $(MODEL_INPUTS) $(RASA_STAMP)
	mkdir -p models
	$(RASA_VENV)/bin/rasa train $(RASA_DATA) --out models --fixed-model-name servicetorg
	touch $@
model: $(MODEL)

run: setup validate $(MODEL)
	$(VENV)/bin/servicetorg serve

# Browser tests: Debian's Chromium (driven by Playwright through its executable path; never a
# browser download) and axe-core from npm for the accessibility check.
$(BROWSER_STAMP): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $@

browser-deps: $(APP_STAMP) $(BROWSER_STAMP)
	@test -x /usr/bin/chromium || apt-get install -y chromium || { apt-get update && apt-get install -y chromium; } || \
	  { echo "Install Chromium (Debian: apt-get install chromium) for the browser tests."; exit 1; }

# One training per test run (only when the data changed), then the app's tests, the Rasa
# actions' tests and the dialogue test stories against the trained model.
test: setup $(MODEL) browser-deps
	$(VENV)/bin/python -m pytest -q --ignore=tests/rasa
	$(RASA_VENV)/bin/python -m pytest -q tests/rasa
	$(RASA_VENV)/bin/rasa test core --stories bot/tests/test_stories.yml --model $(MODEL) \
	  --out var/rasa-test --fail-on-prediction-errors

# Intent cross-validation (about 24 minutes on 2 cores); results in var/rasa-cv/.
nlu-cv: $(RASA_STAMP) $(NLU_GENERATED)
	$(RASA_VENV)/bin/rasa test nlu --config config.yml --nlu data/nlu --cross-validation --folds 5 --out var/rasa-cv

eval: $(APP_STAMP)
	$(VENV)/bin/servicetorg eval data/eval/dev.jsonl > /dev/null

bench: $(APP_STAMP)
	$(VENV)/bin/servicetorg bench

clean:
	rm -rf $(VENV) $(RASA_VENV) .pytest_cache models var .rasa
