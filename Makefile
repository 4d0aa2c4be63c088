# The project's commands. `make test` and `make demo` work on a fresh clone:
# they install what is missing first. DATABASE_URL unset = the embedded engine.
SHELL := /bin/bash
BIN := node_modules/.bin
TSX := $(BIN)/tsx

.PHONY: help install install-npm build typecheck test test-db test-unit demo bench gen gen-check schema schema-check src-check migration lint psql ci

help:
	@echo "make demo          the whole system at work on a fresh embedded database"
	@echo "make test          install, build, typecheck, pgTAP and vitest on a fresh database"
	@echo "make build         compile the client (client/dist) and the CLI (cli/dist)"
	@echo "make test-db       pgTAP only (like 'supabase test db')"
	@echo "make bench         benchmarks on real PostgreSQL (needs DATABASE_URL)"
	@echo "make gen           regenerate client/src/generated/database.types.ts"
	@echo "make schema        rewrite db/schema.sql (needs DATABASE_URL to PostgreSQL 15)"
	@echo "make migration NAME=verb_object   write the migration of what changed in db/src (needs DATABASE_URL)"
	@echo "make src-check     fail when db/src disagrees with db/migrations (needs DATABASE_URL)"
	@echo "make lint          plpgsql_check over every function (needs DATABASE_URL)"
	@echo "make psql          psql into the project database"

install:
	@scripts/ensure-tools.sh --chromium $(if $(DATABASE_URL),--server-extensions)
	@$(MAKE) --no-print-directory build

# The demo runs on the embedded engine: npm packages are all it needs.
install-npm:
	@scripts/ensure-tools.sh --npm-only
	@$(MAKE) --no-print-directory build

# The client (client/dist, tsc) and the CLI (cli/dist, one esbuild bundle), built
# from their TypeScript every time, so no command or test runs a stale build.
build:
	@npm run --silent build -w client
	@npm run --silent build -w cli

typecheck: install
	$(BIN)/tsc -p tsconfig.json

test: install typecheck
	$(TSX) scripts/test.ts

test-db: install
	$(TSX) scripts/test.ts --pgtap-only

test-unit: install
	$(TSX) scripts/test.ts --vitest-only

demo: install-npm
	node cli/bin/bufdir.js demo

bench: install
	$(TSX) bench/run.ts

gen: install
	$(TSX) scripts/gen-types.ts

gen-check: install
	$(TSX) scripts/gen-types.ts --check

schema: install
	$(TSX) scripts/dump-schema.ts

schema-check: install
	$(TSX) scripts/dump-schema.ts --check

# db/src is where a definition lives; a migration is written from what changed there.
migration: install
	@test -n "$(NAME)" || { echo "usage: make migration NAME=verb_object" >&2; exit 2; }
	$(TSX) scripts/new-migration.ts "$(NAME)"

src-check: install
	$(TSX) scripts/check-db-sources.ts

lint: install
	$(TSX) scripts/lint-db.ts

# Interactive: psql reads the terminal; it finds the database in the PG* variables
# with-database sets (no password on a command line).
psql: install
	$(TSX) scripts/with-database.ts --interactive -- psql

ci:
	bash .ci/run
