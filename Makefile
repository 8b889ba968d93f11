# Every target runs from a clean clone after `make install`. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPX := npx --no-install

.PHONY: help install run start build types test coverage lint typecheck check format fake-llm \
        playground test-browser check-rest-client rest-client-types lint-openapi \
        run-backend test-backend lint-backend \
        list-resil-presets show-resil-preset validate-resil-config recommend-resil-preset \
        eval train-injection bench scorecard soak clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-24s\033[0m %s\n", $$1, $$2}'

install: ## Install dependencies from the lockfile
	npm ci --no-audit --no-fund

run: playground ## Serve the whole API on :8000 with zero configuration (reads .env when present)
	node --import tsx server/main.ts

start: build playground ## Build (server and playground), then serve the compiled server (production style; the image's command)
	node dist/server/main.js

build: ## Compile TypeScript to dist/
	$(NPX) tsc -p tsconfig.build.json

types: ## Declarations of the router's type for frontends (dist/types; `npm pack` then ships them as ai-text-service/router)
	rm -rf dist/types && $(NPX) tsc -p tsconfig.types.json

test: playground ## Run the test suite, enforcing the coverage bars (infra >= 90% lines, domain >= 70%)
	$(NPX) vitest run --coverage

coverage: test ## Same as test: the coverage bars are always enforced

lint: ## ESLint (type-checked rules, import boundaries) and Prettier check
	$(NPX) eslint .
	$(NPX) prettier --check .

typecheck: ## TypeScript, tests included
	$(NPX) tsc -p tsconfig.json --noEmit

check: typecheck lint lint-openapi check-rest-client test ## Typecheck + lint + OpenAPI lint + committed REST types up to date + tests with coverage

PLAYGROUND_SOURCES := $(wildcard clients/playground/*.ts clients/playground/*.html clients/playground/*.css \
                        clients/*.ts clients/cli/*.ts clients/rest/*.ts)

playground: clients/playground/dist/index.html ## Build the web playground into clients/playground/dist (served at /playground)

clients/playground/dist/index.html: $(PLAYGROUND_SOURCES)
	$(NPX) tsx clients/playground/build-playground.ts

test-browser: playground ## Drive the playground in headless Chromium (/usr/bin/chromium, Debian package)
	$(NPX) vitest run -c vitest.browser.config.ts

rest-client-types: ## Regenerate clients/rest/openapi-types.ts from the server's OpenAPI documents
	$(NPX) tsx clients/rest/generate-types.ts

check-rest-client: ## Fail when the committed REST client types no longer match the server's OpenAPI documents
	@tmp="$$(mktemp --suffix=.ts)"; trap 'rm -f "$$tmp"' EXIT; \
	$(NPX) tsx clients/rest/generate-types.ts "$$tmp" && \
	if ! diff -u clients/rest/openapi-types.ts "$$tmp"; then \
	  echo "clients/rest/openapi-types.ts is out of date: run 'make rest-client-types' and commit it." >&2; exit 1; \
	fi

lint-openapi: ## Lint both OpenAPI documents with Redocly's recommended rules (redocly.yaml: examples must match their schemas)
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	$(NPX) tsx server/write-openapi.ts "$$tmp" && \
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	  $(NPX) redocly lint --extends=recommended "$$tmp/public.json" "$$tmp/internal.json"

format: ## Format the code with Prettier
	$(NPX) prettier --write .

fake-llm: ## Run the fake OpenAI/Gemini server on PORT (default 8089; LATENCY_MS adds a delay)
	node --import tsx tests/fakes/run-fake-llm.ts $(PORT)

# Aliases with the reference project's names
run-backend: run
test-backend: test
lint-backend: lint

eval: ## Score the offline provider on the development sets next to classic baselines (writes eval-results.json)
	node --import tsx tests/eval/run.ts

train-injection: ## Retrain the injection classifier (infra/injection/injection-classifier.json) from tests/eval/data/injection (rebuild that data: node --import tsx tests/eval/build-injection-data.ts)
	node --import tsx tests/eval/train-injection.ts

bench: build ## Benchmarks as ratios to same-run baselines, ~7 min, not part of `test` (installs wrk if missing; writes bench-results.json; BENCH_ARGS="--only=rest-throughput --quick")
	node --import tsx tests/bench/run.ts $(BENCH_ARGS)

scorecard: ## Issue #16 scorecard at full scale (SCORECARD=1, loopback only, at most 15 min): every tests/scorecard suite, then one table of figures from scorecard-results/
	@rm -rf scorecard-results
	@status=0; SCORECARD=1 timeout --kill-after=20 870 $(NPX) vitest run tests/scorecard || status=$$?; \
	node --import tsx tests/scorecard/print-table.ts || { [ $$status -ne 0 ] || status=1; }; \
	exit $$status

soak: ## R7 soak, manual: steady load on the real server; RSS, heap and active handles must stay flat (SOAK_SECONDS=600; writes scorecard-results/reliability-r7-soak.json)
	node --import tsx tests/scorecard/soak.ts

.PHONY: image test-deploy kube-manifests
IMAGE ?= ai-text-service
# package.json's version: the tag compose.yaml and deploy/kubernetes run (tests/deploy checks it).
IMAGE_TAG = $(shell node -p "require('./package.json').version")

image: ## Build the container image ai-text-service:<package.json version> (needs a Docker engine; none runs on our build machines)
	docker build -t $(IMAGE):$(IMAGE_TAG) .

test-deploy: ## Only the deployment checks: Dockerfile vs .dockerignore and tree, Kubernetes manifests rendered and validated
	$(NPX) vitest run tests/deploy

kube-manifests: ## Print the rendered Kubernetes manifests of an overlay without kustomize (OVERLAY=dev|production; production needs its secret.env)
	@node --import tsx tests/deploy/render-kustomization.ts deploy/kubernetes/overlays/$(or $(OVERLAY),dev)

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

# Issue #20: live provider tests, legacy configuration migration, the reference's operator targets
.PHONY: test-live migrate-config dev prod health test-coverage
HEALTH_URL ?= http://localhost:$(or $(PORT),8000)/v1/health

test-live: ## Real providers, never part of `test`: every operation, a stream, invalid key, timeout (GEMINI_API_KEY / OPENAI_API_KEY [+ OPENAI_BASE_URL]); cases without a key are skipped naming it
	$(NPX) vitest run -c vitest.live.config.ts --reporter=verbose

migrate-config: ## Print the RESILIENCE_PRESET / RESILIENCE_CUSTOM_CONFIG equivalent to the legacy resilience variables (environment and .env), with what differs
	node --import tsx server/resilience-cli.ts migrate

dev: playground ## Like run, with debug logs (unless LOG_LEVEL is set) and a restart on every change
	LOG_LEVEL=$${LOG_LEVEL:-DEBUG} $(NPX) tsx watch server/main.ts

prod: start ## Alias of start (the reference's name): build, then serve the compiled server

health: ## Pretty-print the running server's /v1/health (PORT=8000, or HEALTH_URL=...)
	@body="$$(curl -fsS --max-time 5 '$(HEALTH_URL)')" && \
	node -e 'console.log(JSON.stringify(JSON.parse(process.argv[1]), null, 2))' "$$body"

test-coverage: test ## Alias of test (the reference's name): the suite with coverage bars
