# Every target runs from a clean clone after `make install`. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPX := npx --no-install

.PHONY: help install run start build test coverage lint typecheck check format fake-llm \
        run-backend test-backend lint-backend \
        list-resil-presets show-resil-preset validate-resil-config recommend-resil-preset \
        eval bench clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-24s\033[0m %s\n", $$1, $$2}'

install: ## Install dependencies from the lockfile
	npm ci --no-audit --no-fund

run: ## Serve the whole API on :8000 with zero configuration (reads .env when present)
	node --import tsx server/main.ts

start: build ## Build, then serve the compiled server (production style)
	node dist/server/main.js

build: ## Compile TypeScript to dist/
	$(NPX) tsc -p tsconfig.build.json

test: ## Run the test suite
	$(NPX) vitest run

coverage: ## Tests with coverage bars (infra >= 90% lines, domain >= 70%)
	$(NPX) vitest run --coverage

lint: ## ESLint (type-checked rules, import boundaries) and Prettier check
	$(NPX) eslint .
	$(NPX) prettier --check .

typecheck: ## TypeScript, tests included
	$(NPX) tsc -p tsconfig.json --noEmit

check: typecheck lint coverage ## Typecheck + lint + tests with coverage

format: ## Format the code with Prettier
	$(NPX) prettier --write .

fake-llm: ## Run the fake OpenAI/Gemini server on PORT (default 8089; LATENCY_MS adds a delay)
	node --import tsx tests/fakes/run-fake-llm.ts $(PORT)

# Aliases with the reference project's names
run-backend: run
test-backend: test
lint-backend: lint

clean: ## Remove build output
	rm -rf dist coverage

# Resilience presets and configuration (the server's own code: infra/resilience, server/config.ts)
list-resil-presets: ## List the resilience presets
	node --import tsx server/resilience-cli.ts list

show-resil-preset: ## Show a preset and what each operation runs with (PRESET=simple|development|production)
	node --import tsx server/resilience-cli.ts show "$(PRESET)"

validate-resil-config: ## Validate RESILIENCE_PRESET / RESILIENCE_CUSTOM_CONFIG (environment and .env) as start-up does
	node --import tsx server/resilience-cli.ts validate

recommend-resil-preset: ## Recommend a preset for an environment name (ENV=staging)
	node --import tsx server/resilience-cli.ts recommend "$(ENV)"
