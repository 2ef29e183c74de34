# Two commands matter: `make demo` and `make test`. Both build .venv/ first when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: install demo test test-min-mpl lint format bench sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[notebook,dev]"
	touch $(STAMP)

install: $(STAMP)
	bash scripts/ensure_pdf.sh

## demo: the main job on data/sample/: validate, summarise, the HTML report, the coach batch.
demo: $(STAMP)
	bash scripts/ensure_pdf.sh
	$(BIN)/jobsearch-analytics validate data/sample/tracker.xlsx --brief
	$(BIN)/jobsearch-analytics summary data/sample/tracker.xlsx --today 2024-06-01
	mkdir -p $(OUT)
	$(BIN)/jobsearch-analytics report data/sample/tracker.xlsx -o $(OUT)/tracker.html \
		--today 2024-06-01 --xlsx --pdf --since 2024-04-01
	$(BIN)/jobsearch-analytics report data/sample/clients -o $(OUT)/clients \
		--today 2024-06-01 --xlsx --since 2024-04-01
	$(BIN)/jobsearch-analytics template $(OUT)/blank-tracker.xlsx --force
	@echo
	@echo "Reports: $(OUT)/tracker.html (+ tracker.report.xlsx, tracker.pdf)"
	@echo "Coach batch: $(OUT)/clients/cohort.html and one report per client in $(OUT)/clients/"
	@echo "Blank tracker for clients: $(OUT)/blank-tracker.xlsx"

## test: lint, format check, every test (unit, property, planted truth, notebooks).
test: $(STAMP)
	bash scripts/ensure_browser.sh
	bash scripts/ensure_pdf.sh
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m pytest

## test-min-mpl: tests/plots against the lowest matplotlib pyproject.toml allows, in a venv of
## its own (on demand, not part of test: about 2 minutes with the downloads). pyparsing < 3.3
## because older matplotlib calls names pyparsing 3.3 deprecates (a warning, an error here).
MIN_MPL := $(shell sed -n 's/.*"matplotlib>=\([0-9.]*\)".*/\1/p' pyproject.toml)
MIN_MPL_VENV := .venv-min-mpl
test-min-mpl:
	$(PYTHON) -m venv $(MIN_MPL_VENV)
	$(MIN_MPL_VENV)/bin/python -m pip install --quiet -e . "matplotlib==$(MIN_MPL).*" \
		"pyparsing<3.3" pytest hypothesis statsmodels ipywidgets
	$(MIN_MPL_VENV)/bin/python -c "import matplotlib; print('matplotlib', matplotlib.__version__)"
	$(MIN_MPL_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/plots src/jobsearch_analytics/plots

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## sample: regenerate data/sample/ from the seeded generator.
sample: $(STAMP)
	$(BIN)/python -m jobsearch_analytics.sample data/sample

## bench: speed and memory benchmarks (on demand, not part of test).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_readers.py
	$(BIN)/python benchmarks/bench_parsers.py
	$(BIN)/python benchmarks/bench_isolation.py
	$(BIN)/python benchmarks/bench_summarize.py
	$(BIN)/python benchmarks/bench_dashboard.py
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
