# Multi-stage build of SIDH: one image serving the API (/api/v1) and the SPA (/).
FROM node:20-bookworm-slim AS build
WORKDIR /app
# argon2's install script compiles it where its prebuilt binary does not load (seen on some virtual machines).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY libs/shared/domain/package.json libs/shared/domain/
COPY libs/shared/api-client/package.json libs/shared/api-client/
RUN npm ci --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
# Uploaded files and signed audit checkpoints live on the volumes docker-compose.yml mounts here.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 UPLOAD_DIR=/app/uploads AUDIT_ANCHOR_DIR=/app/audit-anchors
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs/shared/domain/package.json ./libs/shared/domain/package.json
COPY --from=build /app/libs/shared/domain/dist ./libs/shared/domain/dist
COPY --from=build /app/libs/shared/api-client/package.json ./libs/shared/api-client/package.json
COPY --from=build /app/libs/shared/api-client/dist ./libs/shared/api-client/dist
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/api/src/database/seeds/data ./apps/api/src/database/seeds/data
# Writable by the unprivileged user only (a named volume takes the directory's owner on first use).
RUN mkdir -p /app/uploads /app/audit-anchors && chown node:node /app/uploads /app/audit-anchors && chmod 700 /app/uploads /app/audit-anchors
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/apps/api/main.js"]
