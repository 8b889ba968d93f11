# syntax=docker/dockerfile:1
# Multi-stage build: compile TypeScript with the dev dependencies, ship only the compiled output
# and the production dependencies, run as the unprivileged `node` user.
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

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
COPY tests/fixtures/sample-texts.ts ./tests/fixtures/sample-texts.ts
RUN npx --no-install tsc -p tsconfig.build.json \
 && npx --no-install tsx clients/playground/build-playground.ts

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/clients/playground/dist ./clients/playground/dist
COPY --chown=node:node package.json ./
USER node
EXPOSE 8000
# Ready = accepting traffic: 503 while starting and while draining after SIGTERM.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/main.js"]
