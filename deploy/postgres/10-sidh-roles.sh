#!/bin/sh
# Runs once, when the PostgreSQL container initialises an empty data directory
# (/docker-entrypoint-initdb.d). Two roles, neither a superuser:
#   sidh_owner — owns the database and its schema: migrations and grants (DATABASE_OWNER_URL)
#   sidh_app   — the API: reads and writes rows, nothing else (DATABASE_URL)
# The API grants the app role its rights itself after each migration (apps/api/src/database/roles.ts).
# tools/production-layout-check.mjs runs this same script against a server database.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" -v owner="${SIDH_OWNER_ROLE:-sidh_owner}" -v app="${SIDH_APP_ROLE:-sidh_app}" \
  -v owner_password="$SIDH_OWNER_PASSWORD" -v app_password="$SIDH_APP_PASSWORD" <<'EOSQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO :"owner";
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
EOSQL
