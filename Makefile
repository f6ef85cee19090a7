# Set-up and everyday tasks. `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-deps neo4j-start neo4j-stop clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## Build the graph of the bundled example input (no server needed) and say where the outputs are.
demo: $(STAMP)
	$(BIN)/kg build examples --out out/demo
	@echo "Open out/demo/graph.html in a browser; graph.json, graph.graphml, graph.gexf and summary.json are beside it."

## Everything the tests need (headless Chromium, the Neo4j test server), then the whole test suite.
test: $(STAMP) test-deps
	$(BIN)/pytest

test-deps: $(STAMP)
	bash scripts/install-chromium
	command -v java >/dev/null && command -v mvn >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless maven)
	bash scripts/neo4j-test-server prepare

neo4j-start: $(STAMP)
	bash scripts/neo4j-test-server start

neo4j-stop:
	bash scripts/neo4j-test-server stop

clean:
	rm -rf out .pytest_cache test-artifacts
