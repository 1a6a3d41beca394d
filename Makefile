# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp-$(shell sha1sum pyproject.toml | cut -c1-12)
SCENARIO ?= scenarios/putin-trump-talks.yaml
OUT    ?= out

.PHONY: run test lint clean browser

run: $(STAMP)
	$(BIN)/summitry analyze $(SCENARIO) --out $(OUT)
	$(BIN)/summitry report $(SCENARIO) --draws 10000 --seed 20261129 --out $(OUT) \
	  $(foreach v,$(sort $(wildcard $(basename $(SCENARIO)).best-case.yaml $(basename $(SCENARIO)).soft-lines.yaml $(basename $(SCENARIO)).v*.yaml)),--variants $(v))

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# (Re)install only when pyproject.toml changes: the stamp name carries its hash.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	rm -f $(VENV)/.stamp-*
	$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q --python $(BIN)/python -e '.[dev,all]'
	touch $@

# Headless Chromium for the report and web-studio browser tests (Debian's package; no
# browser download). Installed only when missing; needs root or sudo, as on CI.
browser:
	@command -v chromium >/dev/null || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; }

clean:
	rm -rf $(VENV) out .mypy_cache .pytest_cache .ruff_cache .hypothesis
