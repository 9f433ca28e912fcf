# Lerend Netwerk — the two commands a newcomer needs: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST := $(BIN)/pytest -q -n auto --dist loadfile

.PHONY: run test test-sqlite test-postgres lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml setup.py domain/search/_kernels.c | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

## run: install, upgrade the SQLite database, load the demo network, serve in dev mode on $PORT (3000)
run: $(STAMP)
	$(BIN)/lerend-netwerk serve --dev

## test: lint, then the whole suite on SQLite, then again on PostgreSQL when a server answers
test: $(STAMP) lint test-sqlite test-postgres

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test-sqlite: $(STAMP)
	@echo "== tests on SQLite =="
	env -u TEST_DATABASE_URL -u DATABASE_URL $(PYTEST)

test-postgres: $(STAMP)
	@url=$$($(BIN)/python scripts/find_postgres.py) ; \
	if [ -n "$$url" ]; then \
	  echo "== tests on PostgreSQL ($$url) ==" ; \
	  env -u DATABASE_URL TEST_DATABASE_URL="$$url" $(PYTEST) ; \
	elif [ "$$REQUIRE_POSTGRES" = "1" ]; then \
	  echo "PostgreSQL does not answer and REQUIRE_POSTGRES=1: failing." ; exit 1 ; \
	else \
	  echo "PostgreSQL does not answer (set TEST_DATABASE_URL or start a local server): skipped the PostgreSQL run." ; \
	fi

## bench: referral quality, search latency, the public page, end to end (SQLite, and PostgreSQL when a server answers), instructions per /verwijs (valgrind), city network, many tenants
bench: $(STAMP)
	@echo "== referral quality ==" && $(BIN)/python benchmarks/referral_quality.py
	@echo "== search latency ==" && $(BIN)/python benchmarks/search_latency.py
	@echo "== public page ==" && $(BIN)/python benchmarks/public_page.py
	@pg="$${DATABASE_URL:-$$($(BIN)/python scripts/find_postgres.py 2>/dev/null)}" ; set -e ; \
	echo "== end to end ==" ; $(BIN)/python benchmarks/e2e_throughput.py $${pg:+--database-url "$$pg"} ; \
	echo "== instructions per /verwijs ==" ; $(BIN)/python benchmarks/instructions_verwijs.py ; \
	echo "== city network ==" ; env -u DATABASE_URL $(BIN)/python benchmarks/city_network.py ; \
	echo "== many tenants ==" ; $(BIN)/python benchmarks/many_tenants.py $${pg:+--database-url "$$pg"}

clean:
	rm -rf $(VENV) instance .pytest_cache build
	find domain -name '*.so' -delete
