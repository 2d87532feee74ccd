# syntax=docker/dockerfile:1
# kube-diagnose-bot: `docker build -t kube-diagnose-bot:0.1.0 .`
# The runtime image holds only dist/, templates/, examples/, production node_modules and
# package.json (what the npm package ships), and runs as the unprivileged `node` user (uid 1000)
# that the Kubernetes manifests expect.

ARG NODE_VERSION=24

# --- build: full dependencies, compile TypeScript to dist/ ---
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- deps: production dependencies only, in a stage of their own so npm's cache stays behind ---
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- runtime ---
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Files stay owned by root: the process can read its code and templates but never rewrite them.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY templates ./templates
# The seed's two cases, so `docker run IMAGE analyze --file examples/...` works without a cluster.
COPY examples ./examples
# Numeric (the image's `node` user) so that Kubernetes' runAsNonRoot can verify it without a passwd lookup.
USER 1000:1000
EXPOSE 3000
# Slim images have no curl; Node's own fetch asks the bot's liveness endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `--` ends Node's own options: `start --env-file FILE` is ours, not Node's.
ENTRYPOINT ["node", "--", "dist/cli.js"]
CMD ["start"]
