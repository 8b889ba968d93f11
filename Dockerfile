# syntax=docker/dockerfile:1
# Multi-stage build on the current Node LTS. `build` compiles TypeScript and bundles the playground
# with the dev dependencies (the two steps of `make start`); `runtime` installs the production
# dependencies only, copies the build output, and runs as the unprivileged `node` user (uid 1000,
# by number so Kubernetes can verify runAsNonRoot). The app's files stay root-owned: read-only to it.
# No Docker engine runs on our build machines: tests/deploy/dockerfile.test.ts checks this file
# against .dockerignore and the tree, and bundles the build stage's sources from its context.
ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY domain ./domain
COPY infra ./infra
COPY routers ./routers
COPY server ./server
COPY clients ./clients
RUN npx --no-install tsc -p tsconfig.build.json \
 && npx --no-install tsx clients/playground/build-playground.ts

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/clients/playground/dist ./clients/playground/dist
USER 1000:1000
EXPOSE 8000
# Ready = accepting traffic: 503 while starting and while draining after SIGTERM. (Kubernetes
# ignores HEALTHCHECK and uses the probes of deploy/kubernetes instead.)
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# The same command as `make start` (which builds first, as the build stage did).
CMD ["node", "dist/server/main.js"]
